import { describe, expect, it } from 'vitest';
import { accumulatingLoop } from '../test_support/records.ts';
import { buildViewGraph } from './view_graph.ts';
import { fromElk, toElk } from './elk_graph.ts';
import { Layouter } from './layouter.ts';

describe('buildViewGraph', () => {
  it('draws a collapsed loop once: its nodes, the shared leaf, edges from inputs to users, and a ×N cluster', () => {
    const view = buildViewGraph(accumulatingLoop(5), { collapseRepeats: true, groupByModule: false });
    expect(view.nodes.map((n) => [n.title, n.cluster])).toEqual([
      ['w', null],
      ['MmBackward0', 'repeat-26'],
      ['ReluBackward0', 'repeat-26'],
      ['SumBackward0', 'repeat-26'],
      ['AddBackward0', 'repeat-26'],
    ]);
    expect(view.clusters).toEqual([{ id: 'repeat-26', kind: 'repeat', label: '×5 iterations · 4 nodes each', parent: null }]);
    // the edge from one iteration's AddBackward0 to the next folds into the group (no self-loop)
    expect(view.edges.map((e) => e.id)).toEqual(['n1>n26', 'n26>n27', 'n27>n28', 'n28>n29']);
    expect(view.nodes[1]!.lines).toEqual(['saved [32, 32] float32 4.10 kB']);
    expect(view.nodes[2]!.lines).toEqual(['result [32, 8] float32 1.02 kB']);
    expect(view.shownAs.get(10)).toBe('n26');
  });

  it('nests nodes in their Modules inside the group, and shows freed nodes as freed', () => {
    const nodes = accumulatingLoop(2).map((n) => (n.saved.length ? { ...n, savedFreed: true } : n));
    const view = buildViewGraph(nodes, { collapseRepeats: false, groupByModule: true });
    expect(view.clusters.map((c) => [c.id, c.label, c.parent])).toEqual([
      ['/Net', 'Net', null],
      ['/Net/Net.fc', 'fc', '/Net'],
    ]);
    const mm = view.nodes.find((n) => n.title === 'MmBackward0')!;
    expect([mm.cluster, mm.freed, mm.lines]).toEqual(['/Net/Net.fc', true, ['saved tensors freed (1)']]);
    expect(view.nodes.filter((n) => n.kind === 'op')).toHaveLength(8);
  });

  it('draws a parameter beside each user in a large graph, so no edge spans the whole layout', () => {
    const nodes = accumulatingLoop(150); // 600 op nodes, nothing collapsed
    const view = buildViewGraph(nodes, { collapseRepeats: false, groupByModule: false });
    const copies = view.nodes.filter((n) => n.kind === 'leaf');
    expect(copies).toHaveLength(150);
    expect(new Set(copies.map((c) => c.id)).size).toBe(150);
    expect(copies.every((c) => c.node === 1 && c.title === 'w')).toBe(true);
    expect(view.edges.filter((e) => e.source.startsWith('n1@'))).toHaveLength(150);
    expect(view.shownAs.get(1)).toBe(copies[0]!.id);
  });

  it('lays out a long graph (thousands of nodes in a chain) without overflowing the stack, inputs above users', async () => {
    const view = buildViewGraph(accumulatingLoop(1000), { collapseRepeats: false, groupByModule: false });
    expect(view.nodes.length).toBeGreaterThan(4000);
    const result = (await new Layouter().layout(() => view))!;
    expect(result.error).toBeUndefined();
    const { nodes } = result.layout;
    for (const e of view.edges) expect(nodes.get(e.source)!.y).toBeLessThan(nodes.get(e.target)!.y);
  }, 120_000);

  it('lays out through ELK in compound nodes: every box inside its cluster, inputs above their users', async () => {
    const view = buildViewGraph(accumulatingLoop(3), { collapseRepeats: true, groupByModule: true });
    const elk = toElk(view);
    expect(elk.layoutOptions!['elk.hierarchyHandling']).toBe('INCLUDE_CHILDREN');
    const result = (await new Layouter().layout(() => view))!;
    const { nodes, clusters } = result.layout;
    for (const n of view.nodes) {
      const box = nodes.get(n.id)!;
      expect(box.width).toBe(n.width);
      if (!n.cluster) continue;
      const c = clusters.get(n.cluster)!;
      expect(box.x).toBeGreaterThanOrEqual(c.x);
      expect(box.y + box.height).toBeLessThanOrEqual(c.y + c.height);
    }
    for (const e of view.edges) expect(nodes.get(e.source)!.y).toBeLessThan(nodes.get(e.target)!.y);
    expect(fromElk({ id: 'root', children: [] }, view).nodes).toEqual([]);
  }, 60_000);
});
