// SARIF 2.1.0, the format GitHub code scanning and other CI viewers read.
import * as path from 'node:path';
import type { ServiceContext } from '../features/context';
import type { DiagnosticData } from '../features/diagnostics';
import type { PageLink } from '../features/links';
import { linkTarget } from '../catalog/pageUrl';
import type { FileResult } from './checkCommand';

const LEVEL: Record<number, string> = { 1: 'error', 2: 'warning', 3: 'note', 4: 'note' };

function level(name: string): string {
  return name === 'error' ? 'error' : name === 'warning' ? 'warning' : name === 'off' ? 'none' : 'note';
}

/** The taxonomy of vendor pages: each page a taxon with its `helpUri`, each result classified by the page its diagnostic links to. */
const PAGES = 'vendor-pages';

/**
 * The pages the diagnostics link to, as SARIF taxa in order of first use. The rules stay the two
 * kinds of problem (`misspelled`, `unknown`) that code-scanning services key their alerts on;
 * the vendor page of each result is a classification beside its rule.
 */
function pageTaxa(results: FileResult[], ctx: ServiceContext) {
  const byUrl = new Map<string, PageLink>();
  for (const loaded of ctx.index.catalogs) {
    for (const source of loaded.catalog.sources) {
      const url = source.url === undefined ? undefined : linkTarget(source.url);
      if (url !== undefined && !byUrl.has(url)) byUrl.set(url, { url, title: source.title, source: source.id, catalog: loaded.catalog.id });
    }
  }
  const taxa: { id: string; name: string; shortDescription: { text: string }; helpUri: string }[] = [];
  const indexOf = new Map<string, number>();
  for (const r of results)
    for (const d of r.diagnostics) {
      const href = d.codeDescription?.href;
      const page = href === undefined ? undefined : byUrl.get(href);
      if (!page || indexOf.has(href!)) continue;
      indexOf.set(href!, taxa.length);
      taxa.push({ id: `${page.catalog}/${page.source}`, name: page.title, shortDescription: { text: page.title }, helpUri: page.url });
    }
  return { taxa, indexOf };
}

export function toSarif(results: FileResult[], ctx: ServiceContext, root = process.cwd()) {
  const { taxa, indexOf } = pageTaxa(results, ctx);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'error-codes',
            version: '0.1.0',
            rules: [
              {
                id: 'misspelled',
                name: 'MisspelledErrorCode',
                shortDescription: { text: 'An error code used in a handler is misspelled.' },
                fullDescription: {
                  text: 'A string used as an error code (a case label, a comparison, a list, a constant) is close to a documented code but not equal to it.',
                },
                defaultConfiguration: { level: level(ctx.settings.diagnostics.misspelled) },
              },
              {
                id: 'unknown',
                name: 'UnknownErrorCode',
                shortDescription: { text: 'A well-formed error code that no catalog documents.' },
                fullDescription: {
                  text: 'The code has the shape of a catalogued family but is not in its catalog. Services do return some undocumented codes: record it in a catalog or ignore it.',
                },
                defaultConfiguration: { level: level(ctx.settings.diagnostics.unknown) },
              },
            ],
            ...(taxa.length ? { supportedTaxonomies: [{ name: PAGES, index: 0 }] } : {}),
          },
        },
        ...(taxa.length ? { taxonomies: [{ name: PAGES, shortDescription: { text: "The vendor's pages that document the error codes." }, taxa }] } : {}),
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => {
            const data = d.data as DiagnosticData;
            const uri = path.relative(root, path.resolve(r.file)).split(path.sep).join('/');
            const region = {
              startLine: d.range.start.line + 1,
              startColumn: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
            };
            return {
              ruleId: String(d.code),
              level: LEVEL[d.severity ?? 2],
              message: { text: String(d.message) },
              locations: [{ physicalLocation: { artifactLocation: { uri, uriBaseId: '%SRCROOT%' }, region } }],
              partialFingerprints: { errorCodeToken: `${data.token}` },
              ...(d.codeDescription && indexOf.has(d.codeDescription.href)
                ? {
                    taxa: [
                      {
                        id: taxa[indexOf.get(d.codeDescription.href)!].id,
                        index: indexOf.get(d.codeDescription.href)!,
                        toolComponent: { name: PAGES, index: 0 },
                      },
                    ],
                  }
                : {}),
              ...(data.preferred
                ? {
                    fixes: [
                      {
                        description: { text: `Replace with ${data.preferred}` },
                        artifactChanges: [
                          {
                            artifactLocation: { uri, uriBaseId: '%SRCROOT%' },
                            replacements: [{ deletedRegion: region, insertedContent: { text: data.preferred } }],
                          },
                        ],
                      },
                    ],
                  }
                : {}),
            };
          }),
        ),
      },
    ],
  };
}
