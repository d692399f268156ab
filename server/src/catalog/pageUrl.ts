// A vendor page's public address, as a catalog names it. The address ends up as a link in a
// hover, as a diagnostic's code link and in SARIF, and the editor opens what such a link
// names (VS Code runs `command:` links in trusted Markdown): so only a plain `https:` address
// of a named host is accepted, and it is written out in a form that cannot leave the link.

const MAX_URL = 2048;

/** What an address must look like, as a problem says it. */
export const URL_EXPECTED = `an https: address of at most ${MAX_URL} characters such as "https://docs.example.com/api/error-codes.html" (no blanks, control characters or user:password@)`;

/** Control characters, blanks of every kind and the invisible format characters (bidirectional overrides, zero-width ones). */
const NOT_VISIBLE = /[\p{Cc}\p{Cf}\p{Z}\s]/u;
/** A host name or an IPv4 address once the URL parser has lower-cased and punycoded it: nothing that could close a Markdown link. */
const HOST = /^(?:[a-z0-9-]+\.)*[a-z0-9-]+$/;

/** Why `url` cannot be a page's address (`it holds a backslash`), or undefined when it can be one. */
export function pageUrlProblem(url: string): string | undefined {
  if (url.length > MAX_URL) return `it is ${url.length} characters long`;
  const hidden = NOT_VISIBLE.exec(url);
  if (hidden) return `it holds ${codePointName(hidden[0])} at character ${hidden.index + 1}`;
  // The URL parser reads `https:host` and `https:\\host` as `https://host`: the address must say what it means.
  if (!/^https:\/\//i.test(url)) return 'it does not start with https://';
  // `\` is read as `/`, so `https://docs.example.com\@evil.example` would look like one host and open another.
  if (url.includes('\\')) return 'it holds a backslash';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch (err) {
    // The URL constructor throws a TypeError for any text that is not a URL, and nothing else.
    if (err instanceof TypeError) return 'it is not an address a browser can open';
    throw err;
  }
  if (parsed.username !== '' || parsed.password !== '') return 'it names a user or a password before the host';
  if (!HOST.test(parsed.hostname)) return 'its host is not a host name';
  return undefined;
}

/** An address as a problem quotes it: short, and with every blank or invisible character written as an escape. */
export function quotedUrl(url: string): string {
  const short = url.length > 80 ? `${url.slice(0, 77)}...` : url;
  return `"${short.replace(/"/g, '\\"').replace(new RegExp(NOT_VISIBLE.source, 'gu'), escaped)}"`;
}

function escaped(c: string): string {
  const code = c.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

function codePointName(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Characters an address may keep as they are when written into Markdown, a terminal or JSON:
 * RFC 3986's unreserved and most reserved characters. Brackets, parentheses, quotes, `*`, `<`,
 * `>` and everything beyond ASCII are percent-encoded, so the address can close no link, open
 * no emphasis or HTML, and reads the same everywhere.
 */
const KEPT = /[A-Za-z0-9\-._~:/?#@!$&+,;=%]/;

/**
 * The address as links carry it: parsed again (a catalog built by hand may hold anything),
 * then written with only characters that mean nothing to Markdown. Undefined when the address
 * is not one pageUrlProblem accepts.
 */
export function linkTarget(url: string): string | undefined {
  if (pageUrlProblem(url) !== undefined) return undefined;
  const parsed = new URL(url);
  const rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  let encoded = '';
  for (const c of rest) encoded += KEPT.test(c) ? c : encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`);
  return `https://${parsed.host}${encoded}`;
}
