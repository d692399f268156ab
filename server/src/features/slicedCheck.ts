// The check of a whole document in slices of about a millisecond, giving way to the event
// loop between them, so hovers and completions are answered while a large file is checked
// (a 1 MB file takes `diagnose` 40 ms or more in one piece, and requests wait behind it).
// The result is exactly `diagnose`'s: the slices are cut where the lexer of the whole text
// is between literals and comments, and each is scanned with a margin of text on either
// side wider than the context reader looks, keeping only the hits inside it. A check whose
// document moves on meanwhile stops at the next slice and answers nothing.
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { LanguageSpec } from '../scan/languages';
import { languageSpec } from '../scan/languages';
import { lex } from '../scan/lexer';
import { CodeHit, MAX_HITS, scanText } from '../scan/scanner';
import type { ServiceContext } from './context';
import { notCheckedDiagnostics, Problem, problemsOf, toDiagnostics, type WholeCheck } from './diagnostics';

export interface SlicedCheckOptions {
  /** Work done before giving way (ms). */
  sliceMs?: number;
  /** True when the result is no longer wanted; the document's version moving on counts anyway. */
  stale?: () => boolean;
  /** Gives way to the event loop (default: `giveWay`). */
  giveWay?: () => Promise<void>;
  /** For tests: sizes (in characters) of the lexed chunks, the scanned slices and their margins. */
  lexChunk?: number;
  scanSlice?: number;
  margin?: number;
}

/**
 * A request that comes in while a slice runs waits for the rest of it: slices of 4 ms (with
 * chunks and slices of text of 32 KiB) left 9-13 server stalls of 4 ms or more in the load
 * bench, 1 ms with 8 KiB left 2-5, and the check took as long.
 */
const SLICE_MS = 1;
const LEX_CHUNK = 8 * 1024;
const SCAN_SLICE = 8 * 1024;
/** More than twice the context reader's reach (REACH in scan/context.ts, 400 characters each way). */
const MARGIN = 2048;
const PROBLEMS_PER_STEP = 256;

/**
 * Lets everything that is waiting run: a message read meanwhile is handled (the JSON-RPC
 * library handles one per turn of the event loop, each turn queueing the next), then the
 * check goes on. Gives up after 32 turns, so a busy loop cannot starve the check.
 */
export async function giveWay(): Promise<void> {
  // Node's setImmediate and process where they exist (the server, the CLI); elsewhere (a web
  // worker) a zero timeout and one turn: `performance.now()` is a global in both.
  const host = globalThis as { process?: { getActiveResourcesInfo?: () => string[] }; setImmediate?: (f: () => void) => unknown };
  const active = host.process?.getActiveResourcesInfo;
  const nextTurn = host.setImmediate ?? ((f: () => void) => setTimeout(f, 0));
  for (let turn = 0; turn < 32; turn++) {
    await new Promise<void>((resolve) => nextTurn(resolve));
    if (!active || !active.call(host.process).includes('Immediate')) return;
  }
}

/**
 * The document's diagnostics, as `diagnose` gives them, computed a slice at a time; undefined
 * when the document changed (or `stale` said so) before the check was over.
 */
export async function diagnoseInSlices(doc: TextDocument, ctx: ServiceContext, opts: SlicedCheckOptions = {}): Promise<Diagnostic[] | undefined> {
  return (await checkInSlices(doc, ctx, opts))?.diagnostics;
}

/** What a whole check found: the hits, which of them are problems, and the diagnostics. */
/** The same answer as a check in one piece (`wholeCheck`), worked out in slices. */
export type SlicedCheck = WholeCheck;

/**
 * `diagnoseInSlices` with the hits and problems it found too (the workspace scan lists every
 * code a file holds); undefined when the check stopped early.
 */
export async function checkInSlices(doc: TextDocument, ctx: ServiceContext, opts: SlicedCheckOptions = {}): Promise<SlicedCheck | undefined> {
  const version = doc.version;
  const text = doc.getText();
  if (text.length > ctx.settings.maxFileSize) return { hits: [], problems: [], diagnostics: notCheckedDiagnostics(doc, ctx), tooLarge: true };
  const sliceMs = opts.sliceMs ?? SLICE_MS;
  const pause = opts.giveWay ?? giveWay;
  const gone = () => doc.version !== version || (opts.stale?.() ?? false);
  let began = performance.now();
  /** False when the check should stop: it gives way first if its slice of time is used up. */
  const step = async (): Promise<boolean> => {
    if (performance.now() - began < sliceMs) return !gone();
    await pause();
    began = performance.now();
    return !gone();
  };

  const spec = languageSpec(doc.languageId);
  const points = await cutPoints(text, spec, opts.lexChunk ?? LEX_CHUNK, opts.margin ?? MARGIN, step);
  if (!points) return undefined;

  const hits: CodeHit[] = [];
  const margin = opts.margin ?? MARGIN;
  const sliceSize = opts.scanSlice ?? SCAN_SLICE;
  for (let i = 0; i < points.length - 1 && hits.length <= MAX_HITS;) {
    // The slice [a, b) runs from one cut point to the first at least `sliceSize` further on.
    const a = points[i];
    let j = i + 1;
    while (j < points.length - 1 && points[j] - a < sliceSize) j++;
    const b = points[j];
    // The text scanned: from a cut point at least `margin` before, to one at least `margin` after.
    let from = i;
    while (from > 0 && a - points[from] < margin) from--;
    let to = j;
    while (to < points.length - 1 && points[to] - b < margin) to++;
    const base = points[from];
    for (const h of scanText(text.slice(base, points[to]), doc.languageId, ctx.index)) {
      const start = h.start + base;
      if (start < a || start >= b) continue;
      if (hits.length > MAX_HITS) break;
      hits.push({ ...h, start, end: h.end + base });
    }
    i = j;
    if (!(await step())) return undefined;
  }

  // One hit past the bound says the check stopped short of the document's end (as in diagnose).
  const stoppedAt = hits.length > MAX_HITS ? hits.pop()!.start : undefined;
  const problems: Problem[] = [];
  for (let k = 0; k < hits.length; k += PROBLEMS_PER_STEP) {
    problems.push(...problemsOf(hits.slice(k, k + PROBLEMS_PER_STEP), text, ctx));
    if (!(await step())) return undefined;
  }
  // Positions come from the document itself: only while it is still the version checked.
  if (gone()) return undefined;
  return { hits, problems, diagnostics: toDiagnostics(doc, problems, ctx, { stoppedAt }), ...(stoppedAt === undefined ? {} : { stoppedAt }) };
}

/**
 * Offsets where the lexer of the whole text stands between literals and comments (the starts
 * of its regions, at least `gap` apart, with 0 and the text's end), found a chunk at a time:
 * each chunk is lexed from such a point to a line start, and its last region (perhaps cut
 * short by the chunk's end) is lexed again as the start of the next chunk. Prose has no
 * literals: every line start will do.
 */
async function cutPoints(text: string, spec: LanguageSpec, chunk: number, gap: number, step: () => Promise<boolean>): Promise<number[] | undefined> {
  const points = [0];
  const add = (at: number) => {
    if (at - points[points.length - 1] >= gap && at < text.length) points.push(at);
  };
  let pos = 0;
  let size = chunk;
  while (pos < text.length) {
    const nl = text.indexOf('\n', Math.min(text.length, pos + size));
    const end = nl < 0 ? text.length : nl + 1;
    if (spec.prose) {
      add(end);
      pos = end;
    } else {
      const regions = lex(text, spec, pos, end);
      let next = end;
      if (end < text.length && regions.length > 0) {
        const last = regions.pop()!;
        if (last.start === pos) {
          // One literal or comment from here past the chunk: lex a larger chunk at once.
          regions.push(last);
          size *= 2;
          // (Giving way between tries: a long comment is lexed again in ever larger chunks.)
          if (!(await step())) return undefined;
          continue;
        }
        next = last.start;
      }
      for (const r of regions) add(r.start);
      add(next);
      pos = next;
      size = chunk;
    }
    if (!(await step())) return undefined;
  }
  points.push(text.length);
  return points;
}
