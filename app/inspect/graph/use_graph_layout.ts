// Snapshot nodes -> a laid out scene, for a React view. Layout runs in the
// Worker; while it runs, newer snapshots replace each other (Layouter), and a
// graph that keeps changing asks for a layout at most every LIVE_INTERVAL_MS
// (or 20 times as long as building its view graph took, a 5% share of this
// thread); ELK itself keeps to its own share (Note [ELK's time share]). A loop
// that runs while the panel is open shares the machine with it, and must not
// slow down by more than a few percent. The node count follows every publish.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import { Layouter, type LayoutResult } from './layouter.ts';
import { buildScene, type Scene } from './scene.ts';
import { buildViewGraph, viewId, type ViewOptions } from './view_graph.ts';

export const LIVE_INTERVAL_MS = 750;
const BUILD_COST_FACTOR = 20;

export interface GraphLayoutState {
  scene: Scene | null;
  result: LayoutResult | null;
  /** A layout for newer nodes is due or under way. */
  pending: boolean;
}

export function useGraphLayout(nodes: readonly GraphNodeRecord[], options: ViewOptions, rootGradFn: number | null = null): GraphLayoutState {
  const layouter = useRef<Layouter | null>(null);
  layouter.current ??= new Layouter();
  const [result, setResult] = useState<LayoutResult | null>(null);
  const [pending, setPending] = useState(false);
  const live = useRef({ mounted: true, latest: 0, laidOut: 0, startedAt: -Infinity, buildMs: 0, timer: null as ReturnType<typeof setTimeout> | null, nodes, options });
  live.current.nodes = nodes;
  live.current.options = options;

  useEffect(() => {
    const r = live.current;
    r.mounted = true;
    layouter.current ??= new Layouter(); // mounted again (React's StrictMode) after the cleanup below
    return () => {
      r.mounted = false;
      if (r.timer) clearTimeout(r.timer);
      r.timer = null;
      layouter.current?.dispose();
      layouter.current = null;
    };
  }, []);

  useEffect(() => {
    const r = live.current;
    const id = ++r.latest;
    setPending(true);
    const start = () => {
      r.timer = null;
      r.startedAt = performance.now();
      const requested = r.latest;
      // Every finished layout shows, even if newer nodes arrived meanwhile: a growing graph keeps moving.
      const current = layouter.current;
      if (!current) return;
      void current.layout(() => buildViewGraph(r.nodes, r.options)).then((laid) => {
        if (!r.mounted || !laid) return;
        r.buildMs = laid.buildMs ?? 0;
        r.laidOut = requested;
        setResult(laid);
        if (r.laidOut === r.latest) setPending(false);
      });
    };
    if (r.timer) return; // a layout is due: it takes the newest nodes
    const wait = r.laidOut === 0 && id === 1 ? 0 : Math.max(LIVE_INTERVAL_MS, BUILD_COST_FACTOR * r.buildMs) - (performance.now() - r.startedAt);
    if (wait <= 0) start();
    else r.timer = setTimeout(start, wait);
  }, [nodes, options]);

  const scene = useMemo(() => {
    if (!result) return null;
    const root = rootGradFn === null ? null : (result.view.shownAs.get(rootGradFn) ?? viewId(rootGradFn));
    return buildScene(result.view, result.layout, root);
  }, [result, rootGradFn]);
  return { scene, result, pending };
}
