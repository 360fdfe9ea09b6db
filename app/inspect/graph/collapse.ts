// Repeated per-iteration structure: a loop that builds the same subgraph again
// and again (a validation loop accumulating `loss` as a tensor keeps one per
// batch) collapses into one group drawn once with its count ("×1000").
//
// Each node gets a local signature: its name, Module, the names (leaves: the
// labels) of its next_functions, and the shapes it saves. In creation order,
// iteration k's nodes then repeat iteration k-1's signatures at a fixed
// distance, the period. A run of blocks of one period that match exactly is
// a group; one more block before it joins when most of it matches (the first
// iteration's `running_loss += loss` adds to the number 0, not to a tensor,
// so its AddBackward0 differs). AccumulateGrad leaves are shared by all
// iterations and never part of a group.
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';

export interface RepeatGroup {
  id: string;
  /** Nodes per iteration. */
  period: number;
  /** Iterations in the group. */
  count: number;
  /** Node ids of the iteration drawn (the latest), in creation order. */
  shown: number[];
  /** Every node id in the group, drawn or not. */
  members: number[];
}

export interface Collapse {
  groups: RepeatGroup[];
  /** Hidden node id -> the drawn node at the same place in its group's shown iteration. */
  representative: Map<number, number>;
  /** Node id -> the group it belongs to (drawn and hidden members). */
  groupOf: Map<number, RepeatGroup>;
}

/** How much of the block before a group must match for it to join. */
const JOIN_FRACTION = 0.75;
/** Candidate periods tried per position (distances to the next few equal signatures). */
const CANDIDATES = 4;

function leafText(n: GraphNodeRecord): string {
  return n.leaf ? `leaf:${n.leaf.label ?? n.leaf.shape.join('x')}` : n.name;
}

/** Records are immutable (Note [Trace state]), so a node's signature text is computed once. */
const keyCache = new WeakMap<GraphNodeRecord, string>();

function localKey(n: GraphNodeRecord, byId: ReadonlyMap<number, GraphNodeRecord>): string {
  let key = keyCache.get(n);
  if (key === undefined) {
    const next = n.next.map((id) => {
      const m = byId.get(id);
      return m ? leafText(m) : '?';
    });
    const saved = n.saved.map((s) => `${s.shape.join('x')}:${s.dtype}`);
    key = `${n.name}|${n.module ?? ''}|${next.join(',')}|${saved.join(',')}`;
    // A next node not live yet would read '?': only a complete key is kept.
    if (!key.includes('?')) keyCache.set(n, key);
  }
  return key;
}

/** Local signatures as small integers (equal structure, equal number). */
export function signatures(seq: readonly GraphNodeRecord[], byId: ReadonlyMap<number, GraphNodeRecord>): number[] {
  const ids = new Map<string, number>();
  return seq.map((n) => {
    const key = localKey(n, byId);
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  });
}

/** How many whole blocks of `period` starting at `start` repeat exactly (at least 1). */
function exactBlocks(sig: readonly number[], start: number, period: number): number {
  let j = start;
  while (j + period < sig.length && sig[j] === sig[j + period]) j++;
  return Math.floor((j - start) / period) + 1;
}

function matchingFraction(sig: readonly number[], a: number, b: number, period: number): number {
  let same = 0;
  for (let r = 0; r < period; r++) if (sig[a + r] === sig[b + r]) same++;
  return same / period;
}

/**
 * Finds the repeated groups among `nodes` (live nodes in creation order).
 *
 *   const c = collapseRepeats(snapshot.nodes);
 *   c.groups[0].count   // 5 for five validation iterations
 */
export function collapseRepeats(nodes: readonly GraphNodeRecord[], minCount = 2): Collapse {
  const byId = new Map(nodes.map((n) => [n.node, n]));
  const seq = nodes.filter((n) => !n.leaf);
  const sig = signatures(seq, byId);
  const positions = new Map<number, number[]>();
  sig.forEach((s, i) => {
    const list = positions.get(s);
    if (list) list.push(i);
    else positions.set(s, [i]);
  });
  const occurrence = new Map<number, number>(); // signature -> index into its positions of the next one after i
  const groups: RepeatGroup[] = [];
  const representative = new Map<number, number>();
  const groupOf = new Map<number, RepeatGroup>();
  let covered = 0; // positions below this belong to a group or were passed by
  let i = 0;
  while (i < sig.length) {
    const list = positions.get(sig[i]!)!;
    let k = occurrence.get(sig[i]!) ?? 0;
    while (k < list.length && list[k]! <= i) k++;
    occurrence.set(sig[i]!, k);
    let best = { period: 0, count: 1 };
    for (let c = k; c < Math.min(list.length, k + CANDIDATES); c++) {
      const period = list[c]! - i;
      const count = exactBlocks(sig, i, period);
      if (count >= 2 && count * period > best.count * best.period) best = { period, count };
    }
    if (best.period === 0) {
      i++;
      continue;
    }
    let start = i;
    let count = best.count;
    const { period } = best;
    if (start - period >= covered && matchingFraction(sig, start - period, start, period) >= JOIN_FRACTION) {
      start -= period;
      count++;
    }
    if (count >= minCount) {
      const members = seq.slice(start, start + count * period).map((n) => n.node);
      const last = start + (count - 1) * period;
      const shown = seq.slice(last, last + period).map((n) => n.node);
      const group: RepeatGroup = { id: `repeat-${shown[0]}`, period, count, shown, members };
      groups.push(group);
      for (let b = 0; b < count; b++) {
        for (let r = 0; r < period; r++) {
          const id = seq[start + b * period + r]!.node;
          groupOf.set(id, group);
          if (b < count - 1) representative.set(id, shown[r]!);
        }
      }
    }
    i = start + count * period;
    covered = i;
  }
  return { groups, representative, groupOf };
}
