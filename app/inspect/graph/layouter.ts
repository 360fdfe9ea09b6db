// Lays out view graphs, one at a time, latest first: while a layout runs, newer
// requests replace each other, so a graph growing every frame is laid out as
// fast as ELK goes and never queues stale work. In the browser ELK runs in a
// Worker (layout.worker.ts); where there is no Worker (Node tests) it runs in
// this thread.
import type { ElkNode } from 'elkjs/lib/elk-api';
import { fromElk, toElk, toLayout, type Box, type GraphLayout } from './elk_graph.ts';
import type { ViewGraph } from './view_graph.ts';
import type { LayoutReply, LayoutRequest } from './layout.worker.ts';

export interface LayoutResult {
  view: ViewGraph;
  layout: GraphLayout;
  /** Time ELK took (0 for a reused layout). */
  ms: number;
  /** Time building the view graph took, in the caller's thread. */
  buildMs?: number;
  /** Why ELK failed (the layout is then empty). */
  error?: string;
  /** The layout of an earlier graph of the same shape (shapeKey), moved onto this one's nodes. */
  reused?: boolean;
}

type Engine = (graph: ElkNode) => Promise<{ graph: ElkNode; ms: number }>;

let shared: Engine | null = null;

/** One layout Worker for every graph view of the page (it answers requests by id). */
export function sharedEngine(): Engine {
  shared ??= typeof Worker === 'function' ? workerEngine() : inThreadEngine();
  return shared;
}

function workerEngine(): Engine {
  const worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module' });
  const waiting = new Map<number, { resolve(r: { graph: ElkNode; ms: number }): void; reject(e: Error): void }>();
  let next = 1;
  worker.onmessage = (e: MessageEvent<LayoutReply>) => {
    const w = waiting.get(e.data.id);
    if (!w) return;
    waiting.delete(e.data.id);
    if ('error' in e.data) w.reject(new Error(e.data.error));
    else w.resolve({ graph: e.data.graph, ms: e.data.ms });
  };
  return (graph) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, graph } satisfies LayoutRequest);
    });
}

function inThreadEngine(): Engine {
  let elk: Promise<{ layout(g: ElkNode): Promise<ElkNode> }> | null = null;
  return async (graph) => {
    elk ??= import('elkjs/lib/elk.bundled.js').then((m) => {
      const ELK = (m as unknown as { default: new () => { layout(g: ElkNode): Promise<ElkNode> } }).default;
      return new ELK();
    });
    const t0 = performance.now();
    const laid = await (await elk).layout(graph);
    return { graph: laid, ms: performance.now() - t0 };
  };
}

/**
 * The shape of a view graph without its node ids: boxes (size, cluster) in
 * order and edges as index pairs. A loop that keeps running shows the same few
 * shapes again and again (the collapsed group, plus 0..period-1 nodes of the
 * iteration under way), each with new node ids: laid out once, reused by
 * position.
 */
export function shapeKey(view: ViewGraph): string {
  const index = new Map(view.nodes.map((n, i) => [n.id, i]));
  const clusters = new Map(view.clusters.map((c, i) => [c.id, i]));
  const nodes = view.nodes.map((n) => `${n.width}x${n.height}@${n.cluster === null ? '' : clusters.get(n.cluster)}`).join(',');
  const parents = view.clusters.map((c) => (c.parent === null ? '' : clusters.get(c.parent))).join(',');
  const edges = view.edges.map((e) => `${index.get(e.source)}>${index.get(e.target)}`).join(',');
  return `${nodes}|${parents}|${edges}`;
}

/** A layout of one view graph moved onto another of the same shape (same order of nodes and clusters). */
function relabel(layout: GraphLayout, from: ViewGraph, to: ViewGraph): GraphLayout {
  const nodes = new Map<string, Box>();
  from.nodes.forEach((n, i) => nodes.set(to.nodes[i]!.id, layout.nodes.get(n.id)!));
  const clusters = new Map<string, Box>();
  from.clusters.forEach((c, i) => {
    const box = layout.clusters.get(c.id);
    if (box) clusters.set(to.clusters[i]!.id, box);
  });
  return { nodes, clusters, width: layout.width, height: layout.height };
}

const CACHED_SHAPES = 64;
/** Shared by every view of the page: a panel closed and opened again finds its shapes laid out. */
const shapes = new Map<string, { view: ViewGraph; layout: GraphLayout }>();

/**
 * Note [ELK's time share]: a graph that changes while a loop runs (a training
 * step builds and frees its graph, so the panel sees a new partial graph
 * every frame) would keep ELK busy all the time, and on a machine with two
 * cores ELK's Worker takes its time from the kernel's. So ELK gets a share of
 * the wall clock: after a layout that took t ms the next one waits until
 * t / share ms have passed since that one started (20 t for 5%). Layouts of a
 * shape laid out before cost nothing and never wait; a wait never exceeds
 * MAX_ELK_WAIT_MS, so a big graph still follows, slowly.
 */
export const ELK_TIME_SHARE = 0.05;
export const MAX_ELK_WAIT_MS = 10_000;

/** When the next ELK layout may start, given what the last ones took. */
export class ElkBudget {
  private readyAt = -Infinity;

  constructor(
    readonly share: number = ELK_TIME_SHARE,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Milliseconds to wait before ELK may run again (0: now). */
  waitMs(): number {
    return Math.max(0, this.readyAt - this.now());
  }

  /** A layout that ran `ms` ended now. */
  spent(ms: number): void {
    this.readyAt = this.now() + Math.min(MAX_ELK_WAIT_MS, ms * (1 / this.share - 1));
  }
}

/** The budget of the page's shared ELK Worker; where there is none (Node) ELK runs in the caller's thread and never waits. */
let sharedBudget: ElkBudget | null = null;
function defaultBudget(): ElkBudget {
  sharedBudget ??= typeof Worker === 'function' ? new ElkBudget() : new ElkBudget(1);
  return sharedBudget;
}

export interface LayouterOptions {
  engine?: Engine;
  budget?: ElkBudget;
  /** Schedules the deferred layout (tests pass a fake clock's). */
  setTimer?: (run: () => void, ms: number) => void;
}

export class Layouter {
  private readonly engine: Engine;
  private readonly budget: ElkBudget;
  private readonly setTimer: (run: () => void, ms: number) => void;
  private readonly cache = shapes;
  private busy = false;
  private waiting = false;
  private disposed = false;
  private pending: { make: () => ViewGraph; done(r: LayoutResult | null): void } | null = null;

  constructor(options: LayouterOptions = {}) {
    this.engine = options.engine ?? sharedEngine();
    this.budget = options.budget ?? (options.engine ? new ElkBudget(1) : defaultBudget());
    this.setTimer = options.setTimer ?? ((run, ms) => void setTimeout(run, ms));
  }

  /**
   * Lays out the view graph `make` builds — called when ELK is free, so a graph
   * that changes every frame is only built as often as it can be laid out.
   * A shape laid out before comes back at once; a new one waits for ELK's
   * time share (Note [ELK's time share]), and meanwhile newer requests
   * replace it. Resolves null when a newer request replaced this one.
   */
  layout(make: () => ViewGraph): Promise<LayoutResult | null> {
    return new Promise((done) => {
      this.pending?.done(null);
      this.pending = { make, done };
      void this.pump();
    });
  }

  /** The view is gone: a request still waiting for ELK is dropped (resolves null), and later ones are too. */
  dispose(): void {
    this.disposed = true;
    this.pending?.done(null);
    this.pending = null;
  }

  private async pump(): Promise<void> {
    if (this.disposed) this.dispose();
    if (this.busy || !this.pending) return;
    const request = this.pending;
    const t0 = performance.now();
    const view = request.make();
    const buildMs = performance.now() - t0;
    const key = shapeKey(view);
    const hit = this.cache.get(key);
    if (hit) {
      this.pending = null;
      request.done({ view, layout: relabel(hit.layout, hit.view, view), ms: 0, buildMs, reused: true });
      return;
    }
    // A new shape stays pending until ELK's turn: a newer request replaces it, and the timer lays out whichever is latest.
    if (this.waiting) return;
    const wait = this.budget.waitMs();
    if (wait > 0) {
      this.waiting = true;
      this.setTimer(() => {
        this.waiting = false;
        void this.pump();
      }, wait);
      return;
    }
    this.pending = null;
    this.busy = true;
    try {
      const { graph, ms } = await this.engine(toElk(view));
      this.budget.spent(ms);
      const layout = toLayout(fromElk(graph, view));
      this.cache.set(key, { view, layout });
      if (this.cache.size > CACHED_SHAPES) this.cache.delete(this.cache.keys().next().value!);
      request.done({ view, layout, ms, buildMs });
    } catch (e) {
      request.done({ view, layout: { nodes: new Map(), clusters: new Map(), width: 0, height: 0 }, ms: 0, error: e instanceof Error ? e.message : String(e) });
    } finally {
      this.busy = false;
      void this.pump();
    }
  }
}
