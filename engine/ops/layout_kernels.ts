// Copy loops for the layout ops. Like the elementwise kernels they know
// nothing about autograd: each one allocates its result and moves values
// between two strided geometries with `updateInPlace`.
import type { DType } from '../core/dtype.ts';
import { contiguousStrides, numel, type Shape } from '../core/shape.ts';
import { Storage } from '../core/storage.ts';
import { Tensor } from '../core/tensor.ts';
import { forEachIndex, updateInPlace } from '../kernels/elementwise.ts';
import { fastBinary } from '../kernels/elementwise_fast.ts';
import { assignRows } from '../kernels/elementwise_rows_binary.ts';

const assign = fastBinary((_d: number, s: number): number => s, assignRows);

/** A new tensor of `dtype` laid out with `strides` (dense), holding x's values. */
export function copyWithStrides(x: Tensor, dtype: DType, strides: readonly number[]): Tensor {
  const out = allocDense(x.shape, dtype, strides);
  updateInPlace(out, x, assign);
  return out;
}

/** An uninitialized-to-zero tensor with the given dense strides. */
export function allocDense(shape: Shape, dtype: DType, strides: readonly number[] = contiguousStrides(shape)): Tensor {
  return new Tensor(Storage.allocate(dtype, numel(shape)), shape, strides, 0);
}

/** Writes src into the region of `dst` described by a geometry of dst's storage. */
export function writeRegion(dst: Tensor, region: { shape: Shape; strides: readonly number[]; offset: number }, src: Tensor): void {
  const view = new Tensor(dst.storage, region.shape, region.strides, region.offset, dst.version);
  updateInPlace(view, src, assign);
  view.release();
}

/** Adds src into the region of `dst` (overlapping regions accumulate). */
export function addIntoRegion(dst: Tensor, region: { shape: Shape; strides: readonly number[]; offset: number }, src: Tensor): void {
  const sd = src.storage.data;
  const dd = dst.storage.data;
  // Element by element so that repeated storage positions accumulate.
  forEachIndex(region.shape, [region.strides, src.strides], [region.offset, src.offset], (pos) => {
    dd[pos[0]!] = dd[pos[0]!]! + sd[pos[1]!]!;
  });
}

/** flip: reverses the listed dims, keeping the output laid out with `strides`. */
export function flipCopy(x: Tensor, dims: readonly number[], strides: readonly number[]): Tensor {
  const out = allocDense(x.shape, x.dtype, strides);
  let offset = x.offset;
  const srcStrides = [...x.strides];
  for (const d of dims) {
    if (x.shape[d]! === 0) continue;
    offset += (x.shape[d]! - 1) * x.strides[d]!;
    srcStrides[d] = -x.strides[d]!;
  }
  const src = new Tensor(x.storage, x.shape, srcStrides, offset, x.version);
  updateInPlace(out, src, assign);
  src.release();
  return out;
}

/** roll into a contiguous result: out[i] = x[(i - shift) mod n] along each (distinct) dim. */
export function rollCopy(x: Tensor, shifts: readonly number[], dims: readonly number[]): Tensor {
  const out = allocDense(x.shape, x.dtype);
  // Each dim splits into two blocks that swap places; do every combination of blocks.
  const blocks: { src: number; dst: number; len: number }[][] = dims.map((d, k) => {
    const n = x.shape[d]!;
    if (n === 0) return [{ src: 0, dst: 0, len: 0 }];
    const s = ((shifts[k]! % n) + n) % n;
    return s === 0 ? [{ src: 0, dst: 0, len: n }] : [{ src: 0, dst: s, len: n - s }, { src: n - s, dst: 0, len: s }];
  });
  const combine = (k: number, srcOff: number, dstOff: number, shape: number[]): void => {
    if (k === dims.length) {
      const from = new Tensor(x.storage, shape, x.strides, srcOff, x.version);
      writeRegion(out, { shape, strides: out.strides, offset: dstOff }, from);
      from.release();
      return;
    }
    const d = dims[k]!;
    for (const b of blocks[k]!) {
      const s = [...shape];
      s[d] = b.len;
      combine(k + 1, srcOff + b.src * x.strides[d]!, dstOff + b.dst * out.strides[d]!, s);
    }
  };
  combine(0, x.offset, 0, [...x.shape]);
  return out;
}
