// "Which catalogs and settings are in force?", answered the same way by the editor's
// command and by `error-codes config`, so the two can be seen to agree.
import type { CatalogFileProblem } from '../catalog/catalogFile';
import type { LoadedCatalog } from '../catalog/index';
import type { ServicesChoice } from '../catalog/services';
import type { Settings } from '../../../protocol';
import { visibleText } from './text';

interface ConfigurationFacts {
  catalogs: LoadedCatalog[];
  problems: CatalogFileProblem[];
  settings: Settings;
  /** Where the settings came from (files, or the editor). */
  settingsFrom: string[];
  /** Whether the workspace's own catalogs may load. */
  workspaceTrusted: boolean;
  /** Which bundled catalogs `errorCodes.services` leaves on (not said when absent). */
  services?: ServicesChoice;
}

export function describeConfiguration(f: ConfigurationFacts): string {
  const out: string[] = ['Catalogs in force (later ones override earlier ones code by code):'];
  for (const c of f.catalogs) {
    const families = c.catalog.families.map((x) => x.name).join(', ');
    out.push(`  ${c.catalog.id.padEnd(16)} ${String(c.catalog.codes.length).padStart(5)} codes  ${families.padEnd(24)} ${visibleText(c.origin)}`);
  }
  if (!f.workspaceTrusted) out.push('  (the workspace is not trusted: its own catalogs are not loaded)');
  if (f.services) {
    const { on, off, reason, problems } = f.services;
    out.push('', `Services on: ${on.length} of ${on.length + off.length} bundled catalogs, ${reason}; your own catalogs are always on.`);
    if (off.length) out.push(`  on:  ${on.join(', ')}`, `  off: ${off.join(', ')}`);
    for (const p of problems) out.push(`  ${visibleText(p)}`);
  }
  if (f.problems.length) {
    out.push('', 'Catalog problems:');
    for (const p of f.problems) out.push(`  ${visibleText(p.file)}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}`);
  }
  out.push('', `Settings in force (from ${f.settingsFrom.length ? f.settingsFrom.join(', then ') : 'the defaults'}):`);
  out.push(
    ...JSON.stringify({ errorCodes: f.settings }, null, 2)
      .split('\n')
      .map((l) => `  ${l}`),
  );
  return out.join('\n');
}
