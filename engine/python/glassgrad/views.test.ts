// glassgrad's inline views from Python (engine/python/glassgrad/_views.py):
// outside the notebook they print text; their MIME bundles carry the data the
// app draws. The notebook side is tested in app/inspect/inspect_kernel.test.ts.
import { describe, expect, it } from 'vitest';
import { usePython } from '../../../test/support/python.ts';

const py = usePython();
const run = (source: string) => py.stdoutOf(source);

describe('glassgrad views', () => {
  it('every docstring example runs as written (doctest)', () => {
    const r = py.run('import doctest, json, glassgrad._views as v\nprint(json.dumps(list(doctest.testmod(v))))');
    const [failed, attempted] = JSON.parse(r.stdout.trimEnd().split('\n').at(-1)!) as [number, number];
    expect(failed, r.stdout).toBe(0);
    expect(attempted).toBeGreaterThan(5);
  });

  it('show_graph prints the graph behind a tensor with Modules, parameter names and saved tensors; freed after backward', () => {
    const text = run(
      [
        'import torch, glassgrad',
        'import torch.nn as nn',
        'class Net(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '        self.fc = nn.Linear(3, 2)',
        '    def forward(self, x):',
        '        return self.fc(x).relu()',
        'net = Net()',
        'loss = net(torch.ones(4, 3)).sum()',
        'glassgrad.show_graph(loss)',
        'loss.backward()',
        'glassgrad.show_graph(loss)',
      ].join('\n'),
    );
    const [before, after] = text.split(/(?=^graph of loss)/m);
    expect(before).toBe(
      [
        'graph of loss: 6 nodes, 80 B saved for backward',
        '  AccumulateGrad ×2, TBackward0, AddmmBackward0, ReluBackward0, SumBackward0',
        '  SumBackward0 ← ReluBackward0',
        '  ReluBackward0 [Net] ← AddmmBackward0; saves [4, 2] float32 32 B',
        '  AddmmBackward0 [Net.fc] ← AccumulateGrad(fc.bias [2]), TBackward0; saves [4, 3] float32 48 B',
        '  AccumulateGrad(fc.bias [2]) [Net.fc]',
        '  TBackward0 [Net.fc] ← AccumulateGrad(fc.weight [2, 3])',
        '  AccumulateGrad(fc.weight [2, 3]) [Net.fc]',
        '',
      ].join('\n'),
    );
    expect(after).toMatch(/^graph of loss: 6 nodes, 0 B saved for backward\n.*\n  2 nodes freed their saved tensors \(backward ran\)\n/);
    expect(after).toContain('  ReluBackward0 [Net] ← AddmmBackward0; saved tensors freed (32 B)\n');
    expect(after).toContain('  SumBackward0 ← ReluBackward0\n');
  });

  it('MIME bundles: the graph as node records, memory with the ledger and largest storages, layout of views and copies', () => {
    const r = JSON.parse(
      run(
        [
          'import json, torch, glassgrad',
          'w = torch.ones(5, requires_grad=True)',
          'y = (w * 3).exp()',
          'g = glassgrad.GraphView(y, name="y")._repr_mimebundle_()',
          'm = glassgrad.MemoryView(top=3)._repr_mimebundle_()',
          'x = torch.arange(6).view(2, 3)',
          'l = glassgrad.LayoutView([("x", x), ("x.t()", x.t()), ("c", x.t().contiguous())])._repr_mimebundle_()',
          'print(json.dumps([g, m, l]))',
        ].join('\n'),
      ),
    ) as Record<string, unknown>[];
    const graph = r[0]!['application/vnd.glassgrad.graph+json'] as { root: { name: string; shape: number[] }; nodes: { name: string; leaf?: { shape: number[] } }[] };
    expect(graph.nodes.map((n) => n.name)).toEqual(['AccumulateGrad', 'MulBackward0', 'ExpBackward0']);
    expect(graph.root).toMatchObject({ name: 'y', shape: [5] });
    const memory = r[1]!['application/vnd.glassgrad.memory+json'] as { stats: { allocated: number }; storages: unknown[]; timeline: unknown };
    expect(memory.storages).toHaveLength(3);
    expect(memory.timeline).toBeNull(); // the timeline is recorded by the notebook kernel only
    const layout = r[2]!['application/vnd.glassgrad.layout+json'] as { tensors: { storage: number; strides: number[]; contiguous: boolean }[]; storages: { values: number[] }[] };
    expect(layout.tensors.map((t) => [t.strides, t.contiguous])).toEqual([[[3, 1], true], [[1, 3], false], [[2, 1], true]]);
    expect(layout.tensors[0]!.storage).toBe(layout.tensors[1]!.storage);
    expect(layout.storages.map((s) => s.values)).toEqual([[0, 1, 2, 3, 4, 5], [0, 3, 1, 4, 2, 5]]);
    expect(String(r[2]!['text/plain'])).toContain('x.t(): shape (3, 2), strides (1, 3), offset 0, not contiguous');
  });
});
