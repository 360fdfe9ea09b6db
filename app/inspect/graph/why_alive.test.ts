import { describe, expect, it } from 'vitest';
import type { NamedTensor } from '../../../engine/trace/events.ts';
import { accumulatingLoop } from '../test_support/records.ts';
import { whyAlive } from './why_alive.ts';

function named(name: string, gradFn: number | null): NamedTensor {
  return { name, tensor: 1, storage: 7, bytes: 4, gradFn, shape: [], dtype: 'float32', heldBytes: 11, savedBytes: 22, retainedBytes: 33 };
}

describe('whyAlive over the live graph', () => {
  it('reaches every node of the accumulated iterations and totals each saved storage once, largest first', () => {
    const nodes = accumulatingLoop(3);
    const acc = nodes.at(-1)!.node;
    const r = whyAlive(named('running_loss', acc), nodes, (s) => (s < 300 ? 'saved' : 'parameter'));
    expect(r.nodes).toHaveLength(13);
    expect(r.savedBytes).toBe(3 * (4096 + 1024));
    expect(r.chains.map((c) => c.bytes)).toEqual([4096, 4096, 4096, 1024, 1024, 1024]);
    // the shortest chain to the newest iteration's MmBackward0 input
    expect(r.chains[0]!.steps.map((s) => s.label)).toEqual(['running_loss', 'AddBackward0', 'SumBackward0', 'ReluBackward0', 'MmBackward0', 'saved [32, 32] float32', '4,096 B']);
    expect(r.engine).toEqual({ heldBytes: 11, savedBytes: 22, retainedBytes: 33 });
  });

  it('counts saved storages that are something else (a saved weight) apart, and nodes whose saved tensors backward freed', () => {
    const nodes = accumulatingLoop(2).map((n) => (n.name === 'ReluBackward0' ? { ...n, savedFreed: true } : n));
    const r = whyAlive(named('loss', nodes.at(-1)!.node), nodes, (s) => (s === 100 ? 'parameter' : 'saved'));
    expect([r.savedBytes, r.sharedSavedBytes, r.freedNodes]).toEqual([4096, 4096, 2]);
  });

  it('a leaf reaches nothing', () => {
    const r = whyAlive(named('w', null), accumulatingLoop(1), () => 'saved');
    expect([r.nodes, r.chains, r.savedBytes]).toEqual([[], [], 0]);
  });
});
