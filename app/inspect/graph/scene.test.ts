import { describe, expect, it } from 'vitest';
import { accumulatingLoop } from '../test_support/records.ts';
import { buildScene, fitTransform, hitTest, zoomAt } from './scene.ts';
import { buildViewGraph } from './view_graph.ts';

describe('scene geometry', () => {
  const view = buildViewGraph(accumulatingLoop(2), { collapseRepeats: false, groupByModule: false });
  const layout = {
    nodes: new Map(view.nodes.map((n, i) => [n.id, { x: 10, y: 10 + 60 * i, width: n.width, height: n.height }])),
    clusters: new Map(),
    width: 400,
    height: 10 + 60 * view.nodes.length,
  };
  const scene = buildScene(view, layout, 'n13');

  it('indexes edges by box and keeps the root', () => {
    expect(scene.nodes).toHaveLength(9);
    expect(scene.edges).toContainEqual([0, 1]); // w -> the first MmBackward0
    expect(scene.rootId).toBe('n13');
  });

  it('fits a small graph at a readable scale from the top, a large one whole', () => {
    expect(fitTransform(scene, { width: 300, height: 200 })).toEqual({ scale: 0.6, x: 30, y: 12 }); // too tall to fit readably: readable scale, centred, from the top
    expect(fitTransform({ width: 400, height: 100 }, { width: 824, height: 400 })).toEqual({ scale: 1, x: 212, y: 12 });
    expect(fitTransform({ width: 1000, height: 10_000, nodes: new Array(5000) }, { width: 500, height: 500 }).scale).toBeCloseTo(476 / 10_000, 8);
    expect(fitTransform({ width: 1000, height: 1_000_000, nodes: new Array(5000) }, { width: 500, height: 500 }).scale).toBe(0.02); // no smaller: boxes would be dust
  });

  it('hits the box under the pointer through pan and zoom, and zooms about the pointer', () => {
    const t = zoomAt({ x: 0, y: 0, scale: 1 }, 2, 100, 100);
    expect(t).toEqual({ scale: 2, x: -100, y: -100 });
    // the second box (world y 70..) at screen y = 2 * 80 - 100 = 60
    expect(hitTest(scene, t, 2 * 20 - 100, 2 * 80 - 100)?.title).toBe('MmBackward0');
    expect(hitTest(scene, t, 2 * 20 - 100, 2 * 5 - 100)).toBeNull();
  });
});
