// What deleting a name would free: the bytes of every storage whose last
// owner goes when the name's tensor is released — its own storage, the graph
// only it keeps, the tensors that graph saves — but not what anything else
// still holds (a batch the data list keeps, a parameter the model keeps).
//
// The engine counts references exactly (Note [Tensor ownership]), so this is
// a simulation of the release: the root's only reference goes, and in cascade
// every object (tensor, node, storage) whose references all came from freed
// objects — through grad_fn, .grad, ._base, next_functions, saved slots and
// AccumulateGrad's leaf — is freed too. Only the objects reached are visited.
import type { Node } from '../autograd/node.ts';
import type { Storage } from '../core/storage.ts';
import type { Tensor } from '../core/tensor.ts';

type Obj = Tensor | Node;

function variableOf(n: Node): Tensor | null {
  return n.name === 'AccumulateGrad' && 'variable' in n ? (n as unknown as { variable: Tensor }).variable : null;
}

/** What a live object holds a reference to (each entry one reference). */
function holds(o: Obj): Obj[] {
  if ('storage' in o) {
    const out: Obj[] = [];
    if (o.gradFn) out.push(o.gradFn);
    if (o.grad) out.push(o.grad);
    if (o.base) out.push(o.base);
    return out;
  }
  const out: Obj[] = [];
  for (const e of o.next) if (e) out.push(e.node);
  for (const s of o.saved) if (s.held) out.push(s.held);
  const v = variableOf(o);
  if (v) out.push(v);
  return out;
}

/**
 * Exact bytes (ledger-counted storages) that releasing `root`'s outside
 * reference would free; 0 when something else outside the engine holds it too.
 */
export function retainedBytes(root: Tensor): number {
  const remaining = new Map<Obj, number>();
  const refsOf = (o: Obj) => o.refCount;
  // The name's reference must be the only one: another outside owner or an engine holder (a saved slot,
  // a view's base) keeps the tensor, and so everything it holds, alive.
  if (refsOf(root) !== 1) return 0;
  const storageRefs = new Map<Storage, number>();
  let freed = 0;
  const queue: Obj[] = [root];
  remaining.set(root, 0);
  while (queue.length > 0) {
    const o = queue.pop()!;
    if ('storage' in o) {
      const s = o.storage;
      const left = (storageRefs.get(s) ?? s.refCount) - 1;
      storageRefs.set(s, left);
      if (left === 0 && s.tracked) freed += s.nbytes;
    }
    for (const h of holds(o)) {
      const left = (remaining.get(h) ?? refsOf(h)) - 1;
      remaining.set(h, left);
      if (left === 0) queue.push(h);
    }
  }
  return freed;
}

/** retainedBytes of each root. */
export function retainedBytesOf(roots: readonly Tensor[]): number[] {
  return roots.map(retainedBytes);
}
