// Elementwise loops. Like ATen's TensorIterator, these resolve broadcasting and
// strides so that an op supplies only a scalar function. A hot scalar function
// runs through its registered row loops instead (Note [Fast elementwise rows]).
import { castValue, type DType, type TypedArray } from '../core/dtype.ts';
import { broadcastAll, expandStrides, isContiguous, numel, sameShape, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import {
  binaryRowsFor, fastUnary, ternaryRowsFor, unaryRowsFor,
  type BinaryScalar, type Store, type TernaryScalar, type UnaryScalar,
} from './elementwise_fast.ts';
import { identityRows } from './elementwise_rows.ts';

/** Whether plain typed-array assignment already performs the dtype's cast. */
function storesExactly(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'int32' || dtype === 'int16' || dtype === 'int8' || dtype === 'uint8';
}

/**
 * Walks `n` row-major positions of `shape`, calling body(k, offsets) with the
 * storage offset of each operand. Strides are per operand, already broadcast.
 */
export function forEachIndex(
  shape: Shape,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  body: (pos: number[]) => void,
): void {
  const n = numel(shape);
  if (n === 0) return;
  const nd = shape.length;
  const nops = strides.length;
  const pos = [...offsets];
  if (nd === 0) {
    body(pos);
    return;
  }
  const idx = new Array<number>(nd).fill(0);
  for (let k = 0; k < n; k++) {
    body(pos);
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      for (let o = 0; o < nops; o++) pos[o]! += strides[o]![d]!;
      if (idx[d]! < shape[d]!) break;
      for (let o = 0; o < nops; o++) pos[o]! -= strides[o]![d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/**
 * TensorIterator's coalesce_dimensions for a loop over `shape` with one stride
 * list per operand: drops size-1 dimensions and merges neighbours that every
 * operand walks as one run, so a contiguous tensor becomes a single row and a
 * bias add rows of the bias's length. The sequence of offsets visited (row-major
 * order of `shape`) is unchanged.
 */
export function coalesceLoop(shape: Shape, strides: readonly (readonly number[])[]): { shape: number[]; strides: number[][] } {
  const out = { shape: [] as number[], strides: strides.map(() => [] as number[]) };
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const last = out.shape.length - 1;
    if (last >= 0 && strides.every((s, o) => out.strides[o]![last] === s[d]! * n)) {
      out.shape[last]! *= n;
      strides.forEach((s, o) => (out.strides[o]![last] = s[d]!));
    } else {
      out.shape.push(n);
      strides.forEach((s, o) => out.strides[o]!.push(s[d]!));
    }
  }
  return out;
}

/**
 * Walks a loop nest row by row after coalescing: `rows` rows of `len`
 * elements, operand o's elements `step[o]` apart from `pos[o]`. next() moves
 * every `pos` to the start of the next row. Kernels keep their inner loop in
 * their own body, so no closure runs per element or per row.
 */
export class RowCursor {
  readonly rows: number;
  readonly len: number;
  readonly step: number[];
  readonly pos: number[];
  private readonly outerShape: number[];
  /** outerStrides[d * nops + o]: operand o's stride along outer dimension d. */
  private readonly outerStrides: number[];
  private readonly idx: number[];

  constructor(shape: Shape, strides: readonly (readonly number[])[], offsets: readonly number[]) {
    const nops = strides.length;
    const nest = coalesceLoop(shape, strides);
    const nd = nest.shape.length;
    this.pos = [...offsets];
    this.outerShape = nest.shape.slice(0, nd - 1);
    this.outerStrides = [];
    for (let d = 0; d < nd - 1; d++) for (let o = 0; o < nops; o++) this.outerStrides.push(nest.strides[o]![d]!);
    this.idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
    if (numel(shape) === 0) {
      this.rows = 0;
      this.len = 0;
      this.step = new Array<number>(nops).fill(0);
    } else if (nd === 0) {
      this.rows = 1;
      this.len = 1;
      this.step = new Array<number>(nops).fill(0);
    } else {
      this.rows = numel(this.outerShape);
      this.len = nest.shape[nd - 1]!;
      this.step = nest.strides.map((s) => s[nd - 1]!);
    }
  }

  /**
   * The cursor over operands broadcast to `shape`. When each is laid out like
   * `shape` or is a single element, it is one flat row, found without
   * building the nest (most calls, and the cheap path for small tensors).
   */
  static over(shape: Shape, operands: readonly Pick<Tensor, 'shape' | 'strides' | 'offset'>[]): RowCursor {
    const offsets = operands.map((t) => t.offset);
    const steps: number[][] = [];
    for (const t of operands) {
      if (numel(t.shape) === 1) steps.push([0]);
      else if (sameShape(t.shape, shape) && isContiguous(t.shape, t.strides)) steps.push([1]);
      else return new RowCursor(shape, operands.map((u) => expandStrides(u.shape, u.strides, shape)), offsets);
    }
    return new RowCursor([numel(shape)], steps, offsets);
  }

  next(): void {
    const nops = this.pos.length;
    for (let d = this.idx.length - 1; d >= 0; d--) {
      const base = d * nops;
      for (let o = 0; o < nops; o++) this.pos[o]! += this.outerStrides[base + o]!;
      if (++this.idx[d]! < this.outerShape[d]!) return;
      const n = this.outerShape[d]!;
      for (let o = 0; o < nops; o++) this.pos[o]! -= this.outerStrides[base + o]! * n;
      this.idx[d] = 0;
    }
  }
}

/**
 * How a loop stores a computed value: as is where typed-array assignment is the
 * dtype's cast, as 0/1 for bool, else through castValue (int64, float16).
 */
function storeFor(dtype: DType): Store {
  if (storesExactly(dtype)) return 'plain';
  return dtype === 'bool' ? 'bool' : 'cast';
}

/**
 * TensorIterator's reorder_dimensions: the order in which to lay out the
 * output so it follows its inputs' memory layout (exp of a transposed tensor
 * is transposed too). Returns dims from slowest to fastest, or null when the
 * result is plainly contiguous.
 */
export function outputPermutation(shape: Shape, operands: readonly Tensor[]): number[] | null {
  const nd = shape.length;
  if (nd < 2) return null;
  const full = operands.filter((t) => t.ndim === nd && t.shape.every((s, i) => s === shape[i]));
  if (full.length === 0 || full.every((t) => t.isContiguous())) return null;
  const strides = operands.map((t) => expandStrides(t.shape, t.strides, shape));
  const shouldSwap = (d0: number, d1: number): number => {
    for (const st of strides) {
      const s0 = st[d0]!;
      const s1 = st[d1]!;
      if (s0 === 0 || s1 === 0) continue;
      if (s0 < s1) return -1;
      if (s0 > s1) return 1;
      if (shape[d0]! > shape[d1]!) return 1;
    }
    return 0;
  };
  const perm = Array.from({ length: nd }, (_, i) => nd - 1 - i); // fastest first
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0]!, perm[d1]!);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1]!, perm[d0]!];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  const slowestFirst = perm.reverse();
  return slowestFirst.every((d, i) => d === i) ? null : slowestFirst;
}

/**
 * Runs `body` over operands permuted so that the output is contiguous in the
 * permuted order, and returns the output with its strides put back in the
 * logical order: the loops stay sequential, the result follows the inputs.
 */
function withLayoutOf(shape: Shape, operands: Tensor[], outDtype: DType, body: (shape: Shape, ops: Tensor[], out: Tensor) => void): Tensor {
  const perm = outputPermutation(shape, operands);
  if (!perm) {
    const out = Tensor.forOverwrite(shape, outDtype);
    body(shape, operands, out);
    return out;
  }
  const pShape = perm.map((d) => shape[d]!);
  const pOps = operands.map((t) => {
    const st = expandStrides(t.shape, t.strides, shape);
    return { shape: pShape, strides: perm.map((d) => st[d]!), offset: t.offset, storage: t.storage } as unknown as Tensor;
  });
  const out = Tensor.forOverwrite(pShape, outDtype);
  body(pShape, pOps, out);
  const strides = new Array<number>(shape.length);
  perm.forEach((d, i) => (strides[d] = out.strides[i]!));
  out.shape = [...shape];
  out.strides = strides;
  return out;
}

/**
 * out[i] = f(x[i], p); the result follows x's memory layout, as PyTorch's does.
 * `p` is a parameter of f (a slope, a scale) that fast rows receive as well.
 */
export function mapUnary(x: Tensor, outDtype: DType, f: UnaryScalar, layout: 'preserve' | 'contiguous' = 'preserve', p = 0): Tensor {
  if (layout === 'contiguous') {
    const out = Tensor.forOverwrite(x.shape, outDtype);
    unaryInto(x.shape, x, out, f, p);
    return out;
  }
  return withLayoutOf(x.shape, [x], outDtype, (shape, [px], out) => unaryInto(shape, px!, out, f, p));
}

function unaryInto(shape: Shape, x: Tensor, out: Tensor, f: UnaryScalar, param: number): void {
  const o = out.storage.data;
  const xd = x.storage.data;
  const dtype = out.dtype;
  const store = storeFor(dtype);
  const rows = unaryRowsFor(f, store);
  const cur = RowCursor.over(shape, [x]);
  const len = cur.len;
  const s = cur.step[0]!;
  let k = 0;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let p = cur.pos[0]!;
    const end = k + len;
    if (rows) {
      rows(o, k, 1, xd, p, s, len, param);
      k = end;
    } else if (store === 'plain') for (; k < end; k++, p += s) o[k] = f(xd[p]!, param);
    else if (store === 'bool') for (; k < end; k++, p += s) o[k] = f(xd[p]!, param) !== 0 ? 1 : 0;
    else for (; k < end; k++, p += s) o[k] = castValue(dtype, f(xd[p]!, param));
  }
}

/**
 * A Python number takes part in float32 (or float16) arithmetic as a value of
 * that type, as ATen converts it before the loop: x + 0.1 adds float(0.1).
 */
function scalarInComputeType(t: Tensor, dtype: DType): Tensor {
  if (!t.wrappedNumber || (dtype !== 'float32' && dtype !== 'float16')) return t;
  const v = t.storage.data[t.offset]!;
  const cast = castValue(dtype, v);
  if (cast === v) return t;
  return constantOperand(cast);
}

/** A 0-dim wrapped-number operand holding v exactly, for the loops (not an engine tensor: no storage in the ledger). */
export function constantOperand(v: number): Tensor {
  return { shape: [], strides: [], offset: 0, storage: { data: Float64Array.of(v) }, wrappedNumber: true } as unknown as Tensor;
}

/**
 * out = f(a, b, p) with broadcasting; the result follows the inputs' memory
 * layout. `p` is a parameter of f (add's alpha) that fast rows receive as well.
 */
export function mapBinary(a: Tensor, b: Tensor, outDtype: DType, f: BinaryScalar, p = 0): Tensor {
  const shape = broadcastAll([a.shape, b.shape]);
  a = scalarInComputeType(a, outDtype);
  b = scalarInComputeType(b, outDtype);
  return withLayoutOf(shape, [a, b], outDtype, (pshape, [pa, pb], out) => binaryInto(pshape, pa!, pb!, out, f, p));
}

function binaryInto(shape: Shape, a: Tensor, b: Tensor, out: Tensor, f: BinaryScalar, p: number): void {
  const o = out.storage.data;
  const ad = a.storage.data;
  const bd = b.storage.data;
  const dtype = out.dtype;
  const store = storeFor(dtype);
  const rows = binaryRowsFor(f, store);
  const cur = RowCursor.over(shape, [a, b]);
  const len = cur.len;
  const ta = cur.step[0]!;
  const tb = cur.step[1]!;
  let k = 0;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let pa = cur.pos[0]!;
    let pb = cur.pos[1]!;
    const end = k + len;
    if (rows) {
      rows(o, k, 1, ad, pa, ta, bd, pb, tb, len, p);
      k = end;
    } else if (store === 'plain') for (; k < end; k++, pa += ta, pb += tb) o[k] = f(ad[pa]!, bd[pb]!, p);
    else if (store === 'bool') for (; k < end; k++, pa += ta, pb += tb) o[k] = f(ad[pa]!, bd[pb]!, p) !== 0 ? 1 : 0;
    else for (; k < end; k++, pa += ta, pb += tb) o[k] = castValue(dtype, f(ad[pa]!, bd[pb]!, p));
  }
}

/** out = f(a, b, c) with broadcasting (where, clamp with tensor bounds, addcmul). */
export function mapTernary(
  a: Tensor,
  b: Tensor,
  c: Tensor,
  outDtype: DType,
  f: TernaryScalar,
): Tensor {
  const shape = broadcastAll([a.shape, b.shape, c.shape]);
  return withLayoutOf(shape, [a, b, c], outDtype, (pshape, [pa, pb, pc], out) => ternaryInto(pshape, pa!, pb!, pc!, out, f));
}

function ternaryInto(shape: Shape, a: Tensor, b: Tensor, c: Tensor, out: Tensor, f: TernaryScalar): void {
  const o = out.storage.data;
  const ad = a.storage.data;
  const bd = b.storage.data;
  const cd = c.storage.data;
  const dtype = out.dtype;
  const store = storeFor(dtype);
  const rows = ternaryRowsFor(f, store);
  const cur = RowCursor.over(shape, [a, b, c]);
  const len = cur.len;
  const [ta, tb, tc] = cur.step as [number, number, number];
  let k = 0;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let pa = cur.pos[0]!;
    let pb = cur.pos[1]!;
    let pc = cur.pos[2]!;
    const end = k + len;
    if (rows) {
      rows(o, k, 1, ad, pa, ta, bd, pb, tb, cd, pc, tc, len);
      k = end;
    } else if (store === 'plain') for (; k < end; k++, pa += ta, pb += tb, pc += tc) o[k] = f(ad[pa]!, bd[pb]!, cd[pc]!);
    else if (store === 'bool') for (; k < end; k++, pa += ta, pb += tb, pc += tc) o[k] = f(ad[pa]!, bd[pb]!, cd[pc]!) !== 0 ? 1 : 0;
    else for (; k < end; k++, pa += ta, pb += tb, pc += tc) o[k] = castValue(dtype, f(ad[pa]!, bd[pb]!, cd[pc]!));
  }
}

/**
 * dst[...] = f(dst[...], src[...], p) in place, src broadcast to dst's shape
 * (add_, copy_, mul_); `p` is a parameter of f (add_'s alpha).
 */
export function updateInPlace(dst: Tensor, src: Tensor, f: BinaryScalar, p = 0): void {
  const dd = dst.storage.data;
  const sd = src.storage.data;
  const dtype = dst.dtype;
  const store = storeFor(dtype);
  const rows = binaryRowsFor(f, store);
  const cur = RowCursor.over(dst.shape, [dst, src]);
  const len = cur.len;
  const td = cur.step[0]!;
  const ts = cur.step[1]!;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let pd = cur.pos[0]!;
    let ps = cur.pos[1]!;
    if (rows) rows(dd, pd, td, dd, pd, td, sd, ps, ts, len, p);
    else if (store === 'plain') for (let i = 0; i < len; i++, pd += td, ps += ts) dd[pd] = f(dd[pd]!, sd[ps]!, p);
    else if (store === 'bool') for (let i = 0; i < len; i++, pd += td, ps += ts) dd[pd] = f(dd[pd]!, sd[ps]!, p) !== 0 ? 1 : 0;
    else for (let i = 0; i < len; i++, pd += td, ps += ts) dd[pd] = castValue(dtype, f(dd[pd]!, sd[ps]!, p));
  }
}

/** The identity, as the scalar function of a converting copy. */
export const identityValues = fastUnary((v: number) => v, identityRows);

/** A contiguous copy of x (optionally converting dtype). */
export function contiguousCopy(x: Tensor, dtype: DType = x.dtype): Tensor {
  if (dtype === x.dtype && x.offset === 0 && x.isContiguous() && x.storage.size === x.numel) {
    const out = Tensor.forOverwrite(x.shape, dtype);
    out.storage.data.set(x.storage.data);
    return out;
  }
  return mapUnary(x, dtype, identityValues, 'contiguous');
}

/** The data of x as a contiguous typed array, copying only when x is not already laid out so. */
export function contiguousData(x: Tensor): TypedArray {
  if (x.offset === 0 && x.isContiguous() && x.storage.size === x.numel) return x.storage.data;
  const n = x.numel;
  const out = new (x.storage.data.constructor as new (n: number) => TypedArray)(n);
  const d = x.storage.data;
  const cur = RowCursor.over(x.shape, [x]);
  const len = cur.len;
  const s = cur.step[0]!;
  let k = 0;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let p = cur.pos[0]!;
    for (let i = 0; i < len; i++, p += s) out[k++] = d[p]!;
  }
  return out;
}
