// Scopes release the temporaries an op or a backward formula creates.
//
// Every tensor built while a scope is open is recorded in it; when the scope
// closes, each recorded tensor that is not part of the result loses the
// reference its creator held. Tensors kept elsewhere (saved for backward, a
// grad slot) survive through their own references. This is how composite ops
// and derivative formulas stay exact in the ledger without hand-written
// release() calls.
import type { Tensor } from './tensor.ts';

const stack: Tensor[][] = [];

export function recordInScope(t: Tensor): void {
  const top = stack[stack.length - 1];
  if (top) top.push(t);
}

/**
 * Runs fn without recording the tensors it creates in the enclosing scope: they
 * belong to whoever keeps them (a saved output's alias lives as long as its node).
 */
export function unscoped<T>(fn: () => T): T {
  stack.push([]);
  try {
    return fn();
  } finally {
    stack.pop();
  }
}

/**
 * Runs fn, then releases every tensor it created that `fn`'s result does not
 * contain. Kept tensors are handed to the enclosing scope, except those the
 * caller takes charge of itself (everything outside `handOn(result)`).
 */
export function tidy<T>(fn: () => T, handOn?: (result: T) => unknown): T {
  const created: Tensor[] = [];
  stack.push(created);
  let result: T;
  try {
    result = fn();
  } catch (err) {
    stack.pop();
    for (const t of created) t.release(); // a failed op leaves nothing behind
    throw err;
  }
  stack.pop();
  if (created.length === 0) return result;
  if (created.length <= SMALL) settleSmall(created, result, handOn);
  else settle(created, result, handOn);
  return result;
}

/** Most ops create one or two tensors: arrays beat Sets there, and allocate less. */
const SMALL = 8;

function settleSmall<T>(created: Tensor[], result: T, handOn?: (result: T) => unknown): void {
  const keep: Tensor[] = [];
  collect(result, keep);
  let toParent = keep;
  if (handOn) {
    toParent = [];
    collect(handOn(result), toParent);
  }
  const parent = stack[stack.length - 1];
  for (const t of created) {
    if (!keep.includes(t)) t.release();
    else if (toParent.includes(t)) parent?.push(t);
  }
}

function settle<T>(created: Tensor[], result: T, handOn?: (result: T) => unknown): void {
  const keep = new Set<Tensor>();
  collect(result, keep);
  const toParent = handOn ? new Set<Tensor>() : keep;
  if (handOn) collect(handOn(result), toParent);
  const parent = stack[stack.length - 1];
  for (const t of created) {
    if (!keep.has(t)) t.release();
    else if (toParent.has(t)) parent?.push(t);
  }
}

function collect(value: unknown, into: Set<Tensor> | Tensor[]): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const v of value) collect(v, into);
    return;
  }
  if ('storage' in value && 'shape' in value) {
    if (Array.isArray(into)) into.push(value as Tensor);
    else into.add(value as Tensor);
    return;
  }
  if (value.constructor === Object) for (const v of Object.values(value)) collect(v, into);
}

/**
 * Returns an existing tensor as an op's result: the caller gets a new
 * reference, owned by the enclosing scope exactly like a freshly made tensor
 * (x.contiguous() on a contiguous x, dropout in eval mode, an in-place op).
 */
export function returnAlias(t: Tensor): Tensor {
  t.retain();
  recordInScope(t);
  return t;
}
