// Elementwise loops. Like ATen's TensorIterator, these resolve broadcasting and
// strides so that an op supplies only a scalar function.
import { castValue, type DType, type TypedArray } from '../core/dtype.ts';
import { broadcastAll, expandStrides, numel, type Shape } from '../core/shape.ts';
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

function isPlainContiguous(t: Tensor, shape: Shape): boolean {
  return t.offset === 0 && t.isContiguous() && t.shape.length === shape.length && t.shape.every((s, i) => s === shape[i]);
}

/** out[i] = f(x[i]) into a new contiguous tensor of `outDtype`. */
export function mapUnary(x: Tensor, outDtype: DType, f: (v: number) => number): Tensor {
  const out = Tensor.empty(x.shape, outDtype);
  const o = out.storage.data;
  const xd = x.storage.data;
  const w = writer(outDtype);
  if (isPlainContiguous(x, x.shape)) {
    const n = out.numel;
    if (w) for (let i = 0; i < n; i++) w(o, i, f(xd[i]!));
    else for (let i = 0; i < n; i++) o[i] = f(xd[i]!);
    return out;
  }
  let k = 0;
  forEachRow(x.shape, [x.strides], [x.offset], (pos, len, step) => {
    let p = pos[0]!;
    const s = step[0]!;
    for (let i = 0; i < len; i++, p += s) {
      if (w) w(o, k++, f(xd[p]!));
      else o[k++] = f(xd[p]!);
    }
  });
  return out;
}

/** out = f(a, b) with broadcasting, into a new contiguous tensor of `outDtype`. */
export function mapBinary(a: Tensor, b: Tensor, outDtype: DType, f: (x: number, y: number) => number): Tensor {
  const shape = broadcastAll([a.shape, b.shape]);
  const out = Tensor.empty(shape, outDtype);
  const o = out.storage.data;
  const ad = a.storage.data;
  const bd = b.storage.data;
  const w = writer(outDtype);
  const n = out.numel;
  if (!w && isPlainContiguous(a, shape) && isPlainContiguous(b, shape)) {
    for (let i = 0; i < n; i++) o[i] = f(ad[i]!, bd[i]!);
    return out;
  }
  if (!w && isPlainContiguous(a, shape) && b.numel === 1) {
    const y = bd[b.offset]!;
    for (let i = 0; i < n; i++) o[i] = f(ad[i]!, y);
    return out;
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
  return out;
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
  const out = Tensor.empty(shape, outDtype);
  const o = out.storage.data;
  const [ad, bd, cd] = [a.storage.data, b.storage.data, c.storage.data];
  const w = writer(outDtype);
  let k = 0;
  forEachIndex(
    shape,
    [expandStrides(a.shape, a.strides, shape), expandStrides(b.shape, b.strides, shape), expandStrides(c.shape, c.strides, shape)],
    [a.offset, b.offset, c.offset],
    (pos) => {
      const v = f(ad[pos[0]!]!, bd[pos[1]!]!, cd[pos[2]!]!);
      if (w) w(o, k++, v);
      else o[k++] = v;
    },
  );
  return out;
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
  return mapUnary(x, dtype, (v) => v);
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
