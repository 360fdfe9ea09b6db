import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { tidy } from '../core/scope.ts';
import { runBackward } from '../autograd/backward.ts';
import { add, mul } from '../ops/pointwise_binary.ts';
import { exp } from '../ops/pointwise_unary.ts';
import { sum } from '../ops/reduce.ts';
import { subscribe, type TraceEvent } from './events.ts';
import { enterModule, exitModule } from './module_scope.ts';
import { graphBehind } from './graph_snapshot.ts';

function record(f: () => void): TraceEvent[] {
  const events: TraceEvent[] = [];
  const off = subscribe((e) => events.push(e));
  try {
    f();
  } finally {
    off();
  }
  return events;
}

function parameter(label: string, n: number): Tensor {
  const p = Tensor.empty([n]);
  p.leafRequiresGrad = true;
  p.storage.setRole('parameter');
  p.label = label;
  return p;
}

describe('node events', () => {
  it('announce each AccumulateGrad (with its parameter) before the first node that points at it, with the Module running', () => {
    const w = parameter('fc.weight', 4);
    let y!: Tensor;
    const events = record(() => {
      enterModule('Net');
      enterModule('Net.fc');
      const e = tidy(() => exp(mul(w, 2)));
      exitModule();
      y = tidy(() => sum(add(e, e)));
      e.release();
      exitModule();
    });
    const created = events.filter((e): e is Extract<TraceEvent, { type: 'node-created' }> => e.type === 'node-created');
    expect(created.map((e) => [e.name, e.module])).toEqual([
      ['AccumulateGrad', 'Net.fc'],
      ['MulBackward0', 'Net.fc'],
      ['ExpBackward0', 'Net.fc'],
      ['AddBackward0', 'Net'],
      ['SumBackward0', 'Net'],
    ]);
    expect(events[0]).toEqual({ type: 'forward', module: 'Net' });
    const [acc, mulNode, expNode] = created;
    expect(acc!.leaf).toEqual({ tensor: w.id, storage: w.storage.id, bytes: 16, shape: [4], dtype: 'float32', label: 'fc.weight' });
    expect(mulNode!.next).toEqual([acc!.node]);
    expect(mulNode!.saved).toEqual([]); // w * 2 saves the host scalar 2 only, outside the ledger
    expect(expNode!.saved).toEqual([{ storage: expect.any(Number), bytes: 16, shape: [4], dtype: 'float32', slot: 'result' }]);
    // the snapshot of the graph behind y carries the same records, in creation order
    const data = graphBehind(y);
    expect(data.nodes.map((n) => n.name)).toEqual(['AccumulateGrad', 'MulBackward0', 'ExpBackward0', 'AddBackward0', 'SumBackward0']);
    expect(data.nodes.map((n) => n.module)).toEqual(['Net.fc', 'Net.fc', 'Net.fc', 'Net', 'Net']);
    expect(data.root).toMatchObject({ gradFn: created[4]!.node, shape: [] });

    const ones = Tensor.empty([]);
    ones.storage.data.fill(1);
    const after = record(() => runBackward([y], [ones]));
    const freed = after.filter((e) => e.type === 'node-saved-freed').map((e) => (e as { node: number }).node);
    expect(freed).toContain(expNode!.node);
    expect(graphBehind(y).nodes.every((n) => n.savedFreed || n.name === 'AccumulateGrad')).toBe(true);
    const released = record(() => y.release());
    // y was the graph's only owner: every node goes, AccumulateGrad with its last user
    expect(released.filter((e) => e.type === 'node-destroyed').map((e) => (e as { node: number }).node).sort()).toEqual(created.map((e) => e.node).sort());
    for (const t of [ones, w]) t.release();
  });
});
