// Inline markup of the plain-text layouts, rewritten into the catalog text convention:
// plain text in which `back-quoted` runs are literal names. Vendor pages mark parameter
// names and values in bold (`**is_public**`), so bold and literal runs both become
// back-quoted; emphasis only changes the look of ordinary words, so it is dropped.

/**
 * Bold runs are at most about 400 characters (`.{0,400}?`; one character is a run too,
 * `**x**`): with no bound, every `**` that is never closed would search to the end of the
 * cell, quadratic in a cell full of them.
 *
 * The other patterns stay linear by what they may not cross: a link's or image's text and
 * target stop at the next `[`, a reference's target at the next back-quote, so an unclosed
 * one searches only up to where the next one starts; a reference's words end in a non-blank,
 * so the blanks before its `<` are not tried once per blank. A literal starts only at the first
 * back-quote of a run: started inside a run of thousands, it was tried at each of them.
 */

/** reStructuredText inline markup of one cell (already joined into one paragraph). */
export function rstInlineToText(text: string): string {
  return mapOutsideLiterals(text, /``([^`]+?)``/g, (plain) =>
    plain
      // `text <url>`_ and `name`_ are references: the reader wants the words.
      .replace(/`([^`<]*?[^`<\s])\s*<[^>`]*>`__?/g, '$1')
      .replace(/`([^`]+?)`__?/g, '$1')
      // :role:`x` marks x as something technical (a command, a file, a term).
      // Its content may escape a back-quote (`:literal:`\`~!@#``); such a run cannot be one
      // back-quoted run of the catalog's convention, so its characters are kept as plain text.
      .replace(/:[a-z][\w.+-]*:`((?:\\.|[^`\\])+?)`/g, (_, inner: string) => (inner.includes('\\`') ? inner.replace(/\\(.)/g, '$1') : `\`${inner}\``))
      .replace(/(^|[^\\*])\*\*(?=\S)(.{0,400}?\S)\*\*(?!\*)/g, '$1`$2`')
      .replace(/(^|[\s(["'])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?=$|[\s)\]"'.,;:!?])/g, '$1$2')
      .replace(/\\([\\*`|_])/g, '$1')
      // `\ ` (a backslash and a blank) is reStructuredText's empty separator between markup and a word.
      .replace(/\\ /g, ''),
  );
}

/** Markdown inline markup of one pipe-table cell (inline HTML is handled after this). */
export function markdownInlineToText(text: string): string {
  return mapOutsideLiterals(text, /(?<!`)(`+)([^`]+?)\1/g, (plain) =>
    plain
      .replace(/!\[([^[\]]*)\]\([^)[]*\)/g, '$1')
      .replace(/\[([^[\]]+)\]\([^)[]*\)/g, '$1')
      .replace(/(^|[^\\*])\*\*(?=\S)(.{0,400}?\S)\*\*(?!\*)/g, '$1`$2`')
      // `__x__` is bold too, but only where it cannot be part of a snake_case name.
      .replace(/(^|[^\w\\])__(?=\S)(.{0,400}?\S)__(?!\w)/g, '$1`$2`')
      .replace(/(^|[\s(["'])\*(?=[^\s*])([^*]*?[^\s*\\])\*(?=$|[\s)\]"'.,;:!?])/g, '$1$2')
      .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1'),
  );
}

/**
 * Applies `rewrite` to the text outside literal runs and turns each literal run into one
 * `back-quoted` run, so markup characters inside a literal (`a**b`) are left alone.
 */
function mapOutsideLiterals(text: string, literal: RegExp, rewrite: (plain: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(literal)) {
    const index = m.index ?? 0;
    out += rewrite(text.slice(last, index));
    const inner = (m[m.length - 1] ?? '').trim();
    out += inner ? `\`${inner}\`` : '';
    last = index + m[0].length;
  }
  return out + rewrite(text.slice(last));
}
