// "Why is this alive?" on the live graph: from a Python name through its
// tensor's grad_fn and next_functions to every tensor the reached nodes still
// save, with the bytes. Chains follow the shortest path (breadth first), as
// engine/memory/why_alive.ts does; a storage saved by several nodes counts once.
import type { NamedTensor } from '../../../engine/trace/events.ts';
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import type { MemoryCategory } from '../../../engine/trace/memory_timeline.ts';

export interface AliveStep {
  kind: 'name' | 'node' | 'saved' | 'bytes';
  label: string;
  node?: number;
  storage?: number;
}

export interface AliveChain {
  storage: number;
  bytes: number;
  /** The storage's memory category: 'saved' when only the graph keeps it, 'parameter' for a saved weight. */
  category: MemoryCategory | null;
  steps: AliveStep[];
}

export interface AliveReport {
  name: string;
  /** Every node reached from the name's grad_fn (drawn highlighted). */
  nodes: number[];
  /** Storages saved for backward, largest first (the nearest first among equals). */
  chains: AliveChain[];
  /** Bytes of the saved storages only the graph keeps (category 'saved'): what `del name` would free. */
  savedBytes: number;
  /** Saved storages that are also something else (a parameter saved by a conv): held anyway. */
  sharedSavedBytes: number;
  /** Nodes reached whose saved tensors backward() already freed. */
  freedNodes: number;
  /** The name's own tensor storage. */
  ownBytes: number;
  /** The engine's own totals for the name (why_alive's total and saved bytes, and what `del name` frees), when it measured them. */
  engine: { heldBytes: number; savedBytes: number; retainedBytes: number } | null;
}

/**
 * The report for `named` over the live nodes; `categoryOf` gives a storage's
 * memory category now (MemoryTimeline.categoryOf).
 */
export function whyAlive(
  named: NamedTensor,
  nodes: readonly GraphNodeRecord[],
  categoryOf: (storage: number) => MemoryCategory | null,
): AliveReport {
  const byId = new Map(nodes.map((n) => [n.node, n]));
  const parent = new Map<number, number | null>();
  const order: number[] = [];
  if (named.gradFn !== null && byId.has(named.gradFn)) {
    parent.set(named.gradFn, null);
    const queue = [named.gradFn];
    for (let q = 0; q < queue.length; q++) {
      const id = queue[q]!;
      order.push(id);
      for (const m of byId.get(id)!.next) {
        if (parent.has(m) || !byId.has(m)) continue;
        parent.set(m, id);
        queue.push(m);
      }
    }
  }
  const pathTo = (id: number): AliveStep[] => {
    const steps: AliveStep[] = [];
    for (let k: number | null = id; k !== null; k = parent.get(k) ?? null) {
      const n = byId.get(k)!;
      steps.unshift({ kind: 'node', label: n.leaf ? `AccumulateGrad (${n.leaf.label ?? 'leaf'})` : n.name, node: k });
    }
    return steps;
  };
  const chains: AliveChain[] = [];
  const seen = new Set<number>();
  let freedNodes = 0;
  for (const id of order) {
    const n = byId.get(id)!;
    if (n.savedFreed) {
      if (n.saved.length > 0) freedNodes++;
      continue;
    }
    for (const s of n.saved) {
      if (seen.has(s.storage)) continue;
      seen.add(s.storage);
      const category = categoryOf(s.storage);
      chains.push({
        storage: s.storage,
        bytes: s.bytes,
        category,
        steps: [
          { kind: 'name', label: named.name },
          ...pathTo(id),
          { kind: 'saved', label: `${s.slot ?? 'saved'} [${s.shape.join(', ')}] ${s.dtype}`, node: id, storage: s.storage },
          { kind: 'bytes', label: `${s.bytes.toLocaleString('en-US')} B`, storage: s.storage },
        ],
      });
    }
  }
  chains.sort((a, b) => b.bytes - a.bytes); // stable: among equals, the nearest first
  let savedBytes = 0;
  let sharedSavedBytes = 0;
  for (const c of chains) {
    if (c.category === 'saved') savedBytes += c.bytes;
    else sharedSavedBytes += c.bytes;
  }
  return {
    name: named.name,
    nodes: order,
    chains,
    savedBytes,
    sharedSavedBytes,
    freedNodes,
    ownBytes: named.bytes,
    engine:
      named.heldBytes === null || named.savedBytes === null || named.retainedBytes === null
        ? null
        : { heldBytes: named.heldBytes, savedBytes: named.savedBytes, retainedBytes: named.retainedBytes },
  };
}
