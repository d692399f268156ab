// What the commands share: the catalogs, the config, and how they talk to the terminal.
import { CatalogStore, configuredCatalogFiles, workspaceCatalogFiles } from '../catalogStore';
import type { ServiceContext } from '../features/context';
import type { LanguageSetting } from '../../../protocol';
import { ConfigError, resolveConfig, ResolvedConfig } from './config';
import { writeSync } from 'node:fs';

export class UsageError extends Error {}

/** Which codes a command needs explained, and whether a context of only their catalogs explains them all. */
interface Wanted {
  codes: readonly string[];
  enough(ctx: ServiceContext): boolean;
}

export function loadContext(opts: { config?: string; lang?: string }, wanted?: Wanted): { ctx: ServiceContext; config: ResolvedConfig; store: CatalogStore } {
  let config: ResolvedConfig;
  try {
    config = resolveConfig(process.cwd(), opts.config);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  for (const p of config.problems) writeOut(2, `error-codes: warning: ${p}\n`);
  // Only the catalogs that could hold the wanted codes first; all of them when those do not
  // explain every code (a near miss is ranked against every family, a prefix lists them all).
  let opened = wanted ? openStore(config, wanted.codes) : undefined;
  if (!opened?.store.partial || opened.store.index.size === 0 || !wanted!.enough(contextOf(opened.store, config))) opened = openStore(config);
  const { store, warnings, reported } = opened;
  for (const w of warnings) writeOut(2, `error-codes: warning: ${w}\n`);
  for (const p of reported) writeOut(2, `${p}\n`);
  for (const p of store.problems()) {
    writeOut(2, `error-codes: catalog ${p.file}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message} (not loaded)\n`);
  }
  if (store.index.size === 0) throw new UsageError('no catalogs could be loaded');
  if (opts.lang !== undefined) {
    if (opts.lang !== 'en' && opts.lang !== 'zh-CN' && opts.lang !== 'auto') throw new UsageError(`--lang must be en, zh-CN or auto, not "${opts.lang}"`);
    config.settings.language = opts.lang as LanguageSetting;
  }
  return { ctx: contextOf(store, config), config, store };
}

function contextOf(store: CatalogStore, config: ResolvedConfig): ServiceContext {
  return { index: store.index, settings: config.settings, displayLanguage: process.env.LANG?.split('.')[0]?.replace('_', '-') };
}

/**
 * The catalogs in force for this folder (its own, then the configured ones), and what was
 * said on the way: kept, not written, since a store of only some catalogs may be dropped.
 */
function openStore(config: ResolvedConfig, codes?: readonly string[]): { store: CatalogStore; warnings: string[]; reported: string[] } {
  const reported: string[] = [];
  const store = new CatalogStore((m) => reported.push(m));
  store.load(codes ? { codes } : {});
  const warnings = store.setServices(config.settings.services);
  // The same catalogs the editor loads for this folder: its own, then the configured ones.
  store.setFiles([
    ...workspaceCatalogFiles(config.root).map((file) => ({ file, kind: 'workspace' as const })),
    ...configuredCatalogFiles(config.root, config.settings.catalogs).map((file) => ({
      file,
      kind: 'configured' as const,
      ...(config.catalogsFromProject ? { within: config.root } : {}),
    })),
  ]);
  return { store, warnings, reported };
}

/**
 * Writes to standard output or error with blocking writes, without making process.stdout or
 * process.stderr (a stream each, some milliseconds of a short run's start): nothing is left
 * to flush when the command ends. A closed pipe (`| head`) ends the writing quietly; a pipe
 * that is momentarily full is waited for.
 */
export function writeOut(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let at = 0; at < bytes.length;) {
    try {
      at += writeSync(fd, bytes, at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') return;
      if (code !== 'EAGAIN') throw err;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
  }
}

/**
 * Progress on standard error, only when it is a terminal: CI logs stay clean. Nothing is
 * shown in the first 200 ms, and until then process.stderr is not touched: making that
 * stream costs a short command (a scan of one log) a few milliseconds of its start. Only
 * whether it is a terminal, and its width, are asked of it: what is shown goes out at once
 * (writeOut), so nothing is pending when the command ends. (node:tty's isatty would load
 * the net and stream modules at every start.)
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
    writeOut(2, `\r\x1b[2K${text.slice(0, (process.stderr.columns ?? 80) - 1)}`);
  }
  done(): void {
    if (this.tty && this.last) writeOut(2, '\r\x1b[2K');
  }
}
