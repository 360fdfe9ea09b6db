import { describe, expect, it } from 'vitest';
import fixtures from './shape.fixtures.json';
import { broadcastShapes, contiguousStrides, expandStrides, inferSize, isContiguous, normalizeDim, viewStrides } from './shape.ts';

describe('view strides (ATen computeStride), against PyTorch', () => {
  it.each(fixtures.cases.map((c) => [`${c.shape}/${c.strides} -> ${c.new}`, c] as const))('%s', (_n, c) => {
    expect(viewStrides(c.shape, c.strides, c.new)).toEqual(c.expected);
    expect(isContiguous(c.shape, c.strides)).toBe(c.contiguous);
  });
});

describe('shape rules and messages', () => {
  it('broadcasts and reports the failing dimension as PyTorch does', () => {
    expect(broadcastShapes([2, 1, 4], [3, 1])).toEqual([2, 3, 4]);
    expect(() => broadcastShapes([2, 3], [2, 2])).toThrow('The size of tensor a (3) must match the size of tensor b (2) at non-singleton dimension 1');
  });
  it('expands with stride 0 and names target and tensor sizes on failure', () => {
    expect(expandStrides([3, 1], [1, 1], [2, 3, 4])).toEqual([0, 1, 0]);
    expect(() => expandStrides([3], [1], [2, 4])).toThrow(
      'The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.  Target sizes: [2, 4].  Tensor sizes: [3]',
    );
  });
  it('infers one -1 and rejects impossible shapes', () => {
    expect(inferSize([-1, 4], 12)).toEqual([3, 4]);
    expect(() => inferSize([-1, -1], 12)).toThrow('only one dimension can be inferred');
    expect(() => inferSize([2, 5], 12)).toThrow("shape '[2, 5]' is invalid for input of size 12");
  });
  it('wraps dims and raises IndexError text', () => {
    expect(normalizeDim(-1, 3)).toBe(2);
    expect(() => normalizeDim(2, 2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
    expect(contiguousStrides([2, 0, 3])).toEqual([3, 3, 1]);
  });
});
