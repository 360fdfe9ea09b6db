import { describe, expect, it } from 'vitest';
import type { ElkNode } from 'elkjs/lib/elk-api';
import { accumulatingLoop } from '../test_support/records.ts';
import { ElkBudget, Layouter, MAX_ELK_WAIT_MS } from './layouter.ts';
import { buildViewGraph } from './view_graph.ts';

/** An ELK stand-in that places every node in a column and reports `ms` per layout. */
function fakeEngine(ms: number) {
  const graphs: ElkNode[] = [];
  const engine = async (graph: ElkNode) => {
    graphs.push(graph);
    const children = (graph.children ?? []).map((c, i) => ({ ...c, x: 0, y: 50 * i }));
    return { graph: { ...graph, children, width: 100, height: 50 * children.length }, ms };
  };
  return { engine, graphs };
}

/** A clock and timers the test moves by hand. */
function fakeTime() {
  const timers: { at: number; run: () => void }[] = [];
  const clock = { now: 0 };
  return {
    now: () => clock.now,
    setTimer: (run: () => void, ms: number) => void timers.push({ at: clock.now + ms, run }),
    async advance(ms: number) {
      clock.now += ms;
      for (const t of timers.filter((t) => t.at <= clock.now)) {
        timers.splice(timers.indexOf(t), 1);
        t.run();
      }
      await new Promise((r) => setTimeout(r, 0));
    },
    pending: () => timers.length,
  };
}

// A loop of k iterations, uncollapsed: each k is a new shape.
const loop = (k: number) => () => buildViewGraph(accumulatingLoop(k), { collapseRepeats: false, groupByModule: false });

describe('ElkBudget', () => {
  it('lets ELK run again once its share of the time since the last layout is used up, never waiting past the cap', () => {
    const time = fakeTime();
    const budget = new ElkBudget(0.05, time.now);
    expect(budget.waitMs()).toBe(0);
    budget.spent(100); // 100 ms of ELK: 5% of 2,000 ms, so 1,900 ms more
    expect(budget.waitMs()).toBe(1900);
    budget.spent(1e6);
    expect(budget.waitMs()).toBe(MAX_ELK_WAIT_MS);
  });
});

describe('Layouter', () => {
  it('lays out a new shape at once the first time, then waits for ELK’s share, laying out only the latest request', async () => {
    const time = fakeTime();
    const { engine, graphs } = fakeEngine(100);
    const layouter = new Layouter({ engine, budget: new ElkBudget(0.05, time.now), setTimer: time.setTimer });
    const first = await layouter.layout(loop(1));
    expect(first?.ms).toBe(100);
    expect(graphs).toHaveLength(1);

    const replaced = layouter.layout(loop(2));
    const latest = layouter.layout(loop(3));
    expect(await replaced).toBeNull();
    await time.advance(1000);
    expect(graphs).toHaveLength(1); // still within ELK's 1,900 ms wait
    await time.advance(900);
    const laid = await latest;
    expect(graphs).toHaveLength(2);
    expect(laid?.view.nodes.filter((n) => n.kind === 'op')).toHaveLength(12); // three iterations: the latest request
    expect(time.pending()).toBe(0);
  });

  it('shows a shape laid out before at once, even while a new shape waits for ELK', async () => {
    const time = fakeTime();
    const { engine, graphs } = fakeEngine(100);
    const layouter = new Layouter({ engine, budget: new ElkBudget(0.05, time.now), setTimer: time.setTimer });
    await layouter.layout(loop(4));
    const waiting = layouter.layout(loop(5)); // new: waits
    const again = await layouter.layout(loop(4)); // replaces it, and is known
    expect(await waiting).toBeNull();
    expect(again?.reused).toBe(true);
    expect(graphs).toHaveLength(1);
  });

  it('drops a request still waiting for ELK when its view goes away', async () => {
    const time = fakeTime();
    const { engine, graphs } = fakeEngine(100);
    const layouter = new Layouter({ engine, budget: new ElkBudget(0.05, time.now), setTimer: time.setTimer });
    await layouter.layout(loop(6));
    const waiting = layouter.layout(loop(7));
    layouter.dispose();
    expect(await waiting).toBeNull();
    await time.advance(MAX_ELK_WAIT_MS);
    expect(graphs).toHaveLength(1);
  });
});
