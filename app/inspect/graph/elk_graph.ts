// ViewGraph -> ELK's JSON graph, and ELK's answer -> absolute boxes.
//
// ELK's layered algorithm (the Sugiyama family dagre also implements) ranks
// nodes top to bottom. Its defaults (network-simplex layering, thorough
// crossing minimisation, compaction) take minutes past a few thousand nodes,
// and its depth-first passes (longest-path layering, depth-first cycle
// breaking, connected components) overflow a browser's stack on a long chain
// of nodes. So a large graph comes with its layers (Note [Laid out from the
// root]), and ELK orders and places the nodes without crossing minimisation
// sweeps, with simple node placement and no compaction: 10,000 nodes in
// seconds. Clusters (repeat groups, Modules) become ELK's compound nodes,
// laid out in one pass with their contents (hierarchyHandling
// INCLUDE_CHILDREN). Edges are drawn by the renderer between box centres, so
// ELK's edge routes are not needed.
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import type { ViewGraph } from './view_graph.ts';

/** Past this many drawn nodes, the fast options. */
export const LARGE_GRAPH = 400;
/** Past this many drawn nodes, clusters are dropped (compound layout costs too much). */
export const NO_CLUSTERS_PAST = 3000;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface GraphLayout {
  nodes: Map<string, Box>;
  clusters: Map<string, Box>;
  width: number;
  height: number;
}

/** The plain-data form that crosses to the layout Worker and back. */
export interface LayoutAnswer {
  nodes: [string, Box][];
  clusters: [string, Box][];
  width: number;
  height: number;
}

const CLUSTER_PAD = '[top=26,left=10,bottom=10,right=10]';

function options(nodeCount: number, hierarchical: boolean): Record<string, string> {
  const base: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'DOWN',
    'elk.spacing.nodeNode': '14',
    'elk.layered.spacing.nodeNodeBetweenLayers': '26',
    'elk.edgeRouting': 'POLYLINE',
  };
  if (hierarchical) base['elk.hierarchyHandling'] = 'INCLUDE_CHILDREN';
  if (nodeCount > LARGE_GRAPH) {
    Object.assign(base, {
      'elk.layered.layering.strategy': 'INTERACTIVE',
      'elk.layered.cycleBreaking.strategy': 'GREEDY', // the interactive one recurses too
      'elk.layered.crossingMinimization.strategy': 'NONE',
      'elk.layered.greedySwitch.type': 'OFF',
      'elk.layered.nodePlacement.strategy': 'SIMPLE',
      'elk.layered.thoroughness': '1',
      'elk.layered.compaction.postCompaction.strategy': 'NONE',
      'elk.layered.compaction.connectedComponents': 'false',
      'elk.separateConnectedComponents': 'false',
    });
  }
  return base;
}

/** The ELK graph for `view`: nodes nested in their clusters, edges at the root. */
export function toElk(view: ViewGraph): ElkNode {
  const hierarchical = view.clusters.length > 0 && view.nodes.length <= NO_CLUSTERS_PAST;
  const root: ElkNode = { id: 'root', layoutOptions: options(view.nodes.length, hierarchical), children: [], edges: [] };
  const containers = new Map<string | null, ElkNode>([[null, root]]);
  if (hierarchical) {
    // Parents come before children in view.clusters (they are made outermost first).
    for (const c of view.clusters) {
      const node: ElkNode = { id: c.id, children: [], layoutOptions: { 'elk.padding': CLUSTER_PAD } };
      (containers.get(c.parent) ?? root).children!.push(node);
      containers.set(c.id, node);
    }
  }
  const large = view.nodes.length > LARGE_GRAPH;
  const rank = large ? ranksFromRoot(view) : null;
  for (const n of view.nodes) {
    const parent = hierarchical ? (containers.get(n.cluster) ?? root) : root;
    parent.children!.push({ id: n.id, width: n.width, height: n.height, ...(rank ? { x: 0, y: rank.get(n.id)! * 100 } : {}) });
  }
  root.edges = view.edges.map((e): ElkExtendedEdge => ({ id: e.id, sources: [e.source], targets: [e.target] }));
  return root;
}

/**
 * Note [Laid out from the root]: for a large graph the layers are given to
 * ELK (interactive layering reads them from the nodes' y): each node sits one
 * layer above its highest user, counting from the graph's roots (the loss) as
 * backward walks it. A loop's accumulator chain then keeps each iteration's
 * nodes just above the AddBackward0 that uses them; ELK's own layerers that
 * are fast enough for thousands of nodes rank from the leaves instead, and
 * every iteration's edge to the chain spans all the iterations after it.
 * Computed without recursion (a browser's stack would not hold a long chain).
 */
export function ranksFromRoot(view: Pick<ViewGraph, 'nodes' | 'edges'>): Map<string, number> {
  const users = new Map<string, number>();
  const inputs = new Map<string, string[]>();
  for (const n of view.nodes) {
    users.set(n.id, 0);
    inputs.set(n.id, []);
  }
  for (const e of view.edges) {
    users.set(e.source, users.get(e.source)! + 1);
    inputs.get(e.target)!.push(e.source);
  }
  const depth = new Map<string, number>();
  const ready = view.nodes.filter((n) => users.get(n.id) === 0).map((n) => n.id);
  for (const id of ready) depth.set(id, 0);
  while (ready.length > 0) {
    const id = ready.pop()!;
    const d = depth.get(id)! + 1;
    for (const input of inputs.get(id)!) {
      if (d > (depth.get(input) ?? -1)) depth.set(input, d);
      const left = users.get(input)! - 1;
      users.set(input, left);
      if (left === 0) ready.push(input);
    }
  }
  const deepest = Math.max(0, ...depth.values());
  const rank = new Map<string, number>();
  for (const n of view.nodes) rank.set(n.id, deepest - (depth.get(n.id) ?? 0));
  return rank;
}

/** Absolute boxes from ELK's answer (children are placed relative to their parent). */
export function fromElk(laid: ElkNode, view: ViewGraph): LayoutAnswer {
  const clusterIds = new Set(view.clusters.map((c) => c.id));
  const nodes: [string, Box][] = [];
  const clusters: [string, Box][] = [];
  const walk = (n: ElkNode, dx: number, dy: number) => {
    for (const c of n.children ?? []) {
      const box = { x: (c.x ?? 0) + dx, y: (c.y ?? 0) + dy, width: c.width ?? 0, height: c.height ?? 0 };
      if (clusterIds.has(c.id)) {
        clusters.push([c.id, box]);
        walk(c, box.x, box.y);
      } else {
        nodes.push([c.id, box]);
      }
    }
  };
  walk(laid, 0, 0);
  return { nodes, clusters, width: laid.width ?? 0, height: laid.height ?? 0 };
}

export function toLayout(answer: LayoutAnswer): GraphLayout {
  return { nodes: new Map(answer.nodes), clusters: new Map(answer.clusters), width: answer.width, height: answer.height };
}
