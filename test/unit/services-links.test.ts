// A link to the vendor's page for every code: in the hover, as the diagnostic's code link, as
// SARIF's helpUri and in `explain`; and no catalog or recipe can make that link anything but
// a plain https: address (a `command:` link runs a command in VS Code's trusted Markdown).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { Diagnostic } from 'vscode-languageserver-types';
import { CatalogIndex } from '../../server/src/catalog/index';
import { parseCatalog } from '../../server/src/catalog/load';
import { parseCatalogFile } from '../../server/src/catalog/catalogFile';
import type { Catalog } from '../../server/src/catalog/types';
import type { ServiceContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { diagnose } from '../../server/src/features/diagnostics';
import { explainCode, explainCodePlain } from '../../server/src/features/explainCode';
import { toSarif } from '../../server/src/cli/sarif';
import { parseRecipe, recipeCatalog, sourcedPage } from '../../server/src/importer/recipe';
import { DEFAULT_SETTINGS } from '../../protocol';
import { runCli } from '../support/cli';
import { tempProject } from '../support/files';
import { document, withCaret } from '../support/service';
import { CATALOG_DIR } from '../support/root';

const EN = 'https://docs.example.com/demo/api-ref/error-codes.html';
const ZH = 'https://support.example.cn/demo/api/errorcode.html';
const API = 'https://docs.example.com/demo/api-ref/appendix/more-codes.html';

/** Four pages: the first has no address; DEMO.0001 comes from the English and the Chinese page, DEMO.0002 from a third. */
const demo = (): Catalog => ({
  id: 'demo',
  service: { en: 'Demo service', 'zh-CN': '演示服务' },
  families: [{ pattern: 'DEMO\\.[0-9]{4}', name: 'DEMO' }],
  sources: [
    { id: 'demo-old', file: 'sources/demo-old.md', locale: 'en', title: 'Old export', origin: 'test', layout: 'pipe-table' },
    { id: 'demo-en', file: 'sources/demo-en.rst', locale: 'en', title: 'Error Codes', origin: 'test', layout: 'rst-grid', url: EN },
    { id: 'demo-zh', file: 'sources/demo-zh.md', locale: 'zh-CN', title: '错误码', origin: 'test', layout: 'pipe-table', url: ZH },
    { id: 'demo-api', file: 'sources/demo-api.rst', locale: 'en', title: 'More Error Codes', origin: 'test', layout: 'rst-grid', url: API },
  ],
  codes: [
    {
      code: 'DEMO.0001',
      httpStatus: 400,
      message: { en: 'The request is invalid.', 'zh-CN': '请求无效。' },
      origin: { 'message.en': 'demo-en', 'message.zh-CN': 'demo-zh' },
    },
    { code: 'DEMO.0002', httpStatus: 404, message: { en: 'The image does not exist.' }, origin: { 'message.en': 'demo-api' } },
    { code: 'DEMO.0003', httpStatus: 409, message: { en: 'The image is in use.' }, origin: { 'message.en': 'demo-old' } },
    { code: 'DEMO.0004', httpStatus: 500, message: { en: 'Internal error.' } },
  ],
});

function ctxOf(catalog: Catalog, displayLanguage = 'en'): ServiceContext {
  return { index: new CatalogIndex([{ catalog, origin: 'bundled' }]), settings: structuredClone(DEFAULT_SETTINGS), displayLanguage };
}

function hoverText(source: string, ctx: ServiceContext): string {
  const { doc, position } = withCaret(source);
  const h = hover(doc, position, ctx);
  assert.ok(h, `a hover on ${source}`);
  return (h.contents as { value: string }).value;
}

/** Every Markdown link `[text](target)` of a text. */
function links(markdown: string): { text: string; target: string }[] {
  return [...markdown.matchAll(/\[((?:\\.|[^\]\\])*)\]\(([^)\s]*)\)/g)].map((m) => ({ text: m[1], target: m[2] }));
}

describe('the hover links to the vendor page', () => {
  test('an entry links to the page its shown message came from, and to the other pages that document it', () => {
    const md = hoverText('if (body.error_code === "DEMO.00‸01") {}', ctxOf(demo()));
    assert.deepEqual(links(md), [
      { text: 'Vendor page', target: EN },
      { text: '错误码', target: ZH },
    ]);
    assert.match(md, /\*Also documented on:\* \[错误码\]/);
  });

  test('in Chinese the link is labelled in Chinese and leads to the page the Chinese message came from', () => {
    const md = hoverText('if (body.error_code === "DEMO.00‸01") {}', ctxOf(demo(), 'zh-cn'));
    assert.deepEqual(links(md), [
      { text: '官方页面', target: ZH },
      { text: 'Error Codes', target: EN },
    ]);
  });

  test("an entry whose page has no address, or that names no page, links to the catalog's first page that has one", () => {
    for (const code of ['DEMO.0003', 'DEMO.0004']) {
      const md = hoverText(`if (body.error_code === "${code.slice(0, 6)}‸${code.slice(6)}") {}`, ctxOf(demo()));
      assert.deepEqual(links(md), [{ text: 'Vendor page', target: EN }], code);
    }
  });

  test('a catalog without addresses gives a hover without links, as before', () => {
    const plain = demo();
    for (const s of plain.sources) delete s.url;
    const md = hoverText('if (body.error_code === "DEMO.00‸01") {}', ctxOf(plain));
    assert.deepEqual(links(md), []);
    assert.doesNotMatch(md, /Vendor page/);
  });

  test('an undocumented code of the family links to the page listing the family', () => {
    const md = hoverText('if (body.error_code === "DEMO.99‸99") {}', ctxOf(demo()));
    assert.match(md, /no catalog documents it/);
    assert.deepEqual(links(md), [{ text: 'Vendor page', target: EN }]);
  });

  test('an address cannot leave its link: brackets, parentheses, quotes and emphasis are percent-encoded', () => {
    const odd = demo();
    odd.sources[1].url = 'https://docs.example.com/a)(b[c]*<d>`e"f\'g_h?q=(1)#x]';
    const md = hoverText('if (body.error_code === "DEMO.00‸01") {}', ctxOf(odd));
    const target = 'https://docs.example.com/a%29%28b%5Bc%5D%2A%3Cd%3E%60e%22f%27g_h?q=%281%29#x%5D';
    // A target cut short at a `)` or a blank would not equal the whole address.
    assert.deepEqual(links(md)[0], { text: 'Vendor page', target });
  });

  test("a page's title cannot open a link of its own", () => {
    const odd = demo();
    odd.sources[2].title = '](command:workbench.action.terminal.new) [x';
    const md = hoverText('if (body.error_code === "DEMO.00‸01") {}', ctxOf(odd));
    assert.deepEqual(
      links(md).map((l) => l.target),
      [EN, ZH],
    );
    assert.doesNotMatch(md, /\]\(command:/);
  });

  test('a catalog that reaches the index without the loader still links to nothing but its https pages', () => {
    const hostile = demo();
    const bad = [
      'command:workbench.action.terminal.new',
      'javascript:alert(1)',
      'file:///etc/passwd',
      'https://user:pw@docs.example.com/',
      'https:\\\\evil.example/x',
    ];
    hostile.sources = [...bad.map((url, i) => ({ ...demo().sources[1], id: `p${i}`, url })), demo().sources[3]];
    hostile.codes[0].origin = { 'message.en': 'p0', 'message.zh-CN': 'p1', 'description.en': 'p2' };
    const ctx = ctxOf(hostile);
    const md = hoverText('if (body.error_code === "DEMO.00‸01") {}', ctx);
    assert.deepEqual(links(md), [{ text: 'Vendor page', target: API }]);
    assert.doesNotMatch(md, /command:|javascript:|file:|pw@|evil/);
    const diagnostics = diagnose(document('switch (code) { case "DEMO.9999": break; }\n'), ctx);
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].codeDescription?.href, API);
  });
});

describe('the loader refuses every address but a plain https: one', () => {
  const withUrl = (url: unknown) =>
    JSON.stringify({
      ...demo(),
      sources: [{ id: 'demo-en', file: 'sources/demo-en.rst', locale: 'en', title: 'Error Codes', origin: 'test', layout: 'rst-grid', url }],
    });

  const hostile: [string, unknown, RegExp][] = [
    ['a command link', 'command:workbench.action.terminal.new?%5B%22rm%22%5D', /does not start with https:\/\//],
    ['a script', 'javascript:alert(document.cookie)', /does not start with https:\/\//],
    ['a local file', 'file:///etc/passwd', /does not start with https:\/\//],
    ['plain http', 'http://docs.example.com/error-codes.html', /does not start with https:\/\//],
    ['no slashes', 'https:docs.example.com/x', /does not start with https:\/\//],
    ['credentials', 'https://user:secret@docs.example.com/x', /names a user or a password/],
    ['a user name', 'https://docs.example.com@evil.example/x', /names a user or a password/],
    ['a backslash', 'https://docs.example.com\\@evil.example/x', /holds a backslash/],
    ['a blank', 'https://docs.example.com/a b', /found "https:\/\/docs\.example\.com\/a\\u0020b": it holds U\+0020 at character 27/],
    ['a line break that would end the link', 'https://docs.example.com/x)\n[click](command:x)', /holds U\+000A at character 28/],
    ['a control character', 'https://docs.example.com/\u001b]8;;x', /holds U\+001B/],
    ['a bidirectional override', 'https://docs.example.com/\u202egpj.exe', /holds U\+202E/],
    ['a zero-width space', 'https://docs.\u200bexample.com/', /holds U\+200B/],
    ['a host that would close the link', 'https://a).example.com/', /host is not a host name/],
    ['too long', `https://docs.example.com/${'a'.repeat(2030)}`, /is 2055 characters long/],
    ['not a text', 42, /expected an https: address.*found 42/],
  ];

  for (const [what, url, why] of hostile) {
    test(`refuses ${what}, naming the catalog file, the source and what was expected`, () => {
      assert.throws(
        () => parseCatalog(withUrl(url), 'team.json'),
        (err: Error) => {
          assert.ok(err.message.startsWith('team.json: sources[0] (demo-en).url: expected an https: address'), err.message);
          assert.match(err.message, why);
          assert.doesNotMatch(err.message, /[\u0000-\u001f\u202e\u200b]/, 'the problem shows invisible characters as escapes');
          return true;
        },
      );
    });
  }

  test('keeps a good address, and the editor is shown the problem on the line of the address', () => {
    assert.equal(parseCatalog(withUrl(EN), 'team.json').sources[0].url, EN);
    const text = JSON.stringify(JSON.parse(withUrl('javascript:alert(1)')), null, 2);
    const parsed = parseCatalogFile(text, 'team.json');
    assert.ok(parsed.problem);
    assert.match(text.split('\n')[parsed.problem.range.start.line], /"url": "javascript:alert\(1\)"/);
  });

  test('catalogs/schema.json accepts and refuses the same addresses', () => {
    const schema = JSON.parse(fs.readFileSync(path.join(CATALOG_DIR, 'schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: true }).compile(schema);
    assert.ok(validate(JSON.parse(withUrl(EN))), JSON.stringify(validate.errors));
    for (const [what, url] of hostile) assert.equal(validate(JSON.parse(withUrl(url))), false, what);
  });
});

describe('the diagnostic links to the page of the code its fix writes, else to the family', () => {
  test('a misspelling fixed to a code links to that code’s page; an undocumented code to the catalog’s page', () => {
    const source = 'switch (code) {\n  case "demo.0002":\n    break;\n  case "DEMO.9999":\n    break;\n}\n';
    const [misspelled, unknown] = diagnose(document(source), ctxOf(demo()));
    assert.equal(misspelled.code, 'misspelled');
    assert.equal(misspelled.codeDescription?.href, API);
    assert.equal(unknown.code, 'unknown');
    assert.equal(unknown.codeDescription?.href, EN);
  });

  test('SARIF classifies each result by its vendor page, a taxon with that helpUri, and keeps its two rules', () => {
    const source = 'switch (code) {\n  case "demo.0002":\n    break;\n  case "DEMO.9999":\n    break;\n  case "demo.0001":\n    break;\n}\n';
    const ctx = ctxOf(demo());
    const diagnostics: Diagnostic[] = diagnose(document(source), ctx);
    const sarif = toSarif([{ file: 'h.ts', diagnostics }], ctx, '.');
    const run = sarif.runs[0] as unknown as {
      tool: { driver: { rules: { id: string }[]; supportedTaxonomies: { name: string }[] } };
      taxonomies: { name: string; taxa: { id: string; name: string; helpUri: string }[] }[];
      results: { ruleId: string; taxa: { id: string; index: number; toolComponent: { name: string; index: number } }[] }[];
    };
    assert.deepEqual(
      run.tool.driver.rules.map((r) => r.id),
      ['misspelled', 'unknown'],
    );
    const taxa = run.taxonomies[0].taxa;
    assert.deepEqual(
      taxa.map((t) => [t.id, t.name, t.helpUri]),
      [
        ['demo/demo-api', 'More Error Codes', API],
        ['demo/demo-en', 'Error Codes', EN],
      ],
    );
    assert.deepEqual(
      run.tool.driver.supportedTaxonomies.map((t) => t.name),
      [run.taxonomies[0].name],
    );
    const pageOfResult = run.results.map((r) => taxa[r.taxa[0].index].helpUri);
    assert.deepEqual(pageOfResult, [API, EN, EN]);
    for (const r of run.results) assert.equal(r.taxa[0].id, taxa[r.taxa[0].index].id);
  });
});

describe('explain prints the address', () => {
  test('as text for the terminal and as a link for the look-up', () => {
    const ctx = ctxOf(demo());
    const plain = explainCodePlain('DEMO.0001', ctx).text;
    assert.match(plain, new RegExp(`\\n  Vendor page: ${EN.replace(/[.]/g, '\\.')}\\n`));
    assert.match(plain, /Also documented on: 错误码 https:\/\/support\.example\.cn\/demo\/api\/errorcode\.html/);
    assert.deepEqual(links(explainCode('DEMO.0001', ctx).markdown)[0], { text: 'Vendor page', target: EN });
  });

  test('`error-codes explain` prints the page of a project catalog', () => {
    const dir = tempProject({ '.vscode/error-codes/demo.json': JSON.stringify(demo()) });
    const r = runCli(['explain', 'DEMO.0002'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /DEMO\.0002 .*HTTP 404/);
    assert.ok(r.out.includes(`Vendor page: ${API}\n`), r.out);
  });
});

describe('the recipe carries each page’s address into the catalog', () => {
  const page = '| Status Code | Error Code | Description |\n|---|---|---|\n| 400 | SVC.4000001 | Bad input. |\n';
  const recipe = (url: unknown) =>
    JSON.stringify({
      catalogs: [
        { id: 'svc', service: { en: 'Svc' }, pages: [{ id: 'svc-en', file: 'svc.md', locale: 'en', priority: 1, title: 'Error Codes', origin: 'test', url }] },
      ],
    });

  test('a page’s url reaches the catalog’s sources and its file, and the catalog loads with it', () => {
    const [spec] = parseRecipe(recipe(EN), 'recipe.json').catalogs;
    const built = recipeCatalog(spec, [sourcedPage(spec.pages[0], page, 'svc.md', 'sources/svc.md')], {}, '');
    assert.equal(built.catalog.sources[0].url, EN);
    assert.equal(parseCatalog(built.text, 'svc.json').sources[0].url, EN);
  });

  test('a page without a url gives a source without one', () => {
    const [spec] = parseRecipe(recipe(undefined), 'recipe.json').catalogs;
    const built = recipeCatalog(spec, [sourcedPage(spec.pages[0], page, 'svc.md', 'sources/svc.md')], {}, '');
    assert.equal('url' in built.catalog.sources[0], false);
    assert.doesNotMatch(built.text, /"url"/);
  });

  test('a bad url stops the build, naming the catalog and the page', () => {
    for (const url of ['command:workbench.action.terminal.new', 'https://u:p@docs.example.com/', 7]) {
      assert.throws(
        () => parseRecipe(recipe(url), 'recipe.json'),
        /recipe\.json: catalogs\[0\]\.pages\[0\]\.url \(catalog svc, page svc-en\): expected an https: address/,
        String(url),
      );
    }
  });
});
