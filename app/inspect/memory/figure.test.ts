import { describe, expect, it } from 'vitest';
import { TraceState } from '../../../engine/trace/trace_state.ts';
import { memoryFigure } from './figure.ts';

describe('memoryFigure', () => {
  it('stacks the five categories over the memory events, marks each cell and the peak', () => {
    const s = new TraceState();
    s.applyAll([
      { type: 'run-start', runId: 1, cell: '<cell 1>', executionCount: 1 },
      { type: 'storage-alloc', storage: 1, bytes: 4000, dtype: 'float32', category: 'parameter' },
      { type: 'storage-alloc', storage: 2, bytes: 100_000, dtype: 'float32', category: 'other' },
      { type: 'storage-free', storage: 2, bytes: 100_000 },
      { type: 'run-end', runId: 1, status: 'ok' },
      { type: 'run-start', runId: 2, cell: '<cell 2>', executionCount: 2 },
      { type: 'storage-alloc', storage: 3, bytes: 600, dtype: 'float32', category: 'gradient' },
    ]);
    const fig = memoryFigure(s.snapshot().memory);
    expect(fig.data.map((t) => t.name)).toEqual(['parameters', 'gradients', 'saved for backward', 'optimizer state', 'other']);
    expect(fig.data[0]!.x).toEqual([1, 2, 3, 4]);
    expect(fig.data[0]!.y).toEqual([4096, 4096, 4096, 4096]);
    expect(fig.data[4]!.y).toEqual([0, 100_352, 0, 0]);
    expect(fig.data[1]!.y).toEqual([0, 0, 0, 1024]);
    const annotations = fig.layout.annotations as { text: string; x: number }[];
    expect(annotations.map((a) => [a.text, a.x])).toEqual([['[1]', 0], ['[2]', 3], ['peak 104 kB', 2]]);
    expect((fig.layout.shapes as unknown[]).length).toBe(2);
  });
});
