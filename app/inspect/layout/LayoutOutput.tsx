// glassgrad.show_layout(t) inline, and the same view for the tensor inspector
// (from a TensorSummary: the layout without the values).
import type { TensorSummary } from '../../../engine/runtime/protocol.ts';
import type { LayoutData } from '../../../engine/trace/tensor_layout.ts';
import { LayoutBody } from './LayoutBody.tsx';

export function LayoutOutput({ data }: { data: LayoutData }) {
  return (
    <div className="output-layout" aria-label="Tensor layout">
      <LayoutBody data={data} />
    </div>
  );
}

/** The layout of the tensor a TensorSummary describes (cells without values). */
export function layoutOfSummary(summary: TensorSummary, name = 'tensor'): LayoutData {
  const numel = summary.shape.reduce((a, b) => a * b, 1);
  const itemsize = numel > 0 ? summary.bytes / numel : 1;
  const size = Math.round(summary.storageBytes / itemsize);
  const dtype = summary.dtype.replace(/^torch\./, '');
  const contiguous = isContiguous(summary.shape, summary.strides);
  return {
    tensors: [{ name, tensor: 0, shape: summary.shape, strides: summary.strides, offset: summary.storageOffset, dtype, storage: summary.storageId, contiguous, base: null }],
    storages: [{ id: summary.storageId, size, dtype, bytes: summary.storageBytes, values: null }],
  };
}

function isContiguous(shape: readonly number[], strides: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

export function TensorSummaryLayout({ summary, name }: { summary: TensorSummary; name?: string }) {
  return <LayoutBody data={layoutOfSummary(summary, name)} />;
}
