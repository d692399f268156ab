// Turning catalog text into Markdown that shows exactly the text and nothing more: no
// catalog can smuggle a link, an image, HTML or a command into a hover.
import type { Locale } from '../catalog/types';
import type { LanguageSetting } from '../../../protocol';

/**
 * The characters that can start markup: links and images (`[`, `!`, `(`), HTML and entities
 * (`<`, `&`), autolinks (`:` of a scheme, `@` of an address), emphasis, code, headings,
 * tables, math. Each is backslash-escaped (CommonMark allows it for any punctuation).
 * Dots and dashes stay as they are, so codes read plainly even in clients that show the
 * Markdown as text; the one autolink a dot makes (`www.`) is broken on its own, and the
 * blocks a dash, an equals sign or a number can open are broken where they can open one,
 * at the start.
 */
const MARKUP = /[\\`*_{}[\]()#+!|<>~&:@$]/g;
/** A line break would end the construct the text sits in (a table row, a list item) and open a block. */
const LINE_BREAK = /\r\n|[\r\n\u2028\u2029]/g;
/**
 * Characters that are not text: C0 and C1 controls (terminal escapes, NUL) and the bidirectional
 * overrides and isolates that make text read differently from what it is. Tab and line
 * breaks are left to the callers.
 */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** At the start of a line `-` opens a list or a rule, a run of `-` or `=` under a line makes it a heading, `1.` opens a numbered list. */
const BLOCK_START = /^(\s*)(?:([-=])|(\d{1,9})\.)/;

/**
 * Text from a file (a name, a path) with everything that is not plain text shown as an
 * escape (`\n`, `\u001b`), so a newline or a terminal escape in a file name is seen, not obeyed.
 */
export function visibleText(text: string): string {
  return text
    .replace(/[\t\r\n]/g, (c) => (c === '\t' ? '\\t' : c === '\r' ? '\\r' : '\\n'))
    .replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`)
    .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** One line of text as inert Markdown: it renders as exactly its characters, wherever it is put. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(LINE_BREAK, ' ')
    .replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(MARKUP, (c) => `\\${c}`)
    .replace(/\bwww\./gi, (w) => `${w.slice(0, -1)}\\.`)
    .replace(BLOCK_START, (_m, blank: string, mark: string | undefined, digits: string | undefined) => (mark ? `${blank}\\${mark}` : `${blank}${digits}\\.`));
}

/** A literal name as a code span; back-quotes cannot occur inside (they delimit the runs). */
function codeSpan(name: string): string {
  // Inside a code span a backslash is itself, so the escape shows as written.
  const inner = name.replace(/\s+/g, ' ').replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return inner.trim() === '' ? escapeMarkdown(name) : `\`${inner}\``;
}

/** Catalog text (plain, `back-quoted` literal names, line breaks) as inert Markdown. */
export function catalogTextToMarkdown(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) =>
      line
        .split('`')
        .map((part, i) => (i % 2 === 1 ? codeSpan(part) : escapeMarkdown(part)))
        .join(''),
    )
    .join('  \n');
}

/** Catalog text for a terminal: back-quotes kept as they are, lines trimmed. */
export function catalogTextToPlain(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** The locale explanations use: the setting, or the editor's display language for `auto`. */
export function resolveLocale(setting: LanguageSetting | undefined, displayLanguage: string | undefined): Locale {
  if (setting === 'en' || setting === 'zh-CN') return setting;
  return displayLanguage && /^zh(?:[-_](?:cn|hans|sg))?$/i.test(displayLanguage) ? 'zh-CN' : 'en';
}

export function otherLocale(locale: Locale): Locale {
  return locale === 'en' ? 'zh-CN' : 'en';
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  422: 'Unprocessable Content',
  423: 'Locked',
  424: 'Failed Dependency',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
  507: 'Insufficient Storage',
};

/** A status as a short list shows it: the number, or a dash when the page documents none. */
export function statusOf(status: number | undefined): string {
  return status === undefined ? '—' : String(status);
}

export function statusLine(status: number | undefined): string {
  // A page without a status column documents none (the WAF cloud-mode codes, VBS, OCR).
  if (status === undefined) return '—';
  const reason = REASONS[status];
  return reason ? `${status} ${reason}` : String(status);
}
