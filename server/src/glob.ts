// Glob patterns from settings (`errorCodes.workspace.include`/`exclude`, `files.exclude`)
// matched in time linear in the path, whatever the pattern. picomatch turns a pattern into a
// backtracking regular expression: `**/*a*a*a*a*a*a*a*a*b` against a file named with 60 `a`s
// kept it (and the server) busy for minutes. Here every pattern of a list is compiled once into
// one automaton (Thompson's construction) and a path is run through it a character at a time,
// holding the set of states it may be in; the sets met are remembered as they are met (a lazy
// DFA), so an ordinary path costs a map look-up per character.
//
// The syntax is VS Code's: `*` (within a segment), `?`, `**` (any number of whole segments),
// `[abc]`, `[a-z]`, `[!a]` (`[^a]`), `{a,b}` (nested too) and `\` before a character to take
// it literally; a leading `./` is dropped. Matching is as picomatch's with `dot: true`. Patterns
// with what VS Code does not have (a leading `!`, extglobs like `+(a|b)`) or that are too long
// are refused with the reason: the caller names the setting.

/** A pattern longer than this is refused: real ones are a few dozen characters. */
const MAX_GLOB_LENGTH = 1000;
/** Patterns past this many in one list are refused. */
const MAX_GLOBS = 200;
/** The lazy DFA remembers at most this many sets of states; past it, paths are run through the automaton as it is (still linear). */
const MAX_DFA_STATES = 10_000;

/** States visited while matching, all matchers together: what tests measure the work by. */
export const globWork = { visits: 0 };

interface RefusedGlob {
  pattern: string;
  reason: string;
}

export interface GlobMatcher {
  (path: string): boolean;
  /** The patterns not used, each with why. */
  readonly refused: readonly RefusedGlob[];
}

// ---- parsing --------------------------------------------------------------------------------

type Node =
  | { t: 'char'; c: number }
  | { t: 'star' }
  | { t: 'one' }
  | { t: 'class'; negated: boolean; ranges: number[] }
  | { t: 'alt'; seqs: Node[][] }
  /** `**` standing for whole segments: how it compiles depends on what is beside it (see `shape`). */
  | { t: 'globstar' };

/** The end of the bracket expression starting at `at` (the index of its `]`), or -1. */
function classEnd(p: string, at: number): number {
  let i = at + 1;
  if (p[i] === '!' || p[i] === '^') i++;
  if (p[i] === ']') i++;
  for (; i < p.length; i++) {
    if (p[i] === '\\') i++;
    else if (p[i] === ']') return i;
  }
  return -1;
}

/** The `}` closing the brace at `at`, when there is a `,` at its own level before it; else -1 (the brace is literal). */
function braceEnd(p: string, at: number): number {
  let depth = 0;
  let comma = false;
  for (let i = at; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') i++;
    else if (c === '[') {
      const e = classEnd(p, i);
      if (e > 0) i = e;
    } else if (c === '{') depth++;
    else if (c === '}') {
      if (--depth === 0) return comma ? i : -1;
    } else if (c === ',' && depth === 1) comma = true;
  }
  return -1;
}

class Parser {
  i = 0;
  constructor(private readonly p: string) {}

  /** A sequence up to the end, or (inside braces) up to a `,` or `}` of this level. */
  seq(inBraces: boolean): Node[] {
    const { p } = this;
    const out: Node[] = [];
    while (this.i < p.length) {
      const c = p[this.i];
      if (inBraces && (c === ',' || c === '}')) break;
      if (c === '\\' && this.i + 1 < p.length) {
        out.push({ t: 'char', c: p.charCodeAt(this.i + 1) });
        this.i += 2;
      } else if (c === '*') {
        const from = this.i;
        while (p[this.i] === '*') this.i++;
        const before = from === 0 ? '/' : p[from - 1];
        const after = this.i >= p.length ? '/' : p[this.i];
        const whole = (before === '/' || (inBraces && (before === '{' || before === ','))) && (after === '/' || (inBraces && (after === ',' || after === '}')));
        // Exactly two: `***` is a `*`, as picomatch takes it.
        out.push(this.i - from === 2 && whole ? { t: 'globstar' } : { t: 'star' });
      } else if (c === '?') {
        out.push({ t: 'one' });
        this.i++;
      } else if (c === '[' && classEnd(p, this.i) > 0) {
        out.push(this.bracket());
      } else if (c === '{' && braceEnd(p, this.i) > 0) {
        this.i++;
        const seqs: Node[][] = [];
        for (;;) {
          seqs.push(this.seq(true));
          if (p[this.i++] === '}') break;
        }
        out.push({ t: 'alt', seqs });
      } else {
        out.push({ t: 'char', c: p.charCodeAt(this.i) });
        this.i++;
      }
    }
    return out;
  }

  private bracket(): Node {
    const { p } = this;
    const end = classEnd(p, this.i);
    let i = this.i + 1;
    const negated = p[i] === '!' || p[i] === '^';
    if (negated) i++;
    const ranges: number[] = [];
    while (i < end) {
      let lo = p.charCodeAt(i);
      if (p[i] === '\\') lo = p.charCodeAt(++i);
      i++;
      let hi = lo;
      // `a-z`; a `-` first or last is itself (`]` first is itself too, as classEnd took it).
      if (p[i] === '-' && i + 1 < end) {
        i++;
        hi = p[i] === '\\' ? p.charCodeAt(++i) : p.charCodeAt(i);
        i++;
      }
      if (hi >= lo) ranges.push(lo, hi);
    }
    this.i = end + 1;
    return { t: 'class', negated, ranges };
  }
}

// ---- the automaton ----------------------------------------------------------------------------

const SLASH = 47;
/** What a state's one consuming edge takes. */
const NONE = 0,
  CHAR = 1,
  NOT_SLASH = 2,
  ANY = 3,
  CLASS = 4;

class Nfa {
  /** Per state: the edge's kind, its argument (a character, a class's number), where it leads, and the states reached without a character. */
  kind: number[] = [];
  arg: number[] = [];
  to: number[] = [];
  eps: number[][] = [];
  classes: { negated: boolean; ranges: number[] }[] = [];
  readonly accept: number;

  constructor() {
    this.accept = this.state(NONE, 0, -1, []);
  }

  state(kind: number, arg: number, to: number, eps: number[]): number {
    this.kind.push(kind);
    this.arg.push(arg);
    this.to.push(to);
    this.eps.push(eps);
    return this.kind.length - 1;
  }

  /** A state whose edge loops back to itself, then goes on to `next` without a character. */
  loop(kind: number, next: number): number {
    const s = this.state(kind, 0, -1, [next]);
    this.to[s] = s;
    return s;
  }

  takes(s: number, c: number): boolean {
    switch (this.kind[s]) {
      case CHAR:
        return c === this.arg[s];
      case NOT_SLASH:
        return c !== SLASH;
      case ANY:
        return true;
      case CLASS: {
        if (c === SLASH) return false;
        const { negated, ranges } = this.classes[this.arg[s]];
        let inside = false;
        for (let i = 0; i < ranges.length && !inside; i += 2) inside = c >= ranges[i] && c <= ranges[i + 1];
        return inside !== negated;
      }
      default:
        return false;
    }
  }

  /** The states that match `nodes` and then go on to `next` (built from the end backwards). */
  seq(nodes: Node[], next: number): number {
    const shaped = shape(nodes);
    let s = next;
    for (let k = shaped.length - 1; k >= 0; k--) s = this.node(shaped[k], s);
    return s;
  }

  private node(n: Shaped, next: number): number {
    switch (n.t) {
      case 'char':
        return this.state(CHAR, n.c, next, []);
      case 'one':
        return this.state(NOT_SLASH, 0, next, []);
      case 'star':
        return this.loop(NOT_SLASH, next);
      case 'class':
        this.classes.push({ negated: n.negated, ranges: n.ranges });
        return this.state(CLASS, this.classes.length - 1, next, []);
      case 'alt':
        return this.state(
          NONE,
          0,
          -1,
          n.seqs.map((q) => this.seq(q, next)),
        );
      case 'segments': {
        // `**/`: nothing, or segments each ending in `/`.
        const start = this.state(NONE, 0, -1, [next]);
        const inSegment = this.loop(NOT_SLASH, this.state(CHAR, SLASH, start, []));
        this.eps[start].push(inSegment);
        return start;
      }
      case 'rest':
        return this.loop(ANY, next);
      case 'slashRest': {
        // `/**` at the end: nothing (`a/**` matches `a`), or `/` and anything.
        return this.state(NONE, 0, -1, [next, this.state(CHAR, SLASH, this.loop(ANY, next), [])]);
      }
    }
  }
}

type Shaped = Exclude<Node, { t: 'globstar' }> | { t: 'segments' } | { t: 'rest' } | { t: 'slashRest' };

/** Globstars as they compile: `**` + `/` is segments, `/` + `**` at the end is the rest of the path, `**` alone is anything; elsewhere a `*`. */
function shape(nodes: Node[]): Shaped[] {
  const out: Shaped[] = [];
  for (let k = 0; k < nodes.length; k++) {
    const n = nodes[k];
    if (n.t !== 'globstar') {
      out.push(n);
      continue;
    }
    const next = nodes[k + 1];
    if (next?.t === 'char' && next.c === SLASH) {
      out.push({ t: 'segments' });
      k++;
    } else if (k === nodes.length - 1) {
      const prev = out[out.length - 1];
      if (prev?.t === 'char' && prev.c === SLASH) {
        out.pop();
        out.push({ t: 'slashRest' });
      } else out.push({ t: 'rest' });
    } else out.push({ t: 'star' });
  }
  return out;
}

/** Why a pattern is not used, or undefined. */
function refusal(pattern: string): string | undefined {
  if (pattern.length > MAX_GLOB_LENGTH) return `longer than ${MAX_GLOB_LENGTH} characters`;
  if (pattern.startsWith('!')) return 'a leading `!` (negation) is not supported here: list the pattern under exclude instead';
  if (/[@!+*?]\(/.test(pattern)) return 'extended globs (`@(…)`, `!(…)`, `+(…)`, `*(…)`, `?(…)`) are not supported: use `{a,b}`';
  return undefined;
}

/** A set of automaton states, met while matching: where each character leads from it, once worked out. */
interface DState {
  states: Int32Array;
  accept: boolean;
  next: Map<number, DState>;
}

/** Compiles a list of patterns into one matcher: true when any pattern matches the whole path. */
export function compileGlobs(patterns: readonly string[]): GlobMatcher {
  const nfa = new Nfa();
  const refused: RefusedGlob[] = [];
  const starts: number[] = [];
  patterns.forEach((pattern, k) => {
    if (k >= MAX_GLOBS) {
      refused.push({ pattern, reason: `more than ${MAX_GLOBS} patterns in the list` });
      return;
    }
    const why = refusal(pattern);
    if (why) {
      refused.push({ pattern, reason: why });
      return;
    }
    // `**/**` is `**`: collapsed, a run of them costs one globstar, not one per segment.
    const p = (pattern.startsWith('./') ? pattern.slice(2) : pattern).replace(/(^|\/)\*\*(?:\/\*\*)+(?=\/|$)/g, '$1**');
    starts.push(nfa.seq(new Parser(p).seq(false), nfa.accept));
  });

  // Sets of states are kept with their closure taken (every state reached without a character).
  const mark = new Int32Array(nfa.kind.length);
  let generation = 0;
  const close = (seeds: Iterable<number>): Int32Array => {
    generation++;
    const out: number[] = [];
    const todo = [...seeds];
    while (todo.length) {
      const s = todo.pop()!;
      if (mark[s] === generation) continue;
      mark[s] = generation;
      globWork.visits++;
      out.push(s);
      for (const e of nfa.eps[s]) if (mark[e] !== generation) todo.push(e);
    }
    return Int32Array.from(out).sort();
  };
  const cache = new Map<string, DState>();
  const dstate = (states: Int32Array): DState => {
    const key = states.join(',');
    let d = cache.get(key);
    if (d) return d;
    d = { states, accept: states.includes(nfa.accept), next: new Map() };
    if (cache.size < MAX_DFA_STATES) cache.set(key, d);
    return d;
  };
  const start = dstate(close(starts));
  const step = (d: DState, c: number): DState => {
    let n = d.next.get(c);
    if (n) return n;
    const seeds: number[] = [];
    for (const s of d.states) if (nfa.takes(s, c)) seeds.push(nfa.to[s]);
    n = dstate(close(seeds));
    // Past the cache's bound, transitions are not remembered either: memory stays bounded.
    if (cache.size < MAX_DFA_STATES) d.next.set(c, n);
    return n;
  };

  const match = (path: string): boolean => {
    if (starts.length === 0) return false;
    let d = start;
    for (let i = 0; i < path.length; i++) {
      d = step(d, path.charCodeAt(i));
      if (d.states.length === 0) return false;
    }
    return d.accept;
  };
  return Object.assign(match, { refused });
}
