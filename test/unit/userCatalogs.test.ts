import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCatalogFile } from '../../server/src/catalog/catalogFile';
import { CatalogStore, configuredCatalogFiles, workspaceCatalogFiles } from '../../server/src/catalogStore';
import { explanationOf, explanationMarkdown } from '../../server/src/features/explain';
import { addCodeToCatalog } from '../../server/src/features/addToCatalog';
import { tempDir as makeTempDir } from '../support/files';
import { CATALOG_DIR } from '../support/root';

const GOOD = {
  id: 'team',
  service: { en: 'Team additions' },
  families: [
    { pattern: 'SVCSTG\\.SWR\\.[0-9]{7}', name: 'SWR' },
    { pattern: 'APIGW\\.[0-9]{4}', name: 'APIGW' },
  ],
  codes: [
    { code: 'SVCSTG.SWR.4000306', httpStatus: 400, message: { en: 'Invalid repository name.' } },
    { code: 'SVCSTG.SWR.4040010', httpStatus: 404, message: { en: 'No such image in this registry.' } },
    { code: 'APIGW.0301', httpStatus: 401, message: { en: 'Incorrect IAM authentication information.' } },
  ],
};

const tempDir = () => makeTempDir('error-codes-catalogs-');

describe('reading a catalog file', () => {
  test('JSON and YAML give the same catalog', () => {
    const json = parseCatalogFile(JSON.stringify(GOOD, null, 2), 'team.json');
    const yaml = parseCatalogFile(
      [
        'id: team',
        'service: { en: Team additions }',
        'families:',
        "  - { pattern: 'SVCSTG\\.SWR\\.[0-9]{7}', name: SWR }",
        "  - { pattern: 'APIGW\\.[0-9]{4}', name: APIGW }",
        'codes:',
        '  - { code: SVCSTG.SWR.4000306, httpStatus: 400, message: { en: Invalid repository name. } }',
        '  - { code: SVCSTG.SWR.4040010, httpStatus: 404, message: { en: No such image in this registry. } }',
        '  - { code: APIGW.0301, httpStatus: 401, message: { en: Incorrect IAM authentication information. } }',
      ].join('\n'),
      'team.yaml',
    );
    assert.ok(json.catalog && yaml.catalog);
    assert.deepEqual(yaml.catalog, json.catalog);
  });

  test('a JSON syntax error names the line', () => {
    const text = '{\n  "id": "team",\n  "codes": [\n    { "code": "X.0001" \n  ]\n}';
    const r = parseCatalogFile(text, 'team.json');
    assert.equal(r.catalog, undefined);
    assert.match(r.problem!.message, /^invalid JSON: /);
    assert.equal(r.problem!.range.start.line, 4);
  });

  test('a value of the wrong shape is put on its own line, with what was expected', () => {
    const bad = structuredClone(GOOD) as { codes: { httpStatus: unknown }[] };
    bad.codes[1].httpStatus = '404';
    const text = JSON.stringify(bad, null, 2);
    const r = parseCatalogFile(text, 'team.json');
    assert.match(r.problem!.message, /^codes\[1\] \(SVCSTG\.SWR\.4040010\)\.httpStatus: expected an integer/);
    const line = text.split('\n')[r.problem!.range.start.line];
    assert.match(line, /"httpStatus": "404"/);
  });

  test('in YAML too', () => {
    const text =
      'id: team\nservice: { en: T }\nfamilies:\n  - { pattern: "IMG\\\\.[0-9]{4}", name: IMG }\ncodes:\n  - code: IMG.9999\n    httpStatus: many\n    message: { en: x }\n';
    const r = parseCatalogFile(text, 'team.yml');
    assert.match(r.problem!.message, /^codes\[0\] \(IMG\.9999\)\.httpStatus: /);
    assert.equal(r.problem!.range.start.line, 6);
  });

  test('a family pattern beyond the safe form is refused', () => {
    const bad = structuredClone(GOOD);
    bad.families[0].pattern = '(a+)+$';
    const r = parseCatalogFile(JSON.stringify(bad), 'team.json');
    assert.match(r.problem!.message, /^families\[0\]\.pattern: /);
  });

  test('a duplicate code and a YAML alias bomb are reported, not expanded', () => {
    const dup = structuredClone(GOOD);
    dup.codes.push(dup.codes[0]);
    assert.match(parseCatalogFile(JSON.stringify(dup), 'team.json').problem!.message, /appears twice/);
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
    ].join('\n');
    assert.match(parseCatalogFile(bomb, 'bomb.yaml').problem!.message, /invalid YAML|expected/);
  });
});

describe('the catalogs in force', () => {
  function store(): { store: CatalogStore; reports: string[] } {
    const reports: string[] = [];
    const s = new CatalogStore((m) => reports.push(m), CATALOG_DIR);
    s.load();
    return { store: s, reports };
  }

  test('a workspace catalog adds families and codes and overrides texts; the hover says where from', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, '.vscode', 'error-codes'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.vscode', 'error-codes', 'team.json'), JSON.stringify(GOOD));
    const { store: s } = store();
    const before = s.index.size;
    s.setFiles(workspaceCatalogFiles(dir).map((file) => ({ file, kind: 'workspace' as const })));
    assert.equal(s.index.size, before + 2, 'two new codes; the third overrides a bundled one');
    assert.equal(s.index.get('APIGW.0301')?.entry.httpStatus, 401);
    const overridden = s.index.get('SVCSTG.SWR.4040010')!;
    assert.equal(overridden.entry.message.en, 'No such image in this registry.');
    const md = explanationMarkdown(explanationOf(overridden, 'en'));
    assert.match(md, /team\.json/);
    assert.match(md, /Also defined in.*swr \\\(bundled\\\)/);
  });

  test('a broken edit keeps the last good version; the other catalogs are unaffected', () => {
    const dir = tempDir();
    const file = path.join(dir, 'team.json');
    fs.writeFileSync(file, JSON.stringify(GOOD));
    const { store: s } = store();
    s.setFiles([{ file, kind: 'configured' }]);
    assert.ok(s.index.get('APIGW.0301'));
    s.update(file, '{ "id": "team", ');
    assert.equal(s.problems().length, 1);
    assert.match(s.problems()[0].message, /invalid JSON/);
    assert.ok(s.index.get('APIGW.0301'), 'last good version still in force');
    assert.ok(s.index.get('IMG.0024'), 'bundled catalogs unaffected');
    s.update(file, JSON.stringify({ ...GOOD, codes: GOOD.codes.slice(0, 1) }));
    assert.equal(s.problems().length, 0);
    assert.equal(s.index.get('APIGW.0301'), undefined, 'the fixed file is what counts now');
  });

  test('a deleted workspace catalog goes away; a missing configured one is reported', () => {
    const dir = tempDir();
    const file = path.join(dir, 'team.json');
    fs.writeFileSync(file, JSON.stringify(GOOD));
    const { store: s } = store();
    s.setFiles([
      { file, kind: 'workspace' },
      { file: path.join(dir, 'nope.json'), kind: 'configured' },
    ]);
    assert.match(s.problems()[0].message, /file not found/);
    fs.unlinkSync(file);
    s.refresh(file);
    assert.equal(s.index.get('APIGW.0301'), undefined);
  });

  test('an untrusted workspace does not load its own catalogs', () => {
    const dir = tempDir();
    const file = path.join(dir, 'team.json');
    fs.writeFileSync(file, JSON.stringify(GOOD));
    const { store: s } = store();
    s.workspaceTrusted = false;
    s.setFiles([{ file, kind: 'workspace' }]);
    assert.equal(s.index.get('APIGW.0301'), undefined);
    s.workspaceTrusted = true;
    s.setFiles([{ file, kind: 'workspace' }]);
    assert.ok(s.index.get('APIGW.0301'));
  });

  test('configured paths resolve against the workspace folder', () => {
    assert.deepEqual(configuredCatalogFiles('/w', ['cat/a.json', '/abs/b.yaml', ' ']), ['/w/cat/a.json', '/abs/b.yaml']);
  });
});

describe('adding a code to the workspace catalog', () => {
  const index = () => {
    const s = new CatalogStore(() => undefined, CATALOG_DIR);
    s.load();
    return s.index;
  };

  test('creates a valid catalog with the code, a guessed status and an empty message', () => {
    const r = addCodeToCatalog(undefined, 'SVCSTG.SWR.4000306', index());
    assert.ok(r && r !== 'present');
    const parsed = parseCatalogFile(r.text, 'workspace.json');
    assert.ok(parsed.catalog, parsed.problem?.message);
    assert.deepEqual(parsed.catalog.codes, [{ code: 'SVCSTG.SWR.4000306', httpStatus: 400, message: { en: '' } }]);
    assert.equal(parsed.catalog.families[0].pattern, 'SVCSTG\\.SWR\\.[0-9]{7}');
    assert.equal(r.text.slice(r.selection.start - 7, r.selection.start + 1), '"en": ""');
  });

  test('adds to an existing file, keeping every byte of it, comments included', () => {
    const existing =
      '{\n  // our codes\n  "id": "workspace",\n  "service": { "en": "Ours" },\n  "families": [{ "pattern": "IMG\\\\.[0-9]{4}", "name": "IMG" }],\n  "codes": [\n    { "code": "IMG.9001", "httpStatus": 400, "message": { "en": "Ours." } }\n  ]\n}\n';
    const r = addCodeToCatalog(existing, 'APIGW.0301', index());
    assert.ok(r && r !== 'present');
    assert.ok(r.text.includes('// our codes'));
    assert.ok(r.text.includes('{ "code": "IMG.9001", "httpStatus": 400, "message": { "en": "Ours." } }'));
    const parsed = parseCatalogFile(r.text, 'workspace.json');
    assert.deepEqual(
      parsed.catalog?.codes.map((c) => c.code),
      ['IMG.9001', 'APIGW.0301'],
    );
    assert.deepEqual(
      parsed.catalog?.families.map((f) => f.pattern),
      ['IMG\\.[0-9]{4}', 'APIGW\\.[0-9]{4}'],
    );
    assert.equal(addCodeToCatalog(r.text, 'APIGW.0301', index()), 'present');
  });

  test('a file that does not parse is left alone', () => {
    assert.equal(addCodeToCatalog('{ "codes": [', 'APIGW.0301', index()), undefined);
  });
});
