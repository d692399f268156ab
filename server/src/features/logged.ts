// Finding the message a service sent next to a code, in a log line or a response body.
import { parseJson } from '../catalog/json';

/** Keys services put their human-readable message under (the pages' body shapes, and common variants). */
const MESSAGE_KEY = /["']?(?:errorMessage|error_message|error_msg|errorMsg|message|msg)["']?\s*[:=]\s*"((?:[^"\\\n]|\\.){0,2000})"/g;

/** How far from a code its line's ends are looked for (characters). */
export const LOGGED_REACH = 4000;

/** The message nearest to the code at [start, end) on its line, if the line carries one. */
export function loggedMessageNear(text: string, start: number, end: number): string | undefined {
  // The line's ends within reach only: on a long line a search to its real ends would read
  // the whole line for every hover.
  const lo = Math.max(0, start - LOGGED_REACH);
  const lineStart = lo + text.slice(lo, start).lastIndexOf('\n') + 1;
  const nl = text.slice(end, Math.min(text.length, end + LOGGED_REACH)).indexOf('\n');
  const lineEnd = nl < 0 ? Math.min(text.length, end + LOGGED_REACH) : end + nl;
  const line = text.slice(lineStart, lineEnd);
  let best: { message: string; distance: number } | undefined;
  MESSAGE_KEY.lastIndex = 0;
  for (let m = MESSAGE_KEY.exec(line); m; m = MESSAGE_KEY.exec(line)) {
    const at = lineStart + m.index;
    const distance = at >= end ? at - end : start - (at + m[0].length);
    if (!best || Math.abs(distance) < best.distance) best = { message: unescapeJson(m[1]), distance: Math.abs(distance) };
  }
  return best?.message;
}

/** The message as the service meant it (`\"` and `\u4e2d` undone); as written when it is no valid JSON string. */
function unescapeJson(s: string): string {
  const json = parseJson(`"${s}"`);
  return typeof json.value === 'string' ? json.value : s;
}
