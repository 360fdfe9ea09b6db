import { describe, expect, it } from 'vitest';
import type { TraceEvent } from './events.ts';
import { MAX_SAMPLES } from './memory_timeline.ts';
import { TraceState } from './trace_state.ts';

const alloc = (storage: number, bytes: number, category = 'other'): TraceEvent => ({ type: 'storage-alloc', storage, bytes, dtype: 'float32', category });
const free = (storage: number, bytes: number): TraceEvent => ({ type: 'storage-free', storage, bytes });
const node = (id: number, name: string, next: number[], saved: { storage: number; bytes: number }[] = []): TraceEvent => ({
  type: 'node-created',
  node: id,
  name,
  next,
  savedBytes: saved.reduce((a, s) => a + s.bytes, 0),
  module: 'Net',
  saved: saved.map((s) => ({ ...s, shape: [s.bytes / 4], dtype: 'float32' })),
});

describe('trace state', () => {
  it('derives "saved" from the nodes that hold a storage, as Storage.category() does, and gives it back when backward frees it', () => {
    const s = new TraceState();
    s.applyAll([
      { type: 'run-start', runId: 1, cell: '<cell 1>', executionCount: 1 },
      alloc(1, 4000, 'parameter'),
      alloc(2, 1000),
      node(10, 'AccumulateGrad', []),
      node(11, 'ExpBackward0', [10], [{ storage: 2, bytes: 1000 }]),
      node(12, 'MulBackward0', [11], [{ storage: 2, bytes: 1000 }, { storage: 1, bytes: 4000 }]), // a parameter saved stays a parameter
      { type: 'run-end', runId: 1, status: 'ok' },
    ]);
    let snap = s.snapshot();
    expect(snap.graph.nodes.map((n) => n.name)).toEqual(['AccumulateGrad', 'ExpBackward0', 'MulBackward0']);
    expect(snap.memory.now.exact).toEqual({ parameter: 4000, gradient: 0, saved: 1000, optimizer: 0, other: 0 });
    expect(snap.memory.now.blocks).toEqual({ parameter: 4096, gradient: 0, saved: 1024, optimizer: 0, other: 0 });
    expect(snap.largest.map((r) => [r.storage, r.category, r.owner])).toEqual([
      [1, 'parameter', 'saved by MulBackward0 (Net)'], // no AccumulateGrad names it here
      [2, 'saved', 'saved by ExpBackward0 (Net)'],
    ]);
    s.applyAll([
      { type: 'run-start', runId: 2, cell: '<cell 2>', executionCount: 2 },
      { type: 'node-saved-freed', node: 12, bytes: 5000 },
      { type: 'node-saved-freed', node: 11, bytes: 1000 },
      { type: 'node-saved-freed', node: 11, bytes: 1000 }, // twice: no effect
      { type: 'storage-category', storage: 2, category: 'gradient' },
      { type: 'node-destroyed', node: 12 },
      { type: 'node-destroyed', node: 11 },
      { type: 'node-destroyed', node: 10 },
      free(2, 1000),
      { type: 'run-end', runId: 2, status: 'ok' },
    ]);
    snap = s.snapshot();
    expect(snap.graph.nodes).toEqual([]);
    expect(snap.memory.now.exact).toEqual({ parameter: 4000, gradient: 0, saved: 0, optimizer: 0, other: 0 });
    expect(snap.runs.map((r) => [r.runId, r.nodesCreated, r.nodesDestroyed, r.nodesSavedFreed, r.bytesAllocated, r.bytesFreed, r.liveBytesBefore, r.liveBytesAfter])).toEqual([
      [1, 3, 0, 0, 5120, 0, 0, 5120],
      [2, 0, 3, 2, 0, 1024, 5120, 4096],
    ]);
    expect(snap.runs[0]!.createdNames).toEqual({ AccumulateGrad: 1, ExpBackward0: 1, MulBackward0: 1 });
    expect(snap.runs[1]!.destroyedNames).toEqual({ AccumulateGrad: 1, ExpBackward0: 1, MulBackward0: 1 });
    expect(snap.memory.runs.map((r) => [r.executionCount, r.status])).toEqual([[1, 'ok'], [2, 'ok']]);
  });

  it('a node destroyed without backward releases its saved slots', () => {
    const s = new TraceState();
    s.applyAll([alloc(1, 512), node(1, 'ExpBackward0', [], [{ storage: 1, bytes: 512 }])]);
    expect(s.snapshot().memory.now.exact.saved).toBe(512);
    s.apply({ type: 'node-destroyed', node: 1 });
    expect(s.snapshot().memory.now.exact).toMatchObject({ saved: 0, other: 512 });
  });

  it('keeps the timeline bounded and the peak exact; forward marks carry bytes and live nodes', () => {
    const s = new TraceState();
    s.apply(alloc(1, 100));
    s.apply({ type: 'forward', module: 'Net' });
    for (let i = 0; i < 3 * MAX_SAMPLES; i++) {
      s.apply(alloc(1000 + i, i === 5000 ? 10 * 1024 * 1024 : 512));
      s.apply(free(1000 + i, i === 5000 ? 10 * 1024 * 1024 : 512));
    }
    s.apply(node(1, 'ExpBackward0', []));
    s.apply({ type: 'forward', module: 'Net' });
    const m = s.snapshot().memory;
    expect(m.samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(m.samples.length).toBeGreaterThan(MAX_SAMPLES / 4);
    expect(m.peak.totalBlocks).toBe(512 + 10 * 1024 * 1024);
    expect(Math.max(...m.samples.map((p) => p.total))).toBe(512 + 10 * 1024 * 1024); // merging kept the spike
    expect(m.samples.every((p, i) => i === 0 || p.seq > m.samples[i - 1]!.seq)).toBe(true);
    expect(m.forwards.map((f) => [f.total, f.liveNodes])).toEqual([[512, 0], [512, 1]]);
    expect(m.now.totalBlocks).toBe(512);
  });
});
