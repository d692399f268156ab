// Edit distances tuned to how codes get mistyped. Codes are short (a family stem of up
// to a few dozen characters, a number of a handful of digits), so the quadratic tables
// here cost microseconds.

/** Optimal-string-alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
export function osaDistance(a: string, b: string, max = Infinity): number {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = a.length;
  const m = b.length;
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = Array.from({ length: m + 1 }, (_, j) => j);
  let cur = new Array<number>(m + 1).fill(0);
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= m; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m];
}

/**
 * Distance between two digit strings where the slips people make with numbers cost less:
 * a swapped pair of neighbours or a doubled (or halved) run of one digit costs 0.5; any
 * other insertion, deletion or substitution costs 1. Runs for every code of a family on
 * every misspelling, so it works in one reused table and allocates nothing.
 */
let table = new Float64Array(0);

/**
 * Removing s[i] from the typed digits, or inserting s[i] of the real ones, is cheap when it
 * repeats a neighbour (a doubled digit). (A function of its own, not a closure per call: the
 * workspace scan calls digitDistance for every code of a family at each misspelling, and two
 * closures a call were 60 MB of its garbage.)
 */
function editCost(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c === s.charCodeAt(i - 1) || c === s.charCodeAt(i + 1) ? 0.5 : 1;
}

export function digitDistance(typed: string, real: string): number {
  const n = typed.length;
  const m = real.length;
  const w = m + 1;
  if (table.length < (n + 1) * w) table = new Float64Array((n + 1) * w * 2);
  const d = table;
  d[0] = 0;
  for (let i = 1; i <= n; i++) d[i * w] = d[(i - 1) * w] + editCost(typed, i - 1);
  for (let j = 1; j <= m; j++) d[j] = d[j - 1] + editCost(real, j - 1);
  for (let i = 1; i <= n; i++) {
    const ti = typed.charCodeAt(i - 1);
    const del = editCost(typed, i - 1);
    for (let j = 1; j <= m; j++) {
      const rj = real.charCodeAt(j - 1);
      let v = d[(i - 1) * w + j - 1] + (ti === rj ? 0 : 1);
      const a = d[(i - 1) * w + j] + del;
      if (a < v) v = a;
      const b = d[i * w + j - 1] + editCost(real, j - 1);
      if (b < v) v = b;
      if (i > 1 && j > 1 && ti === real.charCodeAt(j - 2) && typed.charCodeAt(i - 2) === rj && ti !== typed.charCodeAt(i - 2)) {
        const t = d[(i - 2) * w + j - 2] + 0.5;
        if (t < v) v = t;
      }
      d[i * w + j] = v;
    }
  }
  return d[n * w + m];
}
