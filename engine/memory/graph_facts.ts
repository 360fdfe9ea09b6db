// How big is the graph behind a tensor, and how many bytes do its nodes save?
// The counting follows ../shared/memory-reference/scenarios.py's graph_nodes:
// every node reachable from t.grad_fn through next_functions, each once,
// AccumulateGrad included.
import type { Storage } from '../core/storage.ts';
import type { Tensor } from '../core/tensor.ts';
import type { Node } from '../autograd/node.ts';

export interface GraphFacts {
  /** Nodes reachable from the tensor's grad_fn (0 for a leaf or a tensor without history). */
  nodes: number;
  /** How many of those nodes carry each name ("AddBackward0": 3). */
  names: Record<string, number>;
  /** Bytes of the distinct storages the reachable nodes still save (freed slots count 0). */
  savedBytes: number;
}

/** The nodes reachable from `t.grad_fn`, each once, in depth-first order. */
export function reachableNodes(t: Tensor): Node[] {
  if (!t.gradFn) return [];
  const seen = new Set<Node>();
  const stack: Node[] = [t.gradFn];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of n.next) if (e) stack.push(e.node);
  }
  return [...seen];
}

/** Node count, names and saved bytes of the graph behind `t`. */
export function graphFacts(t: Tensor): GraphFacts {
  const nodes = reachableNodes(t);
  const names: Record<string, number> = {};
  const saved = new Set<Storage>();
  for (const n of nodes) {
    names[n.name] = (names[n.name] ?? 0) + 1;
    for (const s of n.saved) {
      const held = s.held;
      if (held && held.storage.tracked) saved.add(held.storage); // host scalars are outside the ledger
    }
  }
  let savedBytes = 0;
  for (const s of saved) savedBytes += s.nbytes;
  return { nodes: nodes.length, names, savedBytes };
}
