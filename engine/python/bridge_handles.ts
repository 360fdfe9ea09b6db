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
// The mailbox: an int32 array that lives in Python's memory and that we read
// through a buffer view (setMailbox). Its first part queues the ids Python gives
// back (`__del__` appends without a crossing); the batch is settled before
// anything can observe it — before every tracked allocation and every read of
// the ledger (ledger.settleDeferredFrees), and at the start of every bridge
// call but the hot ones, which only allocate — so every byte figure and peak is
// exactly what immediate release gives. Its last slots carry the arguments of
// the hottest call (fnTT in bridge_functions.ts): Pyodide converts each
// argument of a call separately, and three array writes cost less.
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';

/**
 * Every tensor Python holds, by handle. A handle is a slot here (1, 2, ...;
 * 0 means none), reused once given back: an array lookup, where a Map keyed
 * by ever-growing tensor ids spent more on its churn than a tiny op on its
 * arithmetic. Each tensor counts the handles it has out in `pyHandles`.
 */
const slots: (Tensor | null)[] = [null];
const freeSlots: number[] = [];

/** Takes over one owned reference to `t`: its handle, or minus its handle when Python already holds it. */
export function handOut(t: Tensor): number {
  if (t.pyHandles++ > 0) {
    t.release(); // the table keeps one engine reference per tensor
    return -t.pySlot;
  }
  const slot = freeSlots.pop() ?? slots.length;
  slots[slot] = t;
  t.pySlot = slot;
  return slot;
}

/** The tensor behind a handle (borrowed: the caller gets no reference). */
export function tensorOf(handle: number): Tensor {
  const t = slots[handle];
  if (t === undefined || t === null) throw runtimeError(`Glassgrad internal error: no tensor with handle ${handle}`);
  return t;
}

/** Gives one handed-out handle back; the last one releases the table's reference. */
export function releaseId(handle: number): void {
  const t = slots[handle];
  if (t === undefined || t === null) return;
  if (--t.pyHandles === 0) {
    slots[handle] = null;
    freeSlots.push(handle);
    t.pySlot = 0;
    t.release();
  }
}

/** How many tensors Python holds (tests). */
export function heldCount(): number {
  return slots.length - 1 - freeSlots.length;
}

/** A Python object exposing the buffer protocol, as Pyodide proxies it. */
interface PyBufferOwner {
  getBuffer(type: 'i32'): { data: Int32Array<ArrayBufferLike>; release(): void };
  copy?(): PyBufferOwner;
  destroy?(): void;
}

/** Releases queued: mailbox[0] ids at mailbox[1..]; call arguments from CALL_ARGS on (Note above). */
export const RELEASE_SLOTS = 256;
export const CALL_ARGS = RELEASE_SLOTS + 1;

let mailboxOwner: PyBufferOwner | null = null;
let mailboxBuffer: { data: Int32Array<ArrayBufferLike>; release(): void } | null = null;
let mailboxView: Int32Array<ArrayBufferLike> = new Int32Array(0);

/** The mailbox as an Int32Array over Python's memory. */
export function mailbox(): Int32Array<ArrayBufferLike> {
  // Growing the wasm memory detaches every view on it: take a fresh one.
  if (mailboxView.length === 0 && mailboxOwner !== null) {
    mailboxBuffer?.release();
    mailboxBuffer = mailboxOwner.getBuffer('i32');
    mailboxView = mailboxBuffer.data;
  }
  return mailboxView;
}

/** Gives back every id Python queued. The ids are copied out first: a release can run Python finalizers that queue more. */
export function settleReleases(): void {
  const v = mailbox();
  const n = v.length === 0 ? 0 : v[0]!;
  if (n === 0) return;
  if (n === 1) {
    // The common case: one wrapper died since the last call.
    v[0] = 0;
    releaseId(v[1]!);
    return;
  }
  const ids = v.slice(1, n + 1);
  v[0] = 0;
  for (const id of ids) releaseId(id);
}

/** Python hands over its mailbox once, at import (None to stop). */
function setMailbox(owner: PyBufferOwner | null | undefined): void {
  settleReleases();
  mailboxBuffer?.release();
  mailboxOwner?.destroy?.();
  mailboxBuffer = null;
  mailboxView = new Int32Array(0);
  mailboxOwner = owner ? (typeof owner.copy === 'function' ? owner.copy() : owner) : null;
  if (mailboxOwner && mailbox().length < CALL_ARGS + 3) throw new RangeError(`the mailbox needs ${CALL_ARGS + 3} int32 slots`);
  ledger.settleDeferredFrees = mailboxOwner ? settleReleases : null;
}

/** Arguments whose bit is set in `mask` are handles: replaced by their tensors, in place. */
export function resolveHandles(args: unknown[], mask: number): unknown[] {
  for (let i = 0; mask !== 0; i++, mask >>>= 1) if (mask & 1) args[i] = tensorOf(args[i] as number);
  return args;
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
  setMailbox,
  /** Called by Python when the mailbox's release queue is full. */
  settleReleases,
};
