// "Why is this alive?": the ownership graph of live tensors, nodes and
// storages, walked from a root (a tensor someone outside the engine holds,
// e.g. a Python name) down to the bytes it keeps.
import type { DType } from '../core/dtype.ts';
import type { Tensor } from '../core/tensor.ts';
import type { Storage } from '../core/storage.ts';
import { AccumulateGrad, type Node } from '../autograd/node.ts';
import type { SavedTensor } from '../autograd/saved.ts';
import { liveNodes, liveTensors } from './live.ts';

export type Holder = { kind: 'tensor'; tensor: Tensor } | { kind: 'node'; node: Node };

/** One step of an ownership chain, as plain data for views and checks. */
export interface ChainStep {
  kind: 'tensor' | 'node' | 'storage';
  id: number;
  /** How the previous step holds this one: grad_fn, next_functions, saved, grad, base, variable, storage. */
  via: string;
  label: string;
  bytes?: number;
  /** Tensors: shape, dtype, and the display label ("fc1.weight") when the tensor has one. */
  shape?: number[];
  dtype?: DType;
  name?: string;
  /** A saved output's slot in its node, as PyTorch names it (`result`, `result1`: `_saved_result1`). */
  slot?: string;
  /** Storages: false for host scalars, which the ledger does not count. */
  counted?: boolean;
  /** Tensors Python holds: the bridge's handle, by which the facade finds the Python object. */
  handle?: number;
}

export interface AliveReport {
  /** One chain per storage reached, from the root to the storage. */
  chains: ChainStep[][];
  /** Distinct bytes reached, in total and by how the storage is held. */
  totalBytes: number;
  savedBytes: number;
}

export interface OwnershipEdge {
  to: Holder | { kind: 'storage'; storage: Storage };
  via: string;
  slot?: string;
}

function describeTensor(t: Tensor): string {
  const name = t.label ? `${t.label} ` : '';
  return `${name}tensor#${t.id} [${t.shape.join(', ')}] ${t.dtype}`;
}

/** PyTorch's name for a saved output: `result` for a one-output op, else `result0`, `result1`, ... */
function slotOf(n: Node, s: SavedTensor): string | undefined {
  if (!s.isOutput) return undefined;
  return n.outputs.length === 1 ? 'result' : `result${s.outputNr}`;
}

export function edgesOf(h: Holder): OwnershipEdge[] {
  if (h.kind === 'tensor') {
    const t = h.tensor;
    const out: OwnershipEdge[] = [{ to: { kind: 'storage', storage: t.storage }, via: 'storage' }];
    if (t.gradFn) out.push({ to: { kind: 'node', node: t.gradFn }, via: 'grad_fn' });
    if (t.grad) out.push({ to: { kind: 'tensor', tensor: t.grad }, via: 'grad' });
    if (t.base) out.push({ to: { kind: 'tensor', tensor: t.base }, via: 'base' });
    return out;
  }
  const n = h.node;
  const out: OwnershipEdge[] = [];
  for (const s of n.saved) {
    const held = s.held;
    if (!held) continue;
    const slot = slotOf(n, s);
    out.push({ to: { kind: 'tensor', tensor: held }, via: 'saved', ...(slot ? { slot } : {}) });
  }
  if (n instanceof AccumulateGrad) out.push({ to: { kind: 'tensor', tensor: n.variable }, via: 'variable' });
  for (const e of n.next) if (e) out.push({ to: { kind: 'node', node: e.node }, via: 'next_functions' });
  return out;
}

export function keyOf(h: OwnershipEdge['to']): string {
  if (h.kind === 'tensor') return `t${h.tensor.id}`;
  if (h.kind === 'node') return `n${h.node.id}`;
  return `s${h.storage.id}`;
}

/** Labels of the labelled live tensors by storage, to name views of them ("view of fc1.weight"). */
function storageLabels(): Map<Storage, string> {
  const labels = new Map<Storage, string>();
  for (const t of liveTensors) if (t.label && !labels.has(t.storage)) labels.set(t.storage, t.label);
  return labels;
}

function stepOf(h: OwnershipEdge['to'], via: string, labels: Map<Storage, string>, slot?: string): ChainStep {
  if (h.kind === 'tensor') {
    const t = h.tensor;
    const owner = t.label ? null : labels.get(t.storage);
    const name = t.label ?? (owner ? `view of ${owner}` : null);
    return {
      kind: 'tensor',
      id: t.id,
      via,
      label: describeTensor(t),
      shape: [...t.shape],
      dtype: t.dtype,
      ...(name ? { name } : {}),
      ...(slot ? { slot } : {}),
      ...(t.pySlot ? { handle: t.pySlot } : {}),
    };
  }
  if (h.kind === 'node') return { kind: 'node', id: h.node.id, via, label: h.node.name };
  const s = h.storage;
  return { kind: 'storage', id: s.id, via, label: `storage#${s.id}`, bytes: s.nbytes, counted: s.tracked };
}

/** Everything `root` keeps alive: one chain per storage reached, and the bytes. */
export function heldBy(root: Tensor): AliveReport {
  const start: Holder = { kind: 'tensor', tensor: root };
  const parent = new Map<string, { from: string; step: ChainStep }>();
  const rootKey = keyOf(start);
  const labels = storageLabels();
  parent.set(rootKey, { from: '', step: stepOf(start, 'root', labels) });
  const queue: OwnershipEdge['to'][] = [start];
  const storages: { key: string; storage: Storage }[] = [];
  // A storage counts as saved when any saved slot reached holds it, whichever path reached it first.
  const savedStorages = new Set<Storage>();
  while (queue.length > 0) {
    const h = queue.shift()!;
    if (h.kind === 'storage') continue;
    const hKey = keyOf(h);
    for (const e of edgesOf(h)) {
      if (e.via === 'saved' && e.to.kind === 'tensor') savedStorages.add(e.to.tensor.storage);
      const k = keyOf(e.to);
      if (parent.has(k)) continue;
      parent.set(k, { from: hKey, step: stepOf(e.to, e.via, labels, e.slot) });
      if (e.to.kind === 'storage') storages.push({ key: k, storage: e.to.storage });
      queue.push(e.to);
    }
  }
  const chains = storages.map(({ key }) => {
    const chain: ChainStep[] = [];
    for (let k = key; k; k = parent.get(k)!.from) chain.unshift(parent.get(k)!.step);
    return chain;
  });
  let totalBytes = 0;
  let savedBytes = 0;
  for (const { storage } of storages) {
    if (!storage.tracked) continue; // host scalars: outside the ledger
    totalBytes += storage.nbytes;
    if (savedStorages.has(storage)) savedBytes += storage.nbytes;
  }
  return { chains, totalBytes, savedBytes };
}

/**
 * The roots that keep a storage alive: tensors with references from outside the
 * engine (refcount above what the engine's own holders account for), each with
 * its chain down to the storage.
 */
export function whyAlive(storageId: number): ChainStep[][] {
  const internalRefs = new Map<Tensor, number>();
  const bump = (t: Tensor) => internalRefs.set(t, (internalRefs.get(t) ?? 0) + 1);
  for (const t of liveTensors) {
    if (t.grad) bump(t.grad);
    if (t.base) bump(t.base);
  }
  for (const n of liveNodes) {
    for (const s of n.saved) if (s.held) bump(s.held); // each slot owns one reference
    if (n instanceof AccumulateGrad) bump(n.variable);
  }
  const roots = [...liveTensors].filter((t) => t.refCount > (internalRefs.get(t) ?? 0));
  const chains: ChainStep[][] = [];
  for (const r of roots) {
    for (const c of heldBy(r).chains) {
      const last = c[c.length - 1]!;
      if (last.kind === 'storage' && last.id === storageId) chains.push(c);
    }
  }
  return chains;
}
