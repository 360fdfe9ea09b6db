// What the views know about one autograd node, as plain data: the payload of
// 'node-created' events and of graph snapshots (show_graph).
import type { Node } from '../autograd/node.ts';
import type { SavedTensor } from '../autograd/saved.ts';
import type { Tensor } from '../core/tensor.ts';
import type { LeafInfo, SavedTensorInfo } from './events.ts';
import { currentModule } from './module_scope.ts';

/** The Module each node was recorded in (nodes outside any Module are absent). */
const moduleOf = new WeakMap<Node, string>();
/** What each node saved when it was recorded: after backward frees it, the views still say what was freed. */
const savedAtRecord = new WeakMap<Node, SavedTensorInfo[]>();

export interface NodeInfo {
  node: number;
  name: string;
  next: number[];
  savedBytes: number;
  module: string | null;
  saved: SavedTensorInfo[];
  leaf?: LeafInfo;
  /** backward() (without retain_graph) released what the node saved (`saved` then says what it was). */
  savedFreed: boolean;
}

/** Records the running Module as `node`'s, and what it saves; called once, when the node is announced. */
export function recordNode(node: Node): void {
  const m = currentModule();
  if (m !== null && !moduleOf.has(node)) moduleOf.set(node, m);
  if (node.saved.length > 0 && !savedAtRecord.has(node)) savedAtRecord.set(node, savedInfo(node));
}

function slotOf(node: Node, s: SavedTensor): string | undefined {
  if (!s.isOutput) return undefined;
  return node.outputs.length === 1 ? 'result' : `result${s.outputNr}`;
}

/** The leaf an AccumulateGrad owns (duck-typed: node.ts imports this file's users). */
function leafOf(node: Node): Tensor | null {
  return node.name === 'AccumulateGrad' && 'variable' in node ? (node as unknown as { variable: Tensor }).variable : null;
}

export function leafInfo(t: Tensor): LeafInfo {
  return { tensor: t.id, storage: t.storage.id, bytes: t.storage.nbytes, shape: [...t.shape], dtype: t.dtype, label: t.label };
}

export function savedInfo(node: Node): SavedTensorInfo[] {
  const out: SavedTensorInfo[] = [];
  for (const s of node.saved) {
    const t = s.held;
    if (!t || !t.storage.tracked) continue; // freed, or a host scalar outside the ledger
    const slot = slotOf(node, s);
    out.push({ storage: t.storage.id, bytes: t.storage.nbytes, shape: [...t.shape], dtype: t.dtype, ...(slot ? { slot } : {}) });
  }
  return out;
}

export function nodeInfo(node: Node): NodeInfo {
  const leaf = leafOf(node);
  return {
    node: node.id,
    name: node.name,
    next: node.next.filter((e) => e !== null).map((e) => e!.node.id),
    savedBytes: node.savedBytes(),
    module: moduleOf.get(node) ?? null,
    saved: savedAtRecord.get(node) ?? savedInfo(node),
    ...(leaf ? { leaf: leafInfo(leaf) } : {}),
    savedFreed: node.savedFreed,
  };
}

export function isAccumulateGrad(node: Node): boolean {
  return leafOf(node) !== null;
}
