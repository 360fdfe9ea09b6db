// Calling any op of the table from Python, by name.
//
// Python calls `_glassgrad.opI("add", mask, a, b, alpha=2)`: positional
// arguments are the op's tensor inputs (handles, where the mask's bit is set,
// or Python numbers, which are wrapped as PyTorch wraps scalars), keyword
// arguments are its attrs (camelCase, as the op declares them). The result is
// handed to Python as a handle (Note [Integer handles]); opN returns engine
// tensors the caller owns, per Note [Tensor ownership].
import { Tensor } from '../core/tensor.ts';
import { opTable, runOp, type OpSpec } from '../ops/define.ts';
import '../ops/all.ts';
import { notImplemented } from '../errors/errors.ts';
import { wrapScalar } from '../ops/util.ts';
import { isKwargs, toAttrs, toJs } from './bridge_python.ts';
import { handOut, resolveHandles } from './bridge_handles.ts';

function specOf(name: string): OpSpec<unknown, unknown> {
  const spec = opTable.get(name);
  if (!spec) throw notImplemented(`The operator '${name}' is not implemented in Glassgrad yet.`);
  return spec as OpSpec<unknown, unknown>;
}

function call(name: string, args: unknown[]): Tensor[] {
  const spec = specOf(name);
  let attrs: Record<string, unknown> = {};
  if (args.length > 0 && isKwargs(args[args.length - 1])) attrs = toAttrs(args.pop());
  const wrapped: Tensor[] = [];
  const inputs: Tensor[] = [];
  for (const a of args) {
    const v = toJs(a);
    if (v instanceof Tensor) inputs.push(v);
    else if (Array.isArray(v)) {
      for (const item of v) inputs.push(asTensor(item, wrapped));
    } else inputs.push(asTensor(v, wrapped));
  }
  try {
    return runOp(spec, inputs, attrs);
  } finally {
    for (const w of wrapped) w.release();
  }
}

function asTensor(v: unknown, wrapped: Tensor[]): Tensor {
  if (v instanceof Tensor) return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint' || typeof v === 'string') {
    // A string is a float with an integral value, sent as its repr (JS has one number type).
    const w = typeof v === 'string' ? wrapScalar(Number(v), 'float64') : wrapScalar(typeof v === 'bigint' ? Number(v) : v);
    wrapped.push(w);
    return w;
  }
  throw new TypeError(`op input must be a tensor or a number, got ${typeof v}`);
}

export const opsBridge = {
  /**
   * op() over handles (Note [Integer handles]): opI(name, mask, ...inputs, kwargs),
   * where input i is a tensor handle when bit i of mask is set. Returns the
   * result's handle.
   */
  opI(name: string, mask: number, ...args: unknown[]): number {
    const outs = call(name, resolveHandles(args, mask));
    for (let i = 1; i < outs.length; i++) outs[i]!.release();
    return handOut(outs[0]!);
  },
  /** Runs an op and returns every output (a JS array of tensors). */
  opN(name: string, ...args: unknown[]): Tensor[] {
    return call(name, args);
  },
  hasOp(name: string): boolean {
    return opTable.has(name);
  },
  opNames(): string[] {
    return [...opTable.keys()].sort();
  },
  /** The op's Python signature and doc, for help() and autocompletion. */
  opInfo(name: string): { signature: string; doc: string; example: string; gradFn: string | null } {
    const s = specOf(name);
    return { signature: s.signature, doc: s.doc, example: s.example, gradFn: s.gradFn ?? null };
  },
};
