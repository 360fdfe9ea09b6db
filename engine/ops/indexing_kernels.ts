// Kernels for advanced indexing (engine/ops/indexing.ts declares the ops):
// where each element of x[indices] lives in x's storage, and the loops of
// index / index_put / gather / scatter. Nothing here knows about autograd.
import { castValue } from '../core/dtype.ts';
import { expandStrides, numel, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, indexError, runtimeError, scalarTypeName } from '../errors/errors.ts';
import { forEachIndex } from '../kernels/elementwise.ts';

/** A fixed int64 tensor (samples, tests). */
export function longTensor(values: number[], shape: number[] = [values.length]): Tensor {
  const t = Tensor.empty(shape, 'int64');
  t.writeAll(values);
  return t;
}

// ---------------------------------------------------------------------------
// The plan: where each element of x[indices] lives in x's storage.

interface Plan {
  /** Shape of x[indices]. */
  shape: number[];
  beforeShape: number[];
  beforeStrides: number[];
  /** Storage offset contributed by the index tensors, per element of the broadcast index shape. */
  advOff: Float64Array;
  /** Storage offset of each row-major position of the trailing (non-indexed) dims. */
  afterOff: Float64Array;
}

function broadcastIndexShapes(indices: readonly Tensor[]): number[] {
  let out: number[] = [];
  for (const t of indices) {
    const n = Math.max(out.length, t.ndim);
    const next = new Array<number>(n);
    for (let i = 0; i < n; i++) {
      const a = out[i - (n - out.length)] ?? 1;
      const b = t.shape[i - (n - t.ndim)] ?? 1;
      if (a !== b && a !== 1 && b !== 1) {
        throw indexError(
          `shape mismatch: indexing tensors could not be broadcast together with shapes ${indices.map((x) => fmtShape(x.shape)).join(', ')}`,
        );
      }
      next[i] = a === 1 ? b : a;
    }
    out = next;
  }
  return out;
}

export function planIndex(shape: Shape, strides: readonly number[], dims: readonly number[], indices: readonly Tensor[]): Plan {
  const n = shape.length;
  const b = broadcastIndexShapes(indices);
  const nB = numel(b);
  const advOff = new Float64Array(nB);
  indices.forEach((t, i) => {
    const d = dims[i]!;
    const size = shape[d]!;
    const stride = strides[d]!;
    const st = expandStrides(t.shape, t.strides, b);
    const data = t.storage.data;
    let k = 0;
    forEachIndex(b, [st], [t.offset], (pos) => {
      const v = data[pos[0]!]!;
      if (v < -size || v >= size) throw indexError(`index ${v} is out of bounds for dimension ${d} with size ${size}`);
      advOff[k] = advOff[k]! + (v < 0 ? v + size : v) * stride;
      k++;
    });
  });
  const indexed = new Set(dims);
  const adjacent = dims.length === 0 || dims[dims.length - 1]! - dims[0]! === dims.length - 1;
  const rest = Array.from({ length: n }, (_, d) => d).filter((d) => !indexed.has(d));
  const before = adjacent ? rest.filter((d) => d < dims[0]!) : [];
  const after = rest.filter((d) => !before.includes(d));
  const afterShape = after.map((d) => shape[d]!);
  const afterOff = new Float64Array(numel(afterShape));
  let k = 0;
  forEachIndex(afterShape, [after.map((d) => strides[d]!)], [0], (pos) => (afterOff[k++] = pos[0]!));
  return {
    shape: [...before.map((d) => shape[d]!), ...b, ...afterShape],
    beforeShape: before.map((d) => shape[d]!),
    beforeStrides: before.map((d) => strides[d]!),
    advOff,
    afterOff,
  };
}

/** Calls body(k, storagePosition) for every element of x[indices], k in row-major order. */
function walk(plan: Plan, offset: number, body: (k: number, p: number) => void): void {
  const { advOff, afterOff } = plan;
  if (advOff.length === 0 || afterOff.length === 0) return;
  let k = 0;
  forEachIndex(plan.beforeShape, [plan.beforeStrides], [offset], (pos) => {
    const p0 = pos[0]!;
    for (let i = 0; i < advOff.length; i++) {
      const p1 = p0 + advOff[i]!;
      for (let j = 0; j < afterOff.length; j++) body(k++, p1 + afterOff[j]!);
    }
  });
}

export function checkIndexDtypes(indices: readonly Tensor[]): void {
  for (const t of indices) {
    if (t.dtype !== 'int64' && t.dtype !== 'int32') throw indexError('tensors used as indices must be long, int, byte or bool tensors');
  }
}

export function gatherIndexed(x: Tensor, dims: readonly number[], indices: readonly Tensor[]): Tensor {
  checkIndexDtypes(indices);
  const plan = planIndex(x.shape, x.strides, dims, indices);
  const out = Tensor.empty(plan.shape, x.dtype);
  const o = out.storage.data;
  const d = x.storage.data;
  walk(plan, x.offset, (k, p) => (o[k] = d[p]!));
  return out;
}

/** Writes (or adds) values, broadcast to the indexing result, into `dst` at indices. */
export function putIndexed(dst: Tensor, dims: readonly number[], indices: readonly Tensor[], values: Tensor, accumulate: boolean): void {
  checkIndexDtypes(indices);
  if (values.dtype !== dst.dtype) {
    throw runtimeError(
      `Index put requires the source and destination dtypes match, got ${scalarTypeName(dst.dtype)} for the destination and ${scalarTypeName(values.dtype)} for the source.`,
    );
  }
  const plan = planIndex(dst.shape, dst.strides, dims, indices);
  const fits = values.ndim <= plan.shape.length && values.shape.every((s, i) => s === 1 || s === plan.shape[plan.shape.length - values.ndim + i]);
  if (!fits) {
    throw runtimeError(`shape mismatch: value tensor of shape ${fmtShape(values.shape)} cannot be broadcast to indexing result of shape ${fmtShape(plan.shape)}`);
  }
  const vals = new Float64Array(numel(plan.shape));
  const vd = values.storage.data;
  let k = 0;
  forEachIndex(plan.shape, [expandStrides(values.shape, values.strides, plan.shape)], [values.offset], (pos) => (vals[k++] = vd[pos[0]!]!));
  const d = dst.storage.data;
  const dtype = dst.dtype;
  if (accumulate) walk(plan, dst.offset, (i, p) => (d[p] = castValue(dtype, d[p]! + vals[i]!)));
  else walk(plan, dst.offset, (i, p) => (d[p] = vals[i]!));
}

/**
 * Walks index's elements: body(k, value, selfPos, otherPos) where selfPos is
 * the position in `self` with the index value put at `dim`, otherPos the
 * position at the same coordinates in `other` (src or the output).
 */
export function walkAlong(
  fn: string, self: Tensor, dim: number, index: Tensor, other: Tensor | null,
  body: (pos: number[], v: number) => void,
): void {
  if (index.dtype !== 'int64') throw runtimeError(`${fn}(): Expected dtype int64 for index`);
  if (index.ndim !== self.ndim && !(index.numel === 0 && index.ndim <= 1)) {
    throw runtimeError('Index tensor must have the same number of dimensions as input tensor');
  }
  const size = self.shape[dim] ?? 1;
  const stride = self.strides[dim] ?? 0;
  const selfStrides = self.strides.map((s, d) => (d === dim ? 0 : s));
  const strides = [index.strides, selfStrides, ...(other ? [other.strides] : [])];
  const offsets = [index.offset, self.offset, ...(other ? [other.offset] : [])];
  const data = index.storage.data;
  forEachIndex(index.shape, strides, offsets, (pos) => {
    const v = data[pos[0]!]!;
    if (v < -size || v >= size) throw runtimeError(`index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    body([pos[1]! + (v < 0 ? v + size : v) * stride, pos[2] ?? 0], v);
  });
}

export function boolTensor(values: number[], shape: number[]): Tensor {
  const t = Tensor.empty(shape, 'bool');
  t.writeAll(values);
  return t;
}

export function broadcastView(t: Tensor, shape: Shape): Tensor {
  return new Tensor(t.storage, shape, expandStrides(t.shape, t.strides, shape), t.offset);
}
