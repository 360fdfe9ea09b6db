// Snapshot -> the graph to draw: which nodes are shown (repeats collapsed),
// their text and box sizes, the clusters they sit in (a repeat group, the
// Modules that made them) and the edges. Pure; the layout Worker takes it as is.
//
// Edges run as torchviz draws them: from a node's next_functions (its inputs,
// towards the leaves) to the node, so parameters sit at the top and the loss
// at the bottom.
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import { formatBytes, formatShape } from '../format.ts';
import { collapseRepeats, type RepeatGroup } from './collapse.ts';
import { LARGE_GRAPH } from './elk_graph.ts';

export interface ViewNode {
  id: string;
  node: number;
  kind: 'op' | 'leaf';
  title: string;
  lines: string[];
  width: number;
  height: number;
  /** The innermost cluster, or null at the top level. */
  cluster: string | null;
  /** backward() freed what this node saved. */
  freed: boolean;
}

export interface ViewCluster {
  id: string;
  kind: 'repeat' | 'module';
  label: string;
  parent: string | null;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
}

export interface ViewOptions {
  collapseRepeats: boolean;
  groupByModule: boolean;
}

export interface ViewGraph {
  nodes: ViewNode[];
  clusters: ViewCluster[];
  edges: ViewEdge[];
  groups: RepeatGroup[];
  /** Every live node id -> the view node that stands for it (itself, or its group's drawn counterpart). */
  shownAs: Map<number, string>;
}

export const CHAR_WIDTH = 6.6;
export const LINE_HEIGHT = 14;
const PAD_X = 10;
const PAD_Y = 7;
const MAX_SAVED_LINES = 3;

export function viewId(node: number): string {
  return `n${node}`;
}

function savedLines(n: GraphNodeRecord): string[] {
  if (n.savedFreed) return n.saved.length > 0 ? [`saved tensors freed (${n.saved.length})`] : [];
  const lines = n.saved.slice(0, MAX_SAVED_LINES).map((s) => `${s.slot ?? 'saved'} ${formatShape(s.shape)} ${s.dtype} ${formatBytes(s.bytes)}`);
  if (n.saved.length > MAX_SAVED_LINES) lines.push(`… ${n.saved.length - MAX_SAVED_LINES} more saved`);
  return lines;
}

function boxOf(title: string, lines: string[]): { width: number; height: number } {
  const chars = Math.max(title.length, ...lines.map((l) => l.length));
  return { width: Math.ceil(chars * CHAR_WIDTH + 2 * PAD_X), height: (1 + lines.length) * LINE_HEIGHT + 2 * PAD_Y };
}

function textOf(n: GraphNodeRecord): { kind: ViewNode['kind']; title: string; lines: string[] } {
  if (n.leaf) return { kind: 'leaf', title: n.leaf.label ?? 'tensor (leaf)', lines: [`${formatShape(n.leaf.shape)} ${n.leaf.dtype}`] };
  return { kind: 'op', title: n.name, lines: savedLines(n) };
}

/** The short name of a Module path's last part ("Net.conv1" -> "conv1"; the outermost keeps its class name). */
export function moduleLabel(path: string): string {
  const i = path.lastIndexOf('.');
  return i < 0 ? path : path.slice(i + 1);
}

export function buildViewGraph(nodes: readonly GraphNodeRecord[], options: ViewOptions): ViewGraph {
  const collapse = options.collapseRepeats ? collapseRepeats(nodes) : { groups: [], representative: new Map<number, number>(), groupOf: new Map<number, RepeatGroup>() };
  const clusters = new Map<string, ViewCluster>();
  for (const g of collapse.groups) {
    clusters.set(g.id, { id: g.id, kind: 'repeat', label: `×${g.count} iterations · ${g.period} nodes each`, parent: null });
  }
  const clusterFor = (n: GraphNodeRecord): string | null => {
    const group = collapse.groupOf.get(n.node);
    let parent: string | null = group ? group.id : null;
    if (!options.groupByModule || !n.module) return parent;
    const parts = n.module.split('.');
    for (let k = 1; k <= parts.length; k++) {
      const path = parts.slice(0, k).join('.');
      const id = `${parent ?? ''}/${path}`;
      if (!clusters.has(id)) clusters.set(id, { id, kind: 'module', label: moduleLabel(path), parent });
      parent = id;
    }
    return parent;
  };
  const shownAs = new Map<number, string>();
  const viewNodes: ViewNode[] = [];
  for (const n of nodes) {
    const rep = collapse.representative.get(n.node);
    if (rep !== undefined) {
      shownAs.set(n.node, viewId(rep));
      continue;
    }
    shownAs.set(n.node, viewId(n.node));
    const text = textOf(n);
    viewNodes.push({ id: viewId(n.node), node: n.node, ...text, ...boxOf(text.title, text.lines), cluster: clusterFor(n), freed: n.savedFreed && n.saved.length > 0 });
  }
  const edges: ViewEdge[] = [];
  const seen = new Set<string>();
  for (const n of nodes) {
    if (collapse.representative.has(n.node)) continue;
    const target = viewId(n.node);
    for (const m of n.next) {
      const source = shownAs.get(m);
      if (!source || source === target) continue; // a node no longer live, or a group's iteration feeding the next
      const id = `${source}>${target}`;
      if (seen.has(id)) continue;
      seen.add(id);
      edges.push({ id, source, target });
    }
  }
  const view = { nodes: viewNodes, clusters: [...clusters.values()], edges, groups: collapse.groups, shownAs };
  return viewNodes.length > LARGE_GRAPH ? withLeafCopies(view) : view;
}

/**
 * A large graph draws a leaf once beside each node that uses it: a parameter
 * used all along a long graph would otherwise pull an edge across every
 * layer, and a layered layout pays for each layer an edge crosses.
 */
function withLeafCopies(view: ViewGraph): ViewGraph {
  const uses = new Map<string, ViewEdge[]>();
  for (const e of view.edges) {
    const list = uses.get(e.source);
    if (list) list.push(e);
    else uses.set(e.source, [e]);
  }
  const copied = new Set(view.nodes.filter((n) => n.kind === 'leaf' && (uses.get(n.id)?.length ?? 0) > 1).map((n) => n.id));
  const nodes: ViewNode[] = [];
  const edges = view.edges.filter((e) => !copied.has(e.source));
  const shownAs = new Map(view.shownAs);
  for (const n of view.nodes) {
    if (!copied.has(n.id)) {
      nodes.push(n);
      continue;
    }
    for (const e of uses.get(n.id)!) {
      const copy = `${n.id}@${e.target}`;
      nodes.push({ ...n, id: copy });
      edges.push({ id: `${copy}>${e.target}`, source: copy, target: e.target });
    }
    shownAs.set(n.node, `${n.id}@${uses.get(n.id)![0]!.target}`);
  }
  return { ...view, nodes, edges, shownAs };
}
