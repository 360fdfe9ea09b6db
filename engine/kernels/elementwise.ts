// Elementwise loops. Like ATen's TensorIterator, these resolve broadcasting and
// strides so that an op supplies only a scalar function.
import { castValue, type DType, type TypedArray } from '../core/dtype.ts';
import { broadcastAll, expandStrides, isContiguous, numel, sameShape, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';

/** Whether plain typed-array assignment already performs the dtype's cast. */
function storesExactly(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'int32' || dtype === 'int16' || dtype === 'int8' || dtype === 'uint8';
}

function writer(dtype: DType): ((data: TypedArray, i: number, v: number) => void) | null {
  if (storesExactly(dtype)) return null;
  return (data, i, v) => {
    data[i] = castValue(dtype, v);
  };
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

/** Calls inner(i0, strides-of-last-dim) once per row: fast loops over the innermost dimension. */
function forEachRow(
  shape: Shape,
  strides: readonly (readonly number[])[],
  offsets: readonly number[],
  inner: (pos: number[], len: number, step: readonly number[]) => void,
): void {
  const nd = shape.length;
  if (numel(shape) === 0) return;
  if (nd === 0) {
    inner([...offsets], 1, strides.map(() => 0));
    return;
  }
  const last = nd - 1;
  const len = shape[last]!;
  const step = strides.map((s) => s[last]!);
  forEachIndex(shape.slice(0, last), strides.map((s) => s.slice(0, last)), offsets, (pos) => inner(pos, len, step));
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
    const out = Tensor.empty(shape, outDtype);
    body(shape, operands, out);
    return out;
  }
  const pShape = perm.map((d) => shape[d]!);
  const pOps = operands.map((t) => {
    const st = expandStrides(t.shape, t.strides, shape);
    return { shape: pShape, strides: perm.map((d) => st[d]!), offset: t.offset, storage: t.storage } as unknown as Tensor;
  });
  const out = Tensor.empty(pShape, outDtype);
  body(pShape, pOps, out);
  const strides = new Array<number>(shape.length);
  perm.forEach((d, i) => (strides[d] = out.strides[i]!));
  out.shape = [...shape];
  out.strides = strides;
  return out;
}

/** out[i] = f(x[i]); the result follows x's memory layout, as PyTorch's does. */
export function mapUnary(x: Tensor, outDtype: DType, f: (v: number) => number, layout: 'preserve' | 'contiguous' = 'preserve'): Tensor {
  if (layout === 'contiguous') {
    const out = Tensor.empty(x.shape, outDtype);
    unaryInto(x.shape, x, out, f);
    return out;
  }
  return withLayoutOf(x.shape, [x], outDtype, (shape, [px], out) => unaryInto(shape, px!, out, f));
}

function unaryInto(shape: Shape, x: Tensor, out: Tensor, f: (v: number) => number): void {
  const o = out.storage.data;
  const xd = x.storage.data;
  const w = writer(out.dtype);
  const n = out.numel;
  if (x.offset === 0 && isContiguous(x.shape, x.strides) && sameShape(x.shape, shape)) {
    if (w) for (let i = 0; i < n; i++) w(o, i, f(xd[i]!));
    else for (let i = 0; i < n; i++) o[i] = f(xd[i]!);
    return;
  }
  let k = 0;
  forEachRow(shape, [x.strides], [x.offset], (pos, len, step) => {
    let p = pos[0]!;
    const s = step[0]!;
    if (w) for (let i = 0; i < len; i++, p += s) w(o, k++, f(xd[p]!));
    else for (let i = 0; i < len; i++, p += s) o[k++] = f(xd[p]!);
  });
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
  return { shape: [], strides: [], offset: 0, storage: { data: Float64Array.of(cast) }, wrappedNumber: true } as unknown as Tensor;
}

/** out = f(a, b) with broadcasting; the result follows the inputs' memory layout. */
export function mapBinary(a: Tensor, b: Tensor, outDtype: DType, f: (x: number, y: number) => number): Tensor {
  const shape = broadcastAll([a.shape, b.shape]);
  a = scalarInComputeType(a, outDtype);
  b = scalarInComputeType(b, outDtype);
  return withLayoutOf(shape, [a, b], outDtype, (pshape, [pa, pb], out) => binaryInto(pshape, pa!, pb!, out, f));
}

function binaryInto(shape: Shape, a: Tensor, b: Tensor, out: Tensor, f: (x: number, y: number) => number): void {
  const o = out.storage.data;
  const ad = a.storage.data;
  const bd = b.storage.data;
  const w = writer(out.dtype);
  const n = out.numel;
  const aPlain = a.offset === 0 && sameShape(a.shape, shape) && isContiguous(a.shape, a.strides);
  if (!w && aPlain && b.offset === 0 && sameShape(b.shape, shape) && isContiguous(b.shape, b.strides)) {
    for (let i = 0; i < n; i++) o[i] = f(ad[i]!, bd[i]!);
    return;
  }
  if (!w && aPlain && numel(b.shape) === 1) {
    const y = bd[b.offset]!;
    for (let i = 0; i < n; i++) o[i] = f(ad[i]!, y);
    return;
  }
  const sa = expandStrides(a.shape, a.strides, shape);
  const sb = expandStrides(b.shape, b.strides, shape);
  let k = 0;
  forEachRow(shape, [sa, sb], [a.offset, b.offset], (pos, len, step) => {
    let pa = pos[0]!;
    let pb = pos[1]!;
    const ta = step[0]!;
    const tb = step[1]!;
    if (w) for (let i = 0; i < len; i++, pa += ta, pb += tb) w(o, k++, f(ad[pa]!, bd[pb]!));
    else for (let i = 0; i < len; i++, pa += ta, pb += tb) o[k++] = f(ad[pa]!, bd[pb]!);
  });
}

/** out = f(a, b, c) with broadcasting (where, clamp with tensor bounds, addcmul). */
export function mapTernary(
  a: Tensor,
  b: Tensor,
  c: Tensor,
  outDtype: DType,
  f: (x: number, y: number, z: number) => number,
): Tensor {
  const shape = broadcastAll([a.shape, b.shape, c.shape]);
  return withLayoutOf(shape, [a, b, c], outDtype, (pshape, [pa, pb, pc], out) => {
    const o = out.storage.data;
    const [ad, bd, cd] = [pa!.storage.data, pb!.storage.data, pc!.storage.data];
    const w = writer(out.dtype);
    let k = 0;
    forEachIndex(
      pshape,
      [expandStrides(pa!.shape, pa!.strides, pshape), expandStrides(pb!.shape, pb!.strides, pshape), expandStrides(pc!.shape, pc!.strides, pshape)],
      [pa!.offset, pb!.offset, pc!.offset],
      (pos) => {
        const v = f(ad[pos[0]!]!, bd[pos[1]!]!, cd[pos[2]!]!);
        if (w) w(o, k++, v);
        else o[k++] = v;
      },
    );
  });
}

/** dst[...] = f(dst[...], src[...]) in place, src broadcast to dst's shape (add_, copy_, mul_). */
export function updateInPlace(dst: Tensor, src: Tensor, f: (d: number, s: number) => number): void {
  const ss = expandStrides(src.shape, src.strides, dst.shape);
  const dd = dst.storage.data;
  const sd = src.storage.data;
  const w = writer(dst.dtype);
  forEachRow(dst.shape, [dst.strides, ss], [dst.offset, src.offset], (pos, len, step) => {
    let pd = pos[0]!;
    let ps = pos[1]!;
    const td = step[0]!;
    const ts = step[1]!;
    if (w) for (let i = 0; i < len; i++, pd += td, ps += ts) w(dd, pd, f(dd[pd]!, sd[ps]!));
    else for (let i = 0; i < len; i++, pd += td, ps += ts) dd[pd] = f(dd[pd]!, sd[ps]!);
  });
}

/** A contiguous copy of x (optionally converting dtype). */
export function contiguousCopy(x: Tensor, dtype: DType = x.dtype): Tensor {
  if (dtype === x.dtype && x.offset === 0 && x.isContiguous() && x.storage.size === x.numel) {
    const out = Tensor.empty(x.shape, dtype);
    out.storage.data.set(x.storage.data);
    return out;
  }
  return mapUnary(x, dtype, (v) => v, 'contiguous');
}

/** The data of x as a contiguous typed array, copying only when x is not already laid out so. */
export function contiguousData(x: Tensor): TypedArray {
  if (x.offset === 0 && x.isContiguous() && x.storage.size === x.numel) return x.storage.data;
  const n = x.numel;
  const out = new (x.storage.data.constructor as new (n: number) => TypedArray)(n);
  let k = 0;
  const d = x.storage.data;
  forEachRow(x.shape, [x.strides], [x.offset], (pos, len, step) => {
    let p = pos[0]!;
    const s = step[0]!;
    for (let i = 0; i < len; i++, p += s) out[k++] = d[p]!;
  });
  return out;
}
