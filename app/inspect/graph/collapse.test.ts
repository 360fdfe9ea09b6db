import { describe, expect, it } from 'vitest';
import { accumulatingLoop, leaf, record } from '../test_support/records.ts';
import { collapseRepeats } from './collapse.ts';

describe('collapseRepeats', () => {
  it('finds the per-iteration structure of an accumulating loop, first iteration included, and draws the last one', () => {
    const nodes = accumulatingLoop(1000);
    const c = collapseRepeats(nodes);
    expect(c.groups).toHaveLength(1);
    const g = c.groups[0]!;
    expect([g.count, g.period]).toEqual([1000, 4]);
    const last = nodes.slice(-4).map((n) => n.node);
    expect(g.shown).toEqual(last);
    expect(g.members).toHaveLength(4000);
    // a hidden node stands for the drawn node at the same place in the iteration
    expect(c.representative.get(10)).toBe(last[0]);
    expect(c.representative.get(13)).toBe(last[3]); // the first AddBackward0 (0 + loss) differs, yet joins
    expect(c.representative.has(1)).toBe(false); // the shared leaf is never in a group
  });

  it('leaves a partial iteration (a loop still running) and unrelated nodes outside the group', () => {
    const nodes = accumulatingLoop(3);
    nodes.push(record(900, 'MmBackward0', [1], { module: 'Net.fc', saved: [{ storage: 999, bytes: 4096, shape: [32, 32], dtype: 'float32' }] }));
    const c = collapseRepeats(nodes);
    expect(c.groups.map((g) => g.count)).toEqual([3]);
    expect(c.groupOf.has(900)).toBe(false);
  });

  it('finds nothing in a graph without repetition, and nothing below minCount', () => {
    const chain = [leaf(1, 'x'), record(2, 'ExpBackward0', [1]), record(3, 'SinBackward0', [2]), record(4, 'SumBackward0', [3])];
    expect(collapseRepeats(chain).groups).toEqual([]);
    expect(collapseRepeats(accumulatingLoop(2), 3).groups).toEqual([]);
  });
});
