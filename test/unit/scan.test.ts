import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { scanText, scanAround } from '../../server/src/scan/scanner';
import { lex, RegionKind } from '../../server/src/scan/lexer';
import { languageSpec, languageOfFile } from '../../server/src/scan/languages';
import { realIndex, document } from '../support/service';

const CODE = 'SVCSTG.SWR.4040010';

function literalHits(text: string, languageId: string) {
  return scanText(text, languageId, realIndex()).filter((h) => h.where === 'literal');
}

function contextOf(text: string, languageId: string, code = CODE): string {
  const hits = literalHits(text, languageId).filter((h) => h.text === code);
  assert.equal(hits.length, 1, `expected one literal ${code} in ${languageId}: ${text}`);
  return hits[0].context;
}

describe('usage context of a literal, per language', () => {
  const cases: [string, string, string][] = [
    ['typescript', `switch (err.code) {\n  case "${CODE}":\n    retry();\n}`, 'case'],
    ['typescript', `if (error.code !== "${CODE}") throw error;`, 'compare'],
    ['typescript', `if ("${CODE}" === error.code) {}`, 'compare'],
    ['typescript', `const RETRYABLE = ["SVCSTG.SWR.4010000", "${CODE}"];\nif (RETRYABLE.includes(code)) {}`, 'member'],
    ['typescript', `if (["SVCSTG.SWR.4010000", "${CODE}"].includes(code)) {}`, 'member'],
    ['typescript', `export const IMAGE_MISSING = "${CODE}";`, 'const'],
    ['typescript', `const handlers: Record<string, H> = {\n  "${CODE}": { retry: false },\n};`, 'key'],
    ['typescript', `convert(err, "errors|[0].errorCode", "${CODE}");`, 'arg'],
    ['typescript', `return { code: "${CODE}" };`, 'value'],
    ['javascript', `if (body.error_code == '${CODE}') {}`, 'compare'],
    ['javascript', 'const c = `' + CODE + '`;', 'const'],
    ['python', `if e.error_code == "${CODE}":\n    pass`, 'compare'],
    ['python', `if code in ("SVCSTG.SWR.4010000", "${CODE}"):\n    pass`, 'member'],
    ['python', `match code:\n    case "SVCSTG.SWR.4010000" | "${CODE}":\n        pass`, 'case'],
    ['python', `if any(c in body for c in ("${CODE}",)):\n    pass`, 'member'],
    ['python', `if "${CODE}" in body:\n    pass`, 'substring'],
    ['python', `IMAGE_MISSING = r"${CODE}"`, 'const'],
    ['go', `switch code {\ncase "SVCSTG.SWR.4010000", "${CODE}":\n\treturn true\n}`, 'case'],
    ['go', `if errorCode == "${CODE}" {\n}`, 'compare'],
    ['go', `const ErrCodeNotFound = "${CODE}"`, 'const'],
    ['go', `if strings.EqualFold(code, "${CODE}") {}`, 'compareIgnoreCase'],
    ['go', `if strings.Contains(err.Error(), "${CODE}") {}`, 'substring'],
    ['go', 'var raw = `' + CODE + '`', 'const'],
    ['java', `switch (code) {\n  case "${CODE}":\n    break;\n}`, 'case'],
    ['java', `if ("${CODE}".equals(code)) {}`, 'compare'],
    ['java', `if (code.equalsIgnoreCase("${CODE}")) {}`, 'compareIgnoreCase'],
    ['java', `static final Set<String> S = Set.of("SVCSTG.SWR.4010000", "${CODE}");`, 'member'],
    ['java', `String r = switch (code) { case "${CODE}" -> "missing"; default -> "other"; };`, 'case'],
    ['csharp', `switch (code) { case "${CODE}": break; }`, 'case'],
    ['csharp', `var kind = code switch { "${CODE}" => Kind.Missing, _ => Kind.Other };`, 'case'],
    ['csharp', `if (string.Equals(code, @"${CODE}", StringComparison.OrdinalIgnoreCase)) {}`, 'compareIgnoreCase'],
    ['kotlin', `when (code) {\n    "SVCSTG.SWR.4010000", "${CODE}" -> retry()\n}`, 'case'],
    ['kotlin', `if (code in listOf("${CODE}")) {}`, 'member'],
    ['rust', `match raw.code.as_deref() {\n    Some("SVCSTG.SWR.4010000" | "${CODE}") => retry(),\n    _ => {}\n}`, 'case'],
    ['rust', `match code {\n    "${CODE}"\n    | "SVCSTG.SWR.4010000" => 1,\n    _ => 0,\n}`, 'case'],
    ['rust', `const MISSING: &str = "${CODE}";`, 'const'],
    ['c', `if (strcmp(code, "${CODE}") == 0) {}`, 'compare'],
    ['c', `if (strcasecmp(code, "${CODE}") == 0) {}`, 'compareIgnoreCase'],
    ['cpp', `if (json["error_code"].compare("${CODE}") == 0) {}`, 'compare'],
    ['cpp', `handlers["${CODE}"] = &onMissing;`, 'key'],
    ['json', `{"errorCode": "${CODE}", "errorMessage": "x"}`, 'value'],
    ['json', `{"${CODE}": {"retry": false}}`, 'key'],
  ];
  for (const [lang, text, expected] of cases) {
    test(`${lang}: ${text
      .split('\n')
      .find((l) => l.includes(CODE))!
      .trim()} → ${expected}`, () => {
      assert.equal(contextOf(text, lang), expected);
    });
  }

  test('a comparison next to lower-casing is case-insensitive', () => {
    assert.equal(contextOf(`if (code.toLowerCase() === "${CODE}") {}`, 'typescript'), 'compareIgnoreCase');
  });
});

describe('finding codes', () => {
  test('exact codes of every bundled family are found in prose, with exact offsets', () => {
    const text = 'a SVCSTG.SWR.4040010 b IMG.0024 c SVCSTG.CCE-ADDONMGR.4000003 d SVCSTG.S2I.4019000.';
    const hits = scanText(text, 'log', realIndex());
    assert.deepEqual(
      hits.map((h) => [h.text, h.kind, text.slice(h.start, h.end)]),
      [
        ['SVCSTG.SWR.4040010', 'exact', 'SVCSTG.SWR.4040010'],
        ['IMG.0024', 'exact', 'IMG.0024'],
        ['SVCSTG.CCE-ADDONMGR.4000003', 'exact', 'SVCSTG.CCE-ADDONMGR.4000003'],
        ['SVCSTG.S2I.4019000', 'exact', 'SVCSTG.S2I.4019000'],
      ],
    );
  });

  test('a code inside a JSON body in a log line, beside Chinese text', () => {
    const text = '2024-05-01 12:00:01 错误 请求失败 {"error": {"message": "The imagetype is invalid.", "code": "IMG.0024"}}';
    const [hit] = scanText(text, 'log', realIndex());
    assert.equal(hit.text, 'IMG.0024');
    assert.equal(text.slice(hit.start, hit.end), 'IMG.0024');
  });

  test('several codes on one line are all found', () => {
    const text = '[{"errorCode":"SVCSTG.SWR.4001048"},{"errorCode":"SVCSTG.SWR.4040010"},{"error_code":"IMG.0001"}]';
    assert.deepEqual(
      scanText(text, 'json', realIndex()).map((h) => h.text),
      ['SVCSTG.SWR.4001048', 'SVCSTG.SWR.4040010', 'IMG.0001'],
    );
  });

  const nearMisses: [string, string, string, string][] = [
    ['mistyped family prefix', 'SVCSTG.SRW.4040010', 'near', CODE],
    ['mistyped long family prefix', 'SVCSTG.CCE-ADDONMRG.4000003', 'near', 'SVCSTG.CCE-ADDONMGR.4000003'],
    ['one digit too few', 'SVCSTG.SWR.404010', 'short', CODE],
    ['one digit too many', 'SVCSTG.SWR.40400100', 'near', CODE],
    ['letter O for zero', 'SVCSTG.SWR.4O40010', 'near', CODE],
    ['letter l for one', 'IMG.OO2l', 'near', 'IMG.0024'],
    ['missing dot', 'SVCSTG.SWR4040010', 'near', CODE],
  ];
  for (const [what, token, kind, intended] of nearMisses) {
    test(`near miss in a literal: ${what} (${token})`, () => {
      const hits = literalHits(`if (code === "${token}") {}`, 'typescript');
      assert.equal(hits.length, 1);
      assert.equal(hits[0].kind, kind);
      assert.equal(hits[0].family, realIndex().get(intended)!.family);
    });
  }

  test('a code that differs only in case is recognised in a literal', () => {
    const [hit] = literalHits('if (code === "svcstg.swr.4040010") {}', 'typescript');
    assert.equal(hit.kind, 'case');
    assert.equal(hit.entry?.entry.code, CODE);
  });

  test('swapped digits make a well-formed code the catalog lacks', () => {
    const [hit] = literalHits('if (code === "SVCSTG.SWR.4004010") {}', 'typescript');
    assert.equal(hit.kind, 'unknown');
  });

  test('no false alarms on things that only look alike', () => {
    const text = [
      'version 1.2.3 and v2.10.4 and node-v20.20.2',
      'host 10.0.0.1 and 192.168.1.20:8080',
      'date 2024.05.01 and 2024-05-01T12:00:00Z',
      'ids 0x7fff.0001 deadbeef.0024 550e8400-e29b-41d4-a716-446655440000',
      // Prefixes no bundled catalog has (the bundled ones cover ECS, DNS, CCE, AS and the rest now).
      'XQZW.0101 Qqq.0114 QNZ.0001 QCX.01400001 AZ.0001 TESTERR.0001 Com.1000',
      'java.lang.String com.huawei.img.v1 img.0024/frame.png frames/img.0024.png',
    ].join('\n');
    assert.deepEqual(scanText(text, 'log', realIndex()), []);
    const code = 'const a = "XQZW.0101"; const b = "Qqq.0114"; const v = "1.2.3"; const p = "img.0024/frame.png";';
    assert.deepEqual(scanText(code, 'typescript', realIndex()), []);
  });

  test('codes after thousands of literals and comments without codes are found, each once, at their place', () => {
    const text = 'x = "1.5"; // v1.2\n'.repeat(5000) + 'if (c === "SVCSTG.SRW.4040010") {} // IMG.0024\n';
    const hits = scanText(text, 'typescript', realIndex());
    assert.deepEqual(
      hits.map((h) => [h.text, h.where, text.slice(h.start, h.end)]),
      [
        ['SVCSTG.SRW.4040010', 'literal', 'SVCSTG.SRW.4040010'],
        ['IMG.0024', 'comment', 'IMG.0024'],
      ],
    );
  });

  test('image sequences in a shell script are not codes', () => {
    const sh = 'for f in frames/*; do\n  convert "$f" "out/img.0024/$fname"\n  cp img.0024/$fname .\ndone';
    assert.deepEqual(scanText(sh, 'shellscript', realIndex()), []);
  });

  test('prose inside a string is not a literal code, and near misses there are not guessed at', () => {
    const hits = scanText('log.warn("got SVCSTG.SWR.4040010 and SVCSTG.SRW.4040010 from SWR");', 'typescript', realIndex());
    assert.deepEqual(
      hits.map((h) => [h.text, h.where]),
      [['SVCSTG.SWR.4040010', 'string']],
    );
  });

  test('codes in comments are found and marked as comments', () => {
    const hits = scanText('// SWR answers SVCSTG.SWR.4040010 here\nconst x = 1; /* IMG.0024 */', 'typescript', realIndex());
    assert.deepEqual(
      hits.map((h) => [h.text, h.where]),
      [
        ['SVCSTG.SWR.4040010', 'comment'],
        ['IMG.0024', 'comment'],
      ],
    );
  });

  test('a family prefix used for partial matching is a short hit', () => {
    const [hit] = literalHits('if strings.HasPrefix(code, "SVCSTG.SWR.4000") {}', 'go');
    assert.equal(hit.kind, 'short');
    assert.equal(hit.context, 'substring');
  });
});

describe('positions', () => {
  test('ranges count UTF-16 code units after Chinese text and emoji', () => {
    const text = '日志 😀 错误码 "SVCSTG.SWR.4040010" 出现';
    const doc = document(text, 'log');
    const [hit] = scanText(text, 'log', realIndex());
    const start = doc.positionAt(hit.start);
    assert.equal(start.character, text.indexOf('SVCSTG'));
    assert.equal(start.character, 11); // 2 + 1 + 2 (surrogate pair) + 1 + 3 + 1 + 1 quote
  });

  test('CRLF and LF documents give the same lines and characters', () => {
    const lf = 'a\nb\nif (c === "SVCSTG.SWR.4040010") {}\n';
    const crlf = lf.replace(/\n/g, '\r\n');
    const pos = (text: string) => {
      const doc = document(text, 'typescript');
      const [hit] = scanText(text, 'typescript', realIndex());
      return [doc.positionAt(hit.start), doc.positionAt(hit.end)];
    };
    assert.deepEqual(pos(crlf), pos(lf));
    assert.deepEqual(pos(lf)[0], { line: 2, character: 11 });
  });

  test('scanAround finds the code on the caret line only', () => {
    const text = 'IMG.0001\nfoo IMG.0024 bar\nIMG.0003';
    const offset = text.indexOf('IMG.0024') + 2;
    assert.deepEqual(
      scanAround(text, offset, 'log', realIndex()).map((h) => [h.text, h.start]),
      [['IMG.0024', 13]],
    );
  });
});

describe('lexer', () => {
  test('strings and comments of several languages', () => {
    const kinds = (text: string, lang: string) =>
      lex(text, languageSpec(lang)).map((r) => [r.kind === RegionKind.String ? 's' : 'c', text.slice(r.contentStart, r.contentEnd)]);
    assert.deepEqual(kinds(`a = "x\\"y" // c "not"\nb = 'z'`, 'javascript'), [
      ['s', 'x\\"y'],
      ['c', '// c "not"'],
      ['s', 'z'],
    ]);
    assert.deepEqual(kinds(`s = """a\n"b"\n""" # c`, 'python'), [
      ['s', 'a\n"b"\n'],
      ['c', '# c'],
    ]);
    assert.deepEqual(kinds(`let s = r#"a "q" b"#; let c = '"'; fn f<'a>(x: &'a str) {}`, 'rust'), [['s', 'a "q" b']]);
    assert.deepEqual(kinds('x := `raw \\ "q"` /* c /* d */', 'go'), [
      ['s', 'raw \\ "q"'],
      ['c', '/* c /* d */'],
    ]);
    assert.deepEqual(kinds(`var p = @"C:\\dir\\""x"""; // c`, 'csharp'), [
      ['s', 'C:\\dir\\""x""'],
      ['c', '// c'],
    ]);
    assert.deepEqual(kinds('/* a /* nested */ still */ "s"', 'kotlin'), [
      ['c', '/* a /* nested */ still */'],
      ['s', 's'],
    ]);
  });

  test('an unterminated string ends at the end of its line', () => {
    const text = 'a = "open\nb = "SVCSTG.SWR.4040010"';
    const hits = scanText(text, 'typescript', realIndex());
    assert.deepEqual(
      hits.map((h) => [h.text, h.where]),
      [['SVCSTG.SWR.4040010', 'literal']],
    );
  });

  test('file names map to languages, rotated logs included', () => {
    assert.equal(languageOfFile('src/handler.go'), 'go');
    assert.equal(languageOfFile('/var/log/app.log.1'), 'log');
    assert.equal(languageOfFile('C:\\x\\Main.KT'), 'kotlin');
    assert.equal(languageOfFile('README'), 'plaintext');
  });
});
