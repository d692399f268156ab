// What the lexer needs to know about each language: where comments and string literals
// start and end. Nothing else in the product knows about languages.

export interface LanguageSpec {
  id: string;
  /** `prose` languages (logs, plain text, Markdown) have no literals: every code is prose. */
  prose: boolean;
  lineComments: string[];
  /** Block comment delimiters; `nested` for Rust/Kotlin/Swift-style nesting. */
  blockComment?: { open: string; close: string; nested: boolean };
  /** Quote characters that open an escaped string (backslash escapes). */
  quotes: string[];
  /** Triple-quoted strings (Python, Kotlin, C# raw, Java text blocks). */
  tripleQuotes: boolean;
  /** Backtick strings without escapes (Go raw strings) or with (JS template literals). */
  backtick: 'raw' | 'template' | 'none';
  /** Rust: `r"…"`, `r#"…"#`; `'` is a char literal or a lifetime. */
  rustStrings?: boolean;
  /** C#: `@"…"` verbatim strings with `""` escapes. */
  verbatimAt?: boolean;
  /** Python string prefixes (r, b, f, u and pairs) may precede a quote. */
  pythonPrefixes?: boolean;
}

const cLike = (id: string, extra: Partial<LanguageSpec> = {}): LanguageSpec => ({
  id,
  prose: false,
  lineComments: ['//'],
  blockComment: { open: '/*', close: '*/', nested: false },
  quotes: ['"', "'"],
  tripleQuotes: false,
  backtick: 'none',
  ...extra,
});

const hashComments = (id: string, extra: Partial<LanguageSpec> = {}): LanguageSpec => ({
  id,
  prose: false,
  lineComments: ['#'],
  quotes: ['"', "'"],
  tripleQuotes: false,
  backtick: 'none',
  ...extra,
});

const prose = (id: string): LanguageSpec => ({ id, prose: true, lineComments: [], quotes: [], tripleQuotes: false, backtick: 'none' });

const specs: LanguageSpec[] = [
  cLike('typescript', { backtick: 'template' }),
  cLike('typescriptreact', { backtick: 'template' }),
  cLike('javascript', { backtick: 'template' }),
  cLike('javascriptreact', { backtick: 'template' }),
  cLike('java', { tripleQuotes: true }),
  cLike('csharp', { tripleQuotes: true, verbatimAt: true }),
  cLike('go', { backtick: 'raw' }),
  cLike('rust', { blockComment: { open: '/*', close: '*/', nested: true }, quotes: ['"'], rustStrings: true }),
  cLike('kotlin', { blockComment: { open: '/*', close: '*/', nested: true }, tripleQuotes: true }),
  cLike('c'),
  cLike('cpp'),
  cLike('swift', { blockComment: { open: '/*', close: '*/', nested: true }, quotes: ['"'], tripleQuotes: true }),
  cLike('json', { quotes: ['"'] }),
  cLike('jsonc', { quotes: ['"'] }),
  hashComments('python', { tripleQuotes: true, pythonPrefixes: true }),
  hashComments('shellscript'),
  hashComments('yaml'),
  hashComments('ruby'),
  prose('log'),
  prose('plaintext'),
  prose('markdown'),
];

const byId = new Map(specs.map((s) => [s.id, s]));

const PROSE = byId.get('plaintext')!;

/** The spec for an LSP language id; unknown languages are read as prose (never guessed at). */
export function languageSpec(languageId: string): LanguageSpec {
  return byId.get(languageId) ?? PROSE;
}

const extensionToLanguage: Record<string, string> = {
  ts: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  tsx: 'typescriptreact',
  js: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  jsx: 'javascriptreact',
  java: 'java',
  cs: 'csharp',
  go: 'go',
  rs: 'rust',
  kt: 'kotlin',
  kts: 'kotlin',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  hxx: 'cpp',
  swift: 'swift',
  py: 'python',
  pyi: 'python',
  sh: 'shellscript',
  bash: 'shellscript',
  yaml: 'yaml',
  yml: 'yaml',
  rb: 'ruby',
  json: 'json',
  jsonc: 'jsonc',
  log: 'log',
  txt: 'plaintext',
  out: 'log',
  md: 'markdown',
  markdown: 'markdown',
};

/** The language id a file name implies, for the command line (the editor tells the server directly). */
export function languageOfFile(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  // Rotated logs: app.log.1, app.log.2024-01-01
  if (/\.log(\.[\w-]+)?$/.test(base)) return 'log';
  const dot = base.lastIndexOf('.');
  return dot < 0 ? 'plaintext' : (extensionToLanguage[base.slice(dot + 1)] ?? 'plaintext');
}
