// Pure layout arithmetic for the movement ops: each function maps a
// (shape, strides, offset) geometry to the geometry of a view, with
// PyTorch's checks and messages. No storage, no values.
//
// Note [Views share everything but geometry]: a view op only computes a new
// geometry here and hands it to `Tensor.makeView`, which shares the storage,
// the version counter and the view base. Such an op allocates nothing and
// saves nothing for backward but sizes.
import { contiguousStrides, inferSize, normalizeDim, numel, viewStrides, type Shape } from '../core/shape.ts';
import { fmtShape, indexError, legacyTensorType, runtimeError } from '../errors/errors.ts';

export interface Geometry {
  shape: number[];
  strides: number[];
  offset: number;
}

export const VIEW_STRIDE_ERROR =
  "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";

/** infer_size: resolves one -1, with ATen's wording for the ambiguous empty case. */
export function inferShape(requested: Shape, total: number): number[] {
  if (total === 0 && requested.includes(-1)) {
    const known = requested.reduce((a, s) => (s === -1 ? a : a * s), 1);
    if (known === 0 && requested.filter((s) => s === -1).length === 1) {
      throw runtimeError(
        `cannot reshape tensor of 0 elements into shape ${fmtShape(requested)} because the unspecified dimension size -1 can be any value and is ambiguous`,
      );
    }
  }
  return inferSize(requested, total);
}

/** Strides for view(shape), or PyTorch's error when no view exists. */
export function viewGeometry(shape: Shape, strides: readonly number[], requested: Shape): { shape: number[]; strides: number[] } {
  const newShape = inferShape(requested, numel(shape));
  const newStrides = viewStrides(shape, strides, newShape);
  if (!newStrides) throw runtimeError(VIEW_STRIDE_ERROR);
  return { shape: newShape, strides: newStrides };
}

/** ATen's inferExpandGeometry: new leading dims and expanded size-1 dims get stride 0. */
export function expandGeometry(shape: Shape, strides: readonly number[], sizes: Shape, dtype: string): { shape: number[]; strides: number[] } {
  const n = sizes.length;
  const nd = shape.length;
  if (n < nd) {
    throw runtimeError(
      `expand(${legacyTensorType(dtype)}{${fmtShape(shape)}}, size=${fmtShape(sizes)}): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const outShape = new Array<number>(n);
  const outStrides = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const d = nd - (n - i);
    let size = d >= 0 ? shape[d]! : 1;
    let stride = d >= 0 ? strides[d]! : i === n - 1 ? 1 : outShape[i + 1]! * outStrides[i + 1]!;
    let target = sizes[i]!;
    if (target === -1) {
      if (d < 0) throw runtimeError(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      target = size;
    }
    if (size !== target) {
      if (size !== 1) {
        throw runtimeError(
          `The expanded size of the tensor (${target}) must match the existing size (${size}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(sizes)}.  Tensor sizes: ${fmtShape(shape)}`,
        );
      }
      size = target;
      stride = 0;
    }
    if (size < 0) throw runtimeError(`Trying to create tensor with negative dimension ${size}: ${fmtShape(sizes)}`);
    outShape[i] = size;
    outStrides[i] = stride;
  }
  return { shape: outShape, strides: outStrides };
}

/** Checks a permutation as permute() does and returns it normalized. */
export function checkPermutation(dims: readonly number[], ndim: number): number[] {
  if (dims.length !== ndim) {
    throw runtimeError(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${ndim} is not equal to len(dims) = ${dims.length}`,
    );
  }
  const out = dims.map((d) => normalizeDim(d, ndim));
  if (new Set(out).size !== out.length) throw runtimeError('permute(): duplicate dims are not allowed.');
  return out;
}

/** The permutation that undoes `perm`. */
export function inversePermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** unsqueeze's stride for the new dimension, as ATen computes it. */
export function unsqueezeGeometry(shape: Shape, strides: readonly number[], dim: number): { shape: number[]; strides: number[] } {
  const s = [...shape];
  const st = [...strides];
  const newStride = dim >= shape.length ? 1 : shape[dim]! * strides[dim]!;
  s.splice(dim, 0, 1);
  st.splice(dim, 0, newStride);
  return { shape: s, strides: st };
}

/** Python-style slice bounds for slice(dim, start, end, step): clamped to [0, size]. */
export function sliceBounds(size: number, start: number | null, end: number | null, step: number): { start: number; length: number } {
  let s = start ?? 0;
  let e = end ?? size;
  if (s < 0) s += size;
  if (e < 0) e += size;
  s = Math.min(Math.max(s, 0), size);
  e = Math.min(Math.max(e, s), size);
  return { start: s, length: Math.floor((e - s + step - 1) / step) };
}

/** narrow()'s checks (PyTorch 2.x): the start may be negative; the slice must fit. */
export function narrowStart(ndim: number, size: number, start: number, length: number): number {
  if (ndim === 0) throw runtimeError('narrow() cannot be applied to a 0-dim tensor.');
  if (length < 0) throw runtimeError('narrow(): length must be non-negative.');
  if (start < -size || start > size) {
    throw indexError(`start out of range (expected to be in range of [${-size}, ${size}], but got ${start})`);
  }
  const s = start < 0 ? start + size : start;
  if (s > size - length) throw runtimeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  return s;
}

/** PyTorch's is_non_overlapping_and_dense. */
export function isNonOverlappingAndDense(shape: Shape, strides: readonly number[]): boolean {
  const n = shape.length;
  if (n === 1) return shape[0]! < 2 || strides[0] === 1;
  const perm = [...Array(n).keys()].sort((a, b) => {
    if (shape[a]! < 2) return shape[b]! < 2 ? 0 : 1;
    if (shape[b]! < 2) return -1;
    return strides[a]! - strides[b]!;
  });
  let required = 1;
  for (const d of perm) {
    if (shape[d]! < 2) return true;
    if (strides[d] !== required) return false;
    required *= shape[d]!;
  }
  return true;
}

/** ATen's infer_dense_strides: dense strides that keep the input's dimension order. */
export function inferDenseStrides(shape: Shape, strides: readonly number[]): number[] {
  const n = shape.length;
  const perm = [...Array(n).keys()].reverse();
  const compare = (d0: number, d1: number): number => {
    const s0 = strides[d0]!;
    const s1 = strides[d1]!;
    if (s0 === 0 || s1 === 0) return 0;
    if (s0 < s1) return -1;
    if (s0 > s1) return 1;
    return shape[d0]! > shape[d1]! ? 1 : 0;
  };
  for (let i = 1; i < n; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = compare(perm[d0]!, perm[d1]!);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1]!, perm[d0]!];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  const out = new Array<number>(n);
  let cur = 1;
  for (const d of perm) {
    out[d] = cur;
    if (shape[d]! > 1) cur *= shape[d]!;
  }
  return out;
}

/** Strides of empty_like(x) with memory_format=preserve (clone, _to_copy, flip). */
export function preservedStrides(shape: Shape, strides: readonly number[]): number[] {
  if (isNonOverlappingAndDense(shape, strides)) return [...strides];
  return inferDenseStrides(shape, strides);
}

export { contiguousStrides };
