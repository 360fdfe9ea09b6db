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
// ids it handed out: a Python wrapper gives its id back exactly once
// (`releaseId`, from `__del__`), so the ledger follows Python's lifetimes as
// before (Note [Tensor wrappers] in torch/_tensor.py). An id handed out for a
// tensor the table already holds comes back negated: Python then looks up the
// live wrapper (an op may return one of its inputs) and gives the extra id back.
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';

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
};
