// `error-codes import PAGE --service ID`: a vendor's error-code page (any of the four layouts
// the bundled importer reads) turned into a catalog file, or folded into an existing one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogError, parseCatalog } from '../catalog/load';
import { loadCatalogFile } from '../node/catalogFiles';
import type { Catalog, Layout, Locale, SourcePage } from '../catalog/types';
import {
  assembleCatalog,
  ImportError,
  importPage,
  LAYOUTS,
  MAX_PAGE_BYTES,
  mergeIntoCatalog,
  type PageImport,
  SCHEMA_REF,
  serializeCatalog,
} from '../importer';
import { readFailure, readTextBounded } from '../safeRead';
import { fileState, FileState, writeFileSafely, WriteRefused } from '../safeWrite';
import { UsageError } from './shared';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function guessLocale(headers: string[]): Locale {
  return headers.some((h) => /[\u4e00-\u9fff]/.test(h)) ? 'zh-CN' : 'en';
}

export async function importCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      service: { type: 'string' },
      name: { type: 'string' },
      locale: { type: 'string' },
      layout: { type: 'string' },
      into: { type: 'string' },
      out: { type: 'string' },
      'page-wins': { type: 'boolean', default: false },
      report: { type: 'boolean', default: false },
    },
  });
  if (values.report) return reportPages(positionals, values.layout);
  if (positionals.length !== 1) throw new UsageError('import takes one page: error-codes import PAGE --service ID [--out FILE | --into CATALOG]');
  const pageFile = positionals[0];
  if (values.locale !== undefined && values.locale !== 'en' && values.locale !== 'zh-CN')
    throw new UsageError(`--locale must be en or zh-CN, not "${values.locale}"`);
  if (values.layout !== undefined && !(LAYOUTS as readonly string[]).includes(values.layout))
    throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}`);

  let existing: Catalog | undefined;
  // Taken before --into is read, so that an edit made to it meanwhile is not overwritten by the merge.
  let before: FileState | undefined;
  if (values.into) {
    try {
      before = fileState(values.into);
      existing = loadCatalogFile(values.into);
    } catch (err) {
      throw new UsageError(err instanceof CatalogError || err instanceof WriteRefused ? err.message : String(err));
    }
  }
  // Earlier imports wrote the bundled catalogs' "./schema.json", which is not beside a user's catalog.
  if (existing?.$schema === SCHEMA_REF && !fs.existsSync(path.join(path.dirname(path.resolve(values.into!)), 'schema.json'))) delete existing.$schema;
  const service = values.service ?? existing?.id;
  if (!service || !ID.test(service)) throw new UsageError('--service needs an id of lower-case letters, digits and dashes, e.g. --service ecs');

  let text: string;
  try {
    text = readTextBounded(pageFile, { maxBytes: MAX_PAGE_BYTES, links: 'follow' });
  } catch (err) {
    throw new UsageError(`${pageFile}: ${readFailure(err)}`);
  }
  let page;
  try {
    page = importPage(text, pageFile, values.layout ? { layout: values.layout as Layout } : {});
  } catch (err) {
    if (err instanceof ImportError) throw new UsageError(err.message);
    throw err;
  }
  const locale = (values.locale as Locale | undefined) ?? guessLocale(page.table.header.map((c) => c.text));
  const outFile = values.out ?? values.into;
  const source: SourcePage = {
    id: `${service}-${locale.toLowerCase()}`,
    file: outFile
      ? path
          .relative(path.dirname(path.resolve(outFile)), path.resolve(pageFile))
          .split(path.sep)
          .join('/')
      : path.basename(pageFile),
    locale,
    title: path.basename(pageFile),
    origin: `imported with error-codes import from ${path.basename(pageFile)}`,
    layout: page.layout,
  };
  const sourced = { source, priority: 0, page };
  let catalog: Catalog;
  try {
    catalog = existing
      ? mergeIntoCatalog(existing, sourced, { pageWins: !!values['page-wins'] })
      : assembleCatalog({ id: service, service: { [locale]: values.name ?? service.toUpperCase() } }, [sourced]);
  } catch (err) {
    // No row could be read, or a code has no digits to make a family of: named like any page problem.
    if (err instanceof ImportError) throw new UsageError(err.message);
    throw err;
  }
  const out = serializeCatalog(catalog);
  // What is written must load: the same checks a user's catalog gets in the editor.
  parseCatalog(out, outFile ?? '<output>');

  for (const p of page.problems) process.stderr.write(`error-codes: ${pageFile}:${p.line}: row not read: ${p.expected}\n`);
  if (outFile) {
    try {
      writeFileSafely(outFile, out, { expected: outFile === values.into ? before : undefined, makeFolders: true });
    } catch (err) {
      if (err instanceof WriteRefused) throw new UsageError(err.message);
      throw err;
    }
    process.stderr.write(`${outFile}: ${catalog.codes.length} codes (${page.entries.length} read from ${pageFile}, ${locale}, ${page.layout})\n`);
  } else {
    process.stdout.write(out);
  }
  return page.problems.length ? 1 : 0;
}

/**
 * `import --report PAGE…`: a dry run that writes no catalog. Per page, one line: its code
 * tables' rows, the rows read, the entries they make, the rows reported by reason (those the
 * catalog format cannot hold yet marked), and the tables without codes; then each reported
 * row with its line. Exit status 1 when a page cannot be read at all or a row is reported.
 */
function reportPages(pages: readonly string[], layout: string | undefined): number {
  if (pages.length === 0) throw new UsageError('import --report takes one or more pages: error-codes import --report PAGE...');
  if (layout !== undefined && !(LAYOUTS as readonly string[]).includes(layout)) throw new UsageError(`--layout must be one of ${LAYOUTS.join(', ')}`);
  let status = 0;
  for (const pageFile of pages) {
    let page: PageImport;
    try {
      const text = readTextBounded(pageFile, { maxBytes: MAX_PAGE_BYTES, links: 'follow' });
      page = importPage(text, pageFile, layout ? { layout: layout as Layout } : {});
    } catch (err) {
      // ImportError: no table to read; anything else is a read failure named by readFailure.
      process.stdout.write(`${pageFile}\tnot read: ${err instanceof ImportError ? err.expected : readFailure(err)}\n`);
      status = 1;
      continue;
    }
    const code = page.tables.filter((t) => t.columns);
    const other = page.tables.filter((t) => !t.columns);
    const rows = code.reduce((n, t) => n + t.table.rows.length, 0);
    const read = code.reduce((n, t) => n + t.read, 0);
    const reasons = new Map<string, number>();
    for (const p of page.problems) reasons.set(p.reason, (reasons.get(p.reason) ?? 0) + 1);
    const byReason = [...reasons].map(([reason, n]) => `${reason} ${n}`).join(', ') || '-';
    const others = other.length ? `${other.length} without codes (${other.reduce((n, t) => n + t.table.rows.length, 0)} rows)` : '-';
    process.stdout.write(
      `${pageFile}\tcode tables ${code.length}\trows ${rows}\tread ${read}\tentries ${page.entries.length}\treported ${page.problems.length}: ${byReason}\tother tables ${others}\n`,
    );
    for (const p of page.problems) process.stdout.write(`  ${pageFile}:${p.line}: ${p.reason}: ${p.expected}\n`);
    if (page.problems.length) status = 1;
  }
  return status;
}
