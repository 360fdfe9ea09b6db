// Note [Fast elementwise rows]
// The generic loops of elementwise.ts call the op's scalar function once per
// element. That call site is shared by every op, so V8 sees it megamorphic and
// cannot inline it: about 10 ns an element where the loop itself costs 1 to 2.
// A hot scalar function can therefore be paired with row loops that spell out
// the same expression (elementwise_rows.ts, elementwise_rows_binary.ts,
// elementwise_rows_compare.ts, elementwise_rows_math.ts). The op still
// declares its scalar function once, where it always did, and registers the
// pair there:
//
//   export const mulValues = fastBinary((x: number, y: number) => x * y, mulRows);
//
// The loops pick the rows by the identity of the function they are given, so
// an op that passes another function (a closure over an attribute, an int64
// wrapper) takes the generic loop; an op's number (pow's exponent, leaky_relu's
// slope, alpha) therefore travels as the loops' parameter `p`, not in a
// closure. So does every store that is not a plain
// typed-array assignment (int64 and float16 through castValue; bool, unless
// the function only ever returns 0 or 1). A row is the innermost run that
// RowCursor leaves after coalescing: a whole contiguous tensor, a bias row, a
// per-channel plane against a stride-0 factor; strides stay per operand, so
// one row function serves broadcast and non-contiguous rows too.
//
// The rows must give the values the generic loop gives, -0 included: the same
// expression on the same values (or a branch-free form with the same results),
// stored by the same typed-array assignment (a Float32Array rounds each result
// once either way). Only NaN payloads may differ: relu and where on float32
// bit patterns pass a NaN through untouched, as PyTorch's copies do.
// elementwise_fast.test.ts checks every registered pair against its own
// scalar function run through the generic loop.
//
// Measured on the shared 2-core machine (Node 20, 1 thread), with the engine
// before this change and after it loaded side by side in one process and run
// interleaved, best of each (load from other sessions present: compare only
// figures from one line):
//   a + b, 1M float32 contiguous, fresh process:  2.55 ms -> 1.44 ms
//     (4.9 -> 8.8 GB/s; a plain JavaScript loop into a new array: 1.17 ms;
//     of the rest, ~0.3 ms is the pool zero-filling the recycled output)
//   the same after training steps, when the generic call site has seen every
//     op:                                         11.9 ms -> 1.64 ms (1.1 -> 7.7 GB/s)
//   reference CNN training step, batch 64 (bench/cnn.ts's step, WebAssembly
//     kernels), best of 25 rounds:               18.3 ms -> 15.3 ms
//     (3507 -> 4192 samples/s; 2.30x -> 2.75x tfjs-wasm's 42.0 ms)
// The step's elementwise share fell from ~18% of its profile to ~8%.
//
// Second round (issue 7): the ops still on the generic loop in a training loop
// with Adam and in the lessons. 1M float32, one process, every generic call
// site warmed with several functions first, best of 21 runs each, generic loop
// (an unregistered wrapper of the same function) -> rows:
//   sqrt 9.6 -> 2.5 ms, exp 26.7 -> 13.3, log 23.0 -> 9.2,
//   pow(x, 2) 16.9 -> 1.6 (x * x, see powRows; its Math.pow loop, which
//   other exponents take, measured 17.1 -> 7.2 at p = 2),
//   leaky_relu 15.0 -> 5.0, mse_loss's (a - b) ** 2 11.9 -> 1.6
// A first operand that is one value (1 - x, 2 / x, c * x written number
// first) already had rows but took their strided loop: 2.7 -> 1.2 ms
// (best of 41, the old strided loop and the new one side by side), for add,
// sub, mul, div and the comparisons.
// The reference CNN with Adam (adam.py's steps in TypeScript, batch 64):
// 17.4 -> 17.3 ms best of 40, no change beyond noise; its 21.8k parameters
// make Adam's pointwise work small next to the convolutions, and in its
// profile the generic loop (binaryInto's own time) is ~1% of the step.
// Left generic: sigmoid and tanh (absent from these profiles, not measured);
// addcmul and addcdiv are Python composites of mul and add, which have rows.
import type { TypedArray } from '../core/dtype.ts';

export type UnaryScalar = (x: number, p: number) => number;
export type BinaryScalar = (x: number, y: number, p: number) => number;
export type TernaryScalar = (x: number, y: number, z: number) => number;

/** o[po + i*to] = f(x[px + i*tx], p) for i < n. */
export type UnaryRows = (o: TypedArray, po: number, to: number, x: TypedArray, px: number, tx: number, n: number, p: number) => void;
/** o[po + i*to] = f(a[pa + i*ta], b[pb + i*tb], p) for i < n. */
export type BinaryRows = (
  o: TypedArray, po: number, to: number,
  a: TypedArray, pa: number, ta: number,
  b: TypedArray, pb: number, tb: number,
  n: number, p: number,
) => void;
/** o[po + i*to] = f(a[pa + i*ta], b[pb + i*tb], c[pc + i*tc]) for i < n. */
export type TernaryRows = (
  o: TypedArray, po: number, to: number,
  a: TypedArray, pa: number, ta: number,
  b: TypedArray, pb: number, tb: number,
  c: TypedArray, pc: number, tc: number,
  n: number,
) => void;

export interface FastEntry<F, R> {
  readonly f: F;
  readonly rows: R;
  /** f returns only 0 or 1, so a bool store (v !== 0 ? 1 : 0) is a plain store too. */
  readonly zeroOne: boolean;
}

// Keyed by the scalar function object itself.
const unaryTable = new Map<UnaryScalar, FastEntry<UnaryScalar, UnaryRows>>();
const binaryTable = new Map<BinaryScalar, FastEntry<BinaryScalar, BinaryRows>>();
const ternaryTable = new Map<TernaryScalar, FastEntry<TernaryScalar, TernaryRows>>();

function register<F, R>(table: Map<F, FastEntry<F, R>>, f: F, rows: R, zeroOne: boolean): F {
  if (table.has(f)) throw new Error('a scalar function has fast rows registered twice');
  table.set(f, { f, rows, zeroOne });
  return f;
}

/**
 * Pairs a unary scalar function with its row loops; returns f.
 * @example export const negValues = fastUnary((x: number) => -x, negRows);
 */
export function fastUnary<F extends UnaryScalar>(f: F, rows: UnaryRows, opts: { zeroOne?: boolean } = {}): F {
  return register(unaryTable as Map<F, FastEntry<F, UnaryRows>>, f, rows, opts.zeroOne ?? false);
}

/**
 * Pairs a binary scalar function with its row loops; returns f.
 * @example export const addValues = fastBinary((x: number, y: number) => x + y, addRows);
 */
export function fastBinary<F extends BinaryScalar>(f: F, rows: BinaryRows, opts: { zeroOne?: boolean } = {}): F {
  return register(binaryTable as Map<F, FastEntry<F, BinaryRows>>, f, rows, opts.zeroOne ?? false);
}

/**
 * Pairs a ternary scalar function with its row loops; returns f.
 * @example export const whereValues = fastTernary((k: number, x: number, y: number) => (k ? x : y), whereRows);
 */
export function fastTernary<F extends TernaryScalar>(f: F, rows: TernaryRows, opts: { zeroOne?: boolean } = {}): F {
  return register(ternaryTable as Map<F, FastEntry<F, TernaryRows>>, f, rows, opts.zeroOne ?? false);
}

/** How a loop stores a computed value (elementwise.ts). */
export type Store = 'plain' | 'bool' | 'cast';

function usable<R>(entry: FastEntry<unknown, R> | undefined, store: Store): R | null {
  if (!entry) return null;
  return store === 'plain' || (store === 'bool' && entry.zeroOne) ? entry.rows : null;
}

/** The row loops for f under this store, or null for the generic loop. */
export function unaryRowsFor(f: UnaryScalar, store: Store): UnaryRows | null {
  return usable(unaryTable.get(f), store);
}
export function binaryRowsFor(f: BinaryScalar, store: Store): BinaryRows | null {
  return usable(binaryTable.get(f), store);
}
export function ternaryRowsFor(f: TernaryScalar, store: Store): TernaryRows | null {
  return usable(ternaryTable.get(f), store);
}

/** Every registered pair, for the tests that check each against its scalar function. */
export function registeredFastRows(): {
  unary: FastEntry<UnaryScalar, UnaryRows>[];
  binary: FastEntry<BinaryScalar, BinaryRows>[];
  ternary: FastEntry<TernaryScalar, TernaryRows>[];
} {
  return { unary: [...unaryTable.values()], binary: [...binaryTable.values()], ternary: [...ternaryTable.values()] };
}
