// Reduction and scan loops over strided tensors, as ATen's reduction
// TensorIterator does them: the kept dimensions form an outer loop, the reduced
// dimensions are moved innermost and handed to a scalar function as one slice
// (data, start, n, step). Dimensions laid out as one are merged first, so a
// contiguous last-dim (or whole-tensor) reduction reads storage directly; a
// slice that cannot be merged into one strided run is gathered into a buffer.
//
// Slices are visited in row-major order of the kept dimensions (the order of a
// contiguous output), and a slice's elements in row-major order of the reduced
// dimensions (so an index within a full-reduction slice is a flat index).
import { castValue, type DType, type TypedArray } from '../core/dtype.ts';
import { numel, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { forEachIndex } from './elementwise.ts';

/** Reads one slice: data[start], data[start + step], ... (n values); k is the slice's output position. */
export type SliceBody = (data: ArrayLike<number>, start: number, n: number, step: number, k: number) => void;

/** A scalar reduction of one slice. */
export type SliceReducer = (data: ArrayLike<number>, start: number, n: number, step: number) => number;

/** Writes the line of an along-dim map (softmax, cumsum) into dst[dstStart], dst[dstStart + dstStep], ... */
export type LineFn = (
  src: ArrayLike<number>,
  start: number,
  n: number,
  step: number,
  dst: TypedArray,
  dstStart: number,
  dstStep: number,
) => void;

interface Layout {
  shape: number[];
  strides: number[];
}

/** Merges dimensions laid out as one run and drops size-1 ones, keeping row-major order. */
export function coalesce(shape: Shape, strides: readonly number[]): Layout {
  if (numel(shape) === 0) return { shape: [0], strides: [1] };
  const out: Layout = { shape: [], strides: [] };
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]!;
    if (n === 1) continue;
    const s = strides[d]!;
    const last = out.shape.length - 1;
    if (last >= 0 && out.strides[last] === s * n) {
      out.shape[last]! *= n;
      out.strides[last] = s;
    } else {
      out.shape.push(n);
      out.strides.push(s);
    }
  }
  return out;
}

/** The shape of a reduction over `dims` (sorted, normalized): removed, or kept as size 1. */
export function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((n, d) => {
    if (!dims.includes(d)) out.push(n);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Copies the elements of a multi-dimensional strided slice into buf, row-major. */
function gather(data: ArrayLike<number>, base: number, inner: Layout, buf: Float64Array): void {
  const nd = inner.shape.length;
  const idx = new Array<number>(nd).fill(0);
  let p = base;
  for (let i = 0; i < buf.length; i++) {
    buf[i] = data[p]!;
    for (let d = nd - 1; d >= 0; d--) {
      idx[d]!++;
      p += inner.strides[d]!;
      if (idx[d]! < inner.shape[d]!) break;
      p -= inner.strides[d]! * inner.shape[d]!;
      idx[d] = 0;
    }
  }
}

/** Calls body once per output position with the slice of x reduced over `dims` (sorted, normalized). */
export function forEachSlice(x: Tensor, dims: readonly number[], body: SliceBody): void {
  const kept: Layout = { shape: [], strides: [] };
  const reduced: Layout = { shape: [], strides: [] };
  x.shape.forEach((n, d) => {
    const into = dims.includes(d) ? reduced : kept;
    into.shape.push(n);
    into.strides.push(x.strides[d]!);
  });
  const outer = coalesce(kept.shape, kept.strides);
  const inner = coalesce(reduced.shape, reduced.strides);
  const data = x.storage.data;
  let k = 0;
  if (inner.shape.length <= 1) {
    const n = inner.shape[0] ?? 1;
    const step = inner.strides[0] ?? 0;
    forEachIndex(outer.shape, [outer.strides], [x.offset], (pos) => body(data, pos[0]!, n, step, k++));
    return;
  }
  const buf = new Float64Array(numel(inner.shape));
  forEachIndex(outer.shape, [outer.strides], [x.offset], (pos) => {
    gather(data, pos[0]!, inner, buf);
    body(buf, 0, buf.length, 1, k++);
  });
}

/** A new contiguous tensor holding f over each slice of x reduced over `dims`. */
export function reduceDims(x: Tensor, dims: readonly number[], keepdim: boolean, outDtype: DType, f: SliceReducer): Tensor {
  const out = Tensor.empty(reducedShape(x.shape, dims, keepdim), outDtype);
  const o = out.storage.data;
  forEachSlice(x, dims, (data, start, n, step, k) => {
    o[k] = castValue(outDtype, f(data, start, n, step));
  });
  return out;
}

/** A new contiguous tensor of x's shape, written line by line along `dim` (a 0-dim x is one line of 1). */
export function mapLines(x: Tensor, dim: number, outDtype: DType, f: LineFn): Tensor {
  const out = Tensor.empty(x.shape, outDtype);
  const src = x.storage.data;
  const dst = out.storage.data;
  if (x.ndim === 0) {
    f(src, x.offset, 1, 0, dst, 0, 0);
    return out;
  }
  const others = (s: readonly number[]) => s.filter((_, d) => d !== dim);
  forEachIndex(others(x.shape), [others(x.strides), others(out.strides)], [x.offset, 0], (pos) =>
    f(src, pos[0]!, x.shape[dim]!, x.strides[dim]!, dst, pos[1]!, out.strides[dim]!),
  );
  return out;
}

// Slice reducers. Sums and products accumulate in float64 (JS numbers) whatever
// the dtype; the caller rounds once to the output dtype.

export function sumSlice(data: ArrayLike<number>, start: number, n: number, step: number): number {
  let s = 0;
  for (let i = 0, p = start; i < n; i++, p += step) s += data[p]!;
  return s;
}

export function prodSlice(data: ArrayLike<number>, start: number, n: number, step: number): number {
  let s = 1;
  for (let i = 0, p = start; i < n; i++, p += step) s *= data[p]!;
  return s;
}

/**
 * Position (within the slice) of the largest value, or of the smallest with
 * `smallest`: the first one on ties, and the first NaN if there is one (NaN
 * propagates, as in PyTorch's max/argmax). n must be at least 1.
 */
export function argExtremeSlice(data: ArrayLike<number>, start: number, n: number, step: number, smallest: boolean): number {
  let best = data[start]!;
  let at = 0;
  if (Number.isNaN(best)) return 0;
  for (let i = 1, p = start + step; i < n; i++, p += step) {
    const v = data[p]!;
    if (Number.isNaN(v)) return i;
    if (smallest ? v < best : v > best) {
      best = v;
      at = i;
    }
  }
  return at;
}

/** Largest (or smallest) value of a slice, NaN if any is NaN. n must be at least 1. */
export function extremeSlice(data: ArrayLike<number>, start: number, n: number, step: number, smallest: boolean): number {
  return data[start + step * argExtremeSlice(data, start, n, step, smallest)]!;
}
