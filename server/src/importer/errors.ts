// Every failure of the importer names the page, the line and what the importer expected
// there, so a maintainer (or a user importing their own page) can open the page and fix it.

export class ImportError extends Error {
  constructor(
    readonly file: string,
    /** 1-based line in the page; 0 when the problem concerns the page as a whole. */
    readonly line: number,
    readonly expected: string,
  ) {
    super(line > 0 ? `${file}:${line}: ${expected}` : `${file}: ${expected}`);
    this.name = 'ImportError';
  }
}

/** Maps character offsets of a text to 1-based line numbers (the HTML parser reports offsets). */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}

/** Splits a page into lines without their line terminators (CRLF pages read like LF pages). */
export function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/);
}
