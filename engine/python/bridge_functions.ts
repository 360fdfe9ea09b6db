// The ops' friendly TypeScript functions, callable from Python by name.
//
// Many PyTorch functions are composites over table ops with logic of their own
// (reshape views or copies, contiguous returns self, split, flatten...). Each op
// module exports them as plain functions; Python calls
// `_glassgrad.fn("reshape", h, [2, 3])` with the function's own parameters.
// Python lists arrive as JS arrays; None arrives as undefined, so a parameter's
// TypeScript default applies. Returned tensors are owned by the caller.
import * as random from '../core/random.ts';
import * as clamp from '../ops/clamp.ts';
import * as compare from '../ops/compare.ts';
import * as conv from '../ops/conv.ts';
import * as creation from '../ops/creation.ts';
import * as creationRandom from '../ops/creation_random.ts';
import * as inplace from '../ops/inplace.ts';
import * as layoutCopy from '../ops/layout_copy.ts';
import * as layoutDims from '../ops/layout_dims.ts';
import * as layoutJoin from '../ops/layout_join.ts';
import * as layoutReorder from '../ops/layout_reorder.ts';
import * as layoutSlicing from '../ops/layout_slicing.ts';
import * as layoutSplit from '../ops/layout_split.ts';
import * as layoutStrided from '../ops/layout_strided.ts';
import * as layoutViews from '../ops/layout_views.ts';
import * as linalg from '../ops/linalg.ts';
import * as nnActivation from '../ops/nn_activation.ts';
import * as nnDropout from '../ops/nn_dropout.ts';
import * as nnEmbedding from '../ops/nn_embedding.ts';
import * as nnLoss from '../ops/nn_loss.ts';
import * as nnLossElementwise from '../ops/nn_loss_elementwise.ts';
import * as nnNorm from '../ops/nn_norm.ts';
import * as nnPad from '../ops/nn_pad.ts';
import * as indexing from '../ops/indexing.ts';
import * as pointwiseBinary from '../ops/pointwise_binary.ts';
import * as pointwiseTernary from '../ops/pointwise_ternary.ts';
import * as pointwiseUnary from '../ops/pointwise_unary.ts';
import * as pool from '../ops/pool.ts';
import * as reduce from '../ops/reduce.ts';
import * as reduceMinmax from '../ops/reduce_minmax.ts';
import * as reduceStats from '../ops/reduce_stats.ts';
import * as softmax from '../ops/softmax.ts';
import { notImplemented } from '../errors/errors.ts';
import { rethrow, toJs } from './bridge_python.ts';
import { CALL_ARGS, handOut, mailbox, resolveHandles, tensorOf } from './bridge_handles.ts';
import { Tensor } from '../core/tensor.ts';

type AnyFn = (...args: unknown[]) => unknown;

/** Modules in priority order: the first module exporting a name provides it. */
const MODULES: Record<string, unknown>[] = [
  layoutViews,
  layoutDims,
  layoutCopy,
  layoutSlicing,
  layoutSplit,
  layoutJoin,
  layoutReorder,
  layoutStrided,
  reduce,
  reduceMinmax,
  reduceStats,
  pointwiseBinary,
  pointwiseUnary,
  pointwiseTernary,
  compare,
  clamp,
  inplace,
  creation,
  creationRandom,
  softmax,
  linalg,
  nnActivation,
  nnLoss,
  nnLossElementwise,
  nnNorm,
  nnEmbedding,
  nnDropout,
  nnPad,
  indexing,
  conv,
  pool,
  random,
];

const registry = new Map<string, AnyFn>();
for (const mod of MODULES) {
  for (const [name, value] of Object.entries(mod)) {
    // Op objects (defineOp results) carry a `spec`; they are reached through `op()` instead.
    if (typeof value === 'function' && !('spec' in value) && !registry.has(name)) registry.set(name, value as AnyFn);
  }
}

/**
 * Functions by number, for the two-tensor fast path (fnTT): Python looks a
 * number up once per name. Numbered in the registry's order, so a number means
 * the same function in every process running this engine: Python keeps the
 * numbers it got across a start-up snapshot (Note [Engine links] in torch/_bridge.py).
 */
const byCode: AnyFn[] = [...registry.values()];
const codeOf = new Map([...registry.keys()].map((name, code) => [name, code]));

/** The names fnCode numbers, in order: part of what a start-up snapshot of Python depends on. */
export function functionCodeNames(): string[] {
  return [...registry.keys()];
}

/**
 * `a <op> b` on two tensors by handle: the hottest call from Python (Tensor
 * operators). Its arguments — the function's number, then the two handles —
 * come through the mailbox (Note [Integer handles]), and it has a guard of its
 * own instead of the generic rest-argument one.
 */
export function fnTT(): number {
  try {
    const m = mailbox();
    const r = byCode[m[CALL_ARGS]!]!(tensorOf(m[CALL_ARGS + 1]!), tensorOf(m[CALL_ARGS + 2]!));
    if (!(r instanceof Tensor)) throw new TypeError('fnTT: the function returned no tensor');
    return handOut(r);
  } catch (err) {
    rethrow(err);
  }
}

export const functionsBridge = {
  /** The number fnTT knows function `name` by. */
  fnCode(name: string): number {
    const code = codeOf.get(name);
    if (code === undefined) throw notImplemented(`'${name}' is not implemented in Glassgrad yet.`);
    return code;
  },
  /** Calls an op module's exported function by name: fn("reshape", h, [2, 3]). */
  fn(name: string, ...args: unknown[]): unknown {
    const f = registry.get(name);
    if (!f) throw notImplemented(`'${name}' is not implemented in Glassgrad yet.`);
    return f(...args.map(toJs));
  },
  /**
   * fn() over handles (Note [Integer handles]) for functions that return one
   * tensor: argument i is a tensor handle when bit i of mask is set; returns
   * the result's handle.
   */
  fnT(name: string, mask: number, ...args: unknown[]): number {
    const f = registry.get(name);
    if (!f) throw notImplemented(`'${name}' is not implemented in Glassgrad yet.`);
    const r = f(...resolveHandles(args.map(toJs), mask));
    if (!(r instanceof Tensor)) throw new TypeError(`fnT('${name}') returned ${typeof r}, not a tensor`);
    return handOut(r);
  },
  hasFn(name: string): boolean {
    return registry.has(name);
  },
  fnNames(): string[] {
    return [...registry.keys()].sort();
  },
};
