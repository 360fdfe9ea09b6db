// Tensors held by Python, by integer handle.
//
// Note [Integer handles]: a Python Tensor wrapper holds the engine id of its
// tensor (`_id`), not a JsProxy. Handing a JS object to Python makes Pyodide
// build a proxy (about 1 µs), and every attribute read or method call on it is
// a crossing of its own; a Python int crosses for free. So the hot calls (ops
// from Tensor operators, `op(...)`) take and return ids, and the wrapper asks
// for a proxy (`handle(id)`) only when slower code needs the object itself.
//
// The table owns one engine reference per tensor Python holds, and counts the
// ids it handed out: a Python wrapper gives its id back exactly once, so the
// ledger follows Python's lifetimes (Note [Tensor wrappers] in
// torch/_tensor.py). An id handed out for a tensor the table already holds
// comes back negated: Python then looks up the live wrapper (an op may return
// one of its inputs) and gives the extra id back.
//
// Giving ids back is batched without a crossing: `__del__` appends the id to an
// int32 array that lives in Python's memory and that we read through a buffer
// view (setReleaseBuffer). The batch is settled before anything can observe it
// — before every tracked allocation and every read of the ledger
// (ledger.settleDeferredFrees), and at the start of every bridge call but the
// hot ones, which only allocate — so every byte figure and peak is exactly
// what immediate release gives, while a tiny op costs one crossing, not two.
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';

interface Held {
  tensor: Tensor;
  count: number;
}

const held = new Map<number, Held>();

/** Takes over one owned reference to `t`: its id, or minus its id when Python already holds it. */
export function handOut(t: Tensor): number {
  const h = held.get(t.id);
  if (h !== undefined) {
    h.count++;
    t.release(); // the table keeps one engine reference per tensor
    return -t.id;
  }
  held.set(t.id, { tensor: t, count: 1 });
  return t.id;
}

/** The tensor behind a handle (borrowed: the caller gets no reference). */
export function tensorOf(id: number): Tensor {
  const h = held.get(id);
  if (h === undefined) throw runtimeError(`Glassgrad internal error: no tensor with handle ${id}`);
  return h.tensor;
}

/** Gives one handed-out id back; the last one releases the table's reference. */
export function releaseId(id: number): void {
  const h = held.get(id);
  if (h === undefined) return;
  if (--h.count === 0) {
    held.delete(id);
    h.tensor.release();
  }
}

/** A Python object exposing the buffer protocol, as Pyodide proxies it. */
interface PyBufferOwner {
  getBuffer(type: 'i32'): { data: Int32Array<ArrayBufferLike>; release(): void };
  copy?(): PyBufferOwner;
  destroy?(): void;
}

/** Python's pending releases: [count, id1, id2, ...] (Note above). */
let pendingOwner: PyBufferOwner | null = null;
let pendingBuffer: { data: Int32Array<ArrayBufferLike>; release(): void } | null = null;
let pending: Int32Array<ArrayBufferLike> = new Int32Array(0);

function pendingView(): Int32Array {
  // Growing the wasm memory detaches every view on it: take a fresh one.
  if (pending.length === 0 && pendingOwner !== null) {
    pendingBuffer?.release();
    pendingBuffer = pendingOwner.getBuffer('i32');
    pending = pendingBuffer.data;
  }
  return pending;
}

/** Gives back every id Python queued. The ids are copied out first: a release can run Python finalizers that queue more. */
export function settleReleases(): void {
  const v = pendingView();
  const n = v.length === 0 ? 0 : v[0]!;
  if (n === 0) return;
  const ids = v.slice(1, n + 1);
  v[0] = 0;
  for (const id of ids) releaseId(id);
}

/** Python hands over its pending-release array once, at import (None to stop). */
function setReleaseBuffer(owner: PyBufferOwner | null | undefined): void {
  settleReleases();
  pendingBuffer?.release();
  pendingOwner?.destroy?.();
  pendingBuffer = null;
  pending = new Int32Array(0);
  pendingOwner = owner ? (typeof owner.copy === 'function' ? owner.copy() : owner) : null;
  ledger.settleDeferredFrees = pendingOwner ? settleReleases : null;
}

/** How many tensors Python holds (tests). */
export function heldCount(): number {
  return held.size;
}

/** Arguments whose bit is set in `mask` are handles: replaced by their tensors, in place. */
export function resolveHandles(args: unknown[], mask: number): unknown[] {
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) args[i] = tensorOf(args[i] as number);
  return args;
}

/** A result for Python: a tensor becomes a handle; anything else is returned as it is. */
export function handOutResult(r: unknown): unknown {
  return r instanceof Tensor ? handOut(r) : r;
}

export const handlesBridge = {
  /** Python takes over an owned tensor it received as an object (see handOut). */
  adopt(t: Tensor): number {
    return handOut(t);
  },
  handle(id: number): Tensor {
    return tensorOf(id);
  },
  releaseId,
  heldCount,
  setReleaseBuffer,
  /** Called by Python when its pending-release array is full. */
  settleReleases,
};
