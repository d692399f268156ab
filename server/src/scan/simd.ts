// The byte-crunching half of the log scan: a small WebAssembly module, written out here for
// the families in force (no toolchain, no binary checked in). It goes through the bytes 64 at
// a time with SIMD, counting line breaks and testing every offset with one filter, whatever
// the number of anchors: does the pair of bytes ending there end some anchor (`S.` of `DBS.`,
// `od` of `code`)? Each byte's two nibbles look up, in four tables of 16 bytes, which of 8
// buckets of pairs accept it (the `Teddy` idea of Hyperscan); where a bucket accepts both bytes
// (rarely: a dot after a capital letter is rare in a log) it decides there and then, byte by
// byte, whether a code starts at the anchor's start — the same rules as `decide` in stream.ts:
// not glued to what comes before, a family's whole prefix, its number of digits, a proper
// end — and writes each code found with its line. JavaScript then only sees real codes.
// Line breaks are LSP's: LF, CRLF (one), and a CR alone; a block of 64 bytes with a CR in it
// is counted exactly, byte by byte, as blocks with a possible code are.
//
// Memory: [0, 256) a class per byte value; [OUT, OUT + OUT_BYTES) the codes found, four i32
// each (start, end, family, line); from INPUT on, the bytes to search, read there directly
// from the file. The byte before INPUT is a line break: nothing is glued to a file's start.

interface SearchFamily {
  /** The whole prefix (`SVCSTG.SWR.`); its first `anchor.length` bytes are the anchor's. */
  prefix: Uint8Array;
  minDigits: number;
  maxDigits: number;
}

export interface SearchAnchor {
  bytes: Uint8Array;
  /** Longest prefix first: the first whose prefix stands there is the only one tried. */
  families: SearchFamily[];
  /**
   * A code key's ending (`code`, `Code`, `CODE`; no families): wherever its bytes stand, glued
   * or not, a record with this family number is written, and JavaScript decides whether a
   * code field's value follows (fields.ts). Such endings cannot overlap themselves or each
   * other, so a block of 64 bytes holds at most 16 of them besides its 32 codes.
   */
  field?: number;
}

const CLASS = 0;
/** Classes: may be part of a token (letters, digits, `_`, `-`, `.`); glues tokens together (a path, an address). */
export const TOKEN = 1,
  GLUE = 2;
/** Set in a record's family when the code is followed by full stops up to the last byte read: what follows them decides. */
export const OPEN = -0x80000000;
const OUT = 1024;
/** Room for codes found: a block of 64 bytes holds 32 at most, so it always fits when 64 records are left. */
export const OUT_BYTES = 64 * 1024;
const RECORD = 16;
/** Where the searched bytes start in the module's memory. */
export const INPUT = OUT + OUT_BYTES + 64;
const PAGE = 64 * 1024;

// ---- a minimal WebAssembly encoder -----------------------------------------------------------

function uleb(n: number, out: number[]): void {
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n) b |= 0x80;
    out.push(b);
  } while (n);
}

function sleb(n: number, out: number[]): void {
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[], out: number[]): void {
  out.push(id);
  uleb(body.length, out);
  for (const b of body) out.push(b);
}

function name(s: string, out: number[]): void {
  uleb(s.length, out);
  for (let i = 0; i < s.length; i++) out.push(s.charCodeAt(i));
}

const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  call: 0x10,
  void: 0x40,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  globalSet: 0x24,
  load8: 0x2d,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Ctz: 0x68,
  i32Popcnt: 0x69,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  simd: 0xfd,
};
const simd = {
  load: 0,
  const: 12,
  shuffle: 13,
  swizzle: 14,
  splat: 15,
  extractLane32: 27,
  eq: 35,
  ne: 36,
  and: 78,
  andnot: 79,
  or: 80,
  anyTrue: 83,
  bitmask: 100,
  shrU: 109,
  add: 110,
  sub: 113,
  extaddPairwise8: 125,
  extaddPairwise16: 127,
};

/** The longest reach back from a tested pair to its anchor's start: bounds the places looked at again after a search's end. */
const MAX_PAIR_AT = 32;

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

/**
 * Where in an anchor its tested pair of bytes ends: the pair is the bytes at k - 1 and k
 * (k = 0: the anchor's one byte, after anything). A prefix's anchor ends in its first dot, and
 * a dot after a capital is rare in a log, so the pair is mostly its last two bytes (`S.` of
 * `DBS.`). A small letter and a dot end every other sentence and host name (`s.`, `m.` of
 * `com.`): there the last pair with a capital in it is taken (`Ec` of `Ecs.`, `dP` of
 * `EndPoint.`), when there is one. A code key's ending is tested by `od` (its first and last,
 * `c…e`, pass at every `client` of a log).
 */
function pairAt(a: SearchAnchor): number {
  const b = a.bytes;
  if (a.field !== undefined) return Math.min(2, b.length - 1);
  const last = Math.min(b.length - 1, MAX_PAIR_AT);
  if (last < 1 || !isLower(b[last - 1])) return last;
  for (let k = last; k >= 1; k--) if (!isLower(b[k - 1]) !== !isLower(b[k]) && b[k] !== 46) return k;
  return last;
}

/** The furthest a tested pair ends past its anchor's start, over these anchors. */
function maxPairAt(anchors: readonly SearchAnchor[]): number {
  return anchors.reduce((k, a) => Math.max(k, pairAt(a)), 0);
}

/** Buckets of the filter: the bits of a table's byte. */
const BUCKETS = 8;

/** A bucket: bit sets (16 bits each) of the low and high nibbles it accepts, of the pair's first byte and of its second. */
type Bucket = [lo1: number, hi1: number, lo0: number, hi0: number];

function bits(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}

/** How many pairs of bytes the union of two buckets lets through. */
function accepted(a: Bucket, b: Bucket): number {
  return bits(a[0] | b[0]) * bits(a[1] | b[1]) * bits(a[2] | b[2]) * bits(a[3] | b[3]);
}

/**
 * The filter's four tables (16 bytes each: the low nibble's and the high nibble's, for the
 * pair's first and second byte). A byte's nibbles look up a bucket mask in each; a place passes
 * when some bucket accepts both bytes of the pair that ends there. Each bucket accepts every
 * combination of the nibbles its pairs have: pairs with the same second byte and the same high
 * nibble first lose nothing together (`S.` and `C.`), and the rest are merged into 8 buckets
 * where that lets through the fewest other pairs. What slips through is only looked at, and
 * rejected, byte by byte.
 */
function filterTables(anchors: readonly SearchAnchor[]): Uint8Array[] {
  const byKind = new Map<string, Bucket>();
  for (const a of anchors) {
    const k = pairAt(a);
    const y = a.bytes[k];
    // A one-byte anchor: any byte before it.
    const x = k > 0 ? a.bytes[k - 1] : -1;
    const key = `${x < 0 ? 'any' : x >> 4}:${y}`;
    const b = byKind.get(key);
    if (x < 0) byKind.set(key, [0xffff, 0xffff, 1 << (y & 15), 1 << (y >> 4)]);
    else if (b) b[0] |= 1 << (x & 15);
    else byKind.set(key, [1 << (x & 15), 1 << (x >> 4), 1 << (y & 15), 1 << (y >> 4)]);
  }
  const buckets = [...byKind.values()];
  while (buckets.length > BUCKETS) {
    let best = [0, 1];
    let cost = Infinity;
    for (let i = 0; i < buckets.length; i++) {
      const own = accepted(buckets[i], buckets[i]);
      for (let j = i + 1; j < buckets.length; j++) {
        const c = accepted(buckets[i], buckets[j]) - own - accepted(buckets[j], buckets[j]);
        if (c < cost) [cost, best] = [c, [i, j]];
      }
    }
    const [a, b] = [buckets[best[0]], buckets[best[1]]];
    buckets[best[0]] = [a[0] | b[0], a[1] | b[1], a[2] | b[2], a[3] | b[3]];
    buckets.splice(best[1], 1);
  }
  const tables = [0, 1, 2, 3].map(() => new Uint8Array(16));
  buckets.forEach((b, i) => {
    for (let t = 0; t < 4; t++) for (let n = 0; n < 16; n++) if (b[t] & (1 << n)) tables[t][n] |= 1 << i;
  });
  return tables;
}

/** Records the search keeps room for before each block: the block's (32 codes and 16 code keys at most) and those of the places looked at again after its end. */
function reserved(anchors: readonly SearchAnchor[]): number {
  return 64 + 2 * maxPairAt(anchors);
}

/**
 * `search(from, to, have) -> bytes of records`: memory [from, to) searched (absolute offsets),
 * line breaks counted from 0; the bytes before `have` may be read to decide (a code's full
 * stops). It stops early, at a block's start, when the record area is full (globals `at` and
 * `lines` say where, and how many line breaks were before). Blocks of 64 bytes: a filter over
 * each place of the four 16-byte parts (does some anchor's tested pair end there?), and a test
 * for CR, are or-ed together, and when none passed (nearly always) the LFs are only added up,
 * per byte lane, into a vector summed every 63 blocks. A block where a test passed is gone
 * through part by part, each place decided with its exact line, a CR counted unless an LF
 * follows it (the byte after a part is read for that: a CR's LF may begin the next part, block
 * or search). Less than 64 bytes at the end go 16 at a time. A code belongs to the search its
 * first byte lies in, and is found where its anchor's pair ends: the few places after the
 * search's end where a code begun before it may have its pair are decided last.
 */
function searchBody(anchors: readonly SearchAnchor[]): number[] {
  // Parameters 0..2, then the i32 locals, then the v128 locals.
  const FROM = 0,
    TO = 1,
    HAVE = 2,
    LINES = 3,
    OUTP = 4,
    NL = 5,
    M = 6,
    BIT = 7,
    REM = 8,
    K = 9,
    FROM0 = 10,
    Q = 11;
  const I32_LOCALS = 9;
  const firstV = 3 + I32_LOCALS;
  let nextV = firstV;
  const c: number[] = [];
  // An instruction with one LEB128 immediate: the opcode, then the number.
  const instruction = (opcode: number, leb: (n: number, out: number[]) => void) => (n: number) => {
    c.push(opcode);
    leb(n, c);
  };
  const get = instruction(op.localGet, uleb);
  const set = instruction(op.localSet, uleb);
  const tee = instruction(op.localTee, uleb);
  const i32 = instruction(op.i32Const, sleb);
  const s = instruction(op.simd, uleb);
  const load = (offset: number) => {
    get(FROM);
    s(simd.load);
    c.push(0);
    uleb(offset, c);
  };
  const vconst = (bytes: ArrayLike<number>) => {
    s(simd.const);
    for (let i = 0; i < 16; i++) c.push(bytes[i] ?? 0);
  };
  const zero = () => vconst([]);

  const LF_V = nextV++;
  const CR_V = nextV++;
  const NIBBLE = nextV++;
  const tableLocals = [nextV++, nextV++, nextV++, nextV++];
  const [LO1, HI1, LO0, HI0] = tableLocals;
  const AT0 = nextV++;
  /** The first bytes' bucket masks of the last 16 bytes looked at, and the nibbles of those looked at now. */
  const BEFORE = nextV++;
  const LOW = nextV++;
  const HIGH = nextV++;
  const NLACC = nextV++;
  const BLOCKNL = nextV++;
  const ZERO = nextV++;
  /** The filter's result for each part of a block, kept for going through it. */
  const PART = [nextV++, nextV++, nextV++, nextV++];
  const maxK = maxPairAt(anchors);

  /** The bucket masks of the bytes whose nibbles are in LOW and HIGH, in the tables of local `lo` and `hi`. */
  const lookup = (lo: number, hi: number) => {
    get(lo);
    get(LOW);
    s(simd.swizzle);
    get(hi);
    get(HIGH);
    s(simd.swizzle);
    s(simd.and);
  };
  /** Splits the 16 bytes at FROM + offset into LOW and HIGH nibbles (AT0 holds the bytes). */
  const nibbles = (offset: number) => {
    if (offset < 0) {
      // A load's offset cannot be negative.
      get(FROM);
      i32(-offset);
      c.push(op.i32Sub);
      s(simd.load);
      c.push(0, 0);
    } else load(offset);
    tee(AT0);
    get(NIBBLE);
    s(simd.and);
    set(LOW);
    get(AT0);
    i32(4);
    s(simd.shrU);
    set(HIGH);
  };
  /**
   * Leaves on the stack, for the 16 places at FROM + b, the buckets whose pair ends there (0:
   * none); AT0 holds their bytes. The first bytes' masks are the last part's moved one lane on
   * (BEFORE holds them): each byte is looked up once.
   */
  const candidates = (b: number) => {
    nibbles(b);
    lookup(LO0, HI0);
    get(BEFORE);
    lookup(LO1, HI1);
    tee(BEFORE);
    s(simd.shuffle);
    for (let lane = 15; lane < 31; lane++) c.push(lane);
    s(simd.and);
  };
  /** Calls decide at `pos` (left on the stack by `position`) with this line, the records so far and the bounds of a code's start. */
  const decideAt = (position: () => void, line: () => void, hi: () => void) => {
    position();
    line();
    get(OUTP);
    get(HAVE);
    get(FROM0);
    hi();
    c.push(op.call, 1);
    set(OUTP);
  };

  /** Decides at each place of M (a lane mask of the 16 bytes at FROM + b), then counts NL's line breaks. */
  const places = (b: number) => {
    c.push(op.block, op.void, op.loop, op.void);
    get(M);
    c.push(op.i32Eqz, op.brIf, 1);
    decideAt(
      () => {
        get(M);
        c.push(op.i32Ctz);
        tee(BIT);
        get(FROM);
        c.push(op.i32Add);
        i32(b);
        c.push(op.i32Add);
      },
      () => {
        get(LINES);
        get(NL);
        i32(1);
        get(BIT);
        c.push(op.i32Shl);
        i32(1);
        c.push(op.i32Sub, op.i32And, op.i32Popcnt, op.i32Add);
      },
      () => get(TO),
    );
    get(M);
    get(M);
    i32(1);
    c.push(op.i32Sub, op.i32And);
    set(M);
    c.push(op.br, 0, op.end, op.end);
    get(LINES);
    get(NL);
    c.push(op.i32Popcnt, op.i32Add);
    set(LINES);
  };
  /** The line breaks of the 16 bytes at FROM + b as a lane mask (AT0 holds them): LF, or CR without an LF next. */
  const lineBreaks = (b: number) => {
    get(AT0);
    get(LF_V);
    s(simd.eq);
    get(AT0);
    get(CR_V);
    s(simd.eq);
    load(b + 1);
    get(LF_V);
    s(simd.eq);
    s(simd.andnot);
    s(simd.or);
    s(simd.bitmask);
    set(NL);
  };
  /** LINES += the sum of NLACC's lanes; NLACC = 0; K = 0. */
  const flush = () => {
    get(LINES);
    get(NLACC);
    s(simd.extaddPairwise8);
    s(simd.extaddPairwise16);
    set(NLACC);
    for (let lane = 0; lane < 4; lane++) {
      get(NLACC);
      s(simd.extractLane32);
      c.push(lane);
      if (lane > 0) c.push(op.i32Add);
    }
    c.push(op.i32Add);
    set(LINES);
    get(ZERO);
    set(NLACC);
    i32(0);
    set(K);
  };
  /** Leaves on the stack whether the records written leave too little room for another block. */
  const full = () => {
    get(OUTP);
    i32(OUT_BYTES - reserved(anchors) * RECORD);
    c.push(op.i32GtU);
  };

  for (const [byte, l] of [
    [10, LF_V],
    [13, CR_V],
    [15, NIBBLE],
  ]) {
    i32(byte);
    s(simd.splat);
    set(l);
  }
  filterTables(anchors).forEach((t, i) => {
    vconst(t);
    set(tableLocals[i]);
  });
  get(FROM);
  set(FROM0);
  // The masks of the 16 bytes before the first: its place's pair begins with the last of them.
  nibbles(-16);
  lookup(LO1, HI1);
  set(BEFORE);
  i32(0);
  set(OUTP);
  i32(0);
  set(LINES);
  zero();
  set(ZERO);
  get(ZERO);
  set(NLACC);
  i32(0);
  set(K);

  // Blocks of 64, while a whole one is left and its records fit.
  c.push(op.block, op.void, op.loop, op.void);
  get(TO);
  get(FROM);
  c.push(op.i32Sub);
  i32(64);
  c.push(op.i32LtU, op.brIf, 1);
  full();
  c.push(op.brIf, 1);
  // Each part: the filter's places and CRs or-ed into what is left on the stack; its LFs added into BLOCKNL.
  for (let b = 0; b < 64; b += 16) {
    candidates(b);
    tee(PART[b / 16]);
    if (b > 0) s(simd.or);
    get(AT0);
    get(CR_V);
    s(simd.eq);
    s(simd.or);
    get(AT0);
    get(LF_V);
    s(simd.eq);
    if (b > 0) {
      get(BLOCKNL);
      s(simd.add);
    }
    set(BLOCKNL);
  }
  s(simd.anyTrue);
  c.push(op.if, op.void);
  flush();
  for (let b = 0; b < 64; b += 16) {
    get(PART[b / 16]);
    get(ZERO);
    s(simd.ne);
    s(simd.bitmask);
    set(M);
    load(b);
    set(AT0);
    lineBreaks(b);
    places(b);
  }
  c.push(op.else);
  get(NLACC);
  get(BLOCKNL);
  s(simd.sub);
  set(NLACC);
  get(K);
  i32(1);
  c.push(op.i32Add);
  tee(K);
  i32(63);
  c.push(op.i32GeU);
  c.push(op.if, op.void);
  flush();
  c.push(op.end);
  c.push(op.end);
  get(FROM);
  i32(64);
  c.push(op.i32Add);
  set(FROM);
  c.push(op.br, 0, op.end, op.end);
  flush();

  // The rest 16 at a time, the last part masked to the bytes that are ours.
  c.push(op.block, op.void, op.loop, op.void);
  get(FROM);
  get(TO);
  c.push(op.i32GeU, op.brIf, 1);
  full();
  c.push(op.brIf, 1);
  candidates(0);
  get(ZERO);
  s(simd.ne);
  s(simd.bitmask);
  set(M);
  lineBreaks(0);
  get(TO);
  get(FROM);
  c.push(op.i32Sub);
  tee(REM);
  i32(16);
  c.push(op.i32LtU);
  c.push(op.if, op.void);
  i32(1);
  get(REM);
  c.push(op.i32Shl);
  i32(1);
  c.push(op.i32Sub);
  tee(REM);
  get(M);
  c.push(op.i32And);
  set(M);
  get(REM);
  get(NL);
  c.push(op.i32And);
  set(NL);
  c.push(op.end);
  places(0);
  get(FROM);
  i32(16);
  c.push(op.i32Add);
  set(FROM);
  c.push(op.br, 0, op.end, op.end);

  // The last part may have run past TO: the search ends there.
  get(FROM);
  get(TO);
  c.push(op.i32GtU, op.if, op.void);
  get(TO);
  set(FROM);
  c.push(op.end);
  // Codes that start before FROM with their pair at or after it: no line break lies between.
  if (maxK > 0) {
    get(FROM);
    set(Q);
    c.push(op.block, op.void, op.loop, op.void);
    get(Q);
    get(FROM);
    c.push(op.i32Sub);
    i32(maxK);
    c.push(op.i32GeU, op.brIf, 1);
    decideAt(
      () => get(Q),
      () => get(LINES),
      () => get(FROM),
    );
    get(Q);
    i32(1);
    c.push(op.i32Add);
    set(Q);
    c.push(op.br, 0, op.end, op.end);
  }

  get(FROM);
  c.push(op.globalSet, 0);
  get(LINES);
  c.push(op.globalSet, 1);
  get(OUTP);
  c.push(op.end);
  const locals: number[] = [];
  uleb(2, locals);
  uleb(I32_LOCALS, locals);
  locals.push(I32);
  uleb(nextV - firstV, locals);
  locals.push(V128);
  return [...locals, ...c];
}

/**
 * `decide(pos, line, out, have, lo, hi) -> out`: does a code start where the pair of an anchor
 * ending at `pos` puts it (at `pos` less the pair's place in the anchor), at or after `lo` and
 * before `hi`? Writes its record at `out` when it does (returning `out` moved past it). Called
 * only where the filter passed. Anchors are told apart by the byte at `pos`, then the one
 * before it; codes are written in the order of their start (a code key's ending first), as
 * the JavaScript search writes them (but for a code key's ending inside a longer anchor, a
 * user's `XCode.`, which has a key's character after it and so never a value). The rules of `decide` in stream.ts: not glued to what
 * comes before, the anchor, the longest of its families' prefixes that stands there (that one
 * alone), its number of digits, a proper end (full stops, then nothing that continues or glues
 * a token). Full stops running up to `have` leave the end open: the record says so (OPEN),
 * and what comes next decides.
 */
function decideBody(anchors: readonly SearchAnchor[]): number[] {
  const POS = 0,
    LINE = 1,
    OUTP = 2,
    HAVE = 3,
    LO = 4,
    HI = 5,
    S = 6,
    Y = 7,
    X = 8;
  const c: number[] = [];
  const get = (l: number) => {
    c.push(op.localGet);
    uleb(l, c);
  };
  const set = (l: number) => {
    c.push(op.localSet);
    uleb(l, c);
  };
  const i32 = (n: number) => {
    c.push(op.i32Const);
    sleb(n, c);
  };
  /** The byte at local `l` + offset. */
  const byte = (l: number, offset: number) => {
    get(l);
    c.push(op.load8, 0);
    uleb(offset, c);
  };
  /** Stores what `value` leaves at OUTP's record + offset. */
  const store = (offset: number, value: () => void) => {
    get(OUTP);
    value();
    c.push(op.i32Store, 2);
    uleb(OUT + offset, c);
  };
  const nextRecord = () => {
    get(OUTP);
    i32(RECORD);
    c.push(op.i32Add);
    set(OUTP);
  };

  // Each anchor's first family's number (records say which family).
  const firstFamily = new Map<SearchAnchor, number>();
  let family = 0;
  for (const a of anchors) {
    firstFamily.set(a, family);
    family += a.families.length;
  }

  /** Tries anchor `a` with its pair at POS (the pair's bytes are checked already); branches out of the enclosing block when it is not there. */
  const tryAnchor = (a: SearchAnchor) => {
    const k = pairAt(a);
    c.push(op.block, op.void); // $notHere
    get(POS);
    i32(k);
    c.push(op.i32Sub);
    set(S);
    get(S);
    get(LO);
    c.push(op.i32LtU, op.brIf, 0);
    get(S);
    get(HI);
    c.push(op.i32GeU, op.brIf, 0);
    for (let i = 0; i < a.bytes.length; i++) {
      if (i === k || i === k - 1) continue;
      byte(S, i);
      i32(a.bytes[i]);
      c.push(op.i32Ne, op.brIf, 0);
    }
    if (a.field !== undefined) {
      // A code key's ending: recorded as it is, glued or not (what precedes it is the key).
      store(0, () => get(S));
      store(4, () => {
        get(S);
        i32(a.bytes.length);
        c.push(op.i32Add);
      });
      store(8, () => i32(a.field!));
      store(12, () => get(LINE));
      nextRecord();
      c.push(op.end); // $notHere
      return;
    }
    // Glued to what comes before: not a code.
    get(S);
    i32(1);
    c.push(op.i32Sub, op.load8, 0, 0);
    c.push(op.load8, 0);
    uleb(CLASS, c);
    i32(TOKEN | GLUE);
    c.push(op.i32And, op.brIf, 0);
    let f = firstFamily.get(a)!;
    for (const fam of a.families) {
      c.push(op.block, op.void); // $nextFamily
      for (let i = a.bytes.length; i < fam.prefix.length; i++) {
        byte(S, i);
        i32(fam.prefix[i]);
        c.push(op.i32Ne, op.brIf, 0);
      }
      // This family's prefix stands here: it alone is tried ($notHere afterwards).
      get(S);
      for (const n of [fam.prefix.length, fam.minDigits, fam.maxDigits, f]) i32(n);
      get(LINE);
      get(OUTP);
      get(HAVE);
      c.push(op.call, 2);
      set(OUTP);
      c.push(op.br, 1); // $notHere
      c.push(op.end); // $nextFamily
      f++;
    }
    c.push(op.end); // $notHere
  };

  // The anchors by the pair's second byte, then its first (a one-byte anchor's pair has none:
  // it comes last, its code starting at POS, after all that start before). Within a pair, the
  // longest reach back first (the earliest start), a code key's ending before a code.
  const order = anchors
    .map((a, i) => ({ a, i, k: pairAt(a) }))
    .sort((p, q) => q.k - p.k || (q.a.field !== undefined ? 1 : 0) - (p.a.field !== undefined ? 1 : 0) || p.i - q.i);
  const bySecond = new Map<number, Map<number, SearchAnchor[]>>();
  for (const { a, k } of order) {
    const y = a.bytes[k];
    const x = k > 0 ? a.bytes[k - 1] : -1;
    let byFirst = bySecond.get(y);
    if (!byFirst) bySecond.set(y, (byFirst = new Map()));
    const list = byFirst.get(x);
    if (list) list.push(a);
    else byFirst.set(x, [a]);
  }
  byte(POS, 0);
  set(Y);
  get(POS);
  i32(1);
  c.push(op.i32Sub, op.load8, 0, 0);
  set(X);
  for (const [y, byFirst] of bySecond) {
    c.push(op.block, op.void); // $otherSecond
    get(Y);
    i32(y);
    c.push(op.i32Ne, op.brIf, 0);
    const pairs = [...byFirst].sort((p, q) => (p[0] < 0 ? 1 : 0) - (q[0] < 0 ? 1 : 0));
    for (const [x, list] of pairs) {
      c.push(op.block, op.void); // $otherFirst
      if (x >= 0) {
        get(X);
        i32(x);
        c.push(op.i32Ne, op.brIf, 0);
      }
      for (const a of list) tryAnchor(a);
      c.push(op.end); // $otherFirst
    }
    c.push(op.end); // $otherSecond
  }
  get(OUTP);
  c.push(op.end);
  return [1, 3, I32, ...c];
}

/**
 * `code(start, prefixLength, minDigits, maxDigits, family, line, out, have) -> out`: is the
 * family's prefix at `start` (standing there already, not glued) followed by a code's digits
 * and a proper end? Writes its record at `out` when it is. Full stops running up to `have`
 * leave the end open: the record says so (OPEN), and what comes next decides.
 */
function codeBody(): number[] {
  const S = 0,
    P = 1,
    MIN = 2,
    MAX = 3,
    FAMILY = 4,
    LINE = 5,
    OUTP = 6,
    HAVE = 7,
    E = 8,
    D = 9,
    FL = 10;
  const c: number[] = [];
  const get = (l: number) => {
    c.push(op.localGet);
    uleb(l, c);
  };
  const set = (l: number) => {
    c.push(op.localSet);
    uleb(l, c);
  };
  const i32 = (n: number) => {
    c.push(op.i32Const);
    sleb(n, c);
  };
  const byte = (l: number) => {
    get(l);
    c.push(op.load8, 0, 0);
  };
  /** Leaves on the stack the digits from the prefix's end up to E. */
  const digits = () => {
    get(E);
    get(S);
    c.push(op.i32Sub);
    get(P);
    c.push(op.i32Sub);
  };
  c.push(op.block, op.void); // $reject
  get(S);
  get(P);
  c.push(op.i32Add);
  set(E);
  // Digits, one more than the most a code has at most.
  c.push(op.block, op.void, op.loop, op.void);
  digits();
  get(MAX);
  c.push(op.i32GtU, op.brIf, 1);
  byte(E);
  i32(48);
  c.push(op.i32Sub);
  i32(10);
  c.push(op.i32GeU, op.brIf, 1);
  get(E);
  i32(1);
  c.push(op.i32Add);
  set(E);
  c.push(op.br, 0, op.end, op.end);
  digits();
  get(MIN);
  c.push(op.i32LtU, op.brIf, 0);
  digits();
  get(MAX);
  c.push(op.i32GtU, op.brIf, 0);
  // A code ends where its token ends: full stops after it are a sentence's (`IMG.0024.`),
  // but not when a token goes on after them (`IMG.0024.png`, `IMG.0024..5`) or glue follows (`IMG.0024./x`).
  i32(0);
  set(FL);
  get(E);
  set(D);
  c.push(op.block, op.void, op.loop, op.void);
  get(D);
  get(HAVE);
  c.push(op.i32GeU);
  c.push(op.if, op.void);
  i32(OPEN);
  set(FL);
  c.push(op.br, 2, op.end);
  byte(D);
  i32(46);
  c.push(op.i32Ne, op.brIf, 1);
  get(D);
  i32(1);
  c.push(op.i32Add);
  set(D);
  c.push(op.br, 0, op.end, op.end);
  get(FL);
  c.push(op.i32Eqz);
  c.push(op.if, op.void);
  byte(D);
  c.push(op.load8, 0);
  uleb(CLASS, c);
  i32(TOKEN | GLUE);
  c.push(op.i32And, op.brIf, 1);
  c.push(op.end);
  const fields: [number, () => void][] = [
    [0, () => get(S)],
    [4, () => get(E)],
    [
      8,
      () => {
        get(FAMILY);
        get(FL);
        c.push(op.i32Or);
      },
    ],
    [12, () => get(LINE)],
  ];
  for (const [offset, value] of fields) {
    get(OUTP);
    value();
    c.push(op.i32Store, 2);
    uleb(OUT + offset, c);
  }
  get(OUTP);
  i32(RECORD);
  c.push(op.i32Add);
  set(OUTP);
  c.push(op.end); // $reject
  get(OUTP);
  c.push(op.end);
  return [1, 3, I32, ...c];
}

/** The longest stretch past a place the search may read: anchors' tests and the byte after a part, and a code's prefix, digits and two more. */
export function searchReach(anchors: readonly SearchAnchor[]): number {
  // A block's parts and the byte after the last; the places after a search's end looked at again.
  let reach = Math.max(16 + 64, 64 + MAX_PAIR_AT + 1);
  for (const a of anchors) for (const f of a.families) reach = Math.max(reach, 64 + f.prefix.length + f.maxDigits + 3);
  return reach;
}

/** The module's bytes for these anchors, with room for `capacity` bytes of input and the reach past them. */
export function searchModule(anchors: readonly SearchAnchor[], capacity: number): Uint8Array {
  const pages = Math.ceil((INPUT + capacity + searchReach(anchors)) / PAGE);
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(1, [3, 0x60, 3, I32, I32, I32, 1, I32, 0x60, 6, ...Array(6).fill(I32), 1, I32, 0x60, 8, ...Array(8).fill(I32), 1, I32], out);
  section(3, [3, 0, 1, 2], out);
  const mem: number[] = [1, 0];
  uleb(pages, mem);
  section(5, mem, out);
  // Two mutable i32 globals: where the search stopped, and the line breaks before there.
  section(6, [2, I32, 1, op.i32Const, 0, op.end, I32, 1, op.i32Const, 0, op.end], out);
  const exp: number[] = [4];
  name('memory', exp);
  exp.push(2, 0);
  name('search', exp);
  exp.push(0, 0);
  name('at', exp);
  exp.push(3, 0);
  name('lines', exp);
  exp.push(3, 1);
  section(7, exp, out);
  const code: number[] = [3];
  for (const body of [searchBody(anchors), decideBody(anchors), codeBody()]) {
    uleb(body.length, code);
    for (const b of body) code.push(b);
  }
  section(10, code, out);
  return Uint8Array.from(out);
}

// The few WebAssembly calls made here, typed locally (the project's lib has no DOM types).
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}

/** The running search over its own memory. */
interface SearchInstance {
  /** The bytes to search go here (from INPUT on). */
  memory: ArrayBuffer;
  /** The records written, four i32 each: start, end (offsets from INPUT), family, line. */
  records: Int32Array;
  /** Searches [from, to) (offsets from INPUT), reading bytes before `have` to decide; returns how many records it wrote. */
  search(from: number, to: number, have: number): number;
  /** Where the last search stopped (from INPUT), and the line breaks it counted up to there. */
  stoppedAt(): number;
  stoppedLines(): number;
}

/** The compiled search for these anchors, or undefined where WebAssembly or its SIMD is missing. */
export function compileSearch(anchors: readonly SearchAnchor[], capacity: number): object | undefined {
  const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly;
  if (!wasm || anchors.length === 0) return undefined;
  try {
    return new wasm.Module(searchModule(anchors, capacity));
  } catch (err) {
    // An engine without SIMD refuses the module (CompileError), or cannot give it memory (RangeError):
    // the JavaScript search finds the same codes.
    if (err instanceof Error && (err.name === 'CompileError' || err.name === 'RangeError')) return undefined;
    throw err;
  }
}

/** An instance of a compiled search, with memory of its own. */
export function instantiateSearch(module: object, classOf: (byte: number) => number): SearchInstance {
  const wasm = (globalThis as { WebAssembly?: Wasm }).WebAssembly!;
  const e = new wasm.Instance(module).exports as {
    memory: { buffer: ArrayBuffer };
    search(from: number, to: number, have: number): number;
    at: { value: number };
    lines: { value: number };
  };
  const bytes = new Uint8Array(e.memory.buffer);
  for (let b = 0; b < 256; b++) bytes[CLASS + b] = classOf(b);
  bytes[INPUT - 1] = 10;
  return {
    memory: e.memory.buffer,
    records: new Int32Array(e.memory.buffer, OUT, OUT_BYTES / 4),
    search: (from, to, have) => e.search(from + INPUT, to + INPUT, have + INPUT) / RECORD,
    stoppedAt: () => e.at.value - INPUT,
    stoppedLines: () => e.lines.value,
  };
}
