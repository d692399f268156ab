import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionItem, Diagnostic, MarkupContent, TextEdit } from 'vscode-languageserver-types';
import { hover } from '../../server/src/features/hover';
import { complete, resolveCompletion } from '../../server/src/features/completion';
import { diagnose, DiagnosticData } from '../../server/src/features/diagnostics';
import { codeActions, fixAll } from '../../server/src/features/actions';
import { explainCode, explainCodePlain } from '../../server/src/features/explainCode';
import { lookup, documentSummary } from '../../server/src/features/summary';
import { FIX_ALL_KIND, Settings } from '../../protocol';
import { catalogTextToMarkdown } from '../../server/src/features/text';
import { context, document, realIndex, withCaret } from '../support/service';

function hoverText(text: string, languageId = 'typescript', ctx = context()): string | undefined {
  const { doc, position } = withCaret(text, languageId);
  const h = hover(doc, position, ctx);
  return h ? (h.contents as MarkupContent).value : undefined;
}

function applyEdits(doc: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(doc, edits);
}

describe('hover', () => {
  test('a code in a TypeScript literal: code, family, status with reason, message, other locale, catalog', () => {
    const md = hoverText('if (e.code === "SVCSTG.SWR.40‸01048") {}')!;
    assert.match(md, /\*\*SVCSTG\.SWR\.4001048\*\*/);
    assert.match(md, /HTTP 400 Bad Request/);
    assert.match(md, /Failed to obtain the token/);
    assert.match(md, /中文/);
    assert.match(md, /Catalog/);
  });

  test('a code in a log line, with the logged message compared to the documented one', () => {
    const line = '2024-05-01 ERROR [{"errorCode": "SVCSTG.SWR.40010‸48", "errorMessage": "Failed to get Token from Context", "detail": ""}]';
    const md = hoverText(line, 'log')!;
    assert.match(md, /Logged message/);
    assert.match(md, /differs from the documented message/);
  });

  test('a logged message equal to the documented one is not called different', () => {
    const line = '{"error": {"message": "The request message format is invalid.", "code": "IMG.00‸01"}}';
    const md = hoverText(line, 'log')!;
    assert.match(md, /Logged message/);
    assert.doesNotMatch(md, /differs/);
  });

  test('IMS codes show description and handling measure', () => {
    const md = hoverText('// see IMG.00‸24', 'typescript')!;
    assert.match(md, /What to do/);
  });

  test('Chinese when the language setting asks for it, English as the other locale', () => {
    const md = hoverText('x = "SVCSTG.SWR.40‸40010"', 'python', context({ language: 'zh-CN' }))!;
    assert.match(md, /镜像不存在/);
    assert.match(md, /English/);
    assert.match(md, /The image does not exist/);
  });

  test("the notes the catalog keeps about an entry are shown, in the hover's language", () => {
    const md = hoverText('// SVCSTG.CCE-ADDONMGR.40‸40204', 'typescript')!;
    assert.match(md, /HTTP 400 Bad Request/);
    assert.match(md, /The page documents HTTP 400, but the code's digits say 404\./);
    const zh = hoverText('// SVCSTG.CCE-ADDONMGR.40‸40204', 'typescript', context({ language: 'zh-CN' }))!;
    assert.match(zh, /页面记载的 HTTP 状态码为 400，但错误码中的数字表示 404。/);
  });

  test('a language the catalog lacks falls back to the one it has', () => {
    const md = hoverText('// IMG.00‸24', 'typescript', context({ language: 'zh-CN' }))!;
    assert.match(md, /The image type in the request is incorrect/);
    assert.match(md, /处理措施/, 'labels follow the wanted language');
  });

  test('`auto` follows the editor display language', () => {
    const md = hoverText('x = "SVCSTG.SWR.40‸40010"', 'python', context({ language: 'auto' }, 'zh-cn'))!;
    assert.match(md, /镜像不存在/);
  });

  test('a prefix used for partial matching says how many codes it matches and lists some', () => {
    const md = hoverText('if strings.HasPrefix(code, "SVCSTG.SWR.40‸00") {}', 'go')!;
    assert.match(md, /matches \d+ SWR codes/);
    assert.match(md, /SVCSTG\.SWR\.4000013/);
  });

  test('a near miss says so and lists close codes', () => {
    const md = hoverText('if (c === "SVCSTG.SRW.40‸40010") {}')!;
    assert.match(md, /not a known SWR error code/);
    assert.match(md, /SVCSTG\.SWR\.4040010/);
  });

  test('a documented code on an inner line of a block comment or a multi-line string is explained', () => {
    const doc = hoverText('/**\n * Retries unless the image service answers IMG.00‸24.\n */\nexport function retry() {}', 'typescript')!;
    assert.match(doc, /IMG\.0024/);
    assert.match(doc, /\b400\b/);
    const py = hoverText('HELP = """\nSee SVCSTG.SWR.40‸01048 when the push is refused.\n"""', 'python')!;
    assert.match(py, /SVCSTG\.SWR\.4001048/);
    // Only a documented code is trusted without the scan's context: a misspelling there is not guessed at.
    assert.equal(hoverText('/*\n * SVCSTG.SRW.40‸40010\n */', 'typescript'), undefined);
  });

  test('nothing on text that is not a code', () => {
    assert.equal(hoverText('const v = "1.2‸.3";'), undefined);
    assert.equal(hoverText('XQZW.01‸01 failed', 'log'), undefined);
  });

  test('the hover range is exactly the code', () => {
    const { doc, position } = withCaret('日志😀 SVCSTG.SWR.40‸40010!', 'log');
    const h = hover(doc, position, context())!;
    assert.deepEqual(h.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 23 } });
  });
});

describe('completion', () => {
  const labels = (text: string, languageId = 'typescript', ctx = context()) => {
    const { doc, position } = withCaret(text, languageId);
    return complete(doc, position, ctx).items;
  };

  test('a bare quote offers the families', () => {
    const items = labels('switch (c) { case "‸');
    const labels_ = items.map((i) => i.label);
    for (const prefix of ['IMG.', 'SVCSTG.CCE-ADDONMGR.', 'SVCSTG.S2I.', 'SVCSTG.SWR.', 'Ecs.', 'VPC.', 'DBS.']) assert.ok(labels_.includes(prefix), prefix);
    // One item per prefix, whichever services share it.
    assert.equal(new Set(labels_).size, labels_.length);
    assert.equal(labels_.length, realIndex().families.length);
  });

  test('a family prefix offers its codes, replacing the whole partial code', () => {
    const { doc, position } = withCaret('if (c === "SVCSTG.SWR.404‸x") {}');
    const items = complete(doc, position, context()).items;
    assert.ok(items.length > 3);
    for (const i of items) assert.ok(i.label.startsWith('SVCSTG.SWR.404'));
    const item = items.find((i) => i.label === 'SVCSTG.SWR.4040010') as CompletionItem;
    assert.equal(item.labelDetails?.detail, ' 404');
    assert.equal(item.labelDetails?.description, 'The image does not exist.');
    assert.equal(item.documentation, undefined, 'documentation is resolved lazily');
    assert.match((resolveCompletion(item, realIndex()).documentation as MarkupContent).value, /HTTP 404/);
    const edit = item.textEdit as TextEdit;
    assert.equal(applyEdits(doc, [edit]), 'if (c === "SVCSTG.SWR.4040010") {}');
  });

  test('completion after a case label quote in Go', () => {
    assert.ok(labels('switch code {\ncase "IMG.00‸', 'go').some((i) => i.label === 'IMG.0024'));
  });

  test('words typed in the literal match messages, in English and Chinese', () => {
    const en = labels('if (c === "obtain the token‸") {}');
    assert.ok(en.some((i) => i.label === 'SVCSTG.SWR.4001048'));
    const zh = labels('if (c === "镜像不存在‸") {}');
    assert.ok(zh.some((i) => i.label === 'SVCSTG.SWR.4040010'));
    for (const i of zh) assert.match(i.filterText!, /^镜像不存在/);
  });

  test('nothing outside literals in code', () => {
    assert.deepEqual(labels('const x = IMG.00‸'), []);
  });

  test('in a log only a code already begun is completed', () => {
    assert.ok(labels('failed with IMG.00‸', 'log').some((i) => i.label === 'IMG.0024'));
    assert.deepEqual(labels('failed with tok‸', 'log'), []);
  });
});

describe('diagnostics', () => {
  const diags = (text: string, languageId = 'typescript', settings: Partial<Settings> = {}) => diagnose(document(text, languageId), context(settings));

  test('a code cut short in a map key or index is a misspelling: maps are looked up by whole codes', () => {
    assert.equal(diags('const m = { "IMG.024": "x" };').length, 1);
    assert.equal(diags('handlers["IMG.024"] = f;').length, 1);
  });

  test('a misspelled case label: one short line naming the likely code, its status and message', () => {
    const [d, ...rest] = diags('switch (err.code) {\n  case "SVCSTG.SWR.404010":\n    break;\n}');
    assert.equal(rest.length, 0);
    assert.equal(
      d.message as string,
      '`SVCSTG.SWR.404010` is not a complete SWR code (7 digits); did you mean `SVCSTG.SWR.4040010` (404, The image does not exist.)?',
    );
    assert.equal(d.severity, 2);
    assert.equal(d.source, 'error-codes');
    assert.equal(d.code, 'misspelled');
    assert.deepEqual(d.range, { start: { line: 1, character: 8 }, end: { line: 1, character: 25 } });
    assert.equal((d.data as DiagnosticData).preferred, 'SVCSTG.SWR.4040010');
    assert.doesNotMatch(d.message as string, /\n/);
  });

  test('a mistyped family is a misspelling', () => {
    const [d] = diags('if code == "SVCSTG.CCE-ADDONMRG.4000003":\n  pass', 'python');
    assert.match(d.message as string, /did you mean `SVCSTG\.CCE-ADDONMGR\.4000003`/);
  });

  test('an unknown well-formed code gets the lower severity and its neighbours, never a preferred fix', () => {
    const [d] = diags('if (code == "SVCSTG.SWR.4000306") {}', 'java');
    assert.equal(d.code, 'unknown');
    assert.equal(d.severity, 3);
    assert.equal((d.data as DiagnosticData).preferred, undefined);
  });

  test('exact codes, prose, prefixes in substring tests and comments get nothing', () => {
    assert.deepEqual(diags('if (c === "SVCSTG.SWR.4040010") {}'), []);
    assert.deepEqual(diags('log("SWR said SVCSTG.SRW.4040010 twice");'), []);
    assert.deepEqual(diags('if strings.Contains(err.Error(), "SVCSTG.SWR.4000") {}', 'go'), []);
    assert.deepEqual(diags('// case "SVCSTG.SRW.4040010" was renamed'), []);
  });

  test('checking comments is a setting', () => {
    const d = diags('// handle SVCSTG.SRW.4040010 here', 'typescript', { diagnostics: { misspelled: 'warning', unknown: 'information', comments: true } });
    assert.equal(d.length, 1);
  });

  test('case-only differences are fine in a case-insensitive comparison, flagged elsewhere', () => {
    assert.deepEqual(diags('if strings.EqualFold(code, "img.0024") {}', 'go'), []);
    assert.deepEqual(diags('if (code.equalsIgnoreCase("img.0024")) {}', 'java'), []);
    const [d] = diags('if (code === "img.0024") {}');
    assert.match(d.message as string, /only in letter case/);
  });

  test('a file that lower-cases codes before comparing keeps lower-case constants', () => {
    assert.deepEqual(diags('const MISSING = "cce_cm.0021";\nconst IMAGE = "img.0024";\nswitch (code.toLowerCase()) { case IMAGE: }'), []);
  });

  test('severities are settings, and off means off', () => {
    const text = 'if (c === "SVCSTG.SWR.404010") {}\nif (c === "SVCSTG.SWR.4000306") {}';
    assert.equal(diags(text).length, 2);
    assert.deepEqual(diags(text, 'typescript', { diagnostics: { misspelled: 'off', unknown: 'off', comments: false } }), []);
    const errors = diags(text, 'typescript', { diagnostics: { misspelled: 'error', unknown: 'hint', comments: false } });
    assert.deepEqual(
      errors.map((d) => d.severity),
      [1, 4],
    );
  });

  test('ignored codes get nothing', () => {
    assert.deepEqual(diags('if (c === "SVCSTG.SWR.4000306") {}', 'typescript', { ignore: ['SVCSTG.SWR.4000306'] }), []);
  });

  test('a large document beyond the size limit is not checked, and one note at its start says so', () => {
    const found = diags('if (c === "SVCSTG.SWR.404010") {}', 'typescript', { maxFileSize: 10 });
    assert.equal(found.length, 1);
    assert.equal(found[0].code, 'notChecked');
    assert.equal(found[0].severity, 3);
    assert.deepEqual(found[0].range.start, { line: 0, character: 0 });
    assert.match(String(found[0].message), /not checked: it has 33 characters, more than errorCodes\.maxFileSize \(10\)/);
  });

  test('Chinese messages when the language is zh-CN', () => {
    const [d] = diags('if (c === "SVCSTG.SRW.4040010") {}', 'typescript', { language: 'zh-CN' });
    assert.match(d.message as string, /不是已知的 SWR 错误码；是否应为 `SVCSTG\.SWR\.4040010`（404，镜像不存在。）？/);
  });
});

describe('quick fixes', () => {
  const ctx = context();
  const setup = (text: string, languageId = 'typescript') => {
    const doc = document(text, languageId);
    return { doc, diagnostics: diagnose(doc, ctx) };
  };

  test('replace with each suggestion; the edit changes exactly the code', () => {
    const text = 'const a = 1;\r\n// 注释 😀\r\nswitch (x) { case "SVCSTG.SRW.4040010": break; }\r\n';
    const { doc, diagnostics } = setup(text);
    const actions = codeActions(doc, diagnostics, undefined, ctx);
    const fix = actions.find((a) => a.isPreferred)!;
    assert.match(fix.title, /^Replace with SVCSTG\.SWR\.4040010 \(404 The image does not exist\.\)$/);
    const after = applyEdits(doc, fix.edit!.changes![doc.uri]);
    assert.equal(after, text.replace('SVCSTG.SRW.4040010', 'SVCSTG.SWR.4040010'));
    assert.ok(actions.some((a) => a.title === 'Ignore SVCSTG.SRW.4040010 in this workspace' && a.command?.command === 'errorCodes.ignoreCode'));
  });

  test('other diagnostics are left alone', () => {
    const doc = document('x');
    const foreign: Diagnostic = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x', source: 'eslint' };
    assert.deepEqual(codeActions(doc, [foreign], undefined, ctx), []);
  });

  test('fix-all applies only preferred fixes', () => {
    const text = [
      'switch (code) {',
      '  case "SVCSTG.SRW.4040010":', // preferred fix
      '  case "SVCSTG.SWR.4O01048":', // preferred fix
      '  case "SVCSTG.SWR.4000306":', // unknown: left alone
      '}',
    ].join('\n');
    const doc = document(text);
    const action = fixAll(doc, ctx)!;
    assert.equal(action.kind, FIX_ALL_KIND);
    const after = applyEdits(doc, action.edit!.changes![doc.uri]);
    assert.equal(after, text.replace('SVCSTG.SRW.4040010', 'SVCSTG.SWR.4040010').replace('SVCSTG.SWR.4O01048', 'SVCSTG.SWR.4001048'));
    const viaOnly = codeActions(doc, [], ['source.fixAll'], ctx);
    assert.equal(viaOnly.length, 1);
    assert.equal(viaOnly[0].kind, FIX_ALL_KIND);
  });
});

describe('look-up, explain and summary', () => {
  test('look-up by code, by English and by Chinese message', () => {
    assert.equal(lookup('SVCSTG.SWR.4040010', context())[0].code, 'SVCSTG.SWR.4040010');
    assert.ok(lookup('image does not exist', context()).some((i) => i.code === 'SVCSTG.SWR.4040010'));
    assert.ok(lookup('镜像不存在', context()).some((i) => i.code === 'SVCSTG.SWR.4040010'));
  });

  test('explain a code, a prefix and a typo', () => {
    const plain = explainCodePlain('SVCSTG.SWR.4001048', context());
    assert.equal(plain.found, true);
    assert.match(plain.text, /HTTP 400 Bad Request/);
    assert.match(plain.text, /获取/);
    assert.equal(explainCode('SVCSTG.SWR.4000', context()).found, true);
    const typo = explainCode('SVCSTG.SRW.4040010', context());
    assert.equal(typo.found, false);
    assert.match(typo.markdown, /SVCSTG\.SWR\.4040010/);
  });

  test('summary counts codes and problems', () => {
    const doc = document('if (a === "IMG.0024" || b === "IMG.0001" || c === "SVCSTG.SRW.4040010") {}');
    const s = documentSummary(doc, context());
    assert.equal(s.codes, 2);
    assert.equal(s.problems, 1);
    assert.deepEqual(
      s.items.map((i) => i.status),
      ['known', 'known', 'misspelled'],
    );
  });
});

describe('short codes', () => {
  test('a constant cut short that no code starts with is a misspelling; one that prefixes codes is left alone', () => {
    const d = diagnose(document('export const MISSING = "SVCSTG.SWR.404010";\nexport const BAD_REQUEST = "SVCSTG.SWR.4000";'), context());
    assert.equal(d.length, 1);
    assert.match(d[0].message as string, /SVCSTG\.SWR\.404010/);
  });
});

describe('catalog text is inert in Markdown', () => {
  const hostile = [
    '[click](command:workbench.action.terminal.new)',
    '![x](https://evil.example/track.png)',
    '<img src=x onerror=alert(1)> &lt;b&gt;',
    'see https://evil.example/a and www.evil.example and mail a@evil.example',
    '**bold** _it_ # heading | table | `code`',
  ];
  test('links, images, HTML, autolinks and emphasis do not survive; literal names become code', () => {
    for (const text of hostile) {
      const md = catalogTextToMarkdown(text);
      assert.doesNotMatch(md, /(^|[^\\])\[[^\]]*\]\(/, `a link survived: ${md}`);
      assert.doesNotMatch(md, /(^|[^\\])</, `HTML survived: ${md}`);
      assert.doesNotMatch(md, /https?:\/\//, `an autolink survived: ${md}`);
      assert.doesNotMatch(md, /(^|[^\\])www\./i, `a www autolink survived: ${md}`);
      assert.doesNotMatch(md, /[^\\]@/, `an e-mail autolink survived: ${md}`);
    }
    assert.equal(catalogTextToMarkdown('Set `is_public` to **true**.'), 'Set `is_public` to \\*\\*true\\*\\*.');
  });
});

describe('completion for clients that take a shared edit range', () => {
  test('the range is said once and each item inserts its label', () => {
    const { doc, position } = withCaret('if (c === "SVCSTG.SWR.404‸x") {}');
    const list = complete(doc, position, context(), { itemDefaults: true });
    assert.ok(list.items.length > 3);
    assert.deepEqual(list.itemDefaults?.editRange, { start: { line: 0, character: 11 }, end: { line: 0, character: 26 } });
    for (const item of list.items) assert.equal(item.textEdit, undefined);
    const chosen = list.items.find((i) => i.label === 'SVCSTG.SWR.4040010')!;
    const range = list.itemDefaults!.editRange as { start: { line: number; character: number }; end: { line: number; character: number } };
    assert.equal(TextDocument.applyEdits(doc, [{ range, newText: chosen.label }]), 'if (c === "SVCSTG.SWR.4040010") {}');
  });
});
