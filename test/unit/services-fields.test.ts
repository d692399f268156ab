// Bare-number and name codes (IAM `1100`, OBS `NoSuchBucket`) are recognised only where a
// code field puts them: the value of a code key, a literal compared with a code field, a
// case of a switch on one. Never in prose, arithmetic or an unrelated literal.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import { CatalogIndex, type LoadedCatalog } from '../../server/src/catalog/index';
import { parseFamilyPattern, recognisedAnywhere } from '../../server/src/catalog/family';
import type { Catalog } from '../../server/src/catalog/types';
import type { ServiceContext } from '../../server/src/features/context';
import { hover } from '../../server/src/features/hover';
import { complete } from '../../server/src/features/completion';
import { diagnose, type DiagnosticData } from '../../server/src/features/diagnostics';
import { codeActions } from '../../server/src/features/actions';
import { explainCodePlain } from '../../server/src/features/explainCode';
import { scanText } from '../../server/src/scan/scanner';
import { LogScan, type StreamPosition } from '../../server/src/scan/stream';
import { MAX_HITS } from '../../server/src/scan/scanner';
import { DEFAULT_SETTINGS } from '../../protocol';
import { caret } from '../support/caret';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { CATALOG_DIR } from '../support/root';
import { diagnoseInSlices } from '../../server/src/features/slicedCheck';
import { generateHandlers, readCodes } from '../bench/generate';

const iam: Catalog = {
  id: 'iam-test',
  service: { en: 'Identity and Access Management' },
  families: [{ pattern: '[0-9]{4}', name: 'IAM' }],
  responseBody: { codePath: 'error_code', messagePath: 'error_msg', sample: '{"error_code": "1100"}', source: 'iam-en' },
  sources: [],
  codes: [
    { code: '1100', httpStatus: 400, message: { en: 'Incorrect parameter.' } },
    { code: '1101', httpStatus: 400, message: { en: 'Invalid user name.' } },
    { code: '1140', httpStatus: 403, message: { en: 'The user is disabled.' } },
  ],
};
const obs: Catalog = {
  id: 'obs-test',
  service: { en: 'Object Storage Service' },
  families: [{ pattern: '[A-Za-z][A-Za-z0-9.]*', name: 'OBS' }],
  sources: [],
  codes: [
    { code: 'NoSuchBucket', httpStatus: 404, message: { en: 'The specified bucket does not exist.' } },
    { code: 'NoSuchKey', httpStatus: 404, message: { en: 'The specified key does not exist.' } },
    { code: 'AccessDenied', httpStatus: 403, message: { en: 'Access denied.' } },
  ],
};
const kms: Catalog = {
  id: 'kms-test',
  service: { en: 'Key Management Service' },
  families: [{ pattern: 'KMS\\.[A-Za-z][A-Za-z0-9.]*', name: 'KMS' }],
  sources: [],
  codes: [{ code: 'KMS.DisabledException', httpStatus: 400, message: { en: 'The key is disabled.' } }],
};

/**
 * The bundled catalogs whose codes are all told by shape, without the services written inline
 * here: the tests state what number and name families add, whichever services the bundle has.
 */
function shapeCatalogs(): Catalog[] {
  const inline = new Set(['iam', 'obs', 'kms']);
  const byShape = (pattern: string) => {
    const shape = parseFamilyPattern(pattern);
    return typeof shape !== 'string' && recognisedAnywhere(shape);
  };
  return bundledCatalogs(CATALOG_DIR).filter((c) => !inline.has(c.id) && c.families.every((f) => byShape(f.pattern)));
}

function messageOf(message: string | MarkupContent): string {
  return typeof message === 'string' ? message : message.value;
}

function loaded(catalog: Catalog, origin: string): LoadedCatalog {
  return { catalog, origin };
}

/** The bundled catalogs (prefix-and-digits codes) and the three inline ones. */
const index = new CatalogIndex([
  ...shapeCatalogs().map((catalog) => loaded(catalog, 'bundled')),
  loaded(iam, 'iam.json'),
  loaded(obs, 'obs.json'),
  loaded(kms, 'kms.json'),
]);

function ctx(): ServiceContext {
  return { index, settings: structuredClone(DEFAULT_SETTINGS), displayLanguage: 'en' };
}

/** The field hits of a text: each as its text and how it was taken. */
function fieldHits(text: string, languageId: string): { text: string; kind: string }[] {
  return scanText(text, languageId, index)
    .filter((h) => h.field)
    .map((h) => ({ text: h.text, kind: h.kind }));
}

/** The code under the caret as hover shows it, or undefined when there is none. */
function hoverAt(marked: string, languageId: string): string | undefined {
  const { text, offset } = caret(marked);
  const doc = TextDocument.create(`file:///t.${languageId}`, languageId, 1, text);
  const h = hover(doc, doc.positionAt(offset), ctx());
  return h ? (h.contents as MarkupContent).value : undefined;
}

describe('recognised where a code field puts them', () => {
  const places: [string, string, string][] = [
    ['json', '{"error_code": "11‸00", "error_msg": "Incorrect parameter."}', '1100'],
    ['json', '{"error_code": 11‸00}', '1100'],
    ['yaml', 'error:\n  code: NoSuch‸Bucket\n', 'NoSuchBucket'],
    ['yaml', 'errorCode: "11‸00"\n', '1100'],
    ['log', '2024-05-01 ERROR iam call failed error_code=11‸00 request=abc', '1100'],
    ['log', '<Error><Code>NoSuch‸Bucket</Code><Message>The specified bucket does not exist</Message></Error>', 'NoSuchBucket'],
    ['plaintext', 'response: {"code":"KMS.Disabled‸Exception"}', 'KMS.DisabledException'],
    ['typescript', 'if (err.Code == "NoSuch‸Bucket") retry();', 'NoSuchBucket'],
    ['typescript', 'if (body.error_code === "11‸00") {}', '1100'],
    ['typescript', 'if ("11‸00" === body.error_code) {}', '1100'],
    ['typescript', 'if (body["error_code"] !== "11‸00") {}', '1100'],
    ['java', 'if ("11‸00".equals(resp.getErrorCode())) {}', '1100'],
    ['java', 'if (resp.getErrorCode().equals("11‸00")) {}', '1100'],
    ['python', 'if e.code == "NoSuch‸Bucket":\n    pass\n', 'NoSuchBucket'],
    ['python', 'if resp.get("error_code") == "11‸00":\n    pass\n', '1100'],
    ['go', 'if strings.EqualFold(e.Code(), "NoSuch‸Bucket") {\n}\n', 'NoSuchBucket'],
    ['typescript', 'switch (err.Code) {\n  case "AccessDenied":\n    return 1;\n  case "NoSuch‸Bucket":\n    return 2;\n}', 'NoSuchBucket'],
    ['go', 'switch e.Code() {\ncase "NoSuchKey", "NoSuch‸Bucket":\n\treturn nil\n}\n', 'NoSuchBucket'],
    ['rust', 'match e.code.as_str() {\n    "NoSuch‸Bucket" => None,\n    _ => Some(e),\n}\n', 'NoSuchBucket'],
    ['python', 'match e.code:\n    case "AccessDenied":\n        pass\n    case "NoSuch‸Bucket":\n        pass\n', 'NoSuchBucket'],
    ['typescript', 'const expected = { code: "NoSuch‸Bucket", status: 404 };', 'NoSuchBucket'],
    ['typescript', 'const body = \'{"error_code": "11‸00"}\';', '1100'],
  ];
  for (const [languageId, marked, code] of places) {
    test(`${languageId}: ${marked.replace(/\n/g, '⏎')}`, () => {
      const md = hoverAt(marked, languageId);
      assert.ok(md, 'a hover');
      assert.match(md, new RegExp(`\\*\\*${code.replace(/\./g, '\\.')}\\*\\*`));
      // Found by the scan (diagnostics, the summary and the workspace view read it), as a code field's value.
      assert.deepEqual(
        fieldHits(caret(marked).text, languageId).filter((h) => h.text === code),
        [{ text: code, kind: 'exact' }],
      );
    });
  }
});

describe('not recognised elsewhere', () => {
  const places: [string, string][] = [
    ['plaintext', 'We shipped 11‸00 units; NoSuchBucket is what the docs call it.'],
    ['log', '2024-05-01 INFO took 11‸00 ms'],
    ['log', '2024-05-01 ERROR http_code=11‸00'],
    ['markdown', 'The bucket (NoSuch‸Bucket) was gone.'],
    ['typescript', 'const total = count * 11‸00 + 1;'],
    ['typescript', 'const limit = "11‸00";'],
    ['typescript', 'log("NoSuch‸Bucket");'],
    ['typescript', 'if (name === "NoSuch‸Bucket") {}'],
    ['typescript', 'switch (kind) {\n  case "NoSuch‸Bucket":\n    break;\n}'],
    ['typescript', '// NoSuch‸Bucket'],
    ['python', 'x = 11‸00\n'],
    ['json', '{"status_code": "11‸00"}'],
    ['typescript', 'const s = "KMS.Disabled‸Exception";'],
  ];
  for (const [languageId, marked] of places) {
    test(`${languageId}: ${marked.replace(/\n/g, '⏎')}`, () => {
      assert.equal(hoverAt(marked, languageId), undefined);
      assert.deepEqual(fieldHits(caret(marked).text, languageId), []);
    });
  }
});

describe('problems in handlers', () => {
  function problems(text: string, languageId = 'typescript') {
    const doc = TextDocument.create(`file:///t.${languageId}`, languageId, 1, text);
    return { doc, diagnostics: diagnose(doc, ctx()) };
  }

  test('a misspelled name compared with a code field is fixed to the documented one', () => {
    const { doc, diagnostics } = problems('if (err.Code === "NoSuchBuckte") {}');
    assert.equal(diagnostics.length, 1);
    assert.equal(diagnostics[0].code, 'misspelled');
    assert.match(messageOf(diagnostics[0].message), /NoSuchBucket/);
    assert.equal((diagnostics[0].data as DiagnosticData).preferred, 'NoSuchBucket');
    const actions = codeActions(doc, diagnostics, undefined, ctx());
    const edit = actions.find((a) => a.isPreferred)?.edit?.changes?.[doc.uri]?.[0];
    assert.equal(edit?.newText, 'NoSuchBucket');
  });

  test('a name in other letter case in a case of a switch on a code field', () => {
    const { diagnostics } = problems('switch (err.Code) {\n  case "nosuchbucket":\n    break;\n}');
    assert.equal(diagnostics.length, 1);
    assert.match(messageOf(diagnostics[0].message), /only in letter case/);
  });

  test('a number of IAM digit count swapped from a documented one is a typo; another digit is only unknown', () => {
    const swapped = problems('if (body.error_code === "1010") {}').diagnostics;
    assert.equal(swapped.length, 1);
    assert.equal(swapped[0].code, 'misspelled');
    assert.match(messageOf(swapped[0].message), /1100/);
    const other = problems('if (body.error_code === "1109") {}').diagnostics;
    assert.equal(other.length, 1);
    assert.equal(other[0].code, 'unknown');
    assert.equal((other[0].data as DiagnosticData).preferred, undefined);
  });

  test('no problem for what cannot be told from another service or another thing', () => {
    // Far from every documented number; of no family's digit count; a number for a name field's service; a word far from every name.
    for (const text of [
      'if (body.error_code === "7777") {}',
      'if (body.error_code === "110") {}',
      'if (err.Code === "404") {}',
      'if (err.Code === "Throttled") {}',
      'if (body.error_code === "1100") {}',
      'const code = "NoSuchBuckte";',
      '{"code": "NoSuchBuckte"}',
    ])
      assert.deepEqual(
        problems(text, text.startsWith('{') ? 'json' : 'typescript').diagnostics.map((d) => messageOf(d.message)),
        [],
        text,
      );
  });
});

describe('look-up, completion and the log scan', () => {
  test('hover on a typo in a handler offers the documented name', () => {
    const md = hoverAt('if (err.Code === "NoSuch‸Buckte") {}', 'typescript')!;
    assert.match(md, /not a known OBS error code/);
    assert.match(md, /NoSuchBucket/);
  });

  test('explain of a mistyped name lists the documented one', () => {
    const r = explainCodePlain('NoSuchBuckte', ctx());
    assert.equal(r.found, false);
    assert.match(r.text, /NoSuchBucket/);
  });

  test('completion inside a literal compared with a code field offers the names and numbers', () => {
    const names = completeAt('if (err.Code === "NoSu‸") {}');
    assert.deepEqual(names, ['NoSuchBucket', 'NoSuchKey']);
    const numbers = completeAt('if (body.error_code === "11‸") {}');
    assert.deepEqual(numbers, ['1100', '1101', '1140']);
    // Words of a message, as in any literal.
    assert.ok(completeAt('if (err.Code === "bucket does‸") {}').includes('NoSuchBucket'));
  });

  test('the log scan counts codes in code fields, on their lines, and nothing else', () => {
    const log = [
      '2024-05-01 INFO took 1100 ms, NoSuchBucket in a sentence',
      '2024-05-01 ERROR {"error_code": "1100", "error_msg": "Incorrect parameter."}',
      '2024-05-01 ERROR <Error><Code>NoSuchBucket</Code></Error> http_code=1101',
      '2024-05-01 ERROR error_code=1140 and {"code":"SVCSTG.SWR.4001048"}',
    ].join('\n');
    const lines = log.split('\n');
    const at = (code: string, line: number, from = 0): [string, number, number] => [code, line, lines[line].indexOf(code, from)];
    assert.deepEqual(logHits(log, true), [at('1100', 1), at('NoSuchBucket', 2), at('1140', 3), at('SVCSTG.SWR.4001048', 3)]);
    assert.deepEqual(logHits(log, false), logHits(log, true));
    // The open file reads the same.
    assert.deepEqual(
      scanText(log, 'log', index).map((h) => h.text),
      logHits(log, true).map((h) => h[0]),
    );
  });

  test('a code field cut by the log scan’s buffer is found whole, wherever the cut falls', () => {
    const line = 'x'.repeat(50) + ' {"error_code": "1100"} ' + 'y'.repeat(20) + '\n';
    const text = line.repeat(6000);
    const hits = logHits(text, true);
    assert.equal(hits.length, 6000);
    assert.ok(hits.every(([code, , character]) => code === '1100' && character === line.indexOf('1100')));
    assert.deepEqual(logHits(text, false), hits);
  });
});

function completeAt(marked: string): string[] {
  const { text, offset } = caret(marked);
  const doc = TextDocument.create('file:///t.ts', 'typescript', 1, text);
  return complete(doc, doc.positionAt(offset), ctx()).items.map((i) => i.label);
}

function logHits(text: string, simd: boolean): [string, number, number][] {
  const out: [string, number, number][] = [];
  const scan = new LogScan(
    index,
    (token, _entry, _family, place) => {
      const p: StreamPosition = place.where();
      out.push([token, p.line, p.character]);
    },
    { simd },
  );
  scan.push(new TextEncoder().encode(text));
  scan.end();
  return out;
}

describe('hostile input stays bounded', () => {
  test('a long line of `"code":"` repeats and of keys without values', () => {
    const text = '"code":"'.repeat(200_000) + '\n' + 'error_code'.repeat(100_000);
    assert.deepEqual(fieldHits(text, 'log'), []);
    assert.deepEqual(fieldHits(text, 'json'), []);
    assert.deepEqual(logHits(text, true), []);
    assert.ok(MAX_HITS > 0);
  });
});

describe('beside the codes recognised by shape', () => {
  const codes = readCodes(CATALOG_DIR);
  const shapesOnly = new CatalogIndex(shapeCatalogs().map((catalog) => loaded(catalog, 'bundled')));
  const handler =
    '\nfunction onObsError(err: ObsError): number {\n  switch (err.Code) {\n    case "AccessDenied":\n      return 1;\n    case "NoSuchBuckte":\n      return 2;\n  }\n  if (body.error_code === "1010") return 3;\n  return 0;\n}\n';

  test('catalogs with bare-number and name families change no hit of a prefix-and-digits code', () => {
    for (const language of ['typescript', 'python', 'go', 'java'] as const) {
      const text = generateHandlers(language, codes, 30_000, 7, 0.05).text;
      const strip = (h: { start: number; end: number; text: string; kind: string; context: string }) => [h.start, h.end, h.text, h.kind, h.context];
      assert.deepEqual(
        scanText(text, language, index)
          .filter((h) => !h.field)
          .map(strip),
        scanText(text, language, shapesOnly).map(strip),
        language,
      );
    }
  });

  test('a check in slices finds what a check in one piece finds, code fields included', async () => {
    const generated = generateHandlers('typescript', codes, 40_000, 3, 0.05).text;
    // The handler put before every generated function, so that slices are cut near it.
    const parts = generated.split('\nexport async function ');
    const text = parts.join(`${handler}export async function `);
    const doc = TextDocument.create('file:///h.ts', 'typescript', 1, text);
    const whole = diagnose(doc, ctx());
    const fieldProblems = whole.filter((d) => /NoSuchBucket|1100/.test(messageOf(d.message)));
    assert.equal(fieldProblems.length, 2 * (parts.length - 1));
    assert.deepEqual(await diagnoseInSlices(doc, ctx(), { giveWay: () => Promise.resolve() }), whole);
  });
});
