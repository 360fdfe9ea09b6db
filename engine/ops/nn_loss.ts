// Classification losses: nll_loss (NllLossBackward0 for 1-D/2-D inputs,
// NllLoss2DBackward0 for 4-D, and ATen's views around nll_loss2d for 3-D and
// 5-D+), and cross_entropy composed as ATen composes it (log_softmax, then
// nll_loss; class-probability targets and label smoothing from elementwise
// ops). Each derivative is an op of its own (nll_loss_backward), as in ATen,
// so double backward works: its derivative with respect to grad_output is
// nll_loss again.
import { isFloating, type DType } from '../core/dtype.ts';
import { tidy } from '../core/scope.ts';
import { numel, sameShape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, indexError, runtimeError, scalarTypeName, valueError } from '../errors/errors.ts';
import { contiguousData } from '../kernels/elementwise.ts';
import { defineOp, run1, runOp, type OpSpec, type Sample } from './define.ts';
import { contiguous } from './layout_copy.ts';
import { view } from './layout_views.ts';
import { eq, logicalNot } from './compare.ts';
import { add, div, mul } from './pointwise_binary.ts';
import { maskedFill_ } from './inplace.ts';
import { neg } from './pointwise_unary.ts';
import { sum } from './reduce.ts';
import { logSoftmax } from './softmax.ts';
import { randomIndices, randomSample } from './samples.ts';
import { checkReduction, divScalarCpp, mulScalarCpp, rounder, type Reduction } from './nn_common.ts';

function requireDtype(t: Tensor, expected: DType): void {
  if (t.dtype !== expected) throw runtimeError(`expected scalar type ${scalarTypeName(expected)} but found ${scalarTypeName(t.dtype)}`);
}

// ---------------------------------------------------------------------------
// nll_loss kernels. The input is read as [N, C, M] (M = product of the spatial
// sizes, 1 for 1-D/2-D inputs; N = 1 for a 1-D input) and the target as N*M
// class indices; positions are visited in the order ATen visits them.

export type NllAttrs = { reduction: Reduction; ignoreIndex: number };

interface NllLayout {
  n: number;
  c: number;
  m: number;
}
function nllLayout(input: Tensor): NllLayout {
  if (input.ndim === 1) return { n: 1, c: input.shape[0]!, m: 1 };
  return { n: input.shape[0]!, c: input.shape[1]!, m: numel(input.shape.slice(2)) };
}

/** ceil(log2(x)), at least 1: ATen's utils::CeilLog2. */
function ceilLog2(x: number): number {
  return x <= 2 ? 1 : Math.ceil(Math.log2(x));
}

function checkNllDtypes(kernel: string, input: Tensor, target: Tensor, weight: Tensor | undefined, allowByte: boolean): void {
  if (!isFloating(input.dtype)) throw runtimeError(`"${kernel}" not implemented for '${scalarTypeName(input.dtype)}'`);
  if (weight) requireDtype(weight, input.dtype);
  if (!(allowByte && target.dtype === 'uint8')) requireDtype(target, 'int64');
}

function outOfBounds(t: number): Error {
  return indexError(`Target ${t} is out of bounds.`);
}

/** The forward loss: [output, total_weight]. */
function nllForwardKernel(input: Tensor, target: Tensor, weight: Tensor | undefined, { reduction, ignoreIndex }: NllAttrs, outShape: number[]): Tensor[] {
  const dtype = input.dtype;
  const r = rounder(dtype);
  const { n, c, m } = nllLayout(input);
  const x = contiguousData(input);
  const t = contiguousData(target);
  const w = weight ? contiguousData(weight) : null;
  const totalWeight = Tensor.empty([], dtype);
  const out = Tensor.empty(outShape, dtype);
  const o = out.storage.data;
  const at = (k: number, cls: number) => x[Math.floor(k / m) * c * m + cls * m + (k % m)]!;
  const count = n * m;

  if (reduction === 'none' && outShape.length > 0) {
    for (let k = 0; k < count; k++) {
      const cls = t[k]!;
      if (cls === ignoreIndex) {
        o[k] = 0;
        continue;
      }
      if (cls < 0 || cls >= c) throw outOfBounds(cls);
      o[k] = r(-at(k, cls) * (w ? w[cls]! : 1));
    }
    return [out, totalWeight];
  }
  if (count === 0) {
    o[0] = reduction === 'mean' ? NaN : 0;
    return [out, totalWeight];
  }
  // ATen's cascade sum: partial sums at 8 levels, carried up every 2^levelPower items.
  const levels = 8;
  const levelPower = Math.max(4, Math.floor(ceilLog2(count) / levels));
  const levelMask = (1 << levelPower) - 1;
  const lossSums = new Array<number>(levels).fill(0);
  const weightSums = new Array<number>(levels).fill(0);
  let ignored = 0;
  for (let k = 0; k < count; k++) {
    const cls = t[k]!;
    if (cls === ignoreIndex) {
      ignored++;
      continue;
    }
    if (cls < 0 || cls >= c) throw outOfBounds(cls);
    const value = at(k, cls);
    if (w) {
      const wv = w[cls]!;
      lossSums[0] = r(lossSums[0]! - r(value * wv));
      weightSums[0] = r(weightSums[0]! + wv);
    } else lossSums[0] = r(lossSums[0]! - value);
    for (let j = 0; j + 1 < levels; j++) {
      if ((k & (levelMask * 2 ** (j * levelPower))) !== 0) break;
      weightSums[j + 1] = r(weightSums[j + 1]! + weightSums[j]!);
      lossSums[j + 1] = r(lossSums[j + 1]! + lossSums[j]!);
      weightSums[j] = 0;
      lossSums[j] = 0;
    }
  }
  const total = w ? weightSums.reduce((a, b) => r(a + b), 0) : r(count - ignored);
  let value = lossSums.reduce((a, b) => r(a + b), 0);
  if (reduction === 'mean') value = r(value / total);
  o[0] = value;
  totalWeight.storage.data[0] = total;
  return [out, totalWeight];
}

/** nll_loss_backward: -weight[t] * grad (divided by total_weight for 'mean') at each target. */
function nllBackwardKernel(gradOut: Tensor, self: { shape: readonly number[]; dtype: DType }, target: Tensor, weight: Tensor | undefined, totalWeight: Tensor, { reduction, ignoreIndex }: NllAttrs): Tensor {
  const dtype = self.dtype;
  const r = rounder(dtype);
  const input = Tensor.empty(self.shape, dtype);
  const { c, m } = nllLayout(input);
  const count = self.shape.length === 1 ? 1 : self.shape[0]! * m;
  const gi = input.storage.data;
  const t = contiguousData(target);
  const w = weight ? contiguousData(weight) : null;
  const go = contiguousData(gradOut);
  const perElement = reduction === 'none' && gradOut.ndim > 0;
  const tw = totalWeight.storage.data[totalWeight.offset]!;
  const shared = perElement ? 0 : r(-(reduction === 'mean' ? r(go[0]! / tw) : go[0]!));
  for (let k = 0; k < count; k++) {
    const cls = t[k]!;
    if (cls === ignoreIndex) continue;
    if (cls < 0 || cls >= c) throw outOfBounds(cls);
    const pos = Math.floor(k / m) * c * m + cls * m + (k % m);
    gi[pos] = perElement ? r(-(w ? w[cls]! : 1) * go[k]!) : w ? r(w[cls]! * shared) : shared;
  }
  return input;
}

// ---------------------------------------------------------------------------
// The ops. Inputs: [input, target] or [input, target, weight]. Outputs:
// [output, total_weight]; NllLossBackward0 saves self, target, weight and
// total_weight, as derivatives.yaml says.

function checkNll1d(input: Tensor, target: Tensor, weight: Tensor | undefined): void {
  if (input.ndim < 1 || input.ndim > 2) throw runtimeError('input tensor should be 1D or 2D');
  if (target.ndim > 1) throw runtimeError('0D or 1D target tensor expected, multi-target not supported');
  const noBatchDim = input.ndim === 1 && target.ndim === 0;
  if (!noBatchDim && input.shape[0] !== target.shape[0]) {
    throw runtimeError(`size mismatch (got input: ${fmtShape(input.shape)}, target: ${fmtShape(target.shape)})`);
  }
  if (input.ndim === 1 && target.ndim === 1) throw runtimeError(`Expected target to be 0D when input is 1D, but got target.dim =${target.ndim}`);
  const classes = input.shape[input.ndim - 1]!;
  if (weight && (weight.ndim !== 1 || weight.numel !== classes)) {
    throw runtimeError(`weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`);
  }
}

function checkNll2d(input: Tensor, target: Tensor, weight: Tensor | undefined): void {
  if (target.ndim !== 3) throw runtimeError(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.ndim}`);
  if (input.ndim !== 4) throw runtimeError(`only batches of spatial inputs supported (4D tensors), but got input of dimension: ${input.ndim}`);
  if (weight && weight.numel !== input.shape[1]) throw runtimeError('weight tensor should be defined either for all or no classes');
  const [n, , h, w] = input.shape;
  if (n !== target.shape[0] || h !== target.shape[1] || w !== target.shape[2]) {
    throw runtimeError(`size mismatch (got input: ${fmtShape(input.shape)} , target: ${fmtShape(target.shape)}`);
  }
}

const nllExample = 'torch.nn.functional.nll_loss(torch.tensor([[-0.5, -1.2, -2.0]]), torch.tensor([1]))';

function defineNll(variant: '1d' | '2d'): { forward: OpSpec<NllAttrs>; backward: OpSpec<NllAttrs> } {
  const is2d = variant === '2d';
  const backwardOp = defineOp<NllAttrs>({
    name: is2d ? 'nll_loss2d_backward' : 'nll_loss_backward',
    signature: `${is2d ? 'nll_loss2d_backward' : 'nll_loss_backward'}(grad_output, self, target, weight, reduction, ignore_index, total_weight)`,
    gradFn: is2d ? 'NllLoss2DBackwardBackward0' : 'NllLossBackwardBackward0',
    doc: `The derivative of ${is2d ? 'nll_loss2d' : 'nll_loss'} (what its grad_fn runs): -weight[target] * grad_output at each target, divided by total_weight for 'mean'.`,
    example: nllExample,
    differentiable: [0, 1],
    forward: (inputs, attrs) => {
      const [g, self, target] = inputs;
      const weight = inputs.length === 5 ? inputs[3] : undefined;
      const totalWeight = inputs[inputs.length - 1]!;
      return { out: nllBackwardKernel(g!, self!, target!, weight, totalWeight, attrs), save: weight ? [target!, weight] : [target!] };
    },
    // d/d grad_output is nll_loss itself; self only enters through its shape (zeros_like).
    backward: (ctx, [gg]) => {
      const target = ctx.saved[0]!;
      const weight = ctx.saved[1];
      const loss = nllRaw(is2d ? nll2dOp : nllOp, gg!, target, weight, ctx.attrs);
      const self = ctx.inputs[1]!;
      return [loss, ctx.needsGrad(1) ? Tensor.empty(self.shape, self.dtype) : null];
    },
    samples: () => nllSamples(variant).map((s) => backwardSample(s, is2d ? nll2dOp : nllOp)),
  });
  const forwardOp = defineOp<NllAttrs>({
    name: is2d ? 'nll_loss2d' : 'nll_loss',
    signature: 'nll_loss(input, target, weight=None, ignore_index=-100, reduction="mean")',
    gradFn: is2d ? 'NllLoss2DBackward0' : 'NllLossBackward0',
    doc: is2d
      ? 'nll_loss of a 4-D input [N, C, H, W] against [N, H, W] class indices.'
      : 'The negative log likelihood of the target class: -input[i, target[i]] * weight[target[i]], reduced.',
    example: nllExample,
    differentiable: [0],
    nonDifferentiableOutputs: [1],
    forward: (inputs, attrs) => {
      const [input, target, weight] = inputs as [Tensor, Tensor, Tensor | undefined];
      if (is2d) {
        checkNll2d(input, target, weight);
        checkNllDtypes('nll_loss2d_forward_out_frame', input, target, weight, false);
      } else {
        checkNll1d(input, target, weight);
        checkNllDtypes('nll_loss_out_frame', input, target, weight, true);
      }
      const outShape = attrs.reduction !== 'none' ? [] : is2d ? [input.shape[0]!, input.shape[2]!, input.shape[3]!] : input.ndim === 2 ? [input.shape[0]!] : [];
      const [out, totalWeight] = nllForwardKernel(input, target, weight, attrs, outShape);
      return { out: [out!, totalWeight!], save: weight ? [input, target, weight, totalWeight!] : [input, target, totalWeight!] };
    },
    backward: (ctx, [g]) => {
      const [input, target] = ctx.saved;
      const weight = ctx.saved.length === 4 ? ctx.saved[2] : undefined;
      const totalWeight = ctx.saved[ctx.saved.length - 1]!;
      const inputs = weight ? [g!, input!, target!, weight, totalWeight] : [g!, input!, target!, totalWeight];
      return [run1(backwardOp, inputs, ctx.attrs), null, null];
    },
    samples: () => nllSamples(variant),
  });
  return { forward: forwardOp.spec, backward: backwardOp.spec };
}

function intTensor(values: number[], shape: number[]): Tensor {
  const t = Tensor.empty(shape, 'int64');
  t.writeAll(values);
  return t;
}

function nllSamples(variant: '1d' | '2d'): Sample<NllAttrs>[] {
  const mean: NllAttrs = { reduction: 'mean', ignoreIndex: -100 };
  if (variant === '2d') {
    return [
      { inputs: [randomSample([2, 3, 2, 2]), randomIndices([2, 2, 2], 3)], attrs: mean },
      { inputs: [randomSample([2, 3, 2, 2]), randomIndices([2, 2, 2], 3), randomSample([3], 'positive')], attrs: { reduction: 'none', ignoreIndex: 1 }, label: 'weight, none, ignore_index' },
      { inputs: [randomSample([2, 3, 1, 2]), randomIndices([2, 1, 2], 3)], attrs: { reduction: 'sum', ignoreIndex: -100 }, label: 'sum' },
    ];
  }
  return [
    { inputs: [randomSample([3, 5]), intTensor([0, 4, 2], [3])], attrs: mean },
    { inputs: [randomSample([4, 3]), intTensor([2, 1, 1, 0], [4]), randomSample([3], 'positive')], attrs: { reduction: 'mean', ignoreIndex: 1 }, label: 'weight, ignore_index' },
    { inputs: [randomSample([3, 4], undefined, { transposed: true }), intTensor([3, 0, 2], [3])], attrs: { reduction: 'none', ignoreIndex: -100 }, label: 'none, non-contiguous' },
    { inputs: [randomSample([3, 4]), intTensor([1, 1, 3], [3]), randomSample([4], 'positive')], attrs: { reduction: 'sum', ignoreIndex: -100 }, label: 'weight, sum' },
    { inputs: [randomSample([5]), intTensor([2], [])], attrs: mean, label: '1-D input' },
  ];
}

/** A sample for the backward op: grad_output of the loss's shape, and the loss's own total_weight. */
function backwardSample(s: Sample<NllAttrs>, op: OpSpec<NllAttrs>): Sample<NllAttrs> {
  const [out, totalWeight] = runOp(op, s.inputs, s.attrs);
  const [input, target, weight] = s.inputs;
  const g = randomSample(out!.shape);
  out!.release();
  const inputs = weight ? [g, input!, target!, weight, totalWeight!] : [g, input!, target!, totalWeight!];
  return { inputs, attrs: s.attrs, label: s.label };
}

const nllSpecs = defineNll('1d');
const nll2dSpecs = defineNll('2d');
const nllOp = nllSpecs.forward;
const nll2dOp = nll2dSpecs.forward;

/** Runs a nll op and keeps only the loss (total_weight is the node's business). */
function nllRaw(op: OpSpec<NllAttrs>, input: Tensor, target: Tensor, weight: Tensor | undefined, attrs: NllAttrs): Tensor {
  const [out, totalWeight] = runOp(op, weight ? [input, target, weight] : [input, target], attrs);
  totalWeight!.release();
  return out!;
}

/**
 * F.nll_loss(input, target, weight=None, ignore_index=-100, reduction='mean'):
 * input [C], [N, C] or [N, C, d1, ...] of log-probabilities, target int64 class indices.
 * @example nllLoss(logSoftmax(x, 1), target) // NllLossBackward0
 */
export function nllLoss(input: Tensor, target: Tensor, weight: Tensor | null = null, ignoreIndex = -100, reduction = 'mean'): Tensor {
  const attrs: NllAttrs = { reduction: checkReduction(reduction), ignoreIndex };
  if (input.ndim < 1) throw valueError(`Expected 1 or more dimensions (got ${input.ndim})`);
  if (input.ndim !== 1 && input.shape[0] !== (target.shape[0] ?? 0)) {
    throw valueError(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${target.shape[0] ?? 0}).`);
  }
  const w = weight ?? undefined;
  if (input.ndim <= 2) return nllRaw(nllOp, input, target, w, attrs);
  if (input.ndim === 4) return nllRaw(nll2dOp, input, target, w, attrs);
  // 3-D and 5-D+: ATen views the input as [N, C, 1, -1] and the target as [N, 1, -1].
  const n = input.shape[0]!;
  const outSize = [n, ...input.shape.slice(2)];
  if (!sameShape(target.shape.slice(1), input.shape.slice(2))) {
    throw runtimeError(`Expected target size ${fmtShape(outSize)}, got ${fmtShape(target.shape)}`);
  }
  const c = input.shape[1]!;
  const input4 = viewContiguous(input, input.numel > 0 ? [n, c, 1, -1] : [n, c, 0, 0]);
  const target3 = viewContiguous(target, target.numel > 0 ? [n, 1, -1] : [n, 0, 0]);
  try {
    const out = nllRaw(nll2dOp, input4, target3, w, attrs);
    if (attrs.reduction !== 'none') return out;
    const shaped = view(out, outSize);
    out.release();
    return shaped;
  } finally {
    input4.release();
    target3.release();
  }
}

function viewContiguous(x: Tensor, shape: number[]): Tensor {
  const c = contiguous(x);
  const v = view(c, shape);
  c.release();
  return v;
}

// ---------------------------------------------------------------------------
// cross_entropy, as ATen's cross_entropy_loss composes it.

/**
 * F.cross_entropy(input, target, weight=None, ignore_index=-100, reduction='mean', label_smoothing=0.0):
 * log_softmax over the class dim, then nll_loss (class-index targets), or
 * -sum(log_softmax * target) for class-probability targets (same shape as input).
 * @example crossEntropy(logits, target) // NllLossBackward0 after LogSoftmaxBackward0
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  weightOrNull: Tensor | null = null,
  ignoreIndex = -100,
  reductionName = 'mean',
  labelSmoothing = 0,
): Tensor {
  const reduction = checkReduction(reductionName);
  const weight = weightOrNull ?? undefined;
  const classDim = input.ndim === 1 ? 0 : 1;
  if (sameShape(input.shape, target.shape)) {
    if (!isFloating(target.dtype)) {
      throw runtimeError(`Expected floating point type for target with class probabilities, got ${scalarTypeName(target.dtype)}`);
    }
    if (ignoreIndex >= 0) throw runtimeError('ignore_index is not supported for floating point target');
    return crossEntropyProbabilities(input, target, weight, reduction, labelSmoothing, classDim);
  }
  if (labelSmoothing > 0) {
    checkLabelSmoothing(labelSmoothing);
    return crossEntropyLabelSmoothing(input, target, weight, reduction, ignoreIndex, labelSmoothing, classDim);
  }
  const logp = logSoftmax(input, classDim);
  try {
    return nllLoss(logp, target, weight, ignoreIndex, reduction);
  } finally {
    logp.release();
  }
}

function checkLabelSmoothing(labelSmoothing: number): void {
  if (labelSmoothing > 1) throw runtimeError(`label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`);
}

/** weight viewed as [1, C, 1, ...] to broadcast along the class dim. */
function classWeightView(weight: Tensor, ndim: number, classDim: number): Tensor {
  const shape = new Array<number>(ndim).fill(1);
  shape[classDim] = weight.shape[0]!;
  return view(weight, shape);
}

function crossEntropyProbabilities(input: Tensor, target: Tensor, weight: Tensor | undefined, reduction: Reduction, labelSmoothing: number, classDim: number): Tensor {
  const classes = input.shape[classDim]!;
  if (weight && (weight.ndim !== 1 || weight.numel !== classes)) {
    throw runtimeError(
      `cross_entropy: weight tensor should be defined either for all ${classes} classes or no classes but got weight tensor of shape: ${fmtShape(weight.shape)}`,
    );
  }
  return scoped(() => {
    const logp = logSoftmax(input, classDim);
    let t = target;
    if (labelSmoothing > 0) {
      checkLabelSmoothing(labelSmoothing);
      t = add(mulScalarCpp(target, 1 - labelSmoothing), labelSmoothing / classes);
    }
    let prod = mul(logp, t);
    if (weight) prod = mul(prod, input.ndim > 1 ? classWeightView(weight, input.ndim, 1) : weight);
    if (reduction === 'none') return neg(sum(prod, classDim));
    const total = neg(sum(prod));
    if (reduction === 'sum') return total;
    if (input.numel === 0) {
      total.storage.data[total.offset] = NaN;
      return total;
    }
    return divScalarCpp(total, Math.floor(input.numel / classes));
  });
}

function crossEntropyLabelSmoothing(
  input: Tensor,
  target: Tensor,
  weight: Tensor | undefined,
  reduction: Reduction,
  ignoreIndex: number,
  labelSmoothing: number,
  classDim: number,
): Tensor {
  return scoped(() => {
    const logp = logSoftmax(input, classDim);
    const nll = nllLoss(logp, target, weight, ignoreIndex, reduction);
    const classes = logp.shape[classDim]!;
    const smoothTerms = weight ? mul(logp, classWeightView(weight, logp.ndim, classDim)) : logp;
    // ATen: smooth_loss.masked_fill_(target == ignore_index, 0.0) (MaskedFillBackward0).
    const ignored = eq(target, ignoreIndex);
    const smooth = maskedFill_(neg(sum(smoothTerms, classDim)), ignored, 0, { hasFloat: true });
    let ret: Tensor;
    if (reduction === 'none') ret = smooth;
    else if (reduction === 'sum') ret = sum(smooth);
    else if (weight) ret = div(sum(smooth), keptWeightSum(target, weight, ignoreIndex));
    else ret = div(sum(smooth), sum(logicalNot(ignored)));
    return add(mulScalarCpp(nll, 1 - labelSmoothing), mulScalarCpp(ret, labelSmoothing / classes));
  });
}

/** weight.gather(0, target[target != ignore_index]).sum(), as a constant (weights are not differentiated). */
function keptWeightSum(target: Tensor, weight: Tensor, ignoreIndex: number): Tensor {
  const t = contiguousData(target);
  const w = contiguousData(weight);
  let total = 0;
  for (const cls of t) if (cls !== ignoreIndex) total += w[cls]!;
  const out = Tensor.empty([], weight.dtype);
  out.storage.data[0] = total;
  return out;
}

/** Runs a composite: intermediates are released, the result is the caller's. */
function scoped(fn: () => Tensor): Tensor {
  return tidy(fn);
}
