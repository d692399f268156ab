// Properties of codes in disguise (fast-check; seeds and reruns as fuzz.ts says): any
// documented code with invisible characters slipped in anywhere, or with letters and digits
// swapped for look-alikes, gets one diagnostic over its literal that names the characters,
// and fix-all gives back exactly the code; a code no catalog documents is never fixed
// unasked; prose in strings and logs, whatever its script, gets no diagnostic at all.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll } from '../../server/src/features/actions';
import { diagnose } from '../../server/src/features/diagnostics';
import { codePointLabel, hiddenCharacter } from '../../server/src/scan/disguise';
import { params } from './fuzz';
import { context, realIndex, shapeEntries } from '../support/service';

/** A comparison with a literal, per language. */
const COMPARE: Record<string, (literal: string) => string> = {
  typescript: (l) => `if (e.code === "${l}") {\n  retry();\n}\n`,
  javascript: (l) => `if (["${l}", "IMG.0002"].includes(e.code)) throw e;\n`,
  python: (l) => `if err.code == "${l}":\n    pass\n`,
  go: (l) => `switch apiErr.Code {\ncase "${l}":\n\treturn nil\n}\n`,
  java: (l) => `if ("${l}".equals(code)) {}\n`,
  csharp: (l) => `if (code == "${l}") {}\n`,
  rust: (l) => `match code.as_str() {\n    "${l}" => retry(),\n    _ => {}\n}\n`,
  kotlin: (l) => `when (code) {\n    "${l}" -> retry()\n    else -> {}\n}\n`,
  c: (l) => `if (strcmp(code, "${l}") == 0) {}\n`,
  cpp: (l) => `if (code == "${l}") {}\n`,
  json: (l) => `{"errorCode": "${l}"}\n`,
};
const LANGUAGES = Object.keys(COMPARE);

const CODES = shapeEntries().map((e) => e.entry.code);

function range(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

/** Every code point the module calls invisible, from the blocks where such characters live. */
const INVISIBLE = [...range(0x00a0, 0x2fff), ...range(0xfe00, 0xfeff), ...range(0xe0000, 0xe01ef)].filter((cp) => hiddenCharacter(cp)?.[0] === '');
/** Latin letters, digits and signs → the characters that pass for them. */
const LOOK_ALIKES = new Map<string, number[]>();
for (const cp of [...range(0x0370, 0x052f), ...range(0x2010, 0x2212), ...range(0xff01, 0xff5e)]) {
  const like = hiddenCharacter(cp)?.[0];
  if (like) LOOK_ALIKES.set(like, [...(LOOK_ALIKES.get(like) ?? []), cp]);
}

function check(language: string, literal: string) {
  const text = COMPARE[language](literal);
  const doc = TextDocument.create(`file:///p.${language}`, language, 1, text);
  const ctx = context();
  return { text, doc, ctx, diagnostics: diagnose(doc, ctx) };
}

function assertDisguised(language: string, code: string, literal: string, inserted: number[], documented: boolean): void {
  const { text, doc, ctx, diagnostics } = check(language, literal);
  assert.equal(diagnostics.length, 1, `${language} ${JSON.stringify(literal)}: ${JSON.stringify(diagnostics.map((d) => d.message))}`);
  const [d] = diagnostics;
  const start = text.indexOf(literal);
  assert.deepEqual([doc.offsetAt(d.range.start), doc.offsetAt(d.range.end)], [start, start + literal.length]);
  // The message lists the first three characters it found.
  for (const cp of inserted.slice(0, 3))
    assert.ok(String(d.message).includes(`${codePointLabel(cp)} ${hiddenCharacter(cp)![1]}`), `${d.message} names ${codePointLabel(cp)}`);
  const fix = fixAll(doc, ctx);
  if (documented) assert.equal(TextDocument.applyEdits(doc, Object.values(fix!.edit!.changes!).flat()), text.replace(literal, code));
  else assert.equal(fix, undefined, 'a code no catalog documents is never changed unasked');
}

/** `code` with each [position, code point] inserted (positions taken modulo the length, in order). */
function insertAll(code: string, inserts: [number, number][]): { literal: string; inserted: number[] } {
  const at = inserts.map(([p, cp]) => [p % (code.length + 1), cp] as const).sort((a, b) => a[0] - b[0]);
  let literal = '';
  let from = 0;
  for (const [p, cp] of at) {
    literal += code.slice(from, p) + String.fromCodePoint(cp);
    from = p;
  }
  return { literal: literal + code.slice(from), inserted: at.map(([, cp]) => cp) };
}

describe('properties: codes in disguise', () => {
  it('the characters the issue lists are all taken for hidden ones', () => {
    const listed = [...range(0x200b, 0x200d), 0x2060, 0xfeff, ...range(0x202a, 0x202e), ...range(0x2066, 0x2069), ...range(0x0300, 0x036f)];
    for (const cp of listed) assert.equal(hiddenCharacter(cp)?.[0], '', codePointLabel(cp));
    for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-_') {
      assert.ok(LOOK_ALIKES.get(c)?.includes(c.charCodeAt(0) + 0xfee0), `the full-width form of ${c}`);
    }
  });

  it('invisible characters anywhere in a documented code: one diagnostic naming them, fix-all restores the code (600 cases)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom(...CODES),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom(...INVISIBLE)), { minLength: 1, maxLength: 4 }),
        (language, code, inserts) => {
          const { literal, inserted } = insertAll(code, inserts);
          assertDisguised(language, code, literal, inserted, true);
        },
      ),
      params(600),
    );
  });

  it("look-alikes for some of a documented code's characters: one diagnostic naming them, fix-all restores the code (600 cases)", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom(...CODES),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 4 }),
        (language, code, swaps) => {
          const chars = [...code];
          const inserted: number[] = [];
          const done = new Set<number>();
          for (const [p, k] of swaps) {
            const i = p % chars.length;
            const options = LOOK_ALIKES.get(code[i]);
            if (!options || done.has(i)) continue;
            done.add(i);
            chars[i] = String.fromCodePoint(options[k % options.length]);
          }
          fc.pre(done.size > 0);
          for (let i = 0; i < chars.length; i++) if (done.has(i)) inserted.push(chars[i].codePointAt(0)!);
          assertDisguised(language, code, chars.join(''), inserted, true);
        },
      ),
      params(600),
    );
  });

  it('a well-formed code no catalog documents, with a hidden character, is reported but never fixed unasked (300 cases)', () => {
    const families = realIndex().families;
    fc.assert(
      fc.property(
        fc.constantFrom(...LANGUAGES),
        fc.constantFrom(...families),
        fc.nat(),
        fc.nat(),
        fc.constantFrom(...INVISIBLE),
        (language, family, n, p, cp) => {
          const code = family.prefix + String(n).padStart(family.maxDigits, '0').slice(-family.maxDigits);
          fc.pre(!realIndex().get(code));
          const { literal, inserted } = insertAll(code, [[p, cp]]);
          assertDisguised(language, code, literal, inserted, false);
        },
      ),
      params(300),
    );
  });

  const PROSE_UNITS = [
    '错误',
    '镜像',
    '请求失败',
    '。',
    '，',
    'é',
    'ü',
    'ñ',
    'Привет',
    'мир',
    'Ελληνικά',
    'مرحبا',
    '日本語',
    'ＡＢＣ',
    '１２３',
    '😀',
    '👩\u200d💻',
    ' ',
    '\u00a0',
    '.',
    '-',
    '_',
    ':',
    '0',
    '7',
    'a',
    'Z',
    '\u200b',
    '\u0301',
    'SVCSTG.SWR.4040009',
    'IMG.0024',
  ];
  /** Text people write, in any script: at least one character that is neither a code's nor one that hides in codes. */
  const prose = fc
    .array(fc.constantFrom(...PROSE_UNITS), { minLength: 1, maxLength: 12 })
    .map((units) => units.join(''))
    .filter((s) => [...s].some((ch) => (ch.codePointAt(0)! > 127 ? !hiddenCharacter(ch.codePointAt(0)!) : !/[A-Za-z0-9_.-]/.test(ch))));

  it('prose in a string literal, in any script, gets no diagnostic (800 cases)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...LANGUAGES), prose, (language, text) => {
        fc.pre(!text.includes('"') && !text.includes('\\'));
        assert.deepEqual(
          check(language, text).diagnostics.map((d) => d.message),
          [],
        );
      }),
      params(800),
    );
  });

  it('a log, whatever hidden characters it holds, gets no diagnostic (300 cases)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            prose,
            fc.constantFrom(...CODES),
            fc.constantFrom(...INVISIBLE).map((cp) => String.fromCodePoint(cp)),
          ),
          { maxLength: 30 },
        ),
        (parts) => {
          const doc = TextDocument.create('file:///p.log', 'log', 1, parts.join(' '));
          assert.deepEqual(diagnose(doc, context()), []);
        },
      ),
      params(300),
    );
  });
});
