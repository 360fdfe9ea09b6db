// The graph behind a tensor (or every live node) as plain data, for
// glassgrad.show_graph: the same node records the live trace builds.
import type { Node } from '../autograd/node.ts';
import type { Tensor } from '../core/tensor.ts';
import { reachableNodes } from '../memory/graph_facts.ts';
import { liveNodes } from '../memory/live.ts';
import { nodeInfo, type NodeInfo } from './node_info.ts';

export interface GraphRoot {
  tensor: number;
  /** The root tensor's grad_fn, or null for a leaf / a tensor without history. */
  gradFn: number | null;
  shape: number[];
  dtype: string;
  label: string | null;
}

export interface GraphData {
  root: GraphRoot | null;
  /** Nodes in creation order (node ids grow as nodes are made). */
  nodes: NodeInfo[];
}

function inCreationOrder(nodes: Iterable<Node>): NodeInfo[] {
  return [...nodes].sort((a, b) => a.id - b.id).map(nodeInfo);
}

/** The nodes reachable from `t.grad_fn`, each once, AccumulateGrad included. */
export function graphBehind(t: Tensor): GraphData {
  return {
    root: { tensor: t.id, gradFn: t.gradFn?.id ?? null, shape: [...t.shape], dtype: t.dtype, label: t.label },
    nodes: inCreationOrder(reachableNodes(t)),
  };
}

/** Every live node: all graphs any tensor still keeps. */
export function liveGraph(): GraphData {
  return { root: null, nodes: inCreationOrder(liveNodes) };
}
