// The growth section: does each part of the engine stay linear on hostile input? For every
// family of adversarial inputs (unterminated literals and comments, runs of dots and digits,
// deep brackets, one huge literal, many near misses, hostile catalogs and pages) the input is
// built at sizes n, 2n, 4n and 8n, the work is timed at each (best of a few runs), and the
// growth exponent per doubling is log2(t(2m) / t(m)): about 1 is linear, 2 quadratic. An
// exponent above FLAG at the larger sizes is marked. Figures, not a test: timings flake.
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CatalogIndex } from '../../server/src/catalog/index';
import { bundledCatalogs } from '../../server/src/node/catalogFiles';
import { parseCatalogFile } from '../../server/src/catalog/catalogFile';
import { complete } from '../../server/src/features/completion';
import type { ServiceContext } from '../../server/src/features/context';
import { diagnose } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { importPage, ImportError } from '../../server/src/importer';
import { DEFAULT_SETTINGS } from '../../protocol';
import { languageSpec } from '../../server/src/scan/languages';
import { lex, RegionKind } from '../../server/src/scan/lexer';
import { literalContext } from '../../server/src/scan/context';
import { scanText } from '../../server/src/scan/scanner';
import { scanStream } from '../../server/src/scan/stream';
import type { SectionResult } from './sections';
import { ms, Row } from './stats';

const SECTION = 'growth: time at n, 2n, 4n, 8n';
/** Exponents above this (at the two larger doublings) are flagged. */
const FLAG = 1.3;
/** A family whose single run takes longer than this stops growing (it has said enough). */
const GIVE_UP_MS = 20_000;

export interface GrowthOptions {
  catalogDir: string;
  /** Multiplies every family's base size (default 1). */
  scale: number;
}

interface Family {
  name: string;
  /** Base size; the family runs at n, 2n, 4n, 8n. */
  n: number;
  unit: string;
  make: (n: number) => unknown;
  // Each family's input is of its own type; `make` and `run` of one family agree.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  run: (input: any) => unknown;
}

const rep = (s: string, n: number): string => s.repeat(Math.max(1, Math.floor(n / s.length)));

function families(ctx: ServiceContext, loaded: ConstructorParameters<typeof CatalogIndex>[0]): Family[] {
  const index = ctx.index;
  const doc = (text: string, lang: string) => TextDocument.create(`file:///growth.${lang}`, lang, 1, text);
  const scan = (lang: string) => (text: string) => scanText(text, lang, index);
  const lexOnly = (lang: string) => (text: string) => lex(text, languageSpec(lang));
  const catalogJson = (codes: number) =>
    JSON.stringify({
      id: 'growth',
      service: { en: 'Growth' },
      families: [{ pattern: 'GROW\\.[0-9]{6}', name: 'GROW' }],
      codes: Array.from({ length: codes }, (_, i) => ({ code: `GROW.${String(i).padStart(6, '0')}`, httpStatus: 400, message: { en: `Message ${i}.` } })),
    });
  const catalogYaml = (codes: number) =>
    [
      'id: growth',
      'service:',
      '  en: Growth',
      'families:',
      '  - pattern: GROW\\.[0-9]{6}',
      '    name: GROW',
      'codes:',
      ...Array.from({ length: codes }, (_, i) => `  - code: GROW.${String(i).padStart(6, '0')}\n    httpStatus: 400\n    message:\n      en: Message ${i}.`),
    ].join('\n');
  const page = (rows: string) => (n: number) => rows.replace('ROWS', Array.from({ length: n }, (_, i) => rowOf(rows, i)).join(''));
  const tryImport = (file: string) => (text: string) => {
    try {
      return importPage(text, file);
    } catch (err) {
      if (!(err instanceof ImportError)) throw err;
      return err;
    }
  };
  // Many distinct near misses: each one a fresh look-up (the suggestion memo cannot help).
  const nearMisses = (n: number) => {
    const lines: string[] = ['switch (code) {'];
    for (let i = 0; lines.length * 34 < n; i++) lines.push(`  case "SVCSTG.SWR.4${String(i % 1_000_000).padStart(6, '0')}9":`);
    return lines.join('\n') + '\n}\n';
  };
  return [
    // The lexer on unterminated things, in several languages.
    { name: 'lex: unterminated "…" on every line (TS)', n: 1_000_000, unit: 'B', make: (n) => rep('x = "SVCSTG.SWR.40\n', n), run: lexOnly('typescript') },
    { name: 'lex: /* without end (TS)', n: 2_000_000, unit: 'B', make: (n) => '/*' + rep('* / x ', n), run: lexOnly('typescript') },
    { name: 'lex: nested /* /* /* (Rust)', n: 1_000_000, unit: 'B', make: (n) => rep('/* ', n), run: lexOnly('rust') },
    { name: "lex: '\\ char literals never closed (Rust)", n: 1_000_000, unit: 'B', make: (n) => rep('\'\\ r#"x ', n), run: lexOnly('rust') },
    { name: 'lex: r""" and f" unterminated (Python)', n: 1_000_000, unit: 'B', make: (n) => rep('r"x\nf\'y\n"""', n), run: lexOnly('python') },
    { name: 'lex: ` raw string never closed (Go)', n: 2_000_000, unit: 'B', make: (n) => '`' + rep('SVCSTG.SWR.4001048 \n', n), run: lexOnly('go') },
    { name: 'lex: @" verbatim with "" only (C#)', n: 2_000_000, unit: 'B', make: (n) => '@"' + rep('""', n), run: lexOnly('csharp') },
    // The scanner (lexer, token search, classification, contexts).
    {
      name: 'scan: one huge string literal (TS)',
      n: 1_250_000,
      unit: 'B',
      make: (n) => `const s = "${rep('SVCSTG.SWR.4001048 x ', n)}";\n`,
      run: scan('typescript'),
    },
    { name: 'scan: long word, then a dot (TS literal)', n: 200_000, unit: 'B', make: (n) => `"${rep('a', n)} x."`, run: scan('typescript') },
    { name: 'scan: long word, then a dot (log)', n: 200_000, unit: 'B', make: (n) => `${rep('Qz', n)} end.\n`, run: scan('log') },
    { name: 'scan: SVCSTG.SWR.SWR.SWR… (TS literal)', n: 500_000, unit: 'B', make: (n) => `"SVCSTG.${rep('SWR.', n)}4001048"`, run: scan('typescript') },
    { name: 'scan: IMG.0000000… (TS literal)', n: 1_000_000, unit: 'B', make: (n) => `"IMG.${rep('0', n)}"`, run: scan('typescript') },
    { name: 'scan: IMG.1 then dots (comment)', n: 200_000, unit: 'B', make: (n) => `// IMG.1${rep('.', n)}\n`, run: scan('typescript') },
    { name: 'scan: A._._…B.1 in a comment', n: 200_000, unit: 'B', make: (n) => `// A${rep('._', n)}B.1\n`, run: scan('typescript') },
    {
      name: 'scan: deeply nested brackets (TS)',
      n: 500_000,
      unit: 'B',
      make: (n) => `f${rep('(', n / 2)}"SVCSTG.SWR.4001048"${rep(')', n / 2)};`,
      run: scan('typescript'),
    },
    { name: 'scan: one line of comparisons (TS)', n: 200_000, unit: 'B', make: (n) => rep('c == "SVCSTG.SWR.4001048" || ', n), run: scan('typescript') },
    { name: 'scan: long list of siblings (TS)', n: 200_000, unit: 'B', make: (n) => `const k = [${rep('"IMG.0024", ', n)}];`, run: scan('typescript') },
    {
      name: 'diagnose: codes hiding a zero-width space (TS)',
      n: 250_000,
      unit: 'B',
      make: (n) => doc(`const k = [${rep('"SVCSTG.SWR.4040009\u200b", ', n)}];`, 'typescript'),
      run: (d) => diagnose(d, ctx),
    },
    {
      name: 'scan: literals of look-alikes ending in CJK (TS)',
      n: 250_000,
      unit: 'B',
      make: (n) => `const k = [${rep(`"${'\u0421'.repeat(190)}错", `, n)}];`,
      run: scan('typescript'),
    },
    {
      name: 'context: every literal of a long list',
      n: 100_000,
      unit: 'B',
      make: (n) => {
        const text = `if (${rep('"IMG.0024", ', n)}x) {}`;
        const regions = lex(text, languageSpec('typescript'));
        return { text, regions };
      },
      run: ({ text, regions }) => {
        for (let i = 0; i < regions.length; i++) if (regions[i].kind === RegionKind.String) literalContext(text, regions, i);
      },
    },
    // Features on hostile documents.
    // A fresh index per run: the suggestion memo of a warm one would answer the repeats.
    {
      name: 'diagnose: many distinct near misses (TS)',
      n: 100_000,
      unit: 'B',
      make: (n) => doc(nearMisses(n), 'typescript'),
      run: (d) => diagnose(d, { ...ctx, index: new CatalogIndex(loaded) }),
    },
    {
      name: 'hover: every 997th char of a huge line',
      n: 200_000,
      unit: 'B',
      make: (n) => doc(rep('x = "SVCSTG.SWR.4001048"; ', n), 'typescript'),
      run: (d: TextDocument) => {
        const len = d.getText().length;
        for (let o = 0; o < len; o += 997) hover(d, d.positionAt(o), ctx);
      },
    },
    {
      name: 'complete: every 997th char of an open r" (Rust)',
      n: 200_000,
      unit: 'B',
      make: (n) => doc('let s = r"' + rep('SVCSTG.SWR.40 ', n), 'rust'),
      run: (d: TextDocument) => {
        const len = d.getText().length;
        for (let o = 0; o < len; o += 997) complete(d, d.positionAt(o), ctx);
      },
    },
    // Streams: one long line with many distinct codes, in small chunks without line breaks; the
    // place of the first 50 of each code is asked for, as the workspace scan does.
    {
      name: 'stream: one long line, distinct codes, 64 KiB chunks',
      n: 2_000_000,
      unit: 'B',
      make: (n) => {
        const parts: string[] = [];
        let len = 0;
        for (let i = 0; len < n; i++) {
          const s = `IMG.${String(i % 10_000).padStart(4, '0')} `;
          parts.push(s);
          len += s.length;
        }
        return Buffer.from(parts.join(''));
      },
      run: async (buf: Buffer) => {
        const chunks: Buffer[] = [];
        for (let o = 0; o < buf.length; o += 65_536) chunks.push(buf.subarray(o, o + 65_536));
        const seen = new Map<string, number>();
        let lines = 0;
        await scanStream(Readable.from(chunks), index, (token, _e, _f, place) => {
          const k = seen.get(token) ?? 0;
          seen.set(token, k + 1);
          if (k < 50) lines += place.where().line;
        });
        return lines;
      },
    },
    // Catalogs: big ones, and deeply nested values.
    { name: 'catalog: JSON with many codes', n: 5_000, unit: 'codes', make: catalogJson, run: (text: string) => parseCatalogFile(text, 'growth.json') },
    { name: 'catalog: YAML with many codes', n: 2_000, unit: 'codes', make: catalogYaml, run: (text: string) => parseCatalogFile(text, 'growth.yaml') },
    {
      name: 'catalog: JSON nested [[[…]]]',
      n: 2_500,
      unit: 'levels',
      make: (n) => `{"id": "x", "codes": ${'['.repeat(n)}${']'.repeat(n)}}`,
      run: (text: string) => parseCatalogFile(text, 'growth.json'),
    },
    {
      name: 'catalog: YAML nested [[[…]]]',
      n: 500,
      unit: 'levels',
      make: (n) => `id: x\ncodes: ${'['.repeat(n)}${']'.repeat(n)}\n`,
      run: (text: string) => parseCatalogFile(text, 'growth.yaml'),
    },
    // The importer on big and hostile pages.
    {
      name: 'import: pipe table with many rows',
      n: 2_000,
      unit: 'rows',
      make: page('| Status Code | Error Code | Error Message |\n| --- | --- | --- |\nROWS'),
      run: tryImport('page.md'),
    },
    {
      name: 'import: rst grid with many rows',
      n: 1_000,
      unit: 'rows',
      make: page('+-----+--------------+-----------+\n| Status Code | Error Code | Description |\n+=====+==============+===========+\nROWS'),
      run: tryImport('page.rst'),
    },
    {
      name: 'import: HTML table with many rows',
      n: 1_000,
      unit: 'rows',
      make: page('<table><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr>ROWS</table>'),
      run: tryImport('page.html'),
    },
    {
      name: 'import: rst border with many columns',
      n: 20_000,
      unit: 'B',
      make: (n) => {
        const border = '+' + rep('-+', n);
        return `${border}\n|${rep(' |', n)}\n${border}\n`;
      },
      run: tryImport('page.rst'),
    },
    {
      name: 'import: pipe cell full of unclosed **',
      n: 50_000,
      unit: 'B',
      make: (n) => `| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n| 400 | DEMO.0001 | ${rep('**a ', n)} |\n`,
      run: tryImport('page.md'),
    },
    {
      name: 'import: HTML cell full of <code> runs',
      n: 50_000,
      unit: 'B',
      make: (n) =>
        `<table><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr><tr><td>400</td><td>DEMO.0001</td><td>${rep('<code>x</code> ', n)}</td></tr></table>`,
      run: tryImport('page.html'),
    },
    {
      name: 'import: HTML <b> with a long blank run',
      n: 200_000,
      unit: 'B',
      make: (n) =>
        `<table><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr><tr><td>400</td><td>DEMO.0001</td><td><b>a${rep(' ', n)}b</b></td></tr></table>`,
      run: tryImport('page.html'),
    },
    // Issue 7: htmlparser2 shifts and searches its stack of open elements at every tag, so deep
    // nesting made each tag cost the depth. Past MAX_HTML_DEPTH the page is refused at once;
    // the "many cells" families keep every cell just under the limit, where the work is done.
    { name: 'import: HTML cell of unclosed inline tags', n: 150_000, unit: 'B', make: (n) => htmlCell(rep('<span>x ', n)), run: tryImport('page.html') },
    {
      name: 'import: HTML nested <div>s',
      n: 150_000,
      unit: 'B',
      make: (n) => htmlCell(`${rep('<div>', n / 2)}x${rep('</div>', n / 2)}`),
      run: tryImport('page.html'),
    },
    {
      name: 'import: HTML cells of 250 unclosed tags each',
      n: 1_000,
      unit: 'rows',
      make: (n) => htmlCell(Array.from({ length: n }, () => '<span>x '.repeat(250)).join('</td></tr><tr><td>400</td><td>DEMO.0002</td><td>')),
      run: tryImport('page.html'),
    },
    { name: 'import: pipe cell of unclosed inline tags', n: 150_000, unit: 'B', make: (n) => pipeCell(rep('<b>x ', n)), run: tryImport('page.md') },
    { name: 'import: pipe cell of unclosed [a](b', n: 50_000, unit: 'B', make: (n) => pipeCell(rep('[a](b ', n)), run: tryImport('page.md') },
    { name: 'import: pipe cell of unclosed ![a', n: 50_000, unit: 'B', make: (n) => pipeCell(rep('![a ', n)), run: tryImport('page.md') },
    { name: 'import: pipe cell, a run of back-quotes', n: 50_000, unit: 'B', make: (n) => pipeCell(`${rep('`', n)}a`), run: tryImport('page.md') },
    { name: 'import: rst cell, `a then blanks', n: 50_000, unit: 'B', make: (n) => rstCell(`\`a${rep(' ', n)}`), run: tryImport('page.rst') },
    { name: 'import: page of unclosed { lines', n: 100_000, unit: 'B', make: (n) => pipeCell('x') + rep('{\n', n), run: tryImport('page.md') },
    { name: 'import: page of indented :: lines (rst)', n: 100_000, unit: 'B', make: (n) => rstCell('x') + rep(' a::\n', n), run: tryImport('page.rst') },
  ];
}

/** A one-row HTML table whose message cell is `cell`. */
function htmlCell(cell: string): string {
  return `<table><tr><th>Status Code</th><th>Error Code</th><th>Error Message</th></tr><tr><td>400</td><td>DEMO.0001</td><td>${cell}</td></tr></table>`;
}

/** A one-row pipe table whose message cell is `cell`. */
function pipeCell(cell: string): string {
  return `| Status Code | Error Code | Error Message |\n| --- | --- | --- |\n| 400 | DEMO.0001 | ${cell} |\n\n`;
}

/** A one-row RST grid table whose message cell is `cell` (one physical line). */
function rstCell(cell: string): string {
  const width = Math.max(cell.length, 'Error Message'.length);
  const border = (fill: string) => `+${fill.repeat(13)}+${fill.repeat(12)}+${fill.repeat(width + 2)}+`;
  return [
    border('-'),
    `| Status Code | Error Code | ${'Error Message'.padEnd(width)} |`,
    border('='),
    `| 400         | DEMO.0001  | ${cell.padEnd(width)} |`,
    border('-'),
    '',
    '',
  ].join('\n');
}

/** One row of the page templates above, i-th of its kind. */
function rowOf(template: string, i: number): string {
  const code = `DEMO.${String(i).padStart(6, '0')}`;
  if (template.startsWith('<table')) return `<tr><td>400</td><td>${code}</td><td>Row <b>${i}</b> failed.</td></tr>\n`;
  if (template.startsWith('+')) return `| 400 | ${code.padEnd(12)} | Row ${String(i).padEnd(5)} |\n+-----+--------------+-----------+\n`;
  return `| 400 | ${code} | Row **${i}** failed. |\n`;
}

async function bestOf(run: () => unknown, minRuns: number): Promise<number> {
  let best = Infinity;
  let total = 0;
  for (let r = 0; r < minRuns || (total < 200 && r < 20); r++) {
    const t0 = performance.now();
    await run();
    const t = performance.now() - t0;
    best = Math.min(best, t);
    total += t;
    if (t > GIVE_UP_MS / 4) break;
  }
  return best;
}

export async function growthSection(opts: GrowthOptions, log: (line?: string) => void): Promise<SectionResult> {
  const loaded = bundledCatalogs(opts.catalogDir).map((catalog) => ({ catalog, origin: 'bundled' as const }));
  const index = new CatalogIndex(loaded);
  const ctx: ServiceContext = { index, settings: structuredClone(DEFAULT_SETTINGS), displayLanguage: 'en' };
  const rows: Row[] = [];
  const notes: string[] = [];
  const flagged: string[] = [];
  for (const family of families(ctx, loaded)) {
    const base = Math.max(1, Math.round(family.n * opts.scale));
    // Warm up the code paths on a small input first, so the first size is not the JIT's.
    await family.run(family.make(Math.max(1, Math.floor(base / 8))));
    const times: number[] = [];
    for (const k of [1, 2, 4, 8]) {
      const input = family.make(base * k);
      const t = await bestOf(() => family.run(input), 3);
      times.push(t);
      if (t > GIVE_UP_MS) break;
    }
    const exps = times.slice(1).map((t, i) => Math.log2(Math.max(t, 0.01) / Math.max(times[i], 0.01)));
    // The small sizes are the noisiest: judge by the larger doublings.
    const judged = exps.slice(-2);
    const worst = judged.length ? Math.max(...judged) : NaN;
    const gaveUp = times.length < 4;
    const flag = gaveUp || judged.every((e) => e > FLAG);
    if (flag) flagged.push(family.name);
    const line = `${family.name}: n=${base} ${family.unit}: ${times.map(ms).join(' / ')}; exponents ${exps.map((e) => e.toFixed(2)).join(' ')}${flag ? '  SUPER-LINEAR' : ''}`;
    log(line);
    rows.push({
      section: SECTION,
      what: family.name,
      input: `n=${base} ${family.unit}`,
      value: times.map(ms).join(' / '),
      note: `growth exponents ${exps.map((e) => e.toFixed(2)).join(', ')} (worst of the last two ${worst.toFixed(2)})${flag ? `  ← above ${FLAG}: SUPER-LINEAR` : ''}`,
    });
  }
  notes.push(
    flagged.length
      ? `growth: super-linear (exponent > ${FLAG} at both larger doublings, or gave up): ${flagged.join('; ')}`
      : `growth: every family stayed at or under an exponent of ${FLAG} at the larger sizes`,
  );
  return { rows, notes };
}
