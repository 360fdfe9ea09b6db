// The event stream the UI consumes: graph and memory changes, as plain data.
// Every event is serializable (structured clone, JSON): ids, names, numbers.
import type { DType } from '../core/dtype.ts';

/** A tensor a node saves for backward, as the graph view shows it. */
export interface SavedTensorInfo {
  storage: number;
  /** Bytes of the whole storage (what keeping it costs). */
  bytes: number;
  shape: number[];
  dtype: DType;
  /** A saved output's slot, as PyTorch names it (`result` for `_saved_result`); absent for saved inputs. */
  slot?: string;
}

/** The leaf an AccumulateGrad node owns: a parameter ("fc1.weight") or a tensor created with requires_grad. */
export interface LeafInfo {
  tensor: number;
  storage: number;
  bytes: number;
  shape: number[];
  dtype: DType;
  /** The tensor's display label (a Module's parameter path), or null. */
  label: string | null;
}

/** A Python name and the tensor it holds, after a cell ran (the roots of "why is this alive?"). */
export interface NamedTensor {
  name: string;
  tensor: number;
  storage: number;
  /** Bytes of the tensor's storage. */
  bytes: number;
  /** The tensor's grad_fn node, or null for a leaf. */
  gradFn: number | null;
  shape: number[];
  dtype: DType;
  /** What the engine finds reachable from the tensor (why_alive's totals), or null when not measured. */
  heldBytes: number | null;
  savedBytes: number | null;
  /** Exact bytes `del name` would free (what only this name keeps alive), or null when not measured. */
  retainedBytes: number | null;
}

/** A storage's owner as people name it: a parameter's path, or its gradient's. */
export interface StorageLabel {
  storage: number;
  label: string;
}

export type TraceEvent =
  | { type: 'storage-alloc'; storage: number; bytes: number; dtype: DType; category: string }
  | { type: 'storage-free'; storage: number; bytes: number }
  | { type: 'storage-category'; storage: number; category: string }
  | {
      type: 'node-created';
      node: number;
      name: string;
      next: number[];
      savedBytes: number;
      /** The Module path running when the node was recorded ("Net.conv1"), or null outside any Module. */
      module?: string | null;
      /** The tensors the node saves that the memory ledger counts (host scalars are left out). */
      saved?: SavedTensorInfo[];
      /** AccumulateGrad only: the leaf it owns. */
      leaf?: LeafInfo;
    }
  | { type: 'node-saved-freed'; node: number; bytes: number }
  | { type: 'node-destroyed'; node: number }
  /** The outermost Module call of a forward pass starts (a training or validation step, usually). */
  | { type: 'forward'; module: string }
  /** A notebook cell starts or ends running; `cell` names it ("<cell 3>"). */
  | { type: 'run-start'; runId: number; cell: string; executionCount: number }
  | { type: 'run-end'; runId: number; status: string }
  /**
   * After a cell: the notebook's names that hold tensors, and the labels of
   * labelled storages ("fc1.weight", "fc1.weight.grad") for the memory table.
   */
  | { type: 'names'; names: NamedTensor[]; labels?: StorageLabel[] };

type Listener = (e: TraceEvent) => void;

const listeners = new Set<Listener>();

/** Subscribe to engine events; returns the unsubscribe function. */
export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function emit(e: TraceEvent): void {
  if (listeners.size === 0) return;
  for (const l of listeners) l(e);
}

export function hasListeners(): boolean {
  return listeners.size > 0;
}
