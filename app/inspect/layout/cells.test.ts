import { describe, expect, it } from 'vitest';
import { contiguousStrides, elementGrid, storageIndices } from './cells.ts';

describe('layout cells', () => {
  it('maps arange(12).view(3, 4).t() onto its storage through strides (1, 4)', () => {
    const t = { shape: [4, 3], strides: [1, 4], offset: 0 };
    expect(elementGrid(t).index).toEqual([
      [0, 4, 8],
      [1, 5, 9],
      [2, 6, 10],
      [3, 7, 11],
    ]);
    expect(storageIndices(t)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11]);
    expect(contiguousStrides([4, 3])).toEqual([3, 1]);
  });

  it('labels rows by their leading indices, follows the offset, and caps what it draws', () => {
    const g = elementGrid({ shape: [2, 2, 3], strides: [6, 3, 1], offset: 5 }, 3, 2);
    expect(g.rowLabels).toEqual(['0, 0', '0, 1', '1, 0']);
    expect(g.index[2]).toEqual([11, 12]);
    expect([g.moreRows, g.moreCols]).toEqual([1, 1]);
    expect(elementGrid({ shape: [], strides: [], offset: 3 }).index).toEqual([[3]]);
    expect(storageIndices({ shape: [0, 3], strides: [3, 1], offset: 0 })).toEqual([]);
  });
});
