// Hostile text from a catalog (its messages, names and notes) and from its file name, on the
// way into hovers, completion documentation, explanations and the catalog page: every
// Markdown construct renders as the characters it is made of, and a newline or a terminal
// escape in a file name is shown, not obeyed. No Markdown parser is among the dependencies,
// so the escaped Markdown is compared exactly.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CatalogIndex, type LoadedCatalog } from '../../server/src/catalog/index';
import { parseCatalog } from '../../server/src/catalog/load';
import { catalogMarkdown } from '../../server/src/features/catalogView';
import { resolveCompletion } from '../../server/src/features/completion';
import { describeConfiguration } from '../../server/src/features/configuration';
import type { ServiceContext } from '../../server/src/features/context';
import { explainCodePlain } from '../../server/src/features/explainCode';
import { hover } from '../../server/src/features/hover';
import { catalogTextToMarkdown, escapeMarkdown } from '../../server/src/features/text';
import { DEFAULT_SETTINGS } from '../../protocol';
import { document } from '../support/service';

/** Each line opens a block or an inline construct when left as it is; the right side is how it must come out. */
const CONSTRUCTS: [string, string][] = [
  ['# Heading', '\\# Heading'],
  ['- item', '\\- item'],
  ['-item', '\\-item'],
  ['* item', '\\* item'],
  ['+ item', '\\+ item'],
  ['1. step', '1\\. step'],
  ['12) step', '12\\) step'],
  ['> quote', '\\> quote'],
  ['---', '\\---'],
  ['===', '\\==='],
  ['***', '\\*\\*\\*'],
  ['___', '\\_\\_\\_'],
  ['| a | b |', '\\| a \\| b \\|'],
  ['~~~', '\\~\\~\\~'],
  ['[ref]: https://e.example', '\\[ref\\]\\: https\\://e.example'],
  ['<div onclick=x>', '\\<div onclick=x\\>'],
  ['![i](https://e.example/x.png)', '\\!\\[i\\]\\(https\\://e.example/x.png\\)'],
  ['[link](command:x)', '\\[link\\]\\(command\\:x\\)'],
  ['_em_ and **strong** and ~~gone~~', '\\_em\\_ and \\*\\*strong\\*\\* and \\~\\~gone\\~\\~'],
  ['a \\ back-slash &amp; entity', 'a \\\\ back-slash \\&amp; entity'],
  ['$x$ and :smile: and www.e.example', '\\$x\\$ and \\:smile\\: and www\\.e.example'],
];

const CODE = 'EVIL.0001';

function evilCatalog(message: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 'evil',
    service: { en: 'Evil service' },
    families: [{ pattern: 'EVIL\\.[0-9]{4}', name: 'EVIL' }],
    codes: [{ code: CODE, httpStatus: 400, message: { en: message }, ...extra }],
  });
}

function contextOf(loaded: LoadedCatalog[]): ServiceContext {
  return { index: new CatalogIndex(loaded), settings: structuredClone(DEFAULT_SETTINGS), displayLanguage: 'en' };
}

function hoverMarkdown(ctx: ServiceContext): string {
  const doc = document(`if (code === "${CODE}") {}`);
  const h = hover(doc, { line: 0, character: 16 }, ctx);
  return (h?.contents as { value: string }).value;
}

describe('escaping catalog text for Markdown', () => {
  test('each construct at the start of a line comes out escaped, exactly', () => {
    for (const [raw, escaped] of CONSTRUCTS) assert.equal(catalogTextToMarkdown(raw), escaped, raw);
  });

  test('a line break inside a one-line text cannot start a block', () => {
    assert.equal(escapeMarkdown('Team\n# Owned\r\n- by us\u2028=== x\r1. y'), 'Team \\# Owned - by us === x 1. y');
    assert.equal(escapeMarkdown('- by us'), '\\- by us');
    assert.equal(escapeMarkdown('```js'), '\\`\\`\\`js');
  });

  test('terminal escapes and direction overrides are shown as escapes', () => {
    assert.equal(escapeMarkdown('a\u001b[31mred\u202eb'), 'a\\\\u001b\\[31mred\\\\u202eb');
  });

  test('a hover of a message that holds every construct shows each as text', () => {
    const message = CONSTRUCTS.map(([raw]) => raw).join('\n');
    const loaded = [{ catalog: parseCatalog(evilCatalog(message), 'evil.json'), origin: 'bundled' }];
    const md = hoverMarkdown(contextOf(loaded));
    const expected = CONSTRUCTS.map(([, escaped]) => escaped).join('  \n');
    assert.ok(md.includes(`\n\n${expected}\n\n`), md);
  });

  test('completion documentation and the catalog page escape the same message', () => {
    const message = 'Title\n---\n- not a list\n1. not a list either\n=====';
    const loaded = [{ catalog: parseCatalog(evilCatalog(message), 'evil.json'), origin: 'bundled' }];
    const ctx = contextOf(loaded);
    const doc = (resolveCompletion({ label: CODE, data: 'en' }, ctx.index).documentation as { value: string }).value;
    assert.ok(doc.includes('Title  \n\\---  \n\\- not a list  \n1\\. not a list either  \n\\====='), doc);
    const page = catalogMarkdown(loaded[0], 'en');
    assert.ok(page.includes(`| \`${CODE}\` | 400 Bad Request | Title \\--- \\- not a list 1\\. not a list either \\===== |\n`), page);
  });

  test('a note and a description with line breaks stay on their line', () => {
    const extra = { description: { en: 'First\n- second' }, notes: [{ kind: 'editorial', text: { en: 'Careful\n# not a heading\n- nor a list' } }] };
    const loaded = [{ catalog: parseCatalog(evilCatalog('Plain.', extra), 'evil.json'), origin: 'bundled' }];
    const md = hoverMarkdown(contextOf(loaded));
    assert.ok(md.includes('*Description:* First  \n\\- second'), md);
    assert.ok(md.includes('⚠ *Note:* Careful \\# not a heading - nor a list  \n'), md);
    assert.doesNotMatch(md, /^(?:#|- |\d+\.)/m);
  });
});

describe('a catalog file name with a newline or an escape in it', () => {
  const origin = '/work/evil\n# Owned\n- by\u001b[2J.json';
  const visible = '/work/evil\\n# Owned\\n- by\\u001b[2J.json';
  const loaded: LoadedCatalog[] = [{ catalog: parseCatalog(evilCatalog('Plain.'), origin), origin }];

  test('the catalog page shows the name escaped on its one line, and the page keeps its shape', () => {
    const page = catalogMarkdown(loaded[0], 'en');
    const lines = page.split('\n');
    assert.equal(lines[0], '# Evil service');
    assert.equal(lines[2], `1 codes · \`EVIL\\.[0-9]{4}\` · ${escapeMarkdown(visible)}`);
    assert.equal(lines[2], '1 codes · `EVIL\\.[0-9]{4}` · /work/evil\\\\n\\# Owned\\\\n- by\\\\u001b\\[2J.json');
    assert.deepEqual(lines.slice(4), ['| Code | HTTP | Message |', '|---|---|---|', `| \`${CODE}\` | 400 Bad Request | Plain. |`, '']);
  });

  test('the hover names the catalog with the newline shown', () => {
    const md = hoverMarkdown(contextOf(loaded));
    assert.ok(md.endsWith(`*Catalog:* Evil service · evil \\(${escapeMarkdown(visible)}\\)`), md);
    assert.doesNotMatch(md, /^# Owned/m);
  });

  test('explain and the configuration report print it on one line, without the escape', () => {
    const plain = explainCodePlain(CODE, contextOf(loaded)).text;
    assert.ok(plain.includes(`  Catalog: Evil service · evil (${visible})`), plain);
    assert.doesNotMatch(plain, /\u001b|\n# Owned/);
    const report = describeConfiguration({
      catalogs: loaded,
      problems: [],
      settings: structuredClone(DEFAULT_SETTINGS),
      settingsFrom: [],
      workspaceTrusted: true,
    });
    assert.ok(report.includes(visible), report);
    assert.doesNotMatch(report, /\u001b|\n# Owned/);
  });
});
