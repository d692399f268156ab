// What the commands share: the catalogs, the config, and how they talk to the terminal.
import { CatalogStore, configuredCatalogFiles, workspaceCatalogFiles } from '../catalogStore';
import type { ServiceContext } from '../features/context';
import type { LanguageSetting } from '../../../protocol';
import { ConfigError, resolveConfig, ResolvedConfig } from './config';

export class UsageError extends Error {}

export function loadContext(opts: { config?: string; lang?: string }): { ctx: ServiceContext; config: ResolvedConfig; store: CatalogStore } {
  let config: ResolvedConfig;
  try {
    config = resolveConfig(process.cwd(), opts.config);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  for (const p of config.problems) process.stderr.write(`error-codes: warning: ${p}\n`);
  const problems: string[] = [];
  const store = new CatalogStore((m) => problems.push(m));
  store.load();
  for (const p of store.setServices(config.settings.services)) process.stderr.write(`error-codes: warning: ${p}\n`);
  // The same catalogs the editor loads for this folder: its own, then the configured ones.
  store.setFiles([
    ...workspaceCatalogFiles(config.root).map((file) => ({ file, kind: 'workspace' as const })),
    ...configuredCatalogFiles(config.root, config.settings.catalogs).map((file) => ({
      file,
      kind: 'configured' as const,
      ...(config.catalogsFromProject ? { within: config.root } : {}),
    })),
  ]);
  for (const p of problems) process.stderr.write(`${p}\n`);
  for (const p of store.problems()) {
    process.stderr.write(`error-codes: catalog ${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message} (not loaded)\n`);
  }
  if (store.index.size === 0) throw new UsageError('no catalogs could be loaded');
  if (opts.lang !== undefined) {
    if (opts.lang !== 'en' && opts.lang !== 'zh-CN' && opts.lang !== 'auto') throw new UsageError(`--lang must be en, zh-CN or auto, not "${opts.lang}"`);
    config.settings.language = opts.lang as LanguageSetting;
  }
  return { ctx: { index: store.index, settings: config.settings, displayLanguage: process.env.LANG?.split('.')[0]?.replace('_', '-') }, config, store };
}

/**
 * Progress on standard error, only when it is a terminal: CI logs stay clean. Nothing is
 * shown in the first 200 ms, and until then process.stderr is not touched: making that
 * stream costs a short command (a scan of one log) a few milliseconds of its start.
 */
export class Progress {
  private tty: boolean | undefined;
  private readonly start = Date.now();
  private last = 0;
  update(text: string): void {
    const now = Date.now();
    if (now - this.start < 200) return;
    this.tty ??= !!process.stderr.isTTY;
    if (!this.tty) return;
    if (now - this.last < 100) return;
    this.last = now;
    process.stderr.write(`\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 80) - 1)}`);
  }
  done(): void {
    if (this.tty && this.last) process.stderr.write('\r\x1b[2K');
  }
}
