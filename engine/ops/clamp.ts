// clamp, clamp_min, clamp_max: number bounds and tensor bounds are different
// ATen overloads with different nodes (ClampBackward1 vs ClampBackward0), so
// each is its own row.
import { getDefaultDtype, isFloating, resultType, type DType, type Operand } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { mapBinary, mapTernary, mapUnary } from '../kernels/elementwise.ts';
import { runtimeError } from '../errors/errors.ts';
import { defineOp, run1, type Sample } from './define.ts';
import { randomSample } from './samples.ts';
import { scalarTo } from './creation.ts';
import { ge, gt, le, logicalAnd, logicalOr, lt } from './compare.ts';
import { where } from './pointwise_binary.ts';
import { promote, reduceGrad, wrapScalar, type TensorOrScalar } from './util.ts';

/** A number bound; `isFloat` marks a Python float (1.0 is a float in Python). */
export interface Bound {
  value: number;
  isFloat: boolean;
}

export interface ClampAttrs {
  min: Bound | null;
  max: Bound | null;
}
interface BoundAttr {
  bound: Bound;
}
interface TensorBounds {
  hasMin: boolean;
  hasMax: boolean;
}

const NONE_GIVEN = "torch.clamp: At least one of 'min' or 'max' must not be None";

/** min(max(x, lo), hi), NaN if anything is NaN (ATen's vectorised clamp). */
export function clampValue(x: number, lo: number, hi: number): number {
  if (x !== x || lo !== lo || hi !== hi) return NaN;
  return Math.min(Math.max(x, lo), hi);
}

function boundOperand(b: Bound): Operand {
  return { kind: 'scalar', value: b.isFloat || !Number.isInteger(b.value) ? 0.5 : 1 };
}

/**
 * The dtype of clamp with number bounds: a floating input keeps its dtype;
 * otherwise the bounds take part in type promotion (clamp of an int tensor
 * by 2.5 is float).
 */
export function clampScalarDtype(x: Tensor, bounds: readonly (Bound | null)[]): DType {
  if (isFloating(x.dtype)) return x.dtype;
  const ops: Operand[] = [{ kind: 'tensor', dtype: x.dtype, dim: x.ndim }];
  for (const b of bounds) if (b) ops.push(boundOperand(b));
  return resultType(ops);
}

/** A bound converted to the computation dtype (Scalar::to<T>, with its overflow check). */
export function boundIn(dtype: DType, b: Bound | null, missing: number): number {
  return b ? scalarTo(dtype, b.value, b.isFloat) : missing;
}

/** where(mask, g, 0): the gradient where the mask holds. */
function gradWhere(mask: Tensor, g: Tensor): Tensor {
  return where(mask, g, 0);
}

const xSample = () => randomSample([3, 4]);
const scalarSamples = (attrs: ClampAttrs) => (): Sample<ClampAttrs>[] => [
  { inputs: [xSample()], attrs },
  { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs, label: 'non-contiguous' },
];

export const clampOp = defineOp<ClampAttrs>({
  name: 'clamp',
  signature: 'clamp(input, min=None, max=None, *, out=None)',
  gradFn: 'ClampBackward1',
  doc: 'Limits every element to [min, max]; either bound may be None. When min > max every element becomes max.',
  example: 'torch.clamp(torch.tensor([-2., 0.5, 3.]), min=-1, max=1)',
  forward: ([x], { min, max }) => {
    if (!min && !max) throw runtimeError(NONE_GIVEN);
    const dtype = clampScalarDtype(x!, [min, max]);
    const lo = boundIn(dtype, min, -Infinity);
    const hi = boundIn(dtype, max, Infinity);
    return { out: mapUnary(x!, dtype, (v) => clampValue(v, lo, hi)), save: [x!] };
  },
  backward: (ctx, [g]) => {
    const x = ctx.saved[0]!;
    const { min, max } = ctx.attrs;
    const lo = min ? boundIn(x.dtype, min, 0) : null;
    const hi = max ? boundIn(x.dtype, max, 0) : null;
    let mask: Tensor;
    if (lo !== null && hi !== null) mask = logicalAnd(ge(x, lo), le(x, hi));
    else if (lo !== null) mask = ge(x, lo);
    else mask = le(x, hi!);
    return [gradWhere(mask, g!)];
  },
  samples: scalarSamples({ min: { value: -0.5, isFloat: true }, max: { value: 0.5, isFloat: true } }),
});

export const clampTensorOp = defineOp<TensorBounds>({
  name: 'clamp.Tensor',
  signature: 'clamp(input, min=None, max=None, *, out=None)',
  gradFn: 'ClampBackward0',
  doc: 'clamp with tensor bounds, broadcast against the input; the bounds get gradients where they are active.',
  example: 'torch.clamp(torch.tensor([-2., 0.5, 3.]), torch.tensor(-1.), torch.tensor([1., 0., 2.]))',
  forward: (inputs, { hasMin, hasMax }) => {
    if (!hasMin && !hasMax) throw runtimeError(NONE_GIVEN);
    const [x, lo, hi] = inputs;
    const present = [x!, ...(hasMin ? [lo!] : []), ...(hasMax ? [hi!] : [])];
    const dtype = promote(...present);
    let out: Tensor;
    if (hasMin && hasMax) out = mapTernary(x!, lo!, hi!, dtype, clampValue);
    else if (hasMin) out = mapBinary(x!, lo!, dtype, (v, l) => clampValue(v, l, Infinity));
    else out = mapBinary(x!, hi!, dtype, (v, h) => clampValue(v, -Infinity, h));
    return { out, save: present };
  },
  backward: (ctx, [g]) => {
    const { hasMin, hasMax } = ctx.attrs;
    const x = ctx.saved[0]!;
    const lo = hasMin ? ctx.saved[1]! : null;
    const hi = hasMax ? ctx.saved[hasMin ? 2 : 1]! : null;
    const grads: (Tensor | null)[] = [null, null, null];
    if (ctx.needsGrad(0)) {
      let mask: Tensor;
      if (lo && hi) mask = logicalAnd(ge(x, lo), le(x, hi));
      else if (lo) mask = ge(x, lo);
      else mask = le(x, hi!);
      grads[0] = reduceGrad(gradWhere(mask, g!), ctx.inputs[0]!);
    }
    // If min > max, min gets no gradient and max gets all of it (clamp_backward_min_max).
    if (lo && ctx.needsGrad(1)) {
      const mask = hi ? logicalAnd(lt(x, lo), lt(lo, hi)) : lt(x, lo);
      grads[1] = reduceGrad(gradWhere(mask, g!), ctx.inputs[1]!);
    }
    if (hi && ctx.needsGrad(2)) {
      const mask = lo ? logicalOr(gt(x, hi), lt(hi, lo)) : gt(x, hi);
      grads[2] = reduceGrad(gradWhere(mask, g!), ctx.inputs[2]!);
    }
    return grads;
  },
  samples: () => [
    { inputs: [xSample(), randomSample([3, 4], 'unit'), randomSample([4], 'positive')], attrs: { hasMin: true, hasMax: true } },
    { inputs: [xSample(), randomSample([1, 4], 'unit'), absentBound()], attrs: { hasMin: true, hasMax: false }, label: 'min only, broadcast' },
    { inputs: [randomSample([4, 3], undefined, { transposed: true }), absentBound(), randomSample([4, 3])], attrs: { hasMin: false, hasMax: true }, label: 'max only, non-contiguous' },
  ],
});

const minMaxSamples = () => (): Sample<BoundAttr>[] => [
  { inputs: [xSample()], attrs: { bound: { value: 0.25, isFloat: true } } },
  { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: { bound: { value: -1, isFloat: false } }, label: 'non-contiguous' },
];
const binarySamples = () => [
  { inputs: [xSample(), randomSample([3, 4])], attrs: {} },
  { inputs: [xSample(), randomSample([4])], attrs: {}, label: 'broadcast' },
];

export const clampMinOp = defineOp<BoundAttr>({
  name: 'clamp_min',
  signature: 'clamp_min(input, min, *, out=None)',
  gradFn: 'ClampMinBackward0',
  doc: 'max(input, min) for a number min.',
  example: 'torch.clamp_min(torch.tensor([-1., 2.]), 0)',
  forward: ([x], { bound }) => {
    const dtype = clampScalarDtype(x!, [bound]);
    const lo = boundIn(dtype, bound, 0);
    return { out: mapUnary(x!, dtype, (v) => clampValue(v, lo, Infinity)), save: [x!] };
  },
  backward: (ctx, [g]) => [gradWhere(ge(ctx.saved[0]!, boundIn(ctx.saved[0]!.dtype, ctx.attrs.bound, 0)), g!)],
  samples: minMaxSamples(),
});

export const clampMinTensorOp = defineOp<Record<string, never>>({
  name: 'clamp_min.Tensor',
  signature: 'clamp_min(input, min, *, out=None)',
  gradFn: 'ClampMinBackward1',
  doc: 'max(input, min) for a tensor min, broadcast.',
  example: 'torch.clamp_min(torch.tensor([-1., 2.]), torch.tensor([0., 3.]))',
  forward: ([x, lo]) => ({ out: mapBinary(x!, lo!, promote(x!, lo!), (v, l) => clampValue(v, l, Infinity)), save: [x!, lo!] }),
  backward: (ctx, [g]) => {
    const [x, lo] = ctx.saved;
    return [
      ctx.needsGrad(0) ? reduceGrad(gradWhere(ge(x!, lo!), g!), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(gradWhere(lt(x!, lo!), g!), ctx.inputs[1]!) : null,
    ];
  },
  samples: binarySamples,
});

export const clampMaxOp = defineOp<BoundAttr>({
  name: 'clamp_max',
  signature: 'clamp_max(input, max, *, out=None)',
  gradFn: 'ClampMaxBackward0',
  doc: 'min(input, max) for a number max.',
  example: 'torch.clamp_max(torch.tensor([-1., 2.]), 1)',
  forward: ([x], { bound }) => {
    const dtype = clampScalarDtype(x!, [bound]);
    const hi = boundIn(dtype, bound, 0);
    return { out: mapUnary(x!, dtype, (v) => clampValue(v, -Infinity, hi)), save: [x!] };
  },
  backward: (ctx, [g]) => [gradWhere(le(ctx.saved[0]!, boundIn(ctx.saved[0]!.dtype, ctx.attrs.bound, 0)), g!)],
  samples: minMaxSamples(),
});

export const clampMaxTensorOp = defineOp<Record<string, never>>({
  name: 'clamp_max.Tensor',
  signature: 'clamp_max(input, max, *, out=None)',
  gradFn: 'ClampMaxBackward1',
  doc: 'min(input, max) for a tensor max, broadcast.',
  example: 'torch.clamp_max(torch.tensor([-1., 2.]), torch.tensor([0., 3.]))',
  forward: ([x, hi]) => ({ out: mapBinary(x!, hi!, promote(x!, hi!), (v, h) => clampValue(v, -Infinity, h)), save: [x!, hi!] }),
  backward: (ctx, [g]) => {
    const [x, hi] = ctx.saved;
    return [
      ctx.needsGrad(0) ? reduceGrad(gradWhere(le(x!, hi!), g!), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(gradWhere(gt(x!, hi!), g!), ctx.inputs[1]!) : null,
    ];
  },
  samples: binarySamples,
});

/**
 * A stand-in for an absent tensor bound, so the node keeps one edge per
 * argument as PyTorch's does (next_functions shows (None, 0) for it).
 * Zero elements, so it holds no memory.
 */
export function absentBound(dtype: DType = getDefaultDtype()): Tensor {
  return Tensor.empty([0], dtype);
}

/** A number or a wrapped Python number as a Bound; null for a real tensor. */
export function asBound(v: TensorOrScalar): Bound | null {
  if (v instanceof Tensor) {
    if (!v.wrappedNumber) return null;
    return { value: v.toArray()[0]!, isFloat: isFloating(v.dtype) };
  }
  return { value: typeof v === 'boolean' ? Number(v) : v, isFloat: !Number.isInteger(v) };
}

type OptBound = TensorOrScalar | null | undefined;

/** Whether clamp's bounds select the tensor overload (some bound is a real tensor). */
export function isTensorClamp(min: OptBound, max: OptBound): boolean {
  const isTensor = (v: OptBound) => v instanceof Tensor && !v.wrappedNumber;
  return isTensor(min) || isTensor(max);
}

/** Runs clamp.Tensor with numbers wrapped and absent bounds stood in for. */
export function withTensorBounds<T>(x: Tensor, min: OptBound, max: OptBound, fn: (inputs: Tensor[], attrs: TensorBounds) => T): T {
  const owned: Tensor[] = [];
  const asTensor = (v: OptBound): Tensor => {
    if (v instanceof Tensor) return v;
    // Made outside any enclosing scope: released here, once, even if the node saved it.
    const t = tidy(() => (v === null || v === undefined ? absentBound(x.dtype) : wrapScalar(v)), () => []);
    owned.push(t);
    return t;
  };
  const hasMin = min !== null && min !== undefined;
  const hasMax = max !== null && max !== undefined;
  try {
    return fn([x, asTensor(min), asTensor(max)], { hasMin, hasMax });
  } finally {
    for (const t of owned) t.release();
  }
}

/**
 * torch.clamp(input, min=None, max=None): numbers select ClampBackward1,
 * tensors ClampBackward0 (numbers beside a tensor bound are wrapped).
 *
 * ```ts
 * clamp(x, -1, 1);            // grad_fn ClampBackward1
 * clamp(x, tensor(-1.), 1);   // grad_fn ClampBackward0
 * clamp(x);                   // RuntimeError: torch.clamp: At least one of 'min' or 'max' must not be None
 * ```
 */
export function clamp(x: Tensor, min?: OptBound, max?: OptBound): Tensor {
  if (isTensorClamp(min, max)) return withTensorBounds(x, min, max, (ts, attrs) => run1(clampTensorOp, ts, attrs));
  const lo = min === null || min === undefined ? null : asBound(min);
  const hi = max === null || max === undefined ? null : asBound(max);
  return run1(clampOp, [x], { min: lo, max: hi });
}

/** torch.clamp_min(input, min): `clampMin(x, 0)` is relu-like. */
export function clampMin(x: Tensor, min: TensorOrScalar): Tensor {
  const b = asBound(min);
  return b ? run1(clampMinOp, [x], { bound: b }) : run1(clampMinTensorOp, [x, min as Tensor], {});
}

/** torch.clamp_max(input, max). */
export function clampMax(x: Tensor, max: TensorOrScalar): Tensor {
  const b = asBound(max);
  return b ? run1(clampMaxOp, [x], { bound: b }) : run1(clampMaxTensorOp, [x, max as Tensor], {});
}

/** torch.clip is an alias of torch.clamp. */
export const clip = clamp;
