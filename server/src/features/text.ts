// Turning catalog text into Markdown that shows exactly the text and nothing more: no
// catalog can smuggle a link, an image, HTML or a command into a hover.
import type { Locale } from '../catalog/types';
import type { LanguageSetting } from '../protocol';

/**
 * The characters that can start markup: links and images (`[`, `!`, `(`), HTML and entities
 * (`<`, `&`), autolinks (`:` of a scheme, `@` of an address), emphasis, code, headings,
 * tables, math. Each is backslash-escaped (CommonMark allows it for any punctuation).
 * Dots and dashes stay as they are, so codes read plainly even in clients that show the
 * Markdown as text; the one autolink a dot makes (`www.`) is broken on its own.
 */
const MARKUP = /[\\`*_{}[\]()#+!|<>~&:@$]/g;

export function escapeMarkdown(text: string): string {
  return text.replace(MARKUP, (c) => `\\${c}`).replace(/\bwww\./gi, (w) => `${w.slice(0, -1)}\\.`);
}

/** A literal name as a code span; back-quotes cannot occur inside (they delimit the runs). */
function codeSpan(name: string): string {
  const inner = name.replace(/\s+/g, ' ');
  return inner.trim() === '' ? escapeMarkdown(name) : `\`${inner}\``;
}

/** Catalog text (plain, `back-quoted` literal names, line breaks) as inert Markdown. */
export function catalogTextToMarkdown(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split('`').map((part, i) => (i % 2 === 1 ? codeSpan(part) : escapeMarkdown(part))).join(''))
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
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large', 414: 'URI Too Long',
  415: 'Unsupported Media Type', 416: 'Range Not Satisfiable', 417: 'Expectation Failed', 422: 'Unprocessable Content',
  423: 'Locked', 424: 'Failed Dependency', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported', 507: 'Insufficient Storage',
};

export function statusLine(status: number): string {
  const reason = REASONS[status];
  return reason ? `${status} ${reason}` : String(status);
}
