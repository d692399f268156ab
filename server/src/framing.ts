// Watches the bytes the editor sends over stdin (--stdio) for broken framing. The JSON-RPC
// library reads the same bytes; on a header it cannot read it reports an error to no one
// and goes on reading the next bytes as a header, and on a header that never ends, a
// negative or an absurd Content-Length it waits for ever: either way the server stays
// running and answers nothing. A stream out of step cannot be brought back in step, so the
// server says what is wrong, and where, on stderr and exits (an editor may start it again).
// The watch only counts: it keeps a header (at most MAX_HEADER bytes) and skips bodies.

/** A header longer than this is not one: LSP's are under a hundred bytes. */
export const MAX_HEADER = 8 * 1024;
/** About the longest string V8 makes: a body longer cannot be read as one. */
export const MAX_CONTENT_LENGTH = 512 * 1024 * 1024;

const HEADER_END = Buffer.from('\r\n\r\n');

export class FramingWatch {
  /** The header read so far (before its blank line). */
  private header: Buffer[] = [];
  private headerLength = 0;
  /** Bytes of the current body still to come. */
  private body = 0;
  /** Bytes seen before the current chunk: where a problem is, for the message. */
  private seen = 0;
  private broken = false;

  /** `fail` is told once, with a sentence that says what is wrong and at which byte. */
  constructor(private readonly fail: (problem: string) => void) {}

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length && !this.broken) {
      if (this.body > 0) {
        const n = Math.min(this.body, chunk.length - at);
        this.body -= n;
        at += n;
        continue;
      }
      // Looks for the blank line from up to three bytes back: its CR LF CR LF may straddle chunks.
      const carried = this.headerLength;
      const window = chunk.subarray(at, at + MAX_HEADER + 4 - carried);
      // A view when the header began in this chunk (as nearly all do): many small messages copy nothing.
      const tail = carried === 0 ? window : Buffer.concat([...this.header, window]);
      const end = tail.indexOf(HEADER_END, Math.max(0, carried - 3));
      if (end < 0) {
        const rest = chunk.length - at;
        if (carried + rest > MAX_HEADER)
          return this.problem(
            this.seen + at + MAX_HEADER - carried,
            `no header ends within ${MAX_HEADER} bytes (a header is "Content-Length: <bytes>" and a blank line, each line ending in CR LF)`,
          );
        this.header.push(chunk.subarray(at));
        this.headerLength += rest;
        at = chunk.length;
        continue;
      }
      const headerStart = this.seen + at - carried;
      const problem = this.contentLength(tail.subarray(0, end).toString('latin1'));
      if (typeof problem === 'string') return this.problem(headerStart, problem);
      at += end + HEADER_END.length - carried;
      this.header = [];
      this.headerLength = 0;
      this.body = problem;
    }
    this.seen += chunk.length;
  }

  /** The body's length the header gives, or what is wrong with the header. */
  private contentLength(header: string): number | string {
    let length: number | string = 'the header has no Content-Length';
    for (const line of header.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon < 0) return `a header line is not "name: value": ${JSON.stringify(line.slice(0, 80))}`;
      // The key as it is: the JSON-RPC library does not trim it either.
      if (line.slice(0, colon).toLowerCase() !== 'content-length') continue;
      const value = line.slice(colon + 1).trim();
      if (!/^[0-9]+$/.test(value)) return `Content-Length is not a number of bytes: ${JSON.stringify(value.slice(0, 80))}`;
      const n = Number(value);
      if (n > MAX_CONTENT_LENGTH) return `Content-Length ${value} is more than a message can be (${MAX_CONTENT_LENGTH} bytes)`;
      length = n;
    }
    return length;
  }

  private problem(offset: number, what: string): void {
    this.broken = true;
    this.fail(`the messages from the editor are out of step at byte ${offset} of the input: ${what}`);
  }
}
