// The layout of the tensor a TensorSummary describes (the tensor inspector's
// picture: storage cells and strides, without the values), and whether it is
// small enough to show open at once.
import { ALL_DTYPES, itemsize, type DType } from '../../../engine/core/dtype.ts';
import type { TensorSummary } from '../../../engine/runtime/protocol.ts';
import type { LayoutData } from '../../../engine/trace/tensor_layout.ts';

/** Past this many storage cells or logical elements the inspector keeps the layout closed until asked. */
export const LAYOUT_OPEN_MAX_CELLS = 64;

/** Bytes per element: the dtype's size ("torch.float32" → 4), else what the summary's byte counts imply. */
export function elementSize(summary: Pick<TensorSummary, 'dtype' | 'shape' | 'bytes'>): number {
  const dtype = summary.dtype.replace(/^torch\./, '');
  if ((ALL_DTYPES as string[]).includes(dtype)) return itemsize(dtype as DType);
  const numel = summary.shape.reduce((a, b) => a * b, 1);
  return numel > 0 ? summary.bytes / numel : 1;
}

export function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * The layout of the summarised tensor alone (cells without values):
 *
 *   layoutOfSummary({ shape: [4, 3], strides: [1, 4], dtype: 'torch.int64', storageBytes: 96, … })
 *   // one storage of 12 int64 cells, one tensor with strides (1, 4), not contiguous
 */
export function layoutOfSummary(summary: TensorSummary, name = 'tensor'): LayoutData {
  const size = Math.round(summary.storageBytes / elementSize(summary));
  const dtype = summary.dtype.replace(/^torch\./, '');
  const contiguous = isContiguous(summary.shape, summary.strides);
  return {
    tensors: [{ name, tensor: 0, shape: summary.shape, strides: summary.strides, offset: summary.storageOffset, dtype, storage: summary.storageId, contiguous, base: null }],
    storages: [{ id: summary.storageId, size, dtype, bytes: summary.storageBytes, values: null }],
  };
}

/** Whether the inspector shows the layout open at once: a storage and a tensor of at most LAYOUT_OPEN_MAX_CELLS elements. */
export function layoutOpensAtOnce(summary: TensorSummary): boolean {
  const numel = summary.shape.reduce((a, b) => a * b, 1);
  const cells = summary.storageBytes / elementSize(summary);
  return numel <= LAYOUT_OPEN_MAX_CELLS && cells <= LAYOUT_OPEN_MAX_CELLS;
}
