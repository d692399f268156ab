// A user at work in a large handler file, for the load test and the benchmark's `load`
// section: edits arrive every few milliseconds (characters typed and deleted, lines
// inserted, codes misspelled and put right, planted misspellings fixed), with pauses long
// enough for the server to start a check, while hovers and completions are fired without
// waiting for each other's answers. Every request remembers what the document said at the
// place it asked about, in the version it asked in, so its answer can be judged later.
import { performance } from 'node:perf_hooks';
import type { CompletionItem, Hover, MarkupContent, Position } from 'vscode-languageserver-protocol/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { GeneratedSource } from '../bench/generate';
import { rng } from '../bench/generate';
import type { LspClient } from './client';

export interface TypistOptions {
  /** Hovers and completions to fire in all (about two in three are hovers). */
  requests: number;
  seed: number;
  /** Milliseconds between two actions (an edit or a request) while typing. */
  gapMs: number;
  /** Actions between two pauses. */
  burst: number;
  /** A pause without edits: longer than the server's debounce, so a check of the whole file starts in it. */
  pauseMs: number;
}

export const TYPIST_DEFAULTS: TypistOptions = { requests: 200, seed: 1, gapMs: 3, burst: 40, pauseMs: 190 };

/** What one request asked, and what came back. */
export interface Asked {
  kind: 'hover' | 'completion';
  /** The document version the request was sent in. */
  version: number;
  /** For a hover, the code under the position; for a completion, the literal's text before it. */
  expected: string;
  /** Sent during a pause (a check of the whole file may be running) rather than among edits. */
  inPause: boolean;
  sentAt: number;
  answeredAt?: number;
  hover?: Hover | null;
  items?: CompletionItem[];
  error?: string;
  /** The in-process hover on the client's copy when the request was sent (JSON), when the caller computes it. */
  expectedHover?: string;
}

export interface TypistRun {
  asked: Asked[];
  edits: number;
  /** Kinds of edit and how many of each were made. */
  editKinds: Record<string, number>;
  lastEditAt: number;
  finalVersion: number;
  startedAt: number;
}

/** A stretch of the client's text the typist keeps track of while the text around it moves. */
interface Mark {
  start: number;
  end: number;
  /** What is written there now. */
  text: string;
  kind: 'literal' | 'comment' | 'typo' | 'pad';
  /** What was there before the typist misspelled it (a literal) or what it should be (a typo). */
  original?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Types into `uri` (open in `server`, holding `source.text`) and fires the requests; resolves
 * when every request has an answer or an error. Requests are never awaited one by one.
 */
export async function typeAndAsk(
  server: LspClient,
  uri: string,
  source: GeneratedSource,
  opts: TypistOptions = TYPIST_DEFAULTS,
  expectHover?: (doc: TextDocument, position: Position) => Hover | null,
): Promise<TypistRun> {
  if (server.text(uri) !== source.text) throw new Error('the typist needs the generated text as the document');
  const r = rng(opts.seed * 7919 + 3);
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[Math.floor(r() * xs.length)] : undefined);
  const marks: Mark[] = [
    ...source.literals.map((s): Mark => ({ start: s.start, end: s.end, text: s.code, kind: 'literal' })),
    ...source.inComments.map((s): Mark => ({ start: s.start, end: s.end, text: s.code, kind: 'comment' })),
    ...source.typos.map((s): Mark => ({ start: s.start, end: s.end, text: s.code, kind: 'typo', original: s.meant })),
  ];
  const asked: Asked[] = [];
  const pending: Promise<void>[] = [];
  const editKinds: Record<string, number> = {};
  let edits = 0;
  let lastEditAt = 0;
  const startedAt = performance.now();

  // The client's text is read a stretch at a time, never whole: a client whose copy is kept
  // in pieces (the bench's) would join it at every edit. Offsets and positions map one to one
  // (neither the generator nor the typist writes a CR).
  /** The client's text in [a, b). */
  const slice = (a: number, b: number) => {
    const doc = server.document(uri);
    return doc.getText({ start: doc.positionAt(a), end: doc.positionAt(b) });
  };
  const textLength = () => {
    const doc = server.document(uri);
    return doc.offsetAt({ line: doc.lineCount, character: 0 });
  };

  /** Replaces [start, end) of the client's text with `text`: one didChange, marks moved along. */
  const edit = async (kind: string, start: number, end: number, text: string, inside?: Mark) => {
    const doc = server.document(uri);
    const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
    const delta = text.length - (end - start);
    for (const m of marks) {
      if (m === inside) {
        m.end += delta;
        m.text = slice(m.start, start) + text + slice(end, m.end - delta);
      } else if (m.start >= end) {
        m.start += delta;
        m.end += delta;
      }
    }
    await server.change(uri, [{ range, text }]);
    edits++;
    editKinds[kind] = (editKinds[kind] ?? 0) + 1;
    lastEditAt = performance.now();
  };
  /** As `text.lastIndexOf('\n', offset - 1) + 1`, reading back from `offset` a stretch at a time. */
  const lineStart = (offset: number) => {
    const last = Math.max(offset - 1, 0);
    for (let reach = 4096; ; reach *= 4) {
      const from = Math.max(0, last + 1 - reach);
      const nl = slice(from, Math.min(textLength(), last + 1)).lastIndexOf('\n');
      if (nl >= 0) return from + nl + 1;
      if (from === 0) return 0;
    }
  };
  /** Codes as the generator wrote them, not changed since: what hovers and completions aim at. */
  const intact = (kinds: Mark['kind'][]) => marks.filter((m) => kinds.includes(m.kind) && m.original === undefined);

  const oneEdit = async () => {
    const roll = r();
    if (roll < 0.35) {
      // Type a space at the start of a line; it is deleted again later.
      const at = lineStart(Math.floor(r() * textLength()));
      marks.push({ start: at, end: at, text: '', kind: 'pad' });
      const pad = marks[marks.length - 1];
      await edit('type a space', at, at, ' ', pad);
    } else if (roll < 0.6) {
      // Delete a space typed before (characters typed and deleted leave the text as it was).
      const pad = pick(marks.filter((m) => m.kind === 'pad' && m.text.length > 0));
      if (!pad) return oneEdit();
      await edit('delete a space', pad.end - 1, pad.end, '', pad);
    } else if (roll < 0.75) {
      // Misspell a code in a literal: swap two different digits next to each other.
      const m = pick(intact(['literal']));
      const digits = m ? /\.(\d+)$/.exec(m.text) : null;
      if (!m || !digits) return oneEdit();
      const from = m.text.length - digits[1].length;
      let k = -1;
      for (let i = from; i + 1 < m.text.length; i++)
        if (m.text[i] !== m.text[i + 1]) {
          k = i;
          break;
        }
      if (k < 0) return oneEdit();
      m.original = m.text;
      await edit('misspell a code', m.start + k, m.start + k + 2, m.text[k + 1] + m.text[k], m);
    } else if (roll < 0.9) {
      // Put a misspelled literal right again, or fix a planted misspelling.
      const m = pick(marks.filter((x) => (x.kind === 'literal' || x.kind === 'typo') && x.original !== undefined && x.original !== x.text));
      if (!m) return oneEdit();
      const right = m.original!;
      await edit(m.kind === 'typo' ? 'fix a planted misspelling' : 'put a misspelling right', m.start, m.end, right, m);
      if (m.kind === 'literal') m.original = undefined;
    } else {
      // A new line somewhere: everything below moves down.
      const at = lineStart(Math.floor(r() * textLength()));
      await edit('insert a line', at, at, '\n');
    }
  };

  const record = (a: Asked, p: Promise<unknown>, take: (v: unknown) => void) => {
    asked.push(a);
    pending.push(
      p.then(
        (v) => {
          a.answeredAt = performance.now();
          take(v);
        },
        (e: unknown) => {
          a.answeredAt = performance.now();
          a.error = e instanceof Error ? e.message : String(e);
        },
      ),
    );
  };

  const oneRequest = async (inPause: boolean) => {
    const doc = server.document(uri);
    if (r() < 0.65) {
      const m = pick(intact(['literal', 'comment']))!;
      const position = doc.positionAt(m.start + Math.floor(r() * m.text.length));
      const expectedHover = expectHover ? JSON.stringify(expectHover(doc, position)) : undefined;
      const a: Asked = { kind: 'hover', version: doc.version, expected: m.text, expectedHover, inPause, sentAt: performance.now() };
      record(a, server.hover(uri, position), (v) => {
        a.hover = v as Hover | null;
      });
      // Often the line moves down at once: an answer computed on the next version would miss the code.
      if (!inPause && r() < 0.4) await edit('insert a line above a hovered code', lineStart(m.start), lineStart(m.start), '\n');
    } else {
      const m = pick(intact(['literal']))!;
      const at = Math.min(m.text.length, m.text.lastIndexOf('.') + 1 + Math.floor(r() * 4));
      const a: Asked = { kind: 'completion', version: doc.version, expected: m.text.slice(0, at), inPause, sentAt: performance.now() };
      record(a, server.completion(uri, doc.positionAt(m.start + at)), (v) => {
        a.items = v as CompletionItem[];
      });
      if (!inPause && r() < 0.4) await edit('type a space after a completed literal', m.end + 1, m.end + 1, ' ');
    }
  };

  while (asked.length < opts.requests) {
    // Typing: about one action in three a request, the rest edits.
    for (let i = 0; i < opts.burst && asked.length < opts.requests; i++) {
      if (r() < 0.3) await oneRequest(false);
      else await oneEdit();
      await sleep(opts.gapMs);
    }
    // A pause in the typing: the server's check of the whole file starts, and requests meet it.
    const pauseEnd = performance.now() + opts.pauseMs;
    while (performance.now() < pauseEnd && asked.length < opts.requests) {
      await oneRequest(true);
      await sleep(opts.gapMs * 3);
    }
  }
  // The last edits, so the final check follows typing as it does in an editor.
  for (let i = 0; i < 5; i++) {
    await oneEdit();
    await sleep(opts.gapMs);
  }
  await Promise.all(pending);
  return { asked, edits, editKinds, lastEditAt, finalVersion: server.document(uri).version, startedAt };
}

/** What is wrong with an answer, or undefined when it answers what was asked in its version. */
export function judge(a: Asked): string | undefined {
  if (a.error) return `${a.kind} failed: ${a.error}`;
  if (a.kind === 'hover') {
    const value = a.hover ? (a.hover.contents as MarkupContent).value : undefined;
    if (a.expectedHover !== undefined && JSON.stringify(a.hover) !== a.expectedHover) {
      return `the hover on ${a.expected} (version ${a.version}) is not the one of that version: ${JSON.stringify(a.hover)?.slice(0, 200)} instead of ${a.expectedHover.slice(0, 200)}`;
    }
    if (a.expectedHover === undefined && !value) return `no hover on ${a.expected} (version ${a.version})`;
    // The hover is Markdown: a code's `_` is escaped there (`SVCSTG\_AMS\_4000008`).
    if (value && !value.replace(/\\(.)/g, '$1').includes(a.expected))
      return `the hover on ${a.expected} (version ${a.version}) does not name it: ${value.slice(0, 200)}`;
    return undefined;
  }
  const items = a.items ?? [];
  if (items.length === 0) return `no completion after "${a.expected}" (version ${a.version})`;
  // A code begun (it has a dot) is completed whatever the case it was typed in (`Common.00` offers
  // VBS's `common.0011` too); text without a dot is also matched against services and messages,
  // so any code may answer it, but each must start with the typed text or the typed text be a word.
  const typed = a.expected.toUpperCase();
  const wrong = a.expected.includes('.') ? items.filter((i) => !i.label.toUpperCase().startsWith(typed)) : [];
  if (wrong.length)
    return `completion after "${a.expected}" (version ${a.version}) offered ${wrong
      .slice(0, 3)
      .map((i) => i.label)
      .join(', ')}`;
  return undefined;
}
