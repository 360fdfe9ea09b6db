import { describe, expect, it } from 'vitest';
import type { TensorSummary } from '../../../engine/runtime/protocol.ts';
import { elementSize, isContiguous, layoutOfSummary, layoutOpensAtOnce } from './summary.ts';

// Figures as PyTorch reports them (stride(), storage_offset(), is_contiguous(), len(storage())).
function summary(s: Partial<TensorSummary> & Pick<TensorSummary, 'shape' | 'strides' | 'dtype' | 'storageBytes' | 'bytes'>): TensorSummary {
  return { storageOffset: 0, requiresGrad: false, isLeaf: true, gradFn: null, storageId: 7, ...s };
}

describe('the tensor inspector layout from a TensorSummary', () => {
  it('arange(12).view(3, 4).t(): 12 int64 cells, strides (1, 4), not contiguous, open at once', () => {
    const t = summary({ shape: [4, 3], strides: [1, 4], dtype: 'torch.int64', storageBytes: 96, bytes: 96 });
    expect(layoutOfSummary(t)).toEqual({
      tensors: [{ name: 'tensor', tensor: 0, shape: [4, 3], strides: [1, 4], offset: 0, dtype: 'int64', storage: 7, contiguous: false, base: null }],
      storages: [{ id: 7, size: 12, dtype: 'int64', bytes: 96, values: null }],
    });
    expect(layoutOpensAtOnce(t)).toBe(true);
  });

  it('randn(100)[10:20]: a contiguous slice at offset 10 of a 100-cell storage, closed until asked', () => {
    const t = summary({ shape: [10], strides: [1], storageOffset: 10, dtype: 'torch.float32', storageBytes: 400, bytes: 40 });
    const { tensors, storages } = layoutOfSummary(t, 'u');
    expect([tensors[0]!.name, tensors[0]!.offset, tensors[0]!.contiguous, storages[0]!.size]).toEqual(['u', 10, true, 100]);
    expect(layoutOpensAtOnce(t)).toBe(false);
  });

  it('counts cells by the dtype, so an empty tensor or a large one still gets its storage size', () => {
    expect(elementSize({ dtype: 'torch.float64', shape: [0, 3], bytes: 0 })).toBe(8);
    expect(layoutOfSummary(summary({ shape: [0, 3], strides: [3, 1], dtype: 'torch.float64', storageBytes: 0, bytes: 0 })).storages[0]!.size).toBe(0);
    expect(layoutOpensAtOnce(summary({ shape: [8, 9], strides: [9, 1], dtype: 'torch.bool', storageBytes: 72, bytes: 72 }))).toBe(false);
    expect(elementSize({ dtype: 'torch.complex64', shape: [2], bytes: 16 })).toBe(8); // not one of ours: from the byte counts
  });

  it('is contiguous as PyTorch says: size-1 dimensions are ignored', () => {
    expect(isContiguous([3, 1], [1, 7])).toBe(true);
    expect(isContiguous([2, 3], [1, 2])).toBe(false);
    expect(isContiguous([], [])).toBe(true);
  });
});
