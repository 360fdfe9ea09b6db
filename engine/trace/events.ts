// The event stream the UI consumes: graph and memory changes, as plain data.
import type { DType } from '../core/dtype.ts';

export type TraceEvent =
  | { type: 'storage-alloc'; storage: number; bytes: number; dtype: DType; category: string }
  | { type: 'storage-free'; storage: number; bytes: number }
  | { type: 'storage-category'; storage: number; category: string }
  | { type: 'node-created'; node: number; name: string; next: number[]; savedBytes: number }
  | { type: 'node-saved-freed'; node: number; bytes: number }
  | { type: 'node-destroyed'; node: number };

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
