// The totals of "why is this alive?" without the chains: the bytes of the
// distinct storages a tensor reaches through the ownership graph, and those
// held by saved-for-backward slots. Cheap enough to run for every name after
// every cell (one visit per tensor, node and storage).
import type { Storage } from '../core/storage.ts';
import type { Tensor } from '../core/tensor.ts';
import { edgesOf, keyOf, type Holder, type OwnershipEdge } from './why_alive.ts';

export interface HeldBytes {
  totalBytes: number;
  savedBytes: number;
}

/** heldBy(root)'s totalBytes and savedBytes, without building chains. */
export function heldBytes(root: Tensor): HeldBytes {
  const seen = new Set<string>();
  const stack: OwnershipEdge['to'][] = [{ kind: 'tensor', tensor: root }];
  seen.add(keyOf(stack[0]!));
  const storages = new Set<Storage>();
  const saved = new Set<Storage>();
  while (stack.length > 0) {
    const h = stack.pop()!;
    if (h.kind === 'storage') {
      storages.add(h.storage);
      continue;
    }
    for (const e of edgesOf(h as Holder)) {
      if (e.via === 'saved' && e.to.kind === 'tensor') saved.add(e.to.tensor.storage);
      const k = keyOf(e.to);
      if (seen.has(k)) continue;
      seen.add(k);
      stack.push(e.to);
    }
  }
  let totalBytes = 0;
  let savedBytes = 0;
  for (const s of storages) {
    if (!s.tracked) continue; // host scalars: outside the ledger
    totalBytes += s.nbytes;
    if (saved.has(s)) savedBytes += s.nbytes;
  }
  return { totalBytes, savedBytes };
}
