// The 'names' event: which Python names hold which tensors after a cell, with
// what each keeps alive — the roots "why is this alive?" starts from.
import type { Tensor } from '../core/tensor.ts';
import { heldBytes } from '../memory/held_bytes.ts';
import { retainedBytesOf } from '../memory/retained.ts';
import { liveTensors } from '../memory/live.ts';
import { emit, hasListeners, type NamedTensor, type StorageLabel } from './events.ts';

/** Graphs past this many nodes are not measured after every cell (heldBytes is null). */
export const MEASURE_NODE_LIMIT = 50_000;

export function namedTensor(name: string, t: Tensor, measure: boolean, retained: number | null): NamedTensor {
  const held = measure ? heldBytes(t) : null;
  return {
    name,
    tensor: t.id,
    storage: t.storage.id,
    bytes: t.storage.nbytes,
    gradFn: t.gradFn?.id ?? null,
    shape: [...t.shape],
    dtype: t.dtype,
    heldBytes: held?.totalBytes ?? null,
    savedBytes: held?.savedBytes ?? null,
    retainedBytes: retained,
  };
}

/** Labelled tensors' storages ("fc1.weight") and their gradients' ("fc1.weight.grad"), each storage once. */
export function storageLabels(): StorageLabel[] {
  const out = new Map<number, string>();
  for (const t of liveTensors) {
    if (!t.label) continue;
    if (!out.has(t.storage.id)) out.set(t.storage.id, t.label);
    if (t.grad && !out.has(t.grad.storage.id)) out.set(t.grad.storage.id, `${t.label}.grad`);
  }
  return [...out].map(([storage, label]) => ({ storage, label }));
}

/** Emits the 'names' event for `names[i]` holding `tensors[i]`. */
export function publishNames(names: readonly string[], tensors: readonly Tensor[], liveNodeCount: number): void {
  if (!hasListeners()) return;
  const measure = liveNodeCount <= MEASURE_NODE_LIMIT;
  // Two names for one tensor: deleting either frees nothing.
  const uses = new Map<Tensor, number>();
  for (const t of tensors) uses.set(t, (uses.get(t) ?? 0) + 1);
  const retained = measure ? retainedBytesOf(tensors).map((b, i) => (uses.get(tensors[i]!)! > 1 ? 0 : b)) : null;
  emit({ type: 'names', names: names.map((n, i) => namedTensor(n, tensors[i]!, measure, retained?.[i] ?? null)), labels: storageLabels() });
}
