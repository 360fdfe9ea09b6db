// The op table. Each op is declared once — name, Python signature, forward,
// derivative, what it saves, doc example, sample inputs — and everything else
// (the exported functions, Python bindings, autocompletion, gradient checks,
// PyTorch fixtures) is derived from the table.
import { isFloating } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { isGradEnabled, isInferenceMode, swapGradEnabled } from '../autograd/grad_mode.ts';
import { gradientEdge, Node, type Edge } from '../autograd/node.ts';
import { runtimeError } from '../errors/errors.ts';

/** What a forward returns: outputs, plus what the derivative will need. */
export interface ForwardResult<X = unknown> {
  out: Tensor | Tensor[];
  /** Tensors the derivative reads (inputs or outputs), saved only when a graph is recorded. */
  save?: Tensor[];
  /** Non-tensor facts for the derivative (sizes, flags). */
  extra?: X;
}

export interface BackwardContext<A, X = unknown> {
  readonly attrs: A;
  readonly saved: Tensor[];
  readonly extra: X;
  /** Input shapes and dtypes at forward time. */
  readonly inputs: readonly { shape: readonly number[]; dtype: Tensor['dtype'] }[];
  needsGrad(i: number): boolean;
}

/** A sample call for gradient checks and PyTorch fixtures. */
export interface Sample<A> {
  /** Tensor inputs, as [shape] (random float64) or explicit tensors. */
  inputs: Tensor[];
  attrs: A;
  label?: string;
}

export interface OpSpec<A, X = unknown> {
  /** PyTorch name, e.g. "add" (functions), "__getitem__" style names for methods. */
  name: string;
  /** Python signature as PyTorch documents it, e.g. "add(input, other, *, alpha=1)". */
  signature: string;
  /** PyTorch's grad_fn name; absent for ops that are not differentiable. */
  gradFn?: string;
  doc: string;
  /** A runnable Python example. */
  example: string;
  /** Which tensor inputs gradients flow to (default: all). */
  differentiable?: readonly number[];
  /** Outputs that never carry grad (indices). */
  nonDifferentiableOutputs?: readonly number[];
  forward(inputs: Tensor[], attrs: A): ForwardResult<X>;
  backward?(ctx: BackwardContext<A, X>, grads: Tensor[]): (Tensor | null)[];
  /** Sample inputs in float64 for gradcheck and fixtures. */
  samples?: () => Sample<A>[];
  /** Gradcheck is meaningless here (e.g. random masks): say why. */
  noGradcheck?: string;
  /**
   * CompositeImplicitAutograd (matmul, linear, conv2d): forward is written with
   * other ops, which record their own nodes, so runOp calls it with grad mode
   * as it is and records nothing itself; there is no gradFn or backward.
   */
  composite?: boolean;
}

export interface Op<A, X = unknown> {
  (inputs: Tensor[], attrs: A): Tensor[];
  readonly spec: OpSpec<A, X>;
}

export const opTable = new Map<string, OpSpec<any, any>>();

class OpNode<A, X> extends Node {
  readonly name: string;
  constructor(
    private readonly spec: OpSpec<A, X>,
    next: (Edge | null)[],
    private readonly attrs: A,
    private readonly extra: X,
    private readonly inputMeta: { shape: readonly number[]; dtype: Tensor['dtype'] }[],
  ) {
    super(next);
    this.name = spec.gradFn!;
  }

  apply(grads: (Tensor | null)[]): (Tensor | null)[] {
    this.checkSavedAvailable();
    const withGraph = isGradEnabled(); // create_graph: derivatives are recorded too
    const saved = this.saved.map((s) => s.unpack(withGraph));
    const filled = grads.map((g, i) => g ?? zerosFor(this.outputs[i]!));
    const ctx: BackwardContext<A, X> = {
      attrs: this.attrs,
      saved,
      extra: this.extra,
      inputs: this.inputMeta,
      needsGrad: (i) => this.next[i] !== null && this.next[i] !== undefined,
    };
    const result = this.spec.backward!(ctx, filled);
    return this.next.map((e, i) => (e ? (result[i] ?? null) : null));
  }
}

function zerosFor(meta: { shape: readonly number[]; dtype: Tensor['dtype'] }): Tensor {
  return Tensor.empty(meta.shape, meta.dtype);
}

/** Registers an op in the table and returns its callable form. */
export function defineOp<A, X = unknown>(spec: OpSpec<A, X>): Op<A, X> {
  if (opTable.has(spec.name)) throw new Error(`op ${spec.name} is declared twice`);
  opTable.set(spec.name, spec);
  const call = (inputs: Tensor[], attrs: A): Tensor[] => runOp(spec, inputs, attrs);
  return Object.assign(call, { spec });
}

/** Runs an op: forward without grad, then records a Node when autograd needs one. */
export function runOp<A, X>(spec: OpSpec<A, X>, inputs: Tensor[], attrs: A): Tensor[] {
  if (spec.composite) {
    const { out } = tidy(() => spec.forward(inputs, attrs), (r) => r.out);
    return Array.isArray(out) ? out : [out];
  }
  const record = spec.gradFn !== undefined && isGradEnabled() && anyDifferentiableRequiresGrad(spec, inputs);
  const gradWas = swapGradEnabled(false);
  let result: ForwardResult<X>;
  try {
    result = tidy(() => spec.forward(inputs, attrs), outOf);
  } finally {
    swapGradEnabled(gradWas);
  }
  const outs = Array.isArray(result.out) ? result.out : [result.out];
  if (isInferenceMode()) for (const o of outs) o.isInference = true;
  if (!record) {
    if (result.save !== undefined) releaseIntermediates(result, inputs, outs);
    return outs;
  }
  const differentiable = spec.differentiable ?? inputs.map((_, i) => i);
  const next: (Edge | null)[] = inputs.map((t, i) =>
    differentiable.includes(i) && t.requiresGrad ? gradientEdge(t) : null,
  );
  const node = new OpNode(
    spec,
    next,
    attrs,
    result.extra as X,
    inputs.map((t) => ({ shape: t.shape, dtype: t.dtype })),
  );
  node.outputs = outs.map((o) => ({ shape: o.shape, dtype: o.dtype }));
  const nonDiff = spec.nonDifferentiableOutputs ?? [];
  try {
    for (const t of result.save ?? []) node.save(t, outs.includes(t), outs.includes(t) ? outs.indexOf(t) : undefined);
  } catch (err) {
    node.retain();
    node.release();
    releaseIntermediates(result, inputs, outs);
    for (const o of outs) o.release();
    throw err;
  }
  node.retain(); // held while wiring outputs, so a node no output keeps is destroyed below
  outs.forEach((o, i) => {
    if (nonDiff.includes(i) || !isFloating(o.dtype)) return;
    o.gradFn = node;
    o.outputNr = i;
    node.retain();
  });
  releaseIntermediates(result, inputs, outs);
  node.announce();
  node.release();
  return outs;
}

const outOf = (r: ForwardResult<unknown>): Tensor | Tensor[] => r.out;

function anyDifferentiableRequiresGrad(spec: OpSpec<unknown, unknown>, inputs: Tensor[]): boolean {
  const d = spec.differentiable;
  if (d === undefined) {
    for (const t of inputs) if (t.requiresGrad) return true;
    return false;
  }
  for (const i of d) if (inputs[i]?.requiresGrad === true) return true;
  return false;
}

/** Intermediates a forward listed in `save` are owned by the node now (or by no one). */
function releaseIntermediates(result: ForwardResult<unknown>, inputs: Tensor[], outs: Tensor[]): void {
  for (const t of result.save ?? []) if (!inputs.includes(t) && !outs.includes(t)) t.release();
}

/** Convenience for single-output ops. */
export function run1<A>(op: Op<A, any>, inputs: Tensor[], attrs: A): Tensor {
  return op(inputs, attrs)[0]!;
}

export function requireFloatForGrad(t: Tensor): void {
  if (!isFloating(t.dtype)) throw runtimeError('Only Tensors of floating point and complex dtype can require gradients');
}
