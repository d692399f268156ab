// Shared by the property and fuzz tests: fast-check's settings, real-looking seed texts in
// every language the scanner reads, and mutations that break them the ways editors and
// copy-paste do (a quote or comment left open, a stray backslash, CRLF, NUL, half of a
// surrogate pair, a very long line).
//
// Every property runs with a fixed seed, so a run is repeatable; fast-check prints the seed
// and the shrunk counterexample on failure. ERROR_CODES_FC_SEED=N tries another seed, and
// ERROR_CODES_FC_RUNS=K multiplies the number of runs (for a longer hunt than the unit tier's).
import fc from 'fast-check';

const SEED = Number(process.env.ERROR_CODES_FC_SEED ?? 20240517);
const RUNS = Number(process.env.ERROR_CODES_FC_RUNS ?? 1);

/** Parameters of one property: `runs` generated cases (times ERROR_CODES_FC_RUNS). */
export function params(runs: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: Math.max(1, Math.round(runs * RUNS)), endOnFailure: false };
}

/** Handler snippets and log lines as people write them, keyed by language id. */
export const SEEDS: Record<string, string[]> = {
  typescript: [
    'switch (err.code) {\n  case "SVCSTG.SWR.4001048":\n    return retry();\n  case \'IMG.0024\': // image type\n    break;\n}\n',
    'const RETRY = new Set(["SVCSTG.SWR.4040010", "SVCSTG.SWR.5000001"]);\nif (RETRY.has(code) || code === `IMG.0001`) {}\n/* see SVCSTG.SWR.4001048 */\n',
    'const msg = `failed: ${code} (IMG.0024)`;\nconst map = { "SVCSTG.SWR.4040009": "skip", other: 1 };\n',
  ],
  javascript: ['if (["SVCSTG.SWR.4001048", "IMG.0002"].includes(e.code)) throw e; // IMG.0024\nconst re = /"IMG\\.0024"/;\n'],
  python: [
    'match err.code:\n    case "SVCSTG.SWR.4001048" | "IMG.0024":\n        retry()\n    case _:\n        pass\n',
    'if code in ("SVCSTG.SWR.4040010", r"IMG.0001", f\'{x}\'):\n    """docstring IMG.0024"""\n    log(b"x")  # SVCSTG.SWR.4001048\n',
  ],
  go: ['switch apiErr.Code {\ncase "SVCSTG.SWR.4001048", "SVCSTG.SWR.4040010":\n\treturn nil\n}\nif strings.EqualFold(code, `IMG.0024`) {}\n// IMG.0001\n'],
  java: [
    'switch (e.getCode()) {\n    case "SVCSTG.SWR.4001048":\n        return;\n}\nif ("IMG.0024".equals(code)) {}\nString t = """\n    IMG.0001\n    """;\n',
  ],
  csharp: [
    'if (code == "SVCSTG.SWR.4001048" || string.Equals(code, @"IMG.0024", StringComparison.Ordinal)) {}\nvar s = $@"{x} ""IMG.0001""";\n// SVCSTG.SWR.4040010\n',
  ],
  rust: [
    'match code.as_str() {\n    "SVCSTG.SWR.4001048" | "IMG.0024" => retry(),\n    _ => {}\n}\nlet raw = r#"IMG.0001 "quoted""#;\nlet c = \'"\'; fn f<\'a>(x: &\'a str) {}\n/* outer /* inner */ IMG.0002 */\n',
  ],
  kotlin: ['when (code) {\n    "SVCSTG.SWR.4001048", "IMG.0024" -> retry()\n    else -> {}\n}\nval s = """IMG.0001"""\n/* a /* b */ c */\n'],
  c: ['if (strcmp(code, "SVCSTG.SWR.4001048") == 0) { /* IMG.0024 */ }\nchar c = \'"\';\n// IMG.0001\n'],
  cpp: ['if (code.compare("IMG.0024") == 0) {}\n'],
  json: ['{"errorCode": "SVCSTG.SWR.4001048", "detail": "", "codes": ["IMG.0024", "IMG.0001"]}\n'],
  log: [
    '2024-05-01 12:00:01 ERROR [{"errorCode": "SVCSTG.SWR.4001048", "errorMessage": "Failed to get Token from Context"}]\n',
    '2024-05-01 12:00:02 WARN img=IMG.0024. retry SVCSTG.SWR.4040010; path /v2/img.0024/frame.png 请求失败\n',
  ],
  markdown: ['# Codes\n\n| code | what |\n|---|---|\n| `IMG.0024` | type |\n\nSee SVCSTG.SWR.4001048.\n'],
  plaintext: ['IMG.0024 SVCSTG.SWR.4001048 SVCSTG.SRW.4040010 svcstg.swr.4040010\n'],
};

/** Languages the scanner knows, each with at least one seed. */
export const LANGUAGES = Object.keys(SEEDS);

/** Pieces that open, close or confuse literals and comments in one language or another. */
const TRICKY = [
  '"',
  "'",
  '`',
  '\\',
  '\\\\',
  '"""',
  "'''",
  '/*',
  '*/',
  '//',
  '#',
  '@"',
  '$@"',
  'r"',
  'r#"',
  '"#',
  'br"',
  "b'",
  "f'",
  "'\\",
  '"\\',
  '\r\n',
  '\n',
  '\r',
  '\t',
  '\0',
  '\ud800',
  '\udc00',
  '\ud83d\ude00',
  'e\u0301',
  '\u200d',
  '\ufeff',
  '错误码',
  '.',
  '..',
  '0',
  '9',
  'O',
  'l',
  '|',
  ',',
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  ':',
  '=',
  '==',
  '=>',
  '->',
  ';',
  ' ',
  'case ',
  'in ',
  'SVCSTG.',
  'SWR.',
  'IMG.',
  'SVCSTG.SWR.4001048',
  'IMG.0024',
  'svcstg.srw.40O1048',
];

export type Mutation =
  | { op: 'insert'; at: number; piece: string }
  | { op: 'delete'; at: number; len: number }
  | { op: 'duplicate'; at: number; len: number }
  | { op: 'long'; at: number; piece: string; times: number };

const position = fc.nat({ max: 1_000_000 });

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('insert' as const),
      at: position,
      piece: fc.oneof(fc.constantFrom(...TRICKY), fc.string({ unit: 'binary', maxLength: 4 })),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delete' as const), at: position, len: fc.integer({ min: 1, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('duplicate' as const), at: position, len: fc.integer({ min: 1, max: 40 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('long' as const),
      at: position,
      piece: fc.constantFrom('a', '.', '0', '"', '/*', '(', ' ', 'SWR.', '\\'),
      times: fc.integer({ min: 50, max: 3000 }),
    }),
  },
);

export function mutate(text: string, mutations: readonly Mutation[]): string {
  let t = text;
  for (const m of mutations) {
    const at = t.length === 0 ? 0 : m.at % (t.length + 1);
    if (m.op === 'insert') t = t.slice(0, at) + m.piece + t.slice(at);
    else if (m.op === 'delete') t = t.slice(0, at) + t.slice(at + m.len);
    else if (m.op === 'duplicate') t = t.slice(0, at + m.len) + t.slice(at, at + m.len) + t.slice(at + m.len);
    else t = t.slice(0, at) + m.piece.repeat(m.times) + t.slice(at);
  }
  return t;
}

/** A seed of `language`, mutated a few times (sometimes not at all). */
export function mutatedSource(language: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom(...SEEDS[language]), fc.array(mutation, { maxLength: 8 }), fc.boolean())
    .map(([seed, ms, crlf]) => mutate(crlf ? seed.replace(/\n/g, '\r\n') : seed, ms));
}

/** Any language with a mutated seed of it, or pure noise read as that language. */
export const anySource: fc.Arbitrary<{ language: string; text: string }> = fc
  .constantFrom(...LANGUAGES)
  .chain((language) =>
    fc
      .oneof(
        { weight: 4, arbitrary: mutatedSource(language) },
        { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...TRICKY), maxLength: 60 }) },
        { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
      )
      .map((text) => ({ language, text })),
  );

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsPair(text: string, offset: number): boolean {
  return offset > 0 && offset < text.length && isHigh(text.charCodeAt(offset - 1)) && isLow(text.charCodeAt(offset));
}
