// The byte-crunching half of the log scan: a small WebAssembly module, written out here for
// the families in force (no toolchain, no binary checked in). It goes through the bytes 64 at
// a time with SIMD, counting line breaks and testing, at every offset, each anchor's first
// and last bytes (`S`…`.` of `SVCSTG.`); where a test passes (rarely) it decides there and
// then, byte by byte, whether a code stands there — the same rules as `decide` in stream.ts:
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

interface SearchAnchor {
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
  splat: 15,
  extractLane32: 27,
  eq: 35,
  and: 78,
  andnot: 79,
  or: 80,
  anyTrue: 83,
  bitmask: 100,
  add: 110,
  sub: 113,
  extaddPairwise8: 125,
  extaddPairwise16: 127,
};

/**
 * `search(from, to, have) -> bytes of records`: memory [from, to) searched (absolute offsets),
 * line breaks counted from 0; the bytes before `have` may be read to decide (a code's full
 * stops). It stops early, at a block's start, when the record area is full (globals `at` and
 * `lines` say where, and how many line breaks were before). Blocks of 64 bytes: the anchors'
 * tests of the four 16-byte parts, and a test for CR, are or-ed together, and when none passed
 * (nearly always) the LFs are only added up, per byte lane, into a vector summed every 63
 * blocks. A block where a test passed is gone through part by part, each place decided with
 * its exact line, a CR counted unless an LF follows it (the byte after a part is read for
 * that: a CR's LF may begin the next part, block or search). Less than 64 bytes at the end go
 * 16 at a time.
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
    K = 9;
  const I32_LOCALS = 7;
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
  const zero = () => {
    s(simd.const);
    for (let i = 0; i < 16; i++) c.push(0);
  };

  const splats = new Map<number, number>();
  const splat = (b: number) => {
    let l = splats.get(b);
    if (l === undefined) splats.set(b, (l = nextV++));
    return l;
  };
  splat(10);
  splat(13);
  // Each anchor is tested by its first and last bytes, each at its offset from the place tested
  // (a third byte would cost more than the few places it rules out).
  // A code key's ending is tested by its middle bytes (`od` of `code`): its first and last,
  // `c…e`, pass at every `client` of a log. Anchors with the same tests are tested once.
  const unique = new Map<string, { o: number; b: number }[]>();
  for (const a of anchors) {
    const offsets = a.field !== undefined ? [1, 2] : a.bytes.length === 1 ? [0] : [0, a.bytes.length - 1];
    const t = offsets.map((o) => ({ o, b: a.bytes[o] }));
    unique.set(t.map(({ o, b }) => `${o}:${b}`).join(), t);
  }
  const tests = [...unique.values()];
  for (const t of tests) for (const { b } of t) splat(b);
  const useCount = new Map<number, number>();
  for (const t of tests) for (const { o } of t) useCount.set(o, (useCount.get(o) ?? 0) + 1);
  const loadedAt = new Map<number, number>();
  // Offset 0 is kept in a local whatever the anchors: the line breaks are tested there too.
  useCount.set(0, 2);
  for (const [o, n] of [...useCount].sort((x, y) => x[0] - y[0])) if (n > 1) loadedAt.set(o, nextV++);
  const AT0 = loadedAt.get(0)!;
  const NLACC = nextV++;
  const BLOCKNL = nextV++;

  /** Leaves on the stack the lanes of the 16 bytes at FROM + b where some anchor's tests pass. */
  const candidates = (b: number) => {
    for (const [o, l] of loadedAt) {
      load(b + o);
      set(l);
    }
    tests.forEach((t, k) => {
      t.forEach(({ o, b: want }, i) => {
        const l = loadedAt.get(o);
        if (l !== undefined) get(l);
        else load(b + o);
        get(splats.get(want)!);
        s(simd.eq);
        if (i > 0) s(simd.and);
      });
      if (k > 0) s(simd.or);
    });
  };

  /** Decides at each place of M (a lane mask of the 16 bytes at FROM + b), then counts NL's line breaks. */
  const places = (b: number) => {
    c.push(op.block, op.void, op.loop, op.void);
    get(M);
    c.push(op.i32Eqz, op.brIf, 1);
    get(M);
    c.push(op.i32Ctz);
    tee(BIT);
    get(FROM);
    c.push(op.i32Add);
    i32(b);
    c.push(op.i32Add);
    get(LINES);
    get(NL);
    i32(1);
    get(BIT);
    c.push(op.i32Shl);
    i32(1);
    c.push(op.i32Sub, op.i32And, op.i32Popcnt, op.i32Add);
    get(OUTP);
    get(HAVE);
    c.push(op.call, 1);
    set(OUTP);
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
  /** The line breaks of the 16 bytes at FROM + b as a lane mask, after `candidates(b)` (AT0 holds them): LF, or CR without an LF next. */
  const lineBreaks = (b: number) => {
    get(AT0);
    get(splats.get(10)!);
    s(simd.eq);
    get(AT0);
    get(splats.get(13)!);
    s(simd.eq);
    load(b + 1);
    get(splats.get(10)!);
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
    zero();
    set(NLACC);
    i32(0);
    set(K);
  };

  for (const [b, l] of splats) {
    i32(b);
    s(simd.splat);
    set(l);
  }
  i32(0);
  set(OUTP);
  i32(0);
  set(LINES);
  zero();
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
  get(OUTP);
  i32(OUT_BYTES - 64 * RECORD);
  c.push(op.i32GtU, op.brIf, 1);
  // Each part: the anchors' tests and CRs or-ed into what is left on the stack; its LFs added into BLOCKNL.
  for (let b = 0; b < 64; b += 16) {
    candidates(b);
    if (b > 0) s(simd.or);
    get(AT0);
    get(splats.get(13)!);
    s(simd.eq);
    s(simd.or);
    get(AT0);
    get(splats.get(10)!);
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
    candidates(b);
    s(simd.bitmask);
    set(M);
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
  get(OUTP);
  i32(OUT_BYTES - 64 * RECORD);
  c.push(op.i32GtU, op.brIf, 1);
  candidates(0);
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
 * `decide(pos, line, out, have) -> out`: is there a code at `pos`? Writes its record at `out`
 * when there is (returning `out` moved past it). Called only where an anchor's tests passed.
 * The rules of `decide` in stream.ts: not glued to what comes before, the anchor, the longest
 * of its families' prefixes that stands there (that one alone), its number of digits, a proper
 * end (full stops, then nothing that continues or glues a token). Full stops running up to
 * `have` leave the end open: the record says so (OPEN), and what comes next decides.
 */
function decideBody(anchors: readonly SearchAnchor[]): number[] {
  const POS = 0,
    LINE = 1,
    OUTP = 2,
    HAVE = 3,
    E = 4,
    D = 5,
    FL = 6;
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
  // A code key's ending: recorded as it is, glued or not (what precedes it is the key).
  for (const a of anchors) {
    if (a.field === undefined) continue;
    c.push(op.block, op.void); // $notHere
    for (let k = 0; k < a.bytes.length; k++) {
      byte(POS, k);
      i32(a.bytes[k]);
      c.push(op.i32Ne, op.brIf, 0);
    }
    const fields: [number, () => void][] = [
      [0, () => get(POS)],
      [
        4,
        () => {
          get(POS);
          i32(a.bytes.length);
          c.push(op.i32Add);
        },
      ],
      [8, () => i32(a.field!)],
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
    c.push(op.end); // $notHere
  }
  c.push(op.block, op.void); // $skip: not a code
  // Glued to what comes before: not a code.
  get(POS);
  i32(1);
  c.push(op.i32Sub, op.load8, 0, 0);
  c.push(op.load8, 0);
  uleb(CLASS, c);
  i32(TOKEN | GLUE);
  c.push(op.i32And, op.brIf, 0);
  let family = 0;
  for (const a of anchors) {
    if (a.field !== undefined) continue;
    c.push(op.block, op.void); // $nextAnchor
    for (let k = 0; k < a.bytes.length; k++) {
      byte(POS, k);
      i32(a.bytes[k]);
      c.push(op.i32Ne, op.brIf, 0);
    }
    for (const f of a.families) {
      c.push(op.block, op.void); // $nextFamily
      for (let k = a.bytes.length; k < f.prefix.length; k++) {
        byte(POS, k);
        i32(f.prefix[k]);
        c.push(op.i32Ne, op.brIf, 0);
      }
      // This family's prefix stands here: it alone is tried ($nextAnchor afterwards).
      const P = f.prefix.length;
      c.push(op.block, op.void); // $reject
      get(POS);
      i32(P);
      c.push(op.i32Add);
      set(E);
      // Digits, one more than the most a code has at most.
      c.push(op.block, op.void, op.loop, op.void);
      get(E);
      get(POS);
      c.push(op.i32Sub);
      i32(P + f.maxDigits + 1);
      c.push(op.i32GeU, op.brIf, 1);
      byte(E, 0);
      i32(48);
      c.push(op.i32Sub);
      i32(10);
      c.push(op.i32GeU, op.brIf, 1);
      get(E);
      i32(1);
      c.push(op.i32Add);
      set(E);
      c.push(op.br, 0, op.end, op.end);
      get(E);
      get(POS);
      c.push(op.i32Sub);
      i32(P + f.minDigits);
      c.push(op.i32LtU, op.brIf, 0);
      get(E);
      get(POS);
      c.push(op.i32Sub);
      i32(P + f.maxDigits);
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
      byte(D, 0);
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
      byte(D, 0);
      c.push(op.load8, 0);
      uleb(CLASS, c);
      i32(TOKEN | GLUE);
      c.push(op.i32And, op.brIf, 1);
      c.push(op.end);
      get(OUTP);
      get(POS);
      c.push(op.i32Store, 2);
      uleb(OUT, c);
      get(OUTP);
      get(E);
      c.push(op.i32Store, 2);
      uleb(OUT + 4, c);
      get(OUTP);
      i32(family);
      get(FL);
      c.push(op.i32Or);
      c.push(op.i32Store, 2);
      uleb(OUT + 8, c);
      get(OUTP);
      get(LINE);
      c.push(op.i32Store, 2);
      uleb(OUT + 12, c);
      get(OUTP);
      i32(RECORD);
      c.push(op.i32Add);
      set(OUTP);
      c.push(op.end); // $reject
      c.push(op.br, 1); // $nextAnchor
      c.push(op.end); // $nextFamily
      family++;
    }
    c.push(op.end); // $nextAnchor
  }
  c.push(op.end); // $skip
  get(OUTP);
  c.push(op.end);
  return [1, 3, I32, ...c];
}

/** The longest stretch past a place the search may read: anchors' tests and the byte after a part, and a code's prefix, digits and two more. */
export function searchReach(anchors: readonly SearchAnchor[]): number {
  let reach = 16 + 64;
  for (const a of anchors) for (const f of a.families) reach = Math.max(reach, 64 + f.prefix.length + f.maxDigits + 3);
  return reach;
}

/** The module's bytes for these anchors, with room for `capacity` bytes of input and the reach past them. */
function searchModule(anchors: readonly SearchAnchor[], capacity: number): Uint8Array {
  const pages = Math.ceil((INPUT + capacity + searchReach(anchors)) / PAGE);
  const out: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  section(1, [2, 0x60, 3, I32, I32, I32, 1, I32, 0x60, 4, I32, I32, I32, I32, 1, I32], out);
  section(3, [2, 0, 1], out);
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
  const code: number[] = [2];
  for (const body of [searchBody(anchors), decideBody(anchors)]) {
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
