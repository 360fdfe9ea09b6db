// addcmul, addcdiv and lerp. addcmul and addcdiv: input + value * tensor1 (* or /) tensor2, broadcast, as
// one op each (AddcmulBackward0, AddcdivBackward0), rounded as PyTorch's CPU
// kernels round them: addcmul's compiler fuses `self + (value * t1) * t2`
// into one multiply-add after rounding value * t1 (in float32, value first
// converted to float32; exact in a double then, as in add's alpha:
// scaledArithmetic), while addcdiv rounds every step.
import { castValue, isFloating, isIntegral, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError } from '../errors/errors.ts';
import { mapTernary } from '../kernels/elementwise.ts';
import type { TernaryScalar } from '../kernels/elementwise_fast.ts';
import { fusedMultiplyAdd } from '../kernels/fused_multiply_add.ts';
import { defineOp, run1 } from './define.ts';
import { div, mul, sub } from './pointwise_binary.ts';
import { neg } from './pointwise_unary.ts';
import { randomSample } from './samples.ts';
import { promote, reduceGrad, withTensors, wrapScalar, type TensorOrScalar } from './util.ts';

type Value = { value: number };

function addcmulValues(dtype: DType, value: number): TernaryScalar {
  if (dtype === 'float64') return (x, a, b) => fusedMultiplyAdd(value * a, b, x);
  if (isFloating(dtype)) {
    const v = Math.fround(value);
    return (x, a, b) => x + Math.fround(v * a) * b;
  }
  return (x, a, b) => castValue(dtype, x + value * a * b);
}

function addcdivValues(dtype: DType, value: number): TernaryScalar {
  if (dtype === 'float64') return (x, a, b) => x + (value * a) / b;
  const v = Math.fround(value);
  return (x, a, b) => x + Math.fround(Math.fround(v * a) / b);
}

const samples = (value: number) => () => [
  { inputs: [randomSample([3, 4]), randomSample([3, 4]), randomSample([3, 4], 'away-from-zero')], attrs: { value } },
  {
    inputs: [randomSample([3]), randomSample([4, 1]), randomSample([4, 3], 'away-from-zero', { transposed: true })],
    attrs: { value: 1 },
    label: 'broadcast, non-contiguous',
  },
];

export const addcmulOp = defineOp<Value>({
  name: 'addcmul',
  signature: 'addcmul(input, tensor1, tensor2, *, value=1, out=None)',
  gradFn: 'AddcmulBackward0',
  doc: 'input + value * tensor1 * tensor2, broadcast.',
  example: 'torch.addcmul(torch.zeros(2), torch.tensor([1., 2.]), torch.tensor([3., 4.]), value=0.5)',
  forward: ([x, a, b], { value }) => {
    const dtype = promote(x!, a!, b!);
    return { out: mapTernary(x!, a!, b!, dtype, addcmulValues(dtype, value)), save: [a!, b!] };
  },
  backward: (ctx, [g]) => {
    const [a, b] = ctx.saved as [Tensor, Tensor];
    const { value } = ctx.attrs;
    return [
      ctx.needsGrad(0) ? reduceGrad(g!, ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(mul(g!, b), value), ctx.inputs[1]!) : null,
      ctx.needsGrad(2) ? reduceGrad(mul(mul(g!, a), value), ctx.inputs[2]!) : null,
    ];
  },
  samples: samples(0.7),
});

export const addcdivOp = defineOp<Value>({
  name: 'addcdiv',
  signature: 'addcdiv(input, tensor1, tensor2, *, value=1, out=None)',
  gradFn: 'AddcdivBackward0',
  doc: 'input + value * tensor1 / tensor2, broadcast.',
  example: 'torch.addcdiv(torch.zeros(2), torch.tensor([1., 2.]), torch.tensor([4., 8.]), value=2)',
  forward: ([x, a, b], { value }) => {
    if (isIntegral(a!.dtype) && isIntegral(b!.dtype)) {
      throw runtimeError(
        'Integer division with addcdiv is no longer supported, and in a future  release addcdiv will perform a true division of tensor1 and tensor2. ' +
          'The historic addcdiv behavior can be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for integer inputs ' +
          'and as (input + value * tensor1 / tensor2) for float inputs. The future addcdiv behavior is just the latter implementation: ' +
          '(input + value * tensor1 / tensor2), for all dtypes.',
      );
    }
    const dtype = promote(x!, a!, b!);
    return { out: mapTernary(x!, a!, b!, dtype, addcdivValues(dtype, value)), save: [a!, b!] };
  },
  backward: (ctx, [g]) => {
    const [a, b] = ctx.saved as [Tensor, Tensor];
    const { value } = ctx.attrs;
    return [
      ctx.needsGrad(0) ? reduceGrad(g!, ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(g!, div(value, b)), ctx.inputs[1]!) : null,
      ctx.needsGrad(2) ? reduceGrad(div(mul(neg(g!), mul(a, value)), mul(b, b)), ctx.inputs[2]!) : null,
    ];
  },
  samples: samples(-1.3),
});

export const addcmul = (input: TensorOrScalar, tensor1: TensorOrScalar, tensor2: TensorOrScalar, value = 1): Tensor =>
  withTensors([input, tensor1, tensor2], (ts) => run1(addcmulOp, ts, { value: Number(value) }));
export const addcdiv = (input: TensorOrScalar, tensor1: TensorOrScalar, tensor2: TensorOrScalar, value = 1): Tensor =>
  withTensors([input, tensor1, tensor2], (ts) => run1(addcdivOp, ts, { value: Number(value) }));

// lerp: start + weight * (end - start), as PyTorch's kernel computes it: from
// the nearer end (start for |weight| < 0.5, else end - (end - start) * (1 -
// weight)), each a fused multiply-add after rounding end - start.
function lerpValue(dtype: DType): TernaryScalar {
  if (dtype === 'float64') {
    return (s, e, w) => {
      const d = e - s;
      return Math.abs(w) < 0.5 ? fusedMultiplyAdd(w, d, s) : fusedMultiplyAdd(-d, 1 - w, e);
    };
  }
  return (s, e, w) => {
    const d = Math.fround(e - s);
    const wf = Math.fround(w);
    return Math.abs(wf) < 0.5 ? s + wf * d : e - d * Math.fround(1 - wf);
  };
}

type Weight = { weight: number };

export const lerpOp = defineOp<Weight>({
  name: 'lerp',
  signature: 'lerp(input, end, weight, *, out=None)',
  gradFn: 'LerpBackward0',
  doc: 'input + weight * (end - input) for a number weight, broadcast.',
  example: 'torch.lerp(torch.tensor([1., 2.]), torch.tensor([3., 6.]), 0.25)',
  forward: ([s, e], { weight }) => {
    const dtype = promote(s!, e!);
    const f = lerpValue(dtype);
    return { out: mapTernary(s!, e!, wrapScalar(weight, 'float64'), dtype, f) };
  },
  backward: (ctx, [g]) => {
    const { weight } = ctx.attrs;
    return [
      ctx.needsGrad(0) ? reduceGrad(mul(g!, 1 - weight), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(g!, weight), ctx.inputs[1]!) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([3, 4])], attrs: { weight: 0.3 } },
    { inputs: [randomSample([4]), randomSample([3, 4], undefined, { transposed: true })], attrs: { weight: 0.8 }, label: 'broadcast, non-contiguous' },
  ],
});

export const lerpTensorOp = defineOp<Record<string, never>>({
  name: 'lerp.Tensor',
  signature: 'lerp(input, end, weight, *, out=None)',
  gradFn: 'LerpBackward1',
  doc: 'input + weight * (end - input) for a tensor weight, broadcast.',
  example: 'torch.lerp(torch.tensor([1., 2.]), torch.tensor([3., 6.]), torch.tensor([0.25, 0.75]))',
  forward: ([s, e, w]) => {
    const dtype = promote(s!, e!, w!);
    return { out: mapTernary(s!, e!, w!, dtype, lerpValue(dtype)), save: [s!, e!, w!] };
  },
  backward: (ctx, [g]) => {
    const [s, e, w] = ctx.saved as [Tensor, Tensor, Tensor];
    return [
      ctx.needsGrad(0) ? reduceGrad(mul(g!, sub(1, w)), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(g!, w), ctx.inputs[1]!) : null,
      ctx.needsGrad(2) ? reduceGrad(mul(g!, sub(e, s)), ctx.inputs[2]!) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([3, 4]), randomSample([3, 4], 'unit')], attrs: {} },
    { inputs: [randomSample([4]), randomSample([3, 1]), randomSample([3, 4], 'unit', { transposed: true })], attrs: {}, label: 'broadcast, non-contiguous' },
  ],
});

/** torch.lerp: a number weight or a tensor weight. */
export function lerp(input: TensorOrScalar, end: TensorOrScalar, weight: TensorOrScalar): Tensor {
  if (weight instanceof Tensor && !weight.wrappedNumber) return withTensors([input, end, weight], (ts) => run1(lerpTensorOp, ts, {}));
  const w = weight instanceof Tensor ? weight.toArray()[0]! : Number(weight);
  return withTensors([input, end], (ts) => run1(lerpOp, ts, { weight: w }));
}
