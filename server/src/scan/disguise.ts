// Codes in disguise: a literal that reads as a code on screen but holds a character no code
// has: an invisible one (a zero-width space, a byte order mark, a bidi control, a combining
// mark) or a look-alike (a Cyrillic `С` for a Latin `C`, a full-width `４`). Such a literal
// never equals the code it shows, so a handler that compares with it is dead code; copy and
// paste from chat tools and web pages brings these in, and a hostile patch can hide them on
// purpose. Every character is looked up in small tables: one pass, no regular expression.
import { isTokenChar } from '../shapes/tokenChars';

interface HiddenChar {
  /** Where it starts, counted from the literal's first character (UTF-16 units). */
  at: number;
  /** Its length in the text: 1, 2 for a surrogate pair, or the length of an escape (`\u200b`). */
  length: number;
  codePoint: number;
  /** The Unicode name, e.g. `ZERO WIDTH SPACE`. */
  name: string;
  /** The plain character it passes for (`C` for Cyrillic `С`); '' for an invisible one. */
  looksLike: string;
  /** Written as an escape sequence in the source rather than as the character itself. */
  escaped: boolean;
}

export interface Disguise {
  /** The literal with the invisible characters left out and the look-alikes replaced. */
  clean: string;
  chars: HiddenChar[];
}

/** A literal longer than this is prose, not a code in disguise (codes have at most 100 characters). */
export const MAX_DISGUISED = 200;

const INVISIBLE = new Map<number, string>([
  [0x00ad, 'SOFT HYPHEN'],
  [0x061c, 'ARABIC LETTER MARK'],
  [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
  [0x200b, 'ZERO WIDTH SPACE'],
  [0x200c, 'ZERO WIDTH NON-JOINER'],
  [0x200d, 'ZERO WIDTH JOINER'],
  [0x200e, 'LEFT-TO-RIGHT MARK'],
  [0x200f, 'RIGHT-TO-LEFT MARK'],
  [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
  [0x202b, 'RIGHT-TO-LEFT EMBEDDING'],
  [0x202c, 'POP DIRECTIONAL FORMATTING'],
  [0x202d, 'LEFT-TO-RIGHT OVERRIDE'],
  [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
  [0x2060, 'WORD JOINER'],
  [0x2061, 'FUNCTION APPLICATION'],
  [0x2062, 'INVISIBLE TIMES'],
  [0x2063, 'INVISIBLE SEPARATOR'],
  [0x2064, 'INVISIBLE PLUS'],
  [0x2066, 'LEFT-TO-RIGHT ISOLATE'],
  [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
  [0x2068, 'FIRST STRONG ISOLATE'],
  [0x2069, 'POP DIRECTIONAL ISOLATE'],
  [0xfeff, 'ZERO WIDTH NO-BREAK SPACE (BYTE ORDER MARK)'],
]);

/** The combining marks people meet (accents stacked on a letter or digit); the rest of their blocks get a generic name. */
const COMBINING = new Map<number, string>([
  [0x0300, 'GRAVE ACCENT'],
  [0x0301, 'ACUTE ACCENT'],
  [0x0302, 'CIRCUMFLEX ACCENT'],
  [0x0303, 'TILDE'],
  [0x0304, 'MACRON'],
  [0x0305, 'OVERLINE'],
  [0x0306, 'BREVE'],
  [0x0307, 'DOT ABOVE'],
  [0x0308, 'DIAERESIS'],
  [0x0309, 'HOOK ABOVE'],
  [0x030a, 'RING ABOVE'],
  [0x030b, 'DOUBLE ACUTE ACCENT'],
  [0x030c, 'CARON'],
  [0x0323, 'DOT BELOW'],
  [0x0327, 'CEDILLA'],
  [0x0328, 'OGONEK'],
  [0x0331, 'MACRON BELOW'],
  [0x0332, 'LOW LINE'],
  [0x0335, 'SHORT STROKE OVERLAY'],
  [0x0336, 'LONG STROKE OVERLAY'],
  [0x0337, 'SHORT SOLIDUS OVERLAY'],
  [0x0338, 'LONG SOLIDUS OVERLAY'],
  [0x034f, 'GRAPHEME JOINER'],
  [0x20dd, 'ENCLOSING CIRCLE'],
  [0x20e3, 'ENCLOSING KEYCAP'],
]);

/** Blocks of combining marks: [first, last]. */
const COMBINING_BLOCKS: readonly [number, number][] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];

/** Cyrillic and Greek letters drawn like Latin ones in common fonts, and dashes and dots that pass for `-` and `.`. */
const LOOK_ALIKES = new Map<number, [string, string]>([
  [0x0405, ['S', 'CYRILLIC CAPITAL LETTER DZE']],
  [0x0406, ['I', 'CYRILLIC CAPITAL LETTER BYELORUSSIAN-UKRAINIAN I']],
  [0x0408, ['J', 'CYRILLIC CAPITAL LETTER JE']],
  [0x0410, ['A', 'CYRILLIC CAPITAL LETTER A']],
  [0x0412, ['B', 'CYRILLIC CAPITAL LETTER VE']],
  [0x0415, ['E', 'CYRILLIC CAPITAL LETTER IE']],
  [0x041a, ['K', 'CYRILLIC CAPITAL LETTER KA']],
  [0x041c, ['M', 'CYRILLIC CAPITAL LETTER EM']],
  [0x041d, ['H', 'CYRILLIC CAPITAL LETTER EN']],
  [0x041e, ['O', 'CYRILLIC CAPITAL LETTER O']],
  [0x0420, ['P', 'CYRILLIC CAPITAL LETTER ER']],
  [0x0421, ['C', 'CYRILLIC CAPITAL LETTER ES']],
  [0x0422, ['T', 'CYRILLIC CAPITAL LETTER TE']],
  [0x0423, ['Y', 'CYRILLIC CAPITAL LETTER U']],
  [0x0425, ['X', 'CYRILLIC CAPITAL LETTER HA']],
  [0x04ae, ['Y', 'CYRILLIC CAPITAL LETTER STRAIGHT U']],
  [0x04c0, ['I', 'CYRILLIC LETTER PALOCHKA']],
  [0x051a, ['Q', 'CYRILLIC CAPITAL LETTER QA']],
  [0x051c, ['W', 'CYRILLIC CAPITAL LETTER WE']],
  [0x0430, ['a', 'CYRILLIC SMALL LETTER A']],
  [0x0435, ['e', 'CYRILLIC SMALL LETTER IE']],
  [0x043e, ['o', 'CYRILLIC SMALL LETTER O']],
  [0x0440, ['p', 'CYRILLIC SMALL LETTER ER']],
  [0x0441, ['c', 'CYRILLIC SMALL LETTER ES']],
  [0x0443, ['y', 'CYRILLIC SMALL LETTER U']],
  [0x0445, ['x', 'CYRILLIC SMALL LETTER HA']],
  [0x0455, ['s', 'CYRILLIC SMALL LETTER DZE']],
  [0x0456, ['i', 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I']],
  [0x0458, ['j', 'CYRILLIC SMALL LETTER JE']],
  [0x04bb, ['h', 'CYRILLIC SMALL LETTER SHHA']],
  [0x0501, ['d', 'CYRILLIC SMALL LETTER KOMI DE']],
  [0x051b, ['q', 'CYRILLIC SMALL LETTER QA']],
  [0x051d, ['w', 'CYRILLIC SMALL LETTER WE']],
  [0x0391, ['A', 'GREEK CAPITAL LETTER ALPHA']],
  [0x0392, ['B', 'GREEK CAPITAL LETTER BETA']],
  [0x0395, ['E', 'GREEK CAPITAL LETTER EPSILON']],
  [0x0396, ['Z', 'GREEK CAPITAL LETTER ZETA']],
  [0x0397, ['H', 'GREEK CAPITAL LETTER ETA']],
  [0x0399, ['I', 'GREEK CAPITAL LETTER IOTA']],
  [0x039a, ['K', 'GREEK CAPITAL LETTER KAPPA']],
  [0x039c, ['M', 'GREEK CAPITAL LETTER MU']],
  [0x039d, ['N', 'GREEK CAPITAL LETTER NU']],
  [0x039f, ['O', 'GREEK CAPITAL LETTER OMICRON']],
  [0x03a1, ['P', 'GREEK CAPITAL LETTER RHO']],
  [0x03a4, ['T', 'GREEK CAPITAL LETTER TAU']],
  [0x03a5, ['Y', 'GREEK CAPITAL LETTER UPSILON']],
  [0x03a7, ['X', 'GREEK CAPITAL LETTER CHI']],
  [0x03bd, ['v', 'GREEK SMALL LETTER NU']],
  [0x03bf, ['o', 'GREEK SMALL LETTER OMICRON']],
  [0x2010, ['-', 'HYPHEN']],
  [0x2011, ['-', 'NON-BREAKING HYPHEN']],
  [0x2212, ['-', 'MINUS SIGN']],
  [0x2024, ['.', 'ONE DOT LEADER']],
]);

const DIGIT_NAMES = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

/** A full-width form (U+FF01-U+FF5E) of a character codes are made of, as [the ASCII character, its name]. */
function fullWidth(cp: number): [string, string] | undefined {
  if (cp < 0xff01 || cp > 0xff5e) return undefined;
  const ascii = cp - 0xfee0;
  if (!isTokenChar(ascii)) return undefined;
  const c = String.fromCharCode(ascii);
  if (ascii >= 48 && ascii <= 57) return [c, `FULLWIDTH DIGIT ${DIGIT_NAMES[ascii - 48]}`];
  if (ascii >= 65 && ascii <= 90) return [c, `FULLWIDTH LATIN CAPITAL LETTER ${c}`];
  if (ascii >= 97 && ascii <= 122) return [c, `FULLWIDTH LATIN SMALL LETTER ${c.toUpperCase()}`];
  return [c, ascii === 46 ? 'FULLWIDTH FULL STOP' : ascii === 45 ? 'FULLWIDTH HYPHEN-MINUS' : 'FULLWIDTH LOW LINE'];
}

/** Invisible characters outside the table: variation selectors and the tag characters (text hidden in plain sight). */
function invisibleName(cp: number): string | undefined {
  const named = INVISIBLE.get(cp);
  if (named) return named;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return `VARIATION SELECTOR-${cp - 0xfe00 + 1}`;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return `VARIATION SELECTOR-${cp - 0xe0100 + 17}`;
  if (cp >= 0xe0000 && cp <= 0xe007f) {
    const ascii = cp - 0xe0000;
    if (ascii >= 65 && ascii <= 90) return `TAG LATIN CAPITAL LETTER ${String.fromCharCode(ascii)}`;
    if (ascii >= 97 && ascii <= 122) return `TAG LATIN SMALL LETTER ${String.fromCharCode(ascii - 32)}`;
    if (ascii >= 48 && ascii <= 57) return `TAG DIGIT ${DIGIT_NAMES[ascii - 48]}`;
    return 'TAG CHARACTER';
  }
  for (const [first, last] of COMBINING_BLOCKS) {
    if (cp >= first && cp <= last) return `COMBINING ${COMBINING.get(cp) ?? 'MARK'}`;
  }
  return undefined;
}

/** What a code point is when it hides in a code: [what it passes for, its name], or undefined for any other character. */
export function hiddenCharacter(cp: number): [string, string] | undefined {
  const invisible = invisibleName(cp);
  if (invisible) return ['', invisible];
  return LOOK_ALIKES.get(cp) ?? fullWidth(cp);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/** `\uXXXX` or `\u{X…}` at `i` (a backslash): [code point, length], or undefined. */
function unicodeEscape(text: string, i: number, to: number): [number, number] | undefined {
  if (text.charCodeAt(i + 1) !== 117 /* u */) return undefined;
  const braced = text.charCodeAt(i + 2) === 123; /* { */
  let cp = 0;
  let j = braced ? i + 3 : i + 2;
  const last = braced ? Math.min(to, j + 6) : j + 4;
  for (; j < last && j < to; j++) {
    const h = hexValue(text.charCodeAt(j));
    if (h < 0) break;
    cp = cp * 16 + h;
  }
  if (braced) return j > i + 3 && j < to && text.charCodeAt(j) === 125 /* } */ ? [cp, j + 1 - i] : undefined;
  return j === i + 6 ? [cp, 6] : undefined;
}

/**
 * text[from, to) as a code in disguise: only the characters codes are made of, and at least
 * one invisible or look-alike character (itself or as a `\u` escape). Anything else in it
 * (a space, a Chinese character, an accented letter, another escape) and it is not one:
 * undefined. One pass; nothing at all is done for a stretch longer than MAX_DISGUISED.
 */
export function disguisedToken(text: string, from: number, to: number): Disguise | undefined {
  if (to - from > MAX_DISGUISED) return undefined;
  let clean = '';
  const chars: HiddenChar[] = [];
  for (let i = from; i < to;) {
    const c = text.charCodeAt(i);
    if (c < 128 && c !== 92) {
      if (!isTokenChar(c)) return undefined;
      clean += text[i++];
      continue;
    }
    const escape = c === 92 ? unicodeEscape(text, i, to) : undefined;
    if (c === 92 && !escape) return undefined;
    const cp = escape ? escape[0] : text.codePointAt(i)!;
    const length = escape ? escape[1] : cp > 0xffff ? 2 : 1;
    const hidden = hiddenCharacter(cp);
    if (!hidden) return undefined;
    chars.push({ at: i - from, length, codePoint: cp, name: hidden[1], looksLike: hidden[0], escaped: !!escape });
    clean += hidden[0];
    i += length;
  }
  return chars.length ? { clean, chars } : undefined;
}

/** `U+200B`: a code point as people look it up. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * The text with every hidden or look-alike character written as `\u{…}`: safe to show in a
 * title or a terminal, where a right-to-left override would turn the rest of the line around.
 * For a code only: look-alikes are escaped too, which a file name or a message may rightly hold
 * (features/text.ts's visibleText escapes just the control and bidi characters of any text).
 */
export function showHidden(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += hiddenCharacter(cp) ? `\\u{${cp.toString(16)}}` : ch;
  }
  return out;
}
