// Row loops that spell out one scalar function each, for the hot elementwise
// ops (Note [Fast elementwise rows] in elementwise_fast.ts): the unary and
// ternary ones here, the binary ones in elementwise_rows_binary.ts and
// elementwise_rows_compare.ts, the math of training in
// elementwise_rows_math.ts. Each
// writes n results o[po + i*to] from operands read at p + i*t. A row that
// starts at element 0 of contiguous operands (a whole tensor, the first row of
// a bias add) takes a loop indexed by i alone and unrolled four ways, which V8
// runs nearly twice as fast as the plain strided loop that every other row
// takes (transposed and sliced views, rows after the first).
//
// The doc line of each is its scalar function's expression. The loop computes
// that expression, or a form with the same values and no data-dependent
// branch (a comparison as +(a > b), relu and where on float32 bit patterns):
// a branch on random signs or masks mispredicts half the time, ~7 ns each.
import type { TypedArray as A } from '../core/dtype.ts';

/** Whether every operand's row is elements 0 to n - 1 of its array. */
export function fromZero(po: number, to: number, pa: number, ta: number, pb = 0, tb = 1): boolean {
  return po === 0 && pa === 0 && pb === 0 && to === 1 && ta === 1 && tb === 1;
}

// ---------------------------------------------------------------------------
// Unary: o = f(x)

/** x (a copy) */
export function identityRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, _p: number): void {
  if (!fromZero(po, to, px, tx)) {
    for (let i = 0; i < n; i++, po += to, px += tx) o[po] = x[px]!;
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = x[i]!;
    o[i + 1] = x[i + 1]!;
    o[i + 2] = x[i + 2]!;
    o[i + 3] = x[i + 3]!;
  }
  for (; i < n; i++) o[i] = x[i]!;
}

/** -x */
export function negRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, _p: number): void {
  if (!fromZero(po, to, px, tx)) {
    for (let i = 0; i < n; i++, po += to, px += tx) o[po] = -x[px]!;
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    o[i] = -x[i]!;
    o[i + 1] = -x[i + 1]!;
    o[i + 2] = -x[i + 2]!;
    o[i + 3] = -x[i + 3]!;
  }
  for (; i < n; i++) o[i] = -x[i]!;
}

/** x > 0 ? x : Number.isNaN(x) ? x : 0 */
export function reluRows(o: A, po: number, to: number, x: A, px: number, tx: number, n: number, _p: number): void {
  if (n >= BITS_MIN && o instanceof Float32Array && x instanceof Float32Array) {
    reluFloat32Bits(int32View(o), po, to, int32View(x), px, tx, n);
    return;
  }
  for (let i = 0; i < n; i++, po += to, px += tx) {
    const v = x[px]!;
    o[po] = v > 0 ? v : Number.isNaN(v) ? v : 0;
  }
}

/**
 * relu on float32 bit patterns: a set sign bit clears the value (+0) unless
 * the value is a NaN, which passes through. The same values as the branches
 * above, without a branch on the sign (which mispredicts on random data).
 */
function reluFloat32Bits(o: Int32Array, po: number, to: number, x: Int32Array, px: number, tx: number, n: number): void {
  for (let i = 0; i < n; i++, po += to, px += tx) {
    const b = x[px]!;
    const isNaN = (0x7f800000 - (b & 0x7fffffff)) >> 31; // -1 when the magnitude is above infinity's
    o[po] = b & (~(b >> 31) | isNaN);
  }
}

// ---------------------------------------------------------------------------
// Ternary: o = f(a, b, c)

/** a ? b : c (where) */
export function whereRows(o: A, po: number, to: number, a: A, pa: number, ta: number, b: A, pb: number, tb: number, c: A, pc: number, tc: number, n: number): void {
  const integerCondition = !(a instanceof Float32Array || a instanceof Float64Array); // no NaN: truthy is !== 0
  if (n >= BITS_MIN && integerCondition && o instanceof Float32Array && b instanceof Float32Array && c instanceof Float32Array) {
    const oi = int32View(o);
    const bi = int32View(b);
    const ci = int32View(c);
    // A bit mask instead of a branch on the (often random) condition.
    for (let i = 0; i < n; i++, po += to, pa += ta, pb += tb, pc += tc) {
      const m = -+(a[pa] !== 0);
      oi[po] = (bi[pb]! & m) | (ci[pc]! & ~m);
    }
    return;
  }
  for (let i = 0; i < n; i++, po += to, pa += ta, pb += tb, pc += tc) o[po] = a[pa] ? b[pb]! : c[pc]!;
}

// ---------------------------------------------------------------------------
// Float32 bit patterns, for selections without branches

/** Rows shorter than this skip the bit-pattern loops, whose set-up costs more than they save. */
const BITS_MIN = 16;

const int32Views = new WeakMap<Float32Array, Int32Array>();

/** The same memory as f, read as int32 bit patterns (cached: storages are long-lived and pooled). */
function int32View(f: Float32Array): Int32Array {
  let v = int32Views.get(f);
  if (!v) {
    v = new Int32Array(f.buffer, f.byteOffset, f.length);
    int32Views.set(f, v);
  }
  return v;
}
