// Codes in disguise: a literal that shows a documented code but holds an invisible or
// look-alike character never equals it. The user gets a diagnostic naming the character, a
// quick fix that writes the plain code (preferred only when a catalog documents it), and a
// hover that says what is hidden; prose in strings and logs gets nothing new.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { codeActions, fixAll } from '../../server/src/features/actions';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { FIX_ALL_KIND } from '../../protocol';
import { CLI_JS } from '../support/root';
import { context, document, withCaret } from '../support/service';

const CODE = 'SVCSTG.SWR.4040009';

/** [what, the literal's content as written in the file, the label the user must be shown] */
const DISGUISES: [string, string, string][] = [
  ['a zero-width space at the end', `${CODE}\u200b`, 'U+200B ZERO WIDTH SPACE'],
  ['a zero-width joiner inside', 'SVCSTG.SWR.404\u200d0009', 'U+200D ZERO WIDTH JOINER'],
  ['a right-to-left override', `\u202e${CODE}`, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
  ['a first strong isolate', `SVCSTG.\u2068SWR.4040009`, 'U+2068 FIRST STRONG ISOLATE'],
  ['a word joiner', `SVCSTG.SWR\u2060.4040009`, 'U+2060 WORD JOINER'],
  ['a byte order mark', `\ufeff${CODE}`, 'U+FEFF ZERO WIDTH NO-BREAK SPACE'],
  ['a combining mark', 'SVCSTG.SWR.40400\u03010\u03019', 'U+0301 COMBINING ACUTE ACCENT'],
  ['a Cyrillic S', '\u0405VCSTG.SWR.4040009', 'U+0405 CYRILLIC CAPITAL LETTER DZE'],
  ['a Cyrillic C', 'SV\u0421STG.SWR.4040009', 'U+0421 CYRILLIC CAPITAL LETTER ES'],
  ['a Greek T', 'SVCS\u03a4G.SWR.4040009', 'U+03A4 GREEK CAPITAL LETTER TAU'],
  ['a full-width digit', 'SVCSTG.SWR.\uff14040009', 'U+FF14 FULLWIDTH DIGIT FOUR'],
  ['full-width dots', 'SVCSTG\uff0eSWR\uff0e4040009', 'U+FF0E FULLWIDTH FULL STOP'],
  ['a tag character (two UTF-16 units)', `${CODE}\u{e0041}`, 'U+E0041 TAG LATIN CAPITAL LETTER A'],
  ['an escape in the source', `${CODE}\\u200b`, 'U+200B ZERO WIDTH SPACE'],
  ['a braced escape in the source', `${CODE}\\u{202E}`, 'U+202E RIGHT-TO-LEFT OVERRIDE'],
];

function edits(actions: ReturnType<typeof codeActions>): TextEdit[] {
  return actions.flatMap((a) => Object.values(a.edit?.changes ?? {}).flat());
}

describe('a documented code with a hidden or look-alike character', () => {
  for (const [what, literal, label] of DISGUISES) {
    test(`${what}: a diagnostic naming ${label}, and a preferred fix to the plain code`, () => {
      const text = `switch (e.code) {\n  case "${literal}":\n    return retry();\n}\n`;
      const doc = document(text);
      const ctx = context();
      const diagnostics = diagnose(doc, ctx);
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
      const [d] = diagnostics;
      const start = text.indexOf(literal);
      assert.deepEqual([doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)], [start, start + literal.length], 'the whole literal is marked');
      assert.ok(String(d.message).includes(label), `the message names ${label}: ${d.message}`);
      assert.ok(String(d.message).includes(CODE), 'the message names the code it shows');
      const preferred = codeActions(doc, diagnostics, undefined, ctx).filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1);
      assert.equal(TextDocument.applyEdits(doc, edits(preferred)), text.replace(literal, CODE));
      assert.equal(TextDocument.applyEdits(doc, Object.values(fixAll(doc, ctx)!.edit!.changes!).flat()), text.replace(literal, CODE));
    });
  }

  test('the message itself holds no hidden character (a bidi override would turn it around)', () => {
    for (const [, literal] of DISGUISES) {
      const doc = document(`if (code === "${literal}") {}`);
      const ctx = context();
      const diagnostics = diagnose(doc, ctx);
      assert.equal(diagnostics.length, 1, literal);
      const titles = codeActions(doc, diagnostics, undefined, ctx).map((a) => a.title);
      for (const shown of [...diagnostics.map((d) => String(d.message)), ...titles]) {
        assert.doesNotMatch(shown, /[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\u0405\u0421\u03a4\uff01-\uff5e]|[\u0300-\u036f]|\udb40/u, shown);
      }
    }
  });

  test('in Python, Go and Java comparisons too', () => {
    const cases: [string, string][] = [
      ['python', `if err.code == "${CODE}\u200b":\n    pass\n`],
      ['go', `if apiErr.Code == "${CODE}\u200b" {\n}\n`],
      ['java', `if ("${CODE}\u200b".equals(code)) {}\n`],
    ];
    for (const [language, text] of cases) {
      const diagnostics = diagnose(document(text, language), context());
      assert.equal(diagnostics.length, 1, `${language}: ${JSON.stringify(diagnostics)}`);
      assert.match(String(diagnostics[0].message), /U\+200B ZERO WIDTH SPACE/);
    }
  });

  test('hover names the hidden character and explains the code it shows', () => {
    const { doc, position } = withCaret(`if (code === "SVCSTG.SWR.40‸40009\u200b") {}`);
    const md = (hover(doc, position, context())!.contents as MarkupContent).value;
    assert.match(md, /U\\?\+200B ZERO WIDTH SPACE/, 'named (the + may be escaped for Markdown)');
    assert.match(md, /never equals/);
    assert.match(md, /HTTP 404/);
  });

  test('hover in Chinese', () => {
    const { doc, position } = withCaret(`if (code === "SVCSTG.SWR.40‸40009\u200b") {}`);
    const md = (hover(doc, position, context({ language: 'zh-CN' }))!.contents as MarkupContent).value;
    assert.match(md, /U\\?\+200B ZERO WIDTH SPACE/, 'named (the + may be escaped for Markdown)');
    assert.match(md, /永远不等于/);
  });
});

describe('a hidden character in a code no catalog documents', () => {
  test('is reported with a fix that removes it, which is never applied unasked', () => {
    const text = 'if (code === "SVCSTG.SWR.4049999\u200b") {}\n';
    const doc = document(text);
    const ctx = context();
    const diagnostics = diagnose(doc, ctx);
    assert.equal(diagnostics.length, 1);
    assert.match(String(diagnostics[0].message), /U\+200B ZERO WIDTH SPACE.*not a known SWR code/);
    const actions = codeActions(doc, diagnostics, undefined, ctx);
    assert.ok(actions.every((a) => !a.isPreferred));
    assert.ok(
      edits(actions).some((e) => e.newText === 'SVCSTG.SWR.4049999'),
      'the removal is offered',
    );
    assert.equal(fixAll(doc, ctx), undefined);
    assert.deepEqual(edits(codeActions(doc, diagnostics, [FIX_ALL_KIND], ctx)), []);
  });

  test('a fix is not offered when the client sends back a clean text the document does not hold', () => {
    const doc = document(`if (code === "${CODE}\u200b") {}\n`);
    const ctx = context();
    const [d] = diagnose(doc, ctx);
    const forged = { ...d, data: { ...(d.data as object), clean: '"+process.exit()+"', preferred: '"+process.exit()+"' } };
    assert.ok(edits(codeActions(doc, [forged], undefined, ctx)).every((e) => e.newText === CODE));
  });
});

describe('no new warnings for ordinary text', () => {
  const prose = [
    'const a = "镜像不存在，请检查 SVCSTG.SWR.4040009 后重试。";',
    'const b = "错误码：SVCSTG.SWR.4040009";',
    'const c = "Привет.мир";',
    'const d = "Café.menu";',
    'const e = "naïve.1234";',
    'const f = "👩\u200d💻.team";',
    'const g = "مرحبا\u200f.123";',
    'const h = "ＯＫ";',
    'const i = "日本語のテキスト。ＡＢＣ．１２３";',
    'const j = "\u200b";',
    'const k = "line\\n.next\\t";',
    'const l = "Ελληνικά.κείμενο";',
    'log.info(`请求 ${id} 失败：SVCSTG.SWR.4040009`);',
    '// 注释 SVCSTG.SWR.4040009\u200b 中的编号',
  ].join('\n');

  test('CJK, accented, Cyrillic, Greek and Arabic prose in strings and comments', () => {
    assert.deepEqual(
      diagnose(document(prose), context()).map((d) => d.message),
      [],
    );
  });

  test('a log with hidden characters around documented codes', () => {
    const log = `2024-05-01 ERROR code=${CODE}\u200b msg=镜像不存在\n\ufeff{"errorCode": "\u202e${CODE}"}\n`;
    assert.deepEqual(diagnose(document(log, 'log'), context()), []);
  });
});

describe('the command line', () => {
  test('check names the hidden character; --fix writes the documented code and leaves the undocumented one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'error-codes-sec-hidden-'));
    try {
      const file = path.join(dir, 'a.ts');
      const source = `switch (code) {\n  case "${CODE}\u200b":\n  case "\u202eSVCSTG.SWR.4049999":\n    break;\n}\n`;
      fs.writeFileSync(file, source);
      const run = (args: string[]) => spawnSync(process.execPath, [CLI_JS, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, LANG: 'C' } });
      const check = run(['check', 'a.ts']);
      assert.equal(check.status, 1);
      assert.match(check.stdout, /a\.ts:2:9: warning: .*U\+200B ZERO WIDTH SPACE/);
      assert.match(check.stdout, /a\.ts:3:9: warning: .*U\+202E RIGHT-TO-LEFT OVERRIDE/);
      assert.doesNotMatch(check.stdout, /[\u200b\u202e]/, 'the output shows no hidden character itself');
      const fixed = run(['check', '--fix', 'a.ts']);
      assert.match(fixed.stderr, /1 fixed/);
      assert.equal(fs.readFileSync(file, 'utf8'), source.replace(`${CODE}\u200b`, CODE));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
