// Requests that could hold the server: a hover sent right behind a request that reads the
// whole document (the status bar's errorCodes/documentSummary, a fix-all as on save with
// `source.fixAll`). Each is asked of a fresh server, on a version of the document no check
// has seen yet, with the hover sent at once after it: how long each waited, and which was
// answered first. The hostile section reports these rows; `measureBehind` runs alone too.
import type { Position } from 'vscode-languageserver-types';
import { performance } from 'node:perf_hooks';
import { DocumentDiagnosticRequest } from 'vscode-languageserver-protocol';
import { FIX_ALL_KIND } from '../../protocol';
import { LspClient } from '../protocol/client';
import type { CatalogCode } from './generate';
import { generateSource } from './generate';
import { bytes, ms, Row } from './stats';

export interface BehindResult {
  what: string;
  input: string;
  /** From sending the request to its answer, and to the hover's (sent right after it). */
  requestMs: number;
  hoverMs: number;
  hoverFirst: boolean;
  answer: string;
}

/** Sends `request` and, without waiting, a hover; times both from the moment they were sent. */
export async function hoverBehind(
  server: LspClient,
  uri: string,
  at: Position,
  request: () => Promise<unknown>,
): Promise<Omit<BehindResult, 'what' | 'input'>> {
  const t0 = performance.now();
  let order = 0;
  const req = request().then((value) => ({ value, ms: performance.now() - t0, order: order++ }));
  const hov = server.hover(uri, at).then(() => ({ ms: performance.now() - t0, order: order++ }));
  const [r, h] = await Promise.all([req, hov]);
  return { requestMs: r.ms, hoverMs: h.ms, hoverFirst: h.order < r.order, answer: describe(r.value) };
}

function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return text.length > 140 ? `${text.slice(0, 137)}...` : text;
}

/**
 * The status bar's summary of an 8.6 MB file (over the default maxFileSize, then within a
 * raised one), and a fix-all on a 4 MB file, first on a version no check has seen, then after
 * the editor pulled its diagnostics; each with a hover right behind.
 */
export async function measureBehind(codes: readonly CatalogCode[], seed: number): Promise<BehindResult[]> {
  const out: BehindResult[] = [];
  const run = async (
    what: string,
    bytesWanted: number,
    settings: object,
    ask: (server: LspClient, uri: string) => Promise<unknown>,
    before?: (server: LspClient, uri: string) => Promise<unknown>,
  ) => {
    const source = generateSource(codes, bytesWanted, seed);
    const uri = 'file:///behind/handlers.ts';
    // A client that pulls diagnostics, and only when `before` does: else nothing but the request reads the document.
    const server = await LspClient.start({ pullDiagnostics: true, settings, deadlineMs: 300_000 });
    try {
      await server.open(uri, 'typescript', source.text);
      const spot = source.literals[Math.floor(source.literals.length / 2)];
      const at = server.document(uri).positionAt(spot.start + 1);
      // The hover answers once the document is in: the figures then count only the wait.
      await server.hover(uri, at);
      await before?.(server, uri);
      const r = await hoverBehind(server, uri, at, () => ask(server, uri));
      out.push({ what, input: `handlers.ts ${bytes(source.text.length)}`, ...r });
      await server.shutdown();
    } finally {
      server.kill();
    }
  };
  const summary = (s: LspClient, uri: string) => s.request('errorCodes/documentSummary', { uri });
  const origin = { line: 0, character: 0 };
  const fixAll = (s: LspClient, uri: string) => s.codeActions(uri, { start: origin, end: origin }, [], [FIX_ALL_KIND]);
  const pull = (s: LspClient, uri: string) => s.request(DocumentDiagnosticRequest.method, { textDocument: { uri } });
  await run('summary, hover behind it (default maxFileSize)', 8_600_000, {}, summary);
  await run('summary, hover behind it (maxFileSize 20,000,000)', 8_600_000, { maxFileSize: 20_000_000 }, summary);
  await run('fix-all (source.fixAll), hover behind it', 4_000_000, {}, fixAll);
  await run('fix-all after the diagnostics were pulled, hover behind it', 4_000_000, {}, fixAll, pull);
  return out;
}

export function behindRows(section: string, results: readonly BehindResult[]): Row[] {
  return results.map((r) => ({
    section,
    what: r.what,
    input: r.input,
    value: ms(r.hoverMs),
    note: `hover answered ${r.hoverFirst ? 'first' : 'after the request'}; the request took ${ms(r.requestMs)}; answer ${r.answer}`,
  }));
}
