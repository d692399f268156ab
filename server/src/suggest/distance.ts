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
 * other insertion, deletion or substitution costs 1.
 */
export function digitDistance(typed: string, real: string): number {
  const n = typed.length;
  const m = real.length;
  const d: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  // Removing typed[i] is cheap when it repeats a neighbour (a doubled digit); inserting real[j] likewise.
  const delCost = (i: number): number => (typed[i] === typed[i - 1] || typed[i] === typed[i + 1] ? 0.5 : 1);
  const insCost = (j: number): number => (real[j] === real[j - 1] || real[j] === real[j + 1] ? 0.5 : 1);
  for (let i = 1; i <= n; i++) d[i][0] = d[i - 1][0] + delCost(i - 1);
  for (let j = 1; j <= m; j++) d[0][j] = d[0][j - 1] + insCost(j - 1);
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const sub = typed[i - 1] === real[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1][j] + delCost(i - 1), d[i][j - 1] + insCost(j - 1), d[i - 1][j - 1] + sub);
      if (i > 1 && j > 1 && typed[i - 1] === real[j - 2] && typed[i - 2] === real[j - 1] && typed[i - 1] !== typed[i - 2]) {
        v = Math.min(v, d[i - 2][j - 2] + 0.5);
      }
      d[i][j] = v;
    }
  }
  return d[n][m];
}

/** Letters people type for digits that look alike: O/o for 0, l/I/i for 1. */
export function normaliseDigits(text: string): { digits: string; fixes: number } | undefined {
  let out = '';
  let fixes = 0;
  for (const ch of text) {
    if (ch >= '0' && ch <= '9') out += ch;
    else if (ch === 'O' || ch === 'o') { out += '0'; fixes++; }
    else if (ch === 'l' || ch === 'I' || ch === 'i' || ch === '|') { out += '1'; fixes++; }
    else return undefined;
  }
  return { digits: out, fixes };
}
