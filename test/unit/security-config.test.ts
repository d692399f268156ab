// Hostile configuration and data files: prototype keys (`__proto__`, `constructor`,
// `prototype`) in every JSON and YAML file the tool reads from a repository, and the fixes
// written into a user's source, which must only ever be a documented catalog code.
import { test, describe, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver-types';
import { parseCatalogFile } from '../../server/src/catalog/catalogFile';
import { parseCatalog } from '../../server/src/catalog/load';
import { resolveConfig } from '../../server/src/cli/config';
import { codeActions, fixAllEdits } from '../../server/src/features/actions';
import { diagnose } from '../../server/src/features/diagnostics';
import { parseAnnotations, parseRecipe } from '../../server/src/importer';
import { valueAtPath } from '../../server/src/importer/sample';
import { DIAGNOSTIC_SOURCE, FIX_ALL_KIND } from '../../protocol';
import { foldFlatSettings, normaliseSettings } from '../../server/src/settings';
import { tempProject as makeTempProject } from '../support/files';
import { CLI_JS as CLI } from '../support/root';
import { context, document } from '../support/service';

const PAYLOAD_CODE = "\"+require('child_process').execSync('id')+\"";
const PAYLOAD_ENTRY = { entry: { entry: { code: PAYLOAD_CODE, httpStatus: 200, message: { en: 'ok' } } } };
const SOURCE = 'if (code === "IMG.9999") {}\n';

/** Every name the prototype of a plain object could have been given by a hostile file. */
const POLLUTION = ['preferred', 'language', 'diagnostics', 'x', 'polluted'];

function assertClean(): void {
  const probe: Record<string, unknown> = {};
  for (const name of POLLUTION) assert.equal(probe[name], undefined, `Object.prototype.${name} was set`);
}

afterEach(() => {
  // A failing case must not leave the next ones working on a polluted prototype.
  for (const name of POLLUTION) delete (Object.prototype as Record<string, unknown>)[name];
});

const tempProject = (files: Record<string, string>) => makeTempProject(files, 'error-codes-sec-config-');

describe('settings: prototype keys are never folded or merged', () => {
  test('a flat __proto__ key sets nothing on Object.prototype and is named as ignored', () => {
    const problems: string[] = [];
    const folded = foldFlatSettings({ 'errorCodes.__proto__.preferred': PAYLOAD_ENTRY, 'errorCodes.language': 'en' }, problems);
    assertClean();
    assert.equal(folded.language, 'en', 'the other keys are kept');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /errorCodes\.__proto__\.preferred/);
    assert.match(problems[0], /"__proto__"/);
  });

  test('nested, constructor.prototype and prototype paths are refused the same way', () => {
    const problems: string[] = [];
    foldFlatSettings(
      {
        errorCodes: { '__proto__.x': 1, 'constructor.prototype.polluted': 1 },
        'errorCodes.workspace.constructor.prototype.polluted': 1,
        'errorCodes.diagnostics.prototype': 1,
      },
      problems,
    );
    assertClean();
    assert.equal(problems.length, 4);
  });

  test('a setting hidden in a prototype is not read', () => {
    const raw = Object.create({ language: 'zh-CN', diagnostics: { unknown: 'off' } }) as Record<string, unknown>;
    const { settings } = normaliseSettings(raw);
    assert.equal(settings.language, 'auto');
    assert.equal(settings.diagnostics.unknown, normaliseSettings(undefined).settings.diagnostics.unknown);
  });
});

describe('config files: the issue payload through each place settings come from', () => {
  const payload = JSON.stringify({ 'errorCodes.__proto__.preferred': PAYLOAD_ENTRY });
  const places: [string, Record<string, string>, string | undefined][] = [
    ['.vscode/settings.json', { '.vscode/settings.json': payload }, undefined],
    ['.error-codes.json', { '.error-codes.json': payload }, undefined],
    ['.error-codes.json without the prefix', { '.error-codes.json': JSON.stringify({ '__proto__.preferred': PAYLOAD_ENTRY }) }, undefined],
    ['--config', { 'other.json': payload }, 'other.json'],
  ];
  for (const [name, files, config] of places) {
    test(`${name}: resolveConfig leaves the prototype clean and names the file and key`, () => {
      const dir = tempProject(files);
      try {
        const r = resolveConfig(dir, config);
        assertClean();
        const problem = r.problems.find((p) => p.includes('__proto__'));
        assert.ok(problem, `no problem names __proto__: ${JSON.stringify(r.problems)}`);
        assert.ok(problem.includes(path.join(dir, Object.keys(files)[0])), `the problem names the file: ${problem}`);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  test('a JSON "__proto__" object in a config file does not sneak settings in', () => {
    const dir = tempProject({
      '.error-codes.json': '{ "__proto__": { "language": "zh-CN" }, "diagnostics": { "__proto__": { "unknown": "off" } } }',
    });
    try {
      const r = resolveConfig(dir);
      assertClean();
      assert.equal(r.settings.language, 'auto');
      assert.notEqual(r.settings.diagnostics.unknown, 'off');
      assert.equal(r.problems.filter((p) => p.includes('__proto__')).length, 2, JSON.stringify(r.problems));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const [name, files, config] of places) {
    test(`${name}: check --fix leaves the source as it was`, () => {
      const dir = tempProject({ ...files, 'a.ts': SOURCE });
      try {
        const r = spawnSync(process.execPath, [CLI, 'check', '--fix', ...(config ? ['--config', config] : []), 'a.ts'], {
          cwd: dir,
          encoding: 'utf8',
          env: { ...process.env, LANG: 'C' },
        });
        assert.equal(fs.readFileSync(path.join(dir, 'a.ts'), 'utf8'), SOURCE);
        assert.doesNotMatch(r.stderr, /[1-9]\d* fixed/);
        assert.match(r.stderr, /__proto__/, 'the hostile key is reported');
        assert.equal(r.status, 1, 'the unknown code is still a problem');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('fixes: only a documented code, and never for an unknown code', () => {
  test('fix-all writes nothing for an unknown code even with a polluted prototype', () => {
    (Object.prototype as Record<string, unknown>).preferred = PAYLOAD_ENTRY;
    try {
      const doc = document(SOURCE);
      assert.deepEqual(fixAllEdits(doc, context()), []);
      const data = diagnose(doc, context())[0].data as Record<string, unknown>;
      assert.equal(Object.hasOwn(data, 'preferred') ? data.preferred : undefined, undefined);
    } finally {
      delete (Object.prototype as Record<string, unknown>).preferred;
    }
  });

  test('a code action never writes a candidate that no catalog documents (data comes back from the client)', () => {
    const doc = document('if (code === "SVCSTG.SRW.4040010") {}\n');
    const [d] = diagnose(doc, context());
    const forged: Diagnostic = {
      ...d,
      data: {
        token: 'SVCSTG.SRW.4040010',
        candidates: [
          { code: PAYLOAD_CODE, httpStatus: 200, message: 'ok' },
          { code: 'SVCSTG.SWR.9999999', httpStatus: 200, message: 'ok' },
        ],
        preferred: PAYLOAD_CODE,
      },
      source: DIAGNOSTIC_SOURCE,
    };
    const actions = codeActions(doc, [forged], undefined, context());
    const written = actions.flatMap((a) =>
      Object.values(a.edit?.changes ?? {})
        .flat()
        .map((e) => e.newText),
    );
    assert.deepEqual(written, []);
  });

  test('fix-all applies a misspelling with one clear best candidate and leaves an unknown code alone', () => {
    const doc = document('if (a === "SVCSTG.SRW.4040010" || b === "SVCSTG.SWR.4049999") {}\n');
    const all = codeActions(doc, diagnose(doc, context()), [FIX_ALL_KIND], context());
    const edits = all.flatMap((a) => Object.values(a.edit?.changes ?? {}).flat());
    assert.deepEqual(
      edits.map((e) => e.newText),
      ['SVCSTG.SWR.4040010'],
    );
  });
});

describe('data files: prototype keys are refused with the place named', () => {
  const good = {
    id: 'team',
    service: { en: 'Team' },
    families: [{ pattern: 'TEAM\\.[0-9]{4}', name: 'TEAM' }],
    codes: [{ code: 'TEAM.0001', httpStatus: 400, message: { en: 'Bad.' } }],
  };
  const hostile: [string, string][] = [
    ['an entry', JSON.stringify(good).replace('"httpStatus"', '"__proto__":{"polluted":1},"httpStatus"')],
    ['the catalog', JSON.stringify(good).replace('"id"', '"constructor":{"prototype":{"polluted":1}},"id"')],
    ['a family', JSON.stringify(good).replace('"name":"TEAM"', '"name":"TEAM","prototype":{"x":1}')],
  ];
  for (const [where, text] of hostile) {
    test(`JSON catalog, in ${where}`, () => {
      const r = parseCatalogFile(text, 'team.json');
      assertClean();
      assert.ok(r.problem, 'the catalog is refused');
      assert.match(r.problem.message, /"(__proto__|constructor|prototype)"/);
      assert.throws(() => parseCatalog(text, 'team.json'), /__proto__|constructor|prototype/);
    });
  }

  test('YAML catalog', () => {
    const yaml = [
      'id: team',
      'service: { en: Team }',
      'families:',
      '  - { pattern: "TEAM\\\\.[0-9]{4}", name: TEAM }',
      'codes:',
      '  - code: TEAM.0001',
      '    httpStatus: 400',
      '    message: { en: Bad. }',
      '    __proto__: { polluted: 1 }',
    ].join('\n');
    const r = parseCatalogFile(yaml, 'team.yaml');
    assertClean();
    assert.ok(r.problem);
    assert.match(r.problem.message, /codes\[0\].*"__proto__"/);
    assert.equal(r.problem.range.start.line, 8, 'the problem points at the key');
  });

  test('annotations: a prototype key as a catalog id or a code', () => {
    const note = { kind: 'editorial', text: { en: 'x' } };
    assert.throws(() => parseAnnotations('{"__proto__": {"TEAM.0001": []}}', 'annotations.json'), /annotations\.json.*"__proto__"/);
    assert.throws(() => parseAnnotations(`{"team": {"__proto__": [${JSON.stringify(note)}]}}`, 'annotations.json'), /annotations\.json: team.*"__proto__"/);
    assertClean();
    // An id such as `constructor` is a valid catalog id: looking it up must not find Object.
    const a = parseAnnotations(`{"team": {"TEAM.0001": [${JSON.stringify(note)}]}}`, 'annotations.json');
    assert.equal(a.constructor, undefined);
  });

  test('recipe: a prototype key in familyNames', () => {
    const pageEntry = { id: 'p-en', file: 'p.md', locale: 'en', priority: 1, title: 'P', origin: 'test' };
    const recipe = `{"catalogs": [{"id": "svc", "service": {"en": "Svc"}, "pages": [${JSON.stringify(pageEntry)}], "familyNames": {"__proto__": "X"}}]}`;
    assert.throws(() => parseRecipe(recipe, 'recipe.json'), /recipe\.json: catalogs\[0\]\.familyNames.*"__proto__"/);
  });

  test('a response body path never reads what an object inherits', () => {
    assert.equal(valueAtPath('{"error": {"code": "X.1"}}', 'error.constructor'), undefined);
    assert.equal(valueAtPath('{"error": {"code": "X.1"}}', '__proto__'), undefined);
    assert.equal(valueAtPath('{"error": {"code": "X.1"}}', 'error.code'), 'X.1');
  });
});
