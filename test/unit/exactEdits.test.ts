// Quick fixes and fix-all change a code's characters and nothing else. Over thousands of
// generated documents (LF and CRLF, with and without a BOM, tabs, emoji, combining marks and
// CJK text right before the code, a misspelled code in each language's string syntax and in
// comments) every quick fix and the fix-all are applied with TextDocument.applyEdits, as an
// editor applies them, and the result is compared with the text around the code, exactly.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic, TextEdit } from 'vscode-languageserver-types';
import { codeActions, fixAllEdits } from '../../server/src/features/actions';
import { diagnose, DiagnosticData } from '../../server/src/features/diagnostics';
import { params } from './fuzz';
import { context, realIndex } from '../support/service';

/** Where a code stands, per language: `§` is the code, `¤` noise that may sit right before it. */
const TEMPLATES: [string, string][] = [
  ['typescript', 'switch (err.code) {\n\tcase "§":\n\t\treturn retry();\n}'],
  ['typescript', "if (code === '§') {} /* ¤ */"],
  ['typescript', 'const RETRY = [`§`, "IMG.0024"];'],
  ['typescript', '// ¤§'],
  ['javascript', 'if (["§"].includes(e.code)) throw e;'],
  ['python', 'match code:\n    case "§":\n        pass'],
  ['python', "if code in (r'§', 'IMG.0024'):\n    pass  # ¤"],
  ['python', 'RETRY = """§"""'],
  ['python', '# ¤§'],
  ['go', 'switch code {\ncase "§", `IMG.0024`:\n}'],
  ['go', 'if strings.EqualFold(code, `§`) {}'],
  ['java', 'if ("§".equals(code)) {}'],
  ['java', 'switch (code) { case "§" -> retry(); }'],
  ['csharp', 'if (code == @"§") {}'],
  ['csharp', 'switch (code) { case "§": break; }'],
  ['rust', 'match code {\n    "§" | "IMG.0024" => retry(),\n    _ => {}\n}'],
  ['rust', 'if code == r#"§"# {}'],
  ['kotlin', 'when (code) {\n    "§" -> retry()\n}'],
  ['c', 'if (strcmp(code, "§") == 0) {} /* ¤§ */'],
  ['json', '{"errorCode": "§"}'],
];

/** Text that may come before the code: astral characters, a combining mark, CJK, a tab, zero-width joiners (no ASCII letter: it would join the token). */
const noise = fc.string({ unit: fc.constantFrom('\ud83d\ude00', 'e\u0301', '\u0301', '错误码', '\t', ' ', '\u200d', '\ud834\udd1e', 'é'), maxLength: 6 });

/** A slip of a real code: what a person types instead of it. */
const slipped = fc
  .record({
    code: fc.constantFrom(...[...realIndex().entries()].map((e) => e.entry.code)),
    kind: fc.constantFrom('swap', 'change', 'double', 'letterO', 'lower', 'prefixSwap', 'drop'),
    at: fc.nat(),
    digit: fc.integer({ min: 0, max: 9 }),
  })
  .map(({ code, kind, at, digit }) => {
    const dot = code.lastIndexOf('.');
    const head = code.slice(0, dot + 1);
    const digits = code.slice(dot + 1);
    const i = at % digits.length;
    let typo = code;
    if (kind === 'swap' && i + 1 < digits.length) typo = head + digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
    else if (kind === 'change') typo = head + digits.slice(0, i) + String(digit) + digits.slice(i + 1);
    else if (kind === 'double') typo = head + digits.slice(0, i + 1) + digits.slice(i);
    else if (kind === 'letterO') typo = head + digits.replace('0', 'O');
    else if (kind === 'lower') typo = code.toLowerCase();
    else if (kind === 'drop') typo = head + digits.slice(0, i) + digits.slice(i + 1);
    else if (kind === 'prefixSwap') {
      const j = at % Math.max(1, head.length - 2);
      typo = head.slice(0, j) + head[j + 1] + head[j] + head.slice(j + 2) + digits;
    }
    return { code, typo };
  })
  .filter(({ code, typo }) => typo !== code && !realIndex().get(typo));

interface Generated {
  language: string;
  text: string;
  /** Offset of the planted misspelling, and the misspelling. */
  at: number;
  typo: string;
  code: string;
}

const documents: fc.Arbitrary<Generated> = fc
  .record({
    template: fc.constantFrom(...TEMPLATES),
    slip: slipped,
    before: noise,
    padLines: fc.array(fc.constantFrom('', 'x = 1;', '\t// 注释 \ud83d\ude00', '/* 块 */', '"IMG.0024"'), { maxLength: 4 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(({ template: [language, template], slip, before, padLines, crlf, bom }) => {
    const eol = crlf ? '\r\n' : '\n';
    const hashComments = language === 'python';
    const pad = padLines.map((l) => (hashComments ? l.replace(/^\/\*.*\*\/$|^\t\/\/ /, '# ') : l));
    const [pre, post] = template
      .replace('¤', before)
      .split('§')
      .map((part) => part.replace(/\n/g, eol));
    const head = (bom ? '\ufeff' : '') + pad.map((l) => l + eol).join('');
    const text = head + pre + slip.typo + post + eol;
    const at = head.length + pre.length;
    return { language, text, at, typo: slip.typo, code: slip.code };
  });

function ours(d: Diagnostic): d is Diagnostic & { data: DiagnosticData } {
  return !!d.data && typeof (d.data as DiagnosticData).token === 'string';
}

/** Applies edits as an editor does and checks that only [start, end) changed, into `expected`. */
function assertOnlyReplaced(doc: TextDocument, edits: TextEdit[], start: number, end: number, expected: string): string {
  const text = doc.getText();
  const out = TextDocument.applyEdits(doc, edits);
  const tail = text.length - end;
  assert.equal(out.slice(0, start), text.slice(0, start), 'text before the code changed');
  assert.equal(out.slice(out.length - tail), text.slice(end), 'text after the code changed');
  assert.equal(out.slice(start, out.length - tail), expected);
  assert.equal(Buffer.compare(Buffer.from(out), Buffer.from(text.slice(0, start) + expected + text.slice(end))), 0);
  return out;
}

describe('exact edits', () => {
  const ctx = context({ diagnostics: { ...context().settings.diagnostics, comments: true } });
  let planted = 0;
  let diagnosed = 0;

  it("every quick fix replaces exactly the diagnostic's range with a catalog code, the planted slip included, and fixes it (2,500 documents)", () => {
    fc.assert(
      fc.property(documents, ({ language, text, at, typo, code }) => {
        const doc = TextDocument.create(`file:///edit.${language}`, language, 1, text);
        planted++;
        const diagnostics = diagnose(doc, ctx).filter(ours);
        for (const d of diagnostics) {
          const start = doc.offsetAt(d.range.start);
          const end = doc.offsetAt(d.range.end);
          assert.equal(text.slice(start, end), d.data.token, 'the range is not the token');
          // A diagnostic that touches the planted slip is exactly on it.
          if (start < at + typo.length && end > at) {
            assert.deepEqual([start, end], [at, at + typo.length], `diagnostic on ${JSON.stringify(text.slice(start, end))}, the slip is ${typo} at ${at}`);
            diagnosed++;
          }
          const fixes = codeActions(doc, [d], ['quickfix'], ctx).filter((a) => a.edit);
          assert.equal(fixes.length, d.data.candidates.length);
          for (const fix of fixes) {
            const edits = fix.edit!.changes![doc.uri];
            assert.equal(edits.length, 1);
            const replacement = edits[0].newText;
            assert.ok(realIndex().get(replacement), `${replacement} is not a catalog code`);
            const out = assertOnlyReplaced(doc, edits, start, end, replacement);
            // The fixed document has no problem left at that place.
            const after = TextDocument.create(doc.uri, language, 2, out);
            assert.ok(
              !diagnose(after, ctx).some((x) => ours(x) && after.offsetAt(x.range.start) === start),
              `fixing ${d.data.token} with ${replacement} left a problem there`,
            );
          }
          if (start === at && d.data.preferred !== undefined) assert.ok(d.data.candidates.some((c: { code: string }) => c.code === d.data.preferred));
        }
        void code;
      }),
      params(2500),
    );
    // Not vacuous: most slips are diagnosed (some are not problems, e.g. a lower-case code in EqualFold).
    if (process.env.ERROR_CODES_FC_VERBOSE) console.log(`${diagnosed} of ${planted} slips diagnosed`);
    assert.ok(diagnosed >= planted * 0.9, `only ${diagnosed} of ${planted} planted slips were diagnosed`);
  });

  it("fix-all changes exactly the preferred diagnostics' ranges, each into its preferred code, and nothing else (1,500 documents)", () => {
    const several = fc.array(documents, { minLength: 1, maxLength: 4 }).map((docs) => {
      // Several slips in one document of one language and line ending.
      const first = docs[0];
      const eol = first.text.includes('\r\n') ? '\r\n' : '\n';
      const bodies = docs.filter((d) => d.language === first.language).map((d) => d.text.replace(/^\ufeff/, '').replace(/\r?\n/g, eol));
      return { language: first.language, text: (first.text.startsWith('\ufeff') ? '\ufeff' : '') + bodies.join(eol) };
    });
    let withFixes = 0;
    let runs = 0;
    fc.assert(
      fc.property(several, ({ language, text }) => {
        const doc = TextDocument.create(`file:///all.${language}`, language, 1, text);
        const preferred = diagnose(doc, ctx)
          .filter(ours)
          .filter((d) => d.data.preferred);
        runs++;
        if (preferred.length) withFixes++;
        const edits = fixAllEdits(doc, ctx);
        assert.equal(edits.length, preferred.length);
        const out = TextDocument.applyEdits(doc, edits);
        // The same result spliced by hand from the end, so earlier offsets stay valid.
        let expected = text;
        const spans = preferred.map((d) => [doc.offsetAt(d.range.start), doc.offsetAt(d.range.end), d.data.preferred!] as const).sort((a, b) => b[0] - a[0]);
        for (let i = 1; i < spans.length; i++) assert.ok(spans[i][1] <= spans[i - 1][0], 'fix-all edits overlap');
        for (const [s, e, code] of spans) {
          assert.ok(realIndex().get(code));
          expected = expected.slice(0, s) + code + expected.slice(e);
        }
        assert.equal(out, expected);
        if (spans.length === 1) assertOnlyReplaced(doc, edits, spans[0][0], spans[0][1], spans[0][2]);
        assert.equal(text.startsWith('\ufeff'), out.startsWith('\ufeff'), 'the BOM was lost or added');
        assert.equal((text.match(/\r\n/g) ?? []).length, (out.match(/\r\n/g) ?? []).length, 'line endings changed');
      }),
      params(1500),
    );
    if (process.env.ERROR_CODES_FC_VERBOSE) console.log(`${withFixes} of ${runs} documents with fix-all edits`);
    assert.ok(withFixes >= runs * 0.6, `only ${withFixes} of ${runs} documents had a fix-all edit`);
  });

  it('a slip right after an emoji, a combining mark and CJK in a comment, with CRLF and a BOM, is replaced exactly', () => {
    const text = '\ufeff// 错误码\ud83d\ude00e\u0301SVCSTG.SRW.4040010\r\nx = 1;\r\n';
    const doc = TextDocument.create('file:///one.ts', 'typescript', 1, text);
    const [d] = diagnose(doc, ctx).filter(ours);
    const start = text.indexOf('SVCSTG');
    assert.deepEqual([doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)], [start, start + 'SVCSTG.SRW.4040010'.length]);
    const fix = codeActions(doc, [d], ['quickfix'], ctx).find((a) => a.isPreferred)!;
    assertOnlyReplaced(doc, fix.edit!.changes![doc.uri], start, start + 18, 'SVCSTG.SWR.4040010');
  });
});
