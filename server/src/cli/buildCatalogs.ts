// `build-catalogs`: maintainers rebuild catalogs/*.json from catalogs/sources/. With
// --check it only compares, so CI can fail when someone edits a page or the importer
// without regenerating (or hand-edits a generated catalog).
import path from 'node:path';
import { type BuiltCatalog, buildCatalogs, builtManifest, staleCatalogs, writeCatalogs } from '../node/recipeFiles';
import { WriteRefused } from '../safeWrite';

const USAGE = `usage: error-codes build-catalogs [--check] [--dir CATALOGS_DIR]

Rebuilds every catalog named in CATALOGS_DIR/sources/recipe.json (default: the catalogs
folder beside the installed CLI). Nothing is written unless every page imports cleanly.
  --check   write nothing; exit 1 when a committed catalog differs from a rebuild`;

interface Options {
  check: boolean;
  dir: string;
}

function parseArgs(args: readonly string[]): Options | string {
  const options: Options = { check: false, dir: path.resolve(__dirname, '..', 'catalogs') };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--check') options.check = true;
    else if (arg === '--dir' && args[i + 1] !== undefined) options.dir = path.resolve(args[++i]);
    else if (arg.startsWith('--dir=')) options.dir = path.resolve(arg.slice('--dir='.length));
    else return `unexpected argument "${arg}"`;
  }
  return options;
}

/** Relative to the working folder when inside it, absolute otherwise. */
function shortPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function summary(b: BuiltCatalog): string {
  const notes = b.catalog.codes.reduce((n, e) => n + (e.notes?.length ?? 0), 0);
  return `${path.basename(b.path)}: ${b.catalog.codes.length} codes, ${b.catalog.families.length} families, ${notes} notes`;
}

export async function buildCatalogsCommand(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseArgs(args);
  if (typeof options === 'string') {
    console.error(`build-catalogs: ${options}\n\n${USAGE}`);
    return 2;
  }
  let built: BuiltCatalog[];
  try {
    built = buildCatalogs(options.dir);
  } catch (err) {
    console.error(`build-catalogs: ${err instanceof Error ? err.message : String(err)}\nNo catalog was written.`);
    return 1;
  }
  const manifest = builtManifest(options.dir, built);
  const stale = staleCatalogs(built);
  const staleManifest = staleCatalogs([manifest]).length > 0;
  if (options.check) {
    if (staleManifest) console.error(`build-catalogs: ${shortPath(manifest.path)} differs from the manifest of the catalogs`);
    for (const b of stale) console.error(`build-catalogs: ${shortPath(b.path)} differs from a rebuild of its sources`);
    if (stale.length || staleManifest) console.error('Run `npm run catalogs` and commit the result.');
    else console.log(`build-catalogs: ${built.length} catalogs are up to date`);
    return stale.length || staleManifest ? 1 : 0;
  }
  try {
    // The manifest with the catalogs, all or none: one without the other would be out of step.
    writeCatalogs([...built, manifest]);
  } catch (err) {
    if (!(err instanceof WriteRefused)) throw err;
    console.error(`build-catalogs: ${err.message}`);
    return 2;
  }
  for (const b of built) console.log(`${summary(b)}${stale.includes(b) ? '' : ' (unchanged)'}`);
  console.log(`${path.basename(manifest.path)}: the families of ${built.length} catalogs${staleManifest ? '' : ' (unchanged)'}`);
  const total = built.reduce((n, b) => n + b.catalog.codes.length, 0);
  console.log(`${total} codes in all`);
  return 0;
}
