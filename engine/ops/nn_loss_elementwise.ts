// Elementwise losses: mse_loss, l1_loss (a composite, as in ATen: abs(input -
// target) then mean/sum), smooth_l1_loss, huber_loss, binary_cross_entropy and
// binary_cross_entropy_with_logits. Each op saves self and target (and the
// weights) as derivatives.yaml says, computes its reduction inside the kernel
// (one node, as ATen's fused losses), and writes its derivative with engine
// ops. The functional wrappers do what torch/nn/functional.py does first:
// warn about or reject mismatched shapes and broadcast the pair.
import { isFloating, type DType } from '../core/dtype.ts';
import { broadcastShapes, sameShape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError, scalarTypeName, valueError, warn } from '../errors/errors.ts';
import { contiguousData, mapBinary, mapTernary, mapUnary } from '../kernels/elementwise.ts';
import { fastBinary } from '../kernels/elementwise_fast.ts';
import { squaredDifferenceRows } from '../kernels/elementwise_rows_math.ts';
import { defineOp, run1, type Sample } from './define.ts';
import { expand } from './layout_views.ts';
import { add, div, maximum, mul, sub, where } from './pointwise_binary.ts';
import { abs, log, neg, sigmoidOp } from './pointwise_unary.ts';
import { mean, sum } from './reduce.ts';
import { logSigmoid } from './nn_activation.ts';
import { checkReduction, fmtSize, rounder, type Reduction } from './nn_common.ts';
import { promote, reduceGrad } from './util.ts';
import { randomSample } from './samples.ts';

type ReductionAttrs = { reduction: Reduction };

/** The elementwise loss reduced as ATen's apply_loss_reduction: none, mean or sum (summed in double, rounded once). */
function reduceLoss(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  const data = contiguousData(loss);
  let total = 0;
  for (let i = 0; i < data.length; i++) total += data[i]!;
  const out = Tensor.empty([], loss.dtype);
  out.storage.data[0] = rounder(loss.dtype)(reduction === 'mean' ? total / data.length : total);
  return out;
}

/** 1/numel for 'mean', else 1: the factor every derivative carries. */
function normFor(reduction: Reduction, shape: readonly number[]): number {
  return reduction === 'mean' ? 1 / shape.reduce((a, b) => a * b, 1) : 1;
}

function lossDtype(input: Tensor, target: Tensor, kernel: string): DType {
  const dtype = promote(input, target);
  if (!isFloating(dtype)) throw runtimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
  return dtype;
}

const pairSamples = <A>(attrs: A[], domain?: 'probability') => (): Sample<A>[] => [
  { inputs: [randomSample([3, 4], domain), randomSample([3, 4], domain)], attrs: attrs[0]! },
  { inputs: [randomSample([4, 3], domain, { transposed: true }), randomSample([4, 3], domain)], attrs: attrs[1] ?? attrs[0]!, label: 'non-contiguous' },
  { inputs: [randomSample([5], domain), randomSample([5], domain)], attrs: attrs[2] ?? attrs[0]!, label: '1-D' },
];
const reductions: ReductionAttrs[] = [{ reduction: 'mean' }, { reduction: 'sum' }, { reduction: 'none' }];

// ---------------------------------------------------------------------------

/** mse_loss's elementwise term, with fast rows (Note [Fast elementwise rows]). */
const squaredDifference = fastBinary((a: number, b: number) => (a - b) * (a - b), squaredDifferenceRows);

export const mseLossOp = defineOp<ReductionAttrs>({
  name: 'mse_loss',
  signature: "mse_loss(input, target, size_average=None, reduce=None, reduction='mean')",
  gradFn: 'MseLossBackward0',
  doc: 'The squared error (input - target)^2, averaged (or summed, or kept) over elements.',
  example: 'torch.nn.functional.mse_loss(torch.tensor([1., 2.]), torch.tensor([1.5, 4.]))',
  forward: ([x, t], { reduction }) => {
    const dtype = lossDtype(x!, t!, 'mse_cpu');
    const loss = mapBinary(x!, t!, dtype, squaredDifference);
    return { out: reduceLoss(loss, reduction), save: [x!, t!] };
  },
  backward: (ctx, [g]) => {
    const [x, t] = ctx.saved;
    const gi = mul(mul(sub(x!, t!), 2 * normFor(ctx.attrs.reduction, ctx.inputs[0]!.shape)), g!);
    return [ctx.needsGrad(0) ? reduceGrad(gi, ctx.inputs[0]!) : null, ctx.needsGrad(1) ? reduceGrad(neg(gi), ctx.inputs[1]!) : null];
  },
  samples: pairSamples(reductions),
});

type SmoothL1Attrs = { reduction: Reduction; beta: number };
export const smoothL1LossOp = defineOp<SmoothL1Attrs>({
  name: 'smooth_l1_loss',
  signature: "smooth_l1_loss(input, target, size_average=None, reduce=None, reduction='mean', beta=1.0)",
  gradFn: 'SmoothL1LossBackward0',
  doc: '0.5 * z^2 / beta where z = |input - target| < beta, z - 0.5 * beta elsewhere; reduced.',
  example: 'torch.nn.functional.smooth_l1_loss(torch.tensor([1., 2.]), torch.tensor([1.5, 4.]))',
  forward: ([x, t], { reduction, beta }) => {
    if (beta < 0) throw runtimeError('smooth_l1_loss does not support negative values for beta.');
    const dtype = lossDtype(x!, t!, 'smooth_l1_cpu');
    const loss = mapBinary(x!, t!, dtype, (a, b) => {
      const z = Math.abs(a - b);
      return z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta;
    });
    return { out: reduceLoss(loss, reduction), save: [x!, t!] };
  },
  backward: (ctx, [g]) => {
    const [x, t] = ctx.saved;
    const { beta, reduction } = ctx.attrs;
    const d = sub(x!, t!);
    const slope = where(maskOf(d, (v) => v <= -beta), -1, where(maskOf(d, (v) => v >= beta), 1, div(d, beta)));
    const gi = mul(mul(slope, normFor(reduction, ctx.inputs[0]!.shape)), g!);
    return [ctx.needsGrad(0) ? reduceGrad(gi, ctx.inputs[0]!) : null, ctx.needsGrad(1) ? reduceGrad(neg(gi), ctx.inputs[1]!) : null];
  },
  samples: pairSamples([
    { reduction: 'mean', beta: 1 },
    { reduction: 'sum', beta: 0.5 },
    { reduction: 'none', beta: 2 },
  ]),
});

type HuberAttrs = { reduction: Reduction; delta: number };
export const huberLossOp = defineOp<HuberAttrs>({
  name: 'huber_loss',
  signature: "huber_loss(input, target, reduction='mean', delta=1.0)",
  gradFn: 'HuberLossBackward0',
  doc: '0.5 * z^2 where z = |input - target| < delta, delta * (z - 0.5 * delta) elsewhere; reduced.',
  example: 'torch.nn.functional.huber_loss(torch.tensor([1., 2.]), torch.tensor([1.5, 4.]))',
  forward: ([x, t], { reduction, delta }) => {
    if (delta <= 0) throw runtimeError('huber_loss does not support non-positive values for delta.');
    const dtype = lossDtype(x!, t!, 'huber_cpu');
    const loss = mapBinary(x!, t!, dtype, (a, b) => {
      const z = Math.abs(a - b);
      return z < delta ? 0.5 * z * z : delta * (z - 0.5 * delta);
    });
    return { out: reduceLoss(loss, reduction), save: [x!, t!] };
  },
  backward: (ctx, [g]) => {
    const [x, t] = ctx.saved;
    const { delta, reduction } = ctx.attrs;
    const d = sub(x!, t!);
    const slope = where(maskOf(d, (v) => v <= -delta), -delta, where(maskOf(d, (v) => v >= delta), delta, d));
    const gi = mul(mul(slope, normFor(reduction, ctx.inputs[0]!.shape)), g!);
    return [ctx.needsGrad(0) ? reduceGrad(gi, ctx.inputs[0]!) : null, ctx.needsGrad(1) ? reduceGrad(neg(gi), ctx.inputs[1]!) : null];
  },
  samples: pairSamples([
    { reduction: 'mean', delta: 1 },
    { reduction: 'sum', delta: 0.5 },
    { reduction: 'none', delta: 2 },
  ]),
});

function maskOf(x: Tensor, pred: (v: number) => boolean): Tensor {
  return mapUnary(x, 'bool', (v) => (pred(v) ? 1 : 0));
}

// ---------------------------------------------------------------------------
// Binary cross entropy. Inputs: [input, target] or [input, target, weight]
// (the functional form has already expanded weight to the input's shape).

const BCE_EPSILON = 1e-12;

export const binaryCrossEntropyOp = defineOp<ReductionAttrs>({
  name: 'binary_cross_entropy',
  signature: "binary_cross_entropy(input, target, weight=None, size_average=None, reduce=None, reduction='mean')",
  gradFn: 'BinaryCrossEntropyBackward0',
  doc: '-weight * (target * log(input) + (1 - target) * log(1 - input)), each log clamped at -100; reduced.',
  example: 'torch.nn.functional.binary_cross_entropy(torch.tensor([0.8, 0.3]), torch.tensor([1., 0.]))',
  differentiable: [0, 1],
  forward: (inputs, { reduction }) => {
    const [x, t, w] = inputs as [Tensor, Tensor, Tensor | undefined];
    if (!isFloating(x.dtype)) throw runtimeError(`"binary_cross_entropy" not implemented for '${scalarTypeName(x.dtype)}'`);
    for (const other of w ? [t, w] : [t]) {
      if (other.dtype !== x.dtype) throw runtimeError(`Found dtype ${scalarTypeName(other.dtype)} but expected ${scalarTypeName(x.dtype)}`);
    }
    let loss = mapBinary(x, t, x.dtype, (xv, tv) => {
      if (!(xv >= 0 && xv <= 1)) throw runtimeError('all elements of input should be between 0 and 1');
      if (!(tv >= 0 && tv <= 1)) throw runtimeError('all elements of target should be between 0 and 1');
      return (tv - 1) * Math.max(Math.log1p(-xv), -100) - tv * Math.max(Math.log(xv), -100);
    });
    if (w) loss = mapBinary(loss, w, x.dtype, (a, b) => a * b);
    return { out: reduceLoss(loss, reduction), save: w ? [x, t, w] : [x, t] };
  },
  backward: (ctx, [g]) => {
    const [x, t, w] = ctx.saved;
    const norm = normFor(ctx.attrs.reduction, ctx.inputs[0]!.shape);
    const scale = (v: Tensor) => {
      let r = mul(v, g!);
      if (w) r = mul(r, w);
      return norm === 1 ? r : div(r, 1 / norm);
    };
    let gx: Tensor | null = null;
    let gt: Tensor | null = null;
    if (ctx.needsGrad(0)) {
      const eps = Tensor.empty([], x!.dtype);
      eps.storage.data[0] = BCE_EPSILON;
      gx = reduceGrad(scale(div(sub(x!, t!), maximum(mul(sub(1, x!), x!), eps))), ctx.inputs[0]!);
    }
    // -logit(input) = log(1 - input) - log(input)
    if (ctx.needsGrad(1)) gt = reduceGrad(scale(sub(log(sub(1, x!)), log(x!))), ctx.inputs[1]!);
    return [gx, gt, null];
  },
  samples: () => [
    ...pairSamples(reductions, 'probability')(),
    {
      inputs: [randomSample([3, 4], 'probability'), randomSample([3, 4], 'probability'), randomSample([3, 4], 'positive')],
      attrs: { reduction: 'mean' },
      label: 'weight',
    },
  ],
});

type LogitsAttrs = ReductionAttrs & { hasWeight: boolean; hasPosWeight: boolean };

/** log_sigmoid(x) = min(x, 0) - log1p(exp(-|x|)). */
const logSigmoidValue = (v: number) => Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v)));

export const bceWithLogitsOp = defineOp<LogitsAttrs>({
  name: 'binary_cross_entropy_with_logits',
  signature: "binary_cross_entropy_with_logits(input, target, weight=None, size_average=None, reduce=None, reduction='mean', pos_weight=None)",
  gradFn: 'BinaryCrossEntropyWithLogitsBackward0',
  doc: 'Binary cross entropy of sigmoid(input), computed stably from the logits: (1 - t) * x - log_sigmoid(x) * (1 + (pos_weight - 1) * t), weighted and reduced.',
  example: 'torch.nn.functional.binary_cross_entropy_with_logits(torch.tensor([2., -1.]), torch.tensor([1., 0.]))',
  differentiable: [0, 1],
  forward: (inputs, attrs) => {
    const { x, t, w, pw } = unpackLogits(inputs, attrs);
    const dtype = lossDtype(x, t, 'binary_cross_entropy_with_logits');
    const logSig = pw
      ? mapTernary(x, t, pw, dtype, (xv, tv, p) => logSigmoidValue(xv) * ((p - 1) * tv + 1))
      : mapUnary(x, dtype, logSigmoidValue);
    // ATen: (1 - target).mul_(input).sub_(log_sigmoid): the result is laid out as the target is.
    let loss = mapTernary(t, x, logSig, dtype, (tv, xv, ls) => (1 - tv) * xv - ls);
    if (w) loss = mapBinary(loss, w, dtype, (a, b) => a * b);
    if (!sameShape(loss.shape, x.shape)) throw runtimeError(`output with shape ${fmtShapeOf(x)} doesn't match the broadcast shape ${fmtShapeOf(loss)}`);
    const save = [x, t, ...(w ? [w] : []), ...(pw ? [pw] : [])];
    return { out: reduceLoss(loss, attrs.reduction), save };
  },
  backward: (ctx, [g]) => {
    const { x, t, w, pw } = unpackLogits(ctx.saved, ctx.attrs);
    const norm = normFor(ctx.attrs.reduction, ctx.inputs[0]!.shape);
    const scale = (v: Tensor) => {
      let r = mul(v, g!);
      if (w) r = mul(r, w);
      return norm === 1 ? r : div(r, 1 / norm);
    };
    let gx: Tensor | null = null;
    let gt: Tensor | null = null;
    if (ctx.needsGrad(0)) {
      const s = sigmoidOp(x);
      // pos_weight: (pw * t + 1 - t) * sigmoid(x) - pw * t; else sigmoid(x) - t.
      const d = pw ? sub(mul(sub(add(mul(pw, t), 1), t), s), mul(pw, t)) : sub(s, t);
      gx = reduceGrad(scale(d), ctx.inputs[0]!);
    }
    if (ctx.needsGrad(1)) {
      const d = pw ? sub(logSigmoid(neg(x)), mul(logSigmoid(x), pw)) : neg(x);
      gt = reduceGrad(scale(d), ctx.inputs[1]!);
    }
    return [gx, gt, null, null];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([3, 4], 'probability')], attrs: { reduction: 'mean', hasWeight: false, hasPosWeight: false } },
    {
      inputs: [randomSample([3, 4]), randomSample([3, 4], 'probability'), randomSample([4], 'positive'), randomSample([4], 'positive')],
      attrs: { reduction: 'sum', hasWeight: true, hasPosWeight: true },
      label: 'weight, pos_weight',
    },
    {
      inputs: [randomSample([4, 3], undefined, { transposed: true }), randomSample([4, 3], 'probability'), randomSample([3], 'positive')],
      attrs: { reduction: 'none', hasWeight: false, hasPosWeight: true },
      label: 'pos_weight, none, non-contiguous',
    },
  ],
});

function fmtShapeOf(t: Tensor): string {
  return `[${t.shape.join(', ')}]`;
}

function unpackLogits(ts: readonly Tensor[], { hasWeight, hasPosWeight }: LogitsAttrs): { x: Tensor; t: Tensor; w?: Tensor; pw?: Tensor } {
  const [x, t] = ts as [Tensor, Tensor];
  return { x, t, w: hasWeight ? ts[2] : undefined, pw: hasPosWeight ? ts[hasWeight ? 3 : 2] : undefined };
}

// ---------------------------------------------------------------------------
// The functional API.

/** F.mse_loss & co.: warn when the shapes differ, then broadcast the pair (torch.broadcast_tensors). */
function broadcastPair(input: Tensor, target: Tensor): [Tensor, Tensor] {
  if (sameShape(input.shape, target.shape)) return [input.retain(), target.retain()];
  warn(
    `Using a target size (${fmtSize(target.shape)}) that is different to the input size (${fmtSize(input.shape)}). This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.`,
  );
  const shape = broadcastShapes(input.shape, target.shape);
  const a = sameShape(input.shape, shape) ? input.retain() : expand(input, shape);
  const b = sameShape(target.shape, shape) ? target.retain() : expand(target, shape);
  return [a, b];
}

function withPair<T>(input: Tensor, target: Tensor, fn: (a: Tensor, b: Tensor) => T): T {
  const [a, b] = broadcastPair(input, target);
  try {
    return fn(a, b);
  } finally {
    a.release();
    b.release();
  }
}

/**
 * F.mse_loss(input, target, reduction='mean').
 * @example mseLoss(pred, y) // MseLossBackward0
 */
export function mseLoss(input: Tensor, target: Tensor, reduction = 'mean'): Tensor {
  return withPair(input, target, (a, b) => run1(mseLossOp, [a, b], { reduction: checkReduction(reduction) }));
}

/**
 * F.l1_loss(input, target, reduction='mean'): ATen's composite abs(input - target).mean()
 * (MeanBackward0; SumBackward0 for 'sum', AbsBackward0 for 'none').
 */
export function l1Loss(input: Tensor, target: Tensor, reduction = 'mean'): Tensor {
  return withPair(input, target, (a, b) => {
    const r = checkReduction(reduction);
    const diff = sub(a, b);
    const err = abs(diff);
    diff.release();
    if (r === 'none') return err;
    const out = r === 'mean' ? mean(err) : sum(err);
    err.release();
    return out;
  });
}

/** F.smooth_l1_loss(input, target, reduction='mean', beta=1.0); beta=0 is l1_loss. */
export function smoothL1Loss(input: Tensor, target: Tensor, reduction = 'mean', beta = 1): Tensor {
  return withPair(input, target, (a, b) => {
    if (beta === 0) return l1Loss(a, b, reduction);
    return run1(smoothL1LossOp, [a, b], { reduction: checkReduction(reduction), beta });
  });
}

/** F.huber_loss(input, target, reduction='mean', delta=1.0). */
export function huberLoss(input: Tensor, target: Tensor, reduction = 'mean', delta = 1): Tensor {
  return withPair(input, target, (a, b) => run1(huberLossOp, [a, b], { reduction: checkReduction(reduction), delta }));
}

/**
 * F.binary_cross_entropy(input, target, weight=None, reduction='mean'): input are probabilities.
 * @example binaryCrossEntropy(sigmoid(logits), y) // BinaryCrossEntropyBackward0
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null = null, reduction = 'mean'): Tensor {
  const r = checkReduction(reduction);
  if (!sameShape(target.shape, input.shape)) {
    throw valueError(
      `Using a target size (${fmtSize(target.shape)}) that is different to the input size (${fmtSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  if (!weight) return run1(binaryCrossEntropyOp, [input, target], { reduction: r });
  const expanded = expand(weight, broadcastShapes(target.shape, weight.shape));
  try {
    return run1(binaryCrossEntropyOp, [input, target, expanded], { reduction: r });
  } finally {
    expanded.release();
  }
}

/** F.binary_cross_entropy_with_logits(input, target, weight=None, reduction='mean', pos_weight=None). */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  weight: Tensor | null = null,
  reduction = 'mean',
  posWeight: Tensor | null = null,
): Tensor {
  const r = checkReduction(reduction);
  if (!sameShape(target.shape, input.shape)) {
    throw valueError(`Target size (${fmtSize(target.shape)}) must be the same as input size (${fmtSize(input.shape)})`);
  }
  const inputs = [input, target, ...(weight ? [weight] : []), ...(posWeight ? [posWeight] : [])];
  return run1(bceWithLogitsOp, inputs, { reduction: r, hasWeight: weight !== null, hasPosWeight: posWeight !== null });
}
