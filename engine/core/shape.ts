// Pure shape and stride arithmetic: no storage, no values.
import { fmtShape, indexError, runtimeError } from '../errors/errors.ts';

export type Shape = readonly number[];

export function numel(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  return strides;
}

/** PyTorch's is_contiguous: size-1 dimensions may have any stride. */
export function isContiguous(shape: Shape, strides: readonly number[]): boolean {
  let expected = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const size = shape[i]!;
    if (size === 0) return true;
    if (size === 1) continue;
    if (strides[i] !== expected) return false;
    expected *= size;
  }
  return true;
}

/** Wraps a possibly negative dim, raising PyTorch's IndexError when out of range. */
export function normalizeDim(dim: number, ndim: number): number {
  const n = Math.max(ndim, 1);
  if (dim < -n || dim >= n) {
    throw indexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got ${dim})`);
  }
  return dim < 0 ? dim + n : dim;
}

export function normalizeDims(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  const seen = new Set<number>();
  for (const d of out) {
    if (seen.has(d)) throw runtimeError(`dim ${d} appears multiple times in the list of dims`);
    seen.add(d);
  }
  return out;
}

export function broadcastShapes(a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  // From the last dimension backwards, as ATen's infer_size reports the first mismatch.
  for (let i = n - 1; i >= 0; i--) {
    const ai = i - (n - a.length);
    const bi = i - (n - b.length);
    const sa = ai >= 0 ? a[ai]! : 1;
    const sb = bi >= 0 ? b[bi]! : 1;
    if (sa !== sb && sa !== 1 && sb !== 1) {
      throw runtimeError(
        `The size of tensor a (${sa}) must match the size of tensor b (${sb}) at non-singleton dimension ${i}`,
      );
    }
    out[i] = sa === 1 ? sb : sa;
  }
  return out;
}

export function broadcastAll(shapes: readonly Shape[]): number[] {
  let out: number[] = [];
  for (const s of shapes) out = broadcastShapes(out, s);
  return out;
}

/** Strides that view a tensor of `shape`/`strides` as `target` via expand (stride 0 on new dims). */
export function expandStrides(shape: Shape, strides: readonly number[], target: Shape): number[] {
  const n = target.length;
  if (n < shape.length) {
    throw runtimeError(
      `expand(torch.FloatTensor{${fmtShape(shape)}}, size=${fmtShape(target)}): the number of sizes provided (${n}) must be greater or equal to the number of dimensions in the tensor (${shape.length})`,
    );
  }
  const out = new Array<number>(n);
  for (let i = n - 1; i >= 0; i--) {
    const si = i - (n - shape.length);
    const want = target[i]!;
    if (si < 0) {
      if (want < 0) throw runtimeError(`The expanded size of the tensor (${want}) isn't allowed in a leading, non-existing dimension ${i}`);
      out[i] = 0;
      continue;
    }
    const have = shape[si]!;
    if (want === -1 || want === have) out[i] = strides[si]!;
    else if (have === 1) out[i] = 0;
    else {
      throw runtimeError(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${fmtShape(target)}.  Tensor sizes: ${fmtShape(shape)}`,
      );
    }
  }
  return out;
}

/** Resolves one -1 in a requested shape, with PyTorch's messages. */
export function inferSize(requested: Shape, total: number): number[] {
  let infer = -1;
  let known = 1;
  for (let i = 0; i < requested.length; i++) {
    const s = requested[i]!;
    if (s === -1) {
      if (infer >= 0) throw runtimeError('only one dimension can be inferred');
      infer = i;
    } else if (s < 0) {
      throw runtimeError(`invalid shape dimension ${s}`);
    } else known *= s;
  }
  const out = [...requested];
  if (infer >= 0) {
    if (known === 0 || total % known !== 0) {
      throw runtimeError(`shape '${fmtShape(requested)}' is invalid for input of size ${total}`);
    }
    out[infer] = total / known;
  } else if (known !== total) {
    throw runtimeError(`shape '${fmtShape(requested)}' is invalid for input of size ${total}`);
  }
  return out;
}

/**
 * ATen's computeStride: strides for viewing (shape, strides) as `newShape`
 * without copying, or null when some new dimension would span two
 * non-contiguous chunks of the old layout.
 */
export function viewStrides(shape: Shape, strides: readonly number[], newShape: Shape): number[] | null {
  if (shape.length === 0) return newShape.map(() => 1);
  const total = numel(shape);
  const newStrides = new Array<number>(newShape.length).fill(0);
  if (total === 0) {
    if (shape.length === newShape.length && shape.every((s, i) => s === newShape[i])) return [...strides];
    return contiguousStrides(newShape);
  }
  let viewD = newShape.length - 1;
  let chunkBaseStride = strides[strides.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let tensorD = shape.length - 1; tensorD >= 0; tensorD--) {
    tensorNumel *= shape[tensorD]!;
    if (tensorD === 0 || (shape[tensorD - 1] !== 1 && strides[tensorD - 1] !== tensorNumel * chunkBaseStride)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || newShape[viewD] === 1)) {
        newStrides[viewD] = viewNumel * chunkBaseStride;
        viewNumel *= newShape[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (tensorD > 0) {
        chunkBaseStride = strides[tensorD - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  if (viewD !== -1) return null;
  return newStrides;
}

export function sameShape(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}
