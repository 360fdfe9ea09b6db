// What the canvas draws: the view graph's nodes and clusters with their laid
// out boxes, the edges between them, and the view state (pan/zoom, what is
// highlighted). Pure data and pure geometry; draw.ts paints it.
import type { Box, GraphLayout } from './elk_graph.ts';
import type { ViewCluster, ViewGraph, ViewNode } from './view_graph.ts';

export interface SceneNode extends ViewNode {
  box: Box;
}

export interface SceneCluster extends ViewCluster {
  box: Box;
}

export interface Scene {
  nodes: SceneNode[];
  clusters: SceneCluster[];
  /** Index pairs into `nodes`: [source, target]. */
  edges: [number, number][];
  width: number;
  height: number;
  /** The view node of the root tensor's grad_fn (drawn green, as torchviz does), if any. */
  rootId: string | null;
}

export interface Transform {
  x: number;
  y: number;
  scale: number;
}

export function buildScene(view: ViewGraph, layout: GraphLayout, rootId: string | null = null): Scene {
  const nodes: SceneNode[] = [];
  const index = new Map<string, number>();
  for (const n of view.nodes) {
    const box = layout.nodes.get(n.id);
    if (!box) continue; // laid out before this node existed: it shows with the next layout
    index.set(n.id, nodes.length);
    nodes.push({ ...n, box });
  }
  const clusters: SceneCluster[] = [];
  for (const c of view.clusters) {
    const box = layout.clusters.get(c.id);
    if (box) clusters.push({ ...c, box });
  }
  const edges: [number, number][] = [];
  for (const e of view.edges) {
    const s = index.get(e.source);
    const t = index.get(e.target);
    if (s !== undefined && t !== undefined) edges.push([s, t]);
  }
  return { nodes, clusters, edges, width: layout.width, height: layout.height, rootId };
}

/** Below this scale node text is not drawn (draw.ts), so fitting stops there unless the graph is large. */
export const READABLE_SCALE = 0.6;
/** Graphs with more boxes than this are fitted whole, however small. */
const FIT_WHOLE_PAST = 150;

/**
 * The transform that shows the scene in a viewport, never magnified past 1:
 * a small graph is shown whole if it can be at a readable scale, else at that
 * scale from its top left (pan to see the rest); a large one is fitted whole.
 */
export function fitTransform(scene: { width: number; height: number; nodes?: readonly unknown[] }, viewport: { width: number; height: number }, margin = 12): Transform {
  const w = Math.max(scene.width, 1);
  const h = Math.max(scene.height, 1);
  const whole = Math.min(1, (viewport.width - 2 * margin) / w, (viewport.height - 2 * margin) / h);
  const large = (scene.nodes?.length ?? 0) > FIT_WHOLE_PAST;
  const s = Math.max(large ? whole : Math.max(whole, READABLE_SCALE), 0.02);
  return { scale: s, x: Math.max(margin, (viewport.width - w * s) / 2), y: margin };
}

/** Zooms by `factor` around the screen point (px, py). */
export function zoomAt(t: Transform, factor: number, px: number, py: number): Transform {
  const scale = Math.min(4, Math.max(0.02, t.scale * factor));
  const k = scale / t.scale;
  return { scale, x: px - (px - t.x) * k, y: py - (py - t.y) * k };
}

/** The node under the screen point, or null. */
export function hitTest(scene: Scene, t: Transform, px: number, py: number): SceneNode | null {
  const x = (px - t.x) / t.scale;
  const y = (py - t.y) / t.scale;
  for (let i = scene.nodes.length - 1; i >= 0; i--) {
    const { box } = scene.nodes[i]!;
    if (x >= box.x && x <= box.x + box.width && y >= box.y && y <= box.y + box.height) return scene.nodes[i]!;
  }
  return null;
}
