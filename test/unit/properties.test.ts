// Properties of the scanner, the lexer, context detection and the suggestions, checked on
// generated and mutated sources in every language (fast-check; see fuzz.ts for the seeds, the
// mutations and how to rerun with another seed). What a user would notice if one broke: an
// exception instead of an answer, a squiggle or a completion range outside the text or in the
// middle of an emoji, answers that change from one run to the next, a fix that is no catalog code.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { CatalogIndex } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { complete } from '../../server/src/features/completion';
import { diagnose, DiagnosticData } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { literalContext, UsageContext } from '../../server/src/scan/context';
import { languageSpec } from '../../server/src/scan/languages';
import { lex, RegionKind } from '../../server/src/scan/lexer';
import { scanAround, scanText } from '../../server/src/scan/scanner';
import { scanStream } from '../../server/src/scan/stream';
import { normaliseDigits } from '../../server/src/shapes/codeParts';
import { digitDistance } from '../../server/src/shapes/distance';
import { suggest } from '../../server/src/suggest/rank';
import { anySource, LANGUAGES, mutatedSource, params, splitsPair } from './fuzz';
import { CATALOG_DIR } from '../support/root';
import { context, realIndex, shapeEntries, withCaret } from '../support/service';

const CONTEXTS: readonly UsageContext[] = ['case', 'compare', 'compareIgnoreCase', 'member', 'substring', 'arg', 'const', 'value', 'key', 'other'];

function assertRangeInside(doc: TextDocument, range: Range, what: string): void {
  const text = doc.getText();
  const start = doc.offsetAt(range.start);
  const end = doc.offsetAt(range.end);
  // offsetAt clamps: a position past a line's end would come back as another offset.
  assert.deepEqual(doc.positionAt(start), range.start, `${what}: start ${JSON.stringify(range.start)} is not a place in the text`);
  assert.deepEqual(doc.positionAt(end), range.end, `${what}: end ${JSON.stringify(range.end)} is not a place in the text`);
  assert.ok(start <= end, `${what}: range runs backwards (${start} > ${end})`);
  assert.ok(!splitsPair(text, start) && !splitsPair(text, end), `${what}: range splits a surrogate pair`);
}

/** What a hit says, without object identity (entries and families are shared objects). */
const plainHits = (text: string, language: string) =>
  scanText(text, language, realIndex()).map((h) => [h.start, h.end, h.text, h.kind, h.where, h.context, h.entry?.entry.code, h.family?.prefix]);

describe('properties: lexer', () => {
  it('regions lie inside the window they were asked for, in order, content inside its delimiters (1,500 windows)', () => {
    fc.assert(
      fc.property(anySource, fc.nat(), fc.nat(), ({ language, text }, a, b) => {
        const from = text.length ? a % (text.length + 1) : 0;
        const to = from + (text.length - from ? b % (text.length - from + 1) : 0);
        const regions = lex(text, languageSpec(language), from, to);
        let last = from;
        for (const r of regions) {
          assert.ok(r.start >= last, `region at ${r.start} overlaps the one before (ends ${last})`);
          assert.ok(
            r.start <= r.contentStart && r.contentStart <= r.contentEnd && r.contentEnd <= r.end,
            `region ${JSON.stringify(r)} has its content outside it`,
          );
          assert.ok(r.end <= to, `region ${JSON.stringify(r)} runs past the window's end ${to}`);
          assert.ok(r.end > r.start, `empty region ${JSON.stringify(r)}`);
          last = r.end;
        }
      }),
      params(1500),
    );
  });

  it("a prefix or raw-string opener at the window's last character opens nothing (it used to open a literal whose content began past the window)", () => {
    const cases = [
      ['rust', 'let s = r‸"x";'],
      ['rust', 'let s = br#‸"x"#;'],
      ['python', 'x = f‸"IMG.0024"'],
      ['csharp', 'var s = @‸"x";'],
      ['python', 'x = ""‸"abc"""'],
      ['kotlin', 'val s = ""‸"IMG.0024"""'],
    ];
    for (const [language, marked] of cases) {
      const to = marked.indexOf('‸');
      const line = marked.replace('‸', '');
      for (const r of lex(line, languageSpec(language), 0, to)) {
        assert.ok(r.contentStart <= r.contentEnd && r.end <= to, `${language} ${line} window [0, ${to}): ${JSON.stringify(r)}`);
      }
    }
  });
});

describe('properties: scanner', () => {
  it('never throws; hits are in order, inside the text, spell their token, and never split a surrogate pair (2,000 mutated sources)', () => {
    fc.assert(
      fc.property(anySource, ({ language, text }) => {
        const hits = scanText(text, language, realIndex());
        let last = 0;
        for (const h of hits) {
          assert.ok(h.start >= last && h.start < h.end && h.end <= text.length, `hit ${h.text} at [${h.start}, ${h.end}) out of order or outside the text`);
          assert.equal(text.slice(h.start, h.end), h.text);
          assert.ok(!splitsPair(text, h.start) && !splitsPair(text, h.end));
          assert.ok(CONTEXTS.includes(h.context));
          if (h.kind === 'exact') assert.equal(realIndex().get(h.text)?.entry.code, h.text);
          last = h.end;
        }
      }),
      params(2000),
    );
  });

  it('the same text gives the same hits, also with a fresh catalog index', () => {
    const fresh = new CatalogIndex(bundledCatalogs(CATALOG_DIR).map((catalog) => ({ catalog, origin: 'bundled' as const })));
    fc.assert(
      fc.property(anySource, ({ language, text }) => {
        const again = scanText(text, language, fresh).map((h) => [h.start, h.end, h.text, h.kind, h.where, h.context, h.entry?.entry.code, h.family?.prefix]);
        assert.deepEqual(plainHits(text, language), again);
      }),
      params(300),
    );
  });

  it('a code on a line by itself is found in prose whatever surrounds the line (CRLF, BOM, emoji, combining marks, CJK)', () => {
    const codes = shapeEntries().map((e) => e.entry.code);
    const noise = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '错误', '\ud83d\ude00', 'e\u0301', '.', '1', '\ufeff', '"', '/'), maxLength: 30 });
    fc.assert(
      fc.property(fc.constantFrom(...codes), noise, noise, fc.constantFrom('\n', '\r\n'), (code, before, after, eol) => {
        const text = `${before}${eol}${code}${eol}${after}`;
        const start = before.length + eol.length;
        const hits = scanText(text, 'log', realIndex()).filter((h) => h.start === start);
        assert.deepEqual(
          hits.map((h) => [h.text, h.end, h.kind]),
          [[code, start + code.length, 'exact']],
        );
      }),
      params(500),
    );
  });

  it('scanAround finds what scanText finds on a short line, at the same offsets', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES).chain((l) => mutatedSource(l).map((text) => ({ language: l, text }))),
        fc.nat(),
        ({ language, text }, n) => {
          const offset = n % (text.length + 1);
          for (const h of scanAround(text, offset, language, realIndex())) {
            assert.ok(h.start >= 0 && h.end <= text.length && h.start < h.end);
            assert.equal(text.slice(h.start, h.end), h.text);
          }
        },
      ),
      params(500),
    );
  });

  it('long runs are read in linear time and give sensible answers (regressions for quadratic token search)', () => {
    // Each of these took tens of seconds at this size before: a long word before a dot, a run
    // of dots after a code, a long run of separators in a near miss.
    const word = 'Qz'.repeat(100_000);
    assert.deepEqual(
      scanText(`${word} end. IMG.0024`, 'log', realIndex()).map((h) => h.text),
      ['IMG.0024'],
    );
    assert.deepEqual(
      scanText(`"${word} x. IMG.0024"`, 'typescript', realIndex()).map((h) => h.text),
      ['IMG.0024'],
    );
    const dots = scanText(`// IMG.0024${'.'.repeat(200_000)}\n`, 'typescript', realIndex());
    assert.deepEqual(
      dots.map((h) => [h.text, h.start, h.end]),
      [['IMG.0024', 3, 11]],
    );
    assert.deepEqual(scanText(`// A${'._'.repeat(100_000)}B.1\n`, 'typescript', realIndex()), []);
    const line = 'c == "SVCSTG.SWR.4001048" || '.repeat(20_000);
    const hits = scanText(line, 'typescript', realIndex());
    assert.equal(hits.length, 20_000);
    assert.ok(hits.every((h) => h.context === 'compare'));
  });
});

describe('properties: context detection', () => {
  const code = fc.constantFrom(...shapeEntries().map((e) => e.entry.code));
  // Blank and comments between tokens: `case /* x */ "A" :` reads as `case "A":`.
  const gap = (language: string) =>
    fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n', language === 'python' ? ' # note\n' : ' /* note */ '), { maxLength: 3 }).map((g) => g.join(''));
  const templates: [string, string, UsageContext][] = [
    ['typescript', 'switch (c) {\n  case_"X"_:\n}', 'case'],
    ['java', 'switch (c) { case_"X"_: break; }', 'case'],
    ['go', 'switch c {\ncase_"X"_,_"SVCSTG.SWR.4001048":\n}', 'case'],
    ['rust', 'match c { _"X"_=>_1, _ => 0 }', 'case'],
    ['kotlin', 'when (c) { _"X"_->_1 }', 'case'],
    ['typescript', 'if (c_===_"X") {}', 'compare'],
    ['python', 'if c_==_"X":\n    pass', 'compare'],
    ['java', 'if (_"X"_.equals(c)) {}', 'compare'],
    ['java', 'if (c.equalsIgnoreCase(_"X"_)) {}', 'compareIgnoreCase'],
    ['python', 'if c in (_"X",_"IMG.0024"_):\n    pass', 'member'],
    ['typescript', 'if ([_"X"_].includes(c)) {}', 'member'],
    ['go', 'if strings.HasPrefix(c,_"X") {}', 'substring'],
    ['typescript', 'const K_=_"X";', 'const'],
    ['typescript', 'const m = { _"X"_: 1 };', 'key'],
  ];
  it('generated case labels, comparisons, lists, constants and keys in several languages read as such, whatever the spacing and comments between tokens (1,400 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...templates).chain((t) => fc.tuple(fc.constant(t), fc.array(gap(t[0]), { minLength: 4, maxLength: 4 }))),
        code,
        fc.constantFrom('', '\n\n', '\n'),
        ([[language, template, expected], gaps], c, head) => {
          let g = 0;
          const text = head + template.replace(/_/g, () => gaps[g++ % gaps.length]).replace('"X"', JSON.stringify(c));
          // The planted literal is the first with this code (a sibling may be the same code).
          const at = text.indexOf(JSON.stringify(c)) + 1;
          const hits = scanText(text, language, realIndex()).filter((h) => h.start === at && h.where === 'literal');
          assert.equal(hits.length, 1, `${language}: ${JSON.stringify(text)}`);
          assert.equal(hits[0].context, expected, `${language}: ${JSON.stringify(text)}`);
        },
      ),
      params(1400),
    );
  });

  it('every literal of a mutated source gets a context, the same each time', () => {
    fc.assert(
      fc.property(anySource, ({ language, text }) => {
        const regions = lex(text, languageSpec(language));
        regions.forEach((r, i) => {
          if (r.kind !== RegionKind.String) return;
          const c = literalContext(text, regions, i);
          assert.ok(CONTEXTS.includes(c));
          assert.equal(literalContext(text, regions, i), c);
        });
      }),
      params(500),
    );
  });
});

describe('properties: suggestions', () => {
  const entries = shapeEntries();
  const codeArb = fc.constantFrom(...entries.map((e) => e.entry.code));
  // A fresh index per check: the memo of the shared one must not hide a nondeterminism.
  const fresh = () => new CatalogIndex(bundledCatalogs(CATALOG_DIR).map((catalog) => ({ catalog, origin: 'bundled' as const })));
  const other = fresh();

  function assertWellFormed(token: string): ReturnType<typeof suggest> {
    const s = suggest(realIndex(), token);
    for (const c of s.candidates) assert.equal(realIndex().get(c.entry.entry.code), c.entry, `${c.entry.entry.code} is no catalog code`);
    for (let i = 1; i < s.candidates.length; i++) {
      const [a, b] = [s.candidates[i - 1], s.candidates[i]];
      assert.ok(a.score < b.score || (a.score === b.score && a.entry.entry.code < b.entry.entry.code), `candidates out of order for ${token}`);
    }
    assert.ok(s.candidates.length <= 5);
    if (s.preferred) assert.equal(s.preferred, s.candidates[0]);
    const again = suggest(other, token);
    assert.deepEqual(
      again.candidates.map((c) => [c.entry.entry.code, c.score]),
      s.candidates.map((c) => [c.entry.entry.code, c.score]),
      `suggestions for ${token} differ between two indexes`,
    );
    assert.equal(again.preferred?.entry.entry.code, s.preferred?.entry.entry.code);
    return s;
  }

  it('a catalog code ranks first for itself (every one)', () => {
    // Every code, not a sample: with 61 services a sample would leave most of them untried.
    for (const e of entries) {
      const code = e.entry.code;
      const s = assertWellFormed(code);
      assert.equal(s.candidates[0]?.entry.entry.code, code);
      assert.equal(s.candidates[0].score, 0);
    }
  });

  it('a one-digit slip of a code (changed, swapped, doubled, dropped, O for 0) has that code among its candidates, or only codes as close (1,500 slips)', () => {
    const slip = fc.record({ kind: fc.constantFrom('change', 'swap', 'double', 'drop', 'letter'), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) });
    fc.assert(
      fc.property(codeArb, slip, (code, { kind, at, digit }) => {
        // The number follows the family's prefix (after its last dot, or after `SVCSTG_AMS_` and `DRS.M`).
        const dot = realIndex().get(code)!.family.prefix.length - 1;
        const digits = code.slice(dot + 1);
        const i = at % digits.length;
        let typo = digits;
        if (kind === 'change') typo = digits.slice(0, i) + String(digit) + digits.slice(i + 1);
        else if (kind === 'swap' && i + 1 < digits.length) typo = digits.slice(0, i) + digits[i + 1] + digits[i] + digits.slice(i + 2);
        else if (kind === 'double') typo = digits.slice(0, i + 1) + digits.slice(i);
        else if (kind === 'drop') typo = digits.slice(0, i) + digits.slice(i + 1);
        else if (kind === 'letter') typo = digits.replace('0', 'O');
        const token = code.slice(0, dot + 1) + typo;
        fc.pre(token !== code && !realIndex().get(token));
        const s = assertWellFormed(token);
        const found = s.candidates.some((c) => c.entry.entry.code === code);
        // A slip can be ambiguous (drop the last digit of 5001058 and 5001050…5001059 are all
        // one edit away): then the five places may go to codes as close as the intended one,
        // never to a farther one.
        const typed = normaliseDigits(typo)!;
        const intended = digitDistance(typed.digits, digits) + typed.fixes * 0.25;
        const full = s.candidates.length === 5 && s.candidates.every((c) => c.score <= intended);
        assert.ok(found || full, `${token} (${kind} of ${code}, ${intended} away): ${s.candidates.map((c) => `${c.entry.entry.code} ${c.score}`).join(', ')}`);
        if (kind === 'change' || kind === 'swap') assert.ok(intended <= 1);
      }),
      params(1500),
    );
  });

  it('any token gives well-formed, deterministic suggestions', () => {
    const token = fc.oneof(
      fc.string({ unit: fc.constantFrom('S', 'V', 'C', 'T', 'G', 'W', 'R', 'I', 'M', '.', '0', '1', '4', 'O', 'l', '-', '_', 's', 'w'), maxLength: 24 }),
      codeArb.chain((c) => fc.tuple(fc.nat(c.length), fc.constantFrom('', '.', '0', 'x', '..')).map(([i, s]) => c.slice(0, i) + s + c.slice(i + 1))),
    );
    fc.assert(
      fc.property(token, (t) => {
        assertWellFormed(t);
      }),
      params(1000),
    );
    void fresh;
  });
});

describe('properties: features on mutated sources', () => {
  it('hover, completion and diagnostics never throw, and every range they give is a place in the text (600 documents, 4 positions each)', () => {
    const ctx = context();
    fc.assert(
      fc.property(anySource, fc.array(fc.nat(), { minLength: 4, maxLength: 4 }), ({ language, text }, picks) => {
        const doc = TextDocument.create(`file:///fuzz.${language}`, language, 1, text);
        for (const d of diagnose(doc, ctx)) {
          assertRangeInside(doc, d.range, 'diagnostic');
          const data = d.data as DiagnosticData | undefined;
          if (data) assert.equal(text.slice(doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)), data.token);
        }
        for (const n of picks) {
          // A caret between CR and LF, or between the halves of an emoji, is no place an editor
          // can put it: positionAt moves the first to the line's end, the second goes before the emoji.
          let picked = n % (text.length + 1);
          if (splitsPair(text, picked)) picked--;
          const position = doc.positionAt(picked);
          const offset = doc.offsetAt(position);
          const h = hover(doc, position, ctx);
          if (h?.range) {
            assertRangeInside(doc, h.range, 'hover');
            assert.ok(doc.offsetAt(h.range.start) <= offset && offset <= doc.offsetAt(h.range.end), 'hover range does not hold the caret');
          }
          const list = complete(doc, position, ctx, { itemDefaults: n % 2 === 0 });
          const ranges: Range[] = [];
          if (list.itemDefaults?.editRange && 'start' in list.itemDefaults.editRange) ranges.push(list.itemDefaults.editRange);
          for (const item of list.items) if (item.textEdit && 'range' in item.textEdit) ranges.push((item.textEdit as TextEdit).range);
          for (const r of ranges) {
            assertRangeInside(doc, r, 'completion edit');
            assert.ok(
              doc.offsetAt(r.start) <= offset && offset <= doc.offsetAt(r.end),
              `completion range ${JSON.stringify(r)} does not hold the caret ${offset}`,
            );
          }
        }
      }),
      params(600),
    );
  });

  it('completion right after a string prefix, before the quote, offers nothing (it offered codes with a range running backwards)', () => {
    for (const [language, text] of [
      ['rust', 'let s = r‸"x";'],
      ['python', 'x = f‸"IMG.0024"'],
      ['csharp', 'var s = @‸"x";'],
      ['python', 'x = ""‸"abc"""'],
    ]) {
      const { doc, position } = withCaret(text, language);
      const list = complete(doc, position, context());
      assert.deepEqual(list.items, [], `${language}: ${text}`);
    }
  });
});

describe('properties: stream scanning', () => {
  /** Every hit of a stream fed in the given chunks: token, line and UTF-16 column. */
  async function streamHits(text: string, sizes: number[], simd = true): Promise<string[]> {
    const bytes = Buffer.from(text, 'utf8');
    const chunks: Buffer[] = [];
    for (let at = 0, k = 0; at < bytes.length; k++) {
      const size = Math.max(1, sizes.length ? sizes[k % sizes.length] : bytes.length);
      chunks.push(bytes.subarray(at, at + size));
      at += size;
    }
    const out: string[] = [];
    async function* feed() {
      yield* chunks;
    }
    await scanStream(
      feed(),
      realIndex(),
      (token, _entry, _family, place) => {
        const at = place.where();
        out.push(`${token}@${at.line}:${at.character}`);
      },
      { simd },
    );
    return out;
  }

  const logText = fc.oneof(
    mutatedSource('log'),
    fc
      .array(
        fc.oneof(
          fc.constantFrom(...shapeEntries().map((e) => e.entry.code)),
          fc.constantFrom(' ', '\n', '\r\n', '"', '错误', '\ud83d\ude00', '.', 'x', '/', 'IMG.', 'SVCSTG.SWR.', '0', 'IMG.99999', '\t'),
        ),
        { maxLength: 40 },
      )
      .map((parts) => parts.join('')),
  );

  it('a stream gives the same codes at the same lines and columns however it is cut into chunks, even inside a character, and is binary or not whatever the first chunk holds (400 logs)', async () => {
    await fc.assert(
      fc.asyncProperty(logText, fc.array(fc.integer({ min: 1, max: 64 }), { maxLength: 6 }), async (text, sizes) => {
        assert.deepEqual(await streamHits(text, sizes), await streamHits(text, []));
      }),
      params(400),
    );
  });

  it('a NUL in the first 8 KiB makes a stream binary even when it comes after the first chunk (a pipe gives a few bytes first)', async () => {
    async function* pipe() {
      yield Buffer.from('IMG.0024 ');
      yield Buffer.from('x\0y IMG.0001\n');
    }
    assert.equal(await scanStream(pipe(), realIndex(), () => assert.fail('a binary input has no codes')), -1);
    async function* late() {
      yield Buffer.alloc(9000, 32);
      yield Buffer.from('\0 IMG.0024\n');
    }
    let found = 0;
    assert.equal(await scanStream(late(), realIndex(), () => found++), 9011);
    assert.equal(found, 1);
  });

  // Codes with full stops, glue and token characters right after them (`IMG.0024./x`,
  // `IMG.0024._x`, `IMG.0024..5`, `IMG.0024.`), and every kind of line break (a lone CR too).
  const plainLog = fc
    .array(
      fc.oneof(
        fc.constantFrom(...shapeEntries().map((e) => e.entry.code)),
        fc.constantFrom(
          ' ',
          '\n',
          '\r\n',
          '\r',
          '"',
          '错误',
          '\ud83d\ude00',
          'x',
          'IMG.',
          'SVCSTG.SWR.',
          '0',
          '5',
          'IMG.99999',
          '\t',
          ': ',
          ', ',
          '. ',
          '.',
          '..',
          '/',
          '\\',
          '@',
          '$',
          '%',
          '_',
          '-',
          '。',
          'é',
        ),
      ),
      { maxLength: 40 },
    )
    .map((parts) => parts.join(''));

  it('a stream finds the documented and well-formed codes scanText finds in the same log, at the same places (800 logs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(plainLog, mutatedSource('log')), async (text) => {
        const doc = TextDocument.create('file:///s.log', 'log', 1, text);
        // A NUL in the first 8 KiB makes the input binary: the stream reads none of it.
        const binary = Buffer.from(text, 'utf8').subarray(0, 8192).includes(0);
        const expected = binary
          ? []
          : scanText(text, 'log', realIndex())
              .filter((h) => h.kind === 'exact' || h.kind === 'unknown')
              .map((h) => {
                const p = doc.positionAt(h.start);
                return `${h.text}@${p.line}:${p.character}`;
              });
        for (const simd of [true, false]) {
          assert.deepEqual(await streamHits(text, [], simd), expected, simd ? 'SIMD search' : 'JavaScript search');
        }
      }),
      params(800),
    );
  });
});
