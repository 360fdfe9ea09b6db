// Binary elementwise arithmetic with broadcasting and type promotion.
import { castValue, getDefaultDtype, isFloating, isIntegral, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { mapBinary, mapTernary, mapUnary } from '../kernels/elementwise.ts';
import { fastBinary, fastTernary, fastUnary, type BinaryScalar } from '../kernels/elementwise_fast.ts';
import { fusedMultiplyAdd } from '../kernels/fused_multiply_add.ts';
import { whereRows } from '../kernels/elementwise_rows.ts';
import { powRows } from '../kernels/elementwise_rows_math.ts';
import { addRows, addScaledRows, divRows, mulRows, subScaledRows } from '../kernels/elementwise_rows_binary.ts';
import { runtimeError } from '../errors/errors.ts';
import { defineOp, run1 } from './define.ts';
import { randomSample } from './samples.ts';
import { promote, reduceGrad, withTensors, wrapScalar, type TensorOrScalar } from './util.ts';

type Alpha = { alpha: number };

interface SavedOthers {
  hasOther: boolean;
  hasSelf: boolean;
}
/** mul/div save `other` for self's gradient and `self` for other's (divisor too when other needs grad). */
function saveOthers(a: Tensor, b: Tensor, otherAlwaysForOtherGrad = false): { save: Tensor[]; extra: SavedOthers } {
  const hasOther = a.requiresGrad || (otherAlwaysForOtherGrad && b.requiresGrad);
  const hasSelf = b.requiresGrad;
  const save: Tensor[] = [];
  if (hasOther) save.push(b);
  if (hasSelf) save.push(a);
  return { save, extra: { hasOther, hasSelf } };
}
function unpackOthers(saved: Tensor[], extra: unknown): { other: Tensor | undefined; self: Tensor | undefined } {
  const { hasOther } = extra as SavedOthers;
  return { other: hasOther ? saved[0] : undefined, self: hasOther ? saved[1] : saved[0] };
}
type NoAttrs = Record<string, never>;

const pair = (a: number[], b: number[]) => [randomSample(a), randomSample(b)];
const binarySamples = <A>(attrs: A) => () => [
  { inputs: pair([3, 4], [3, 4]), attrs },
  { inputs: pair([3, 4], [4]), attrs, label: 'broadcast' },
  { inputs: [randomSample([4, 3], undefined, { transposed: true }), randomSample([4, 1])], attrs, label: 'non-contiguous' },
];

function wrapInt(dtype: DType, f: BinaryScalar): BinaryScalar {
  if (dtype === 'int64') return (x, y, p) => castValue('int64', f(x, y, p));
  if (dtype === 'bool') return (x, y, p) => (f(x, y, p) !== 0 ? 1 : 0);
  return f;
}

// The scalar functions of the arithmetic ops, with their fast rows (Note [Fast
// elementwise rows]); `alpha` is the loops' parameter.
export const addValues = fastBinary((x: number, y: number) => x + y, addRows);
export const addScaledValues = fastBinary((x: number, y: number, alpha: number) => x + alpha * y, addScaledRows);
export const subScaledValues = fastBinary((x: number, y: number, alpha: number) => x - alpha * y, subScaledRows);
const addScaledFused = (x: number, y: number, alpha: number) => fusedMultiplyAdd(alpha, y, x);
const subScaledFused = (x: number, y: number, alpha: number) => fusedMultiplyAdd(-alpha, y, x);

/**
 * The function and parameter for x + alpha * y (x - alpha * y when
 * `subtract`) in `dtype`. PyTorch's kernels compute it as one fused
 * multiply-add in the computation type, alpha converted to that type first:
 * for float32 (and the half types, computed in float) the product of two
 * float32 values is exact in a double, so the plain expression with alpha
 * rounded to float32 rounds as the fused one does; float64 needs the fused
 * multiply-add itself; integers are exact.
 */
export function scaledArithmetic(dtype: DType, alpha: number, subtract: boolean): { f: BinaryScalar; alpha: number } {
  if (dtype === 'float64' && alpha !== 1) return { f: subtract ? subScaledFused : addScaledFused, alpha };
  const f = subtract ? subScaledValues : addScaledValues;
  return { f, alpha: isFloating(dtype) ? Math.fround(alpha) : alpha };
}
export const mulValues = fastBinary((x: number, y: number) => x * y, mulRows);
export const divValues = fastBinary((x: number, y: number) => x / y, divRows);
/** x ** exponent for pow by a number; the exponent is the loops' parameter. */
const powValues = fastUnary((x: number, exponent: number) => Math.pow(x, exponent), powRows);
export const whereValues = fastTernary((k: number, x: number, y: number) => (k ? x : y), whereRows);

export const addOp = defineOp<Alpha>({
  name: 'add',
  signature: 'add(input, other, *, alpha=1, out=None)',
  gradFn: 'AddBackward0',
  doc: 'input + alpha * other, broadcast.',
  example: 'torch.add(torch.tensor([1., 2.]), torch.tensor([3., 4.]), alpha=2)',
  forward: ([a, b], { alpha }) => {
    const dtype = promote(a!, b!);
    if (alpha === 1) return { out: mapBinary(a!, b!, dtype, wrapInt(dtype, addValues)) };
    const scaled = scaledArithmetic(dtype, alpha, false);
    return { out: mapBinary(a!, b!, dtype, wrapInt(dtype, scaled.f), scaled.alpha) };
  },
  backward: (ctx, [g]) => [
    ctx.needsGrad(0) ? reduceGrad(g!, ctx.inputs[0]!) : null,
    ctx.needsGrad(1) ? reduceGrad(ctx.attrs.alpha === 1 ? g! : mulScalar(g!, ctx.attrs.alpha), ctx.inputs[1]!) : null,
  ],
  samples: binarySamples({ alpha: 1 }),
});

export const subOp = defineOp<Alpha>({
  name: 'sub',
  signature: 'sub(input, other, *, alpha=1, out=None)',
  gradFn: 'SubBackward0',
  doc: 'input - alpha * other, broadcast.',
  example: 'torch.sub(torch.tensor([5., 2.]), torch.tensor([3., 4.]))',
  forward: ([a, b], { alpha }) => {
    const dtype = promote(a!, b!);
    if (dtype === 'bool') {
      throw runtimeError('Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` or `logical_xor()` operator instead.');
    }
    const scaled = scaledArithmetic(dtype, alpha, true);
    return { out: mapBinary(a!, b!, dtype, wrapInt(dtype, scaled.f), scaled.alpha) };
  },
  backward: (ctx, [g]) => [
    ctx.needsGrad(0) ? reduceGrad(g!, ctx.inputs[0]!) : null,
    ctx.needsGrad(1) ? reduceGrad(mulScalar(g!, -ctx.attrs.alpha), ctx.inputs[1]!) : null,
  ],
  samples: binarySamples({ alpha: 1 }),
});

export const mulOp = defineOp<NoAttrs>({
  name: 'mul',
  signature: 'mul(input, other, *, out=None)',
  gradFn: 'MulBackward0',
  doc: 'Elementwise product, broadcast.',
  example: 'torch.mul(torch.tensor([1., 2.]), 3)',
  forward: ([a, b]) => {
    const dtype = promote(a!, b!);
    const f = dtype === 'bool' ? (x: number, y: number) => (x && y ? 1 : 0) : wrapInt(dtype, mulValues);
    // Each input's gradient needs the other input: save only what a gradient will read.
    return { out: mapBinary(a!, b!, dtype, f), ...saveOthers(a!, b!) };
  },
  backward: (ctx, [g]) => {
    const { other, self } = unpackOthers(ctx.saved, ctx.extra);
    return [
      ctx.needsGrad(0) ? reduceGrad(mul(g!, other!), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(g!, self!), ctx.inputs[1]!) : null,
    ];
  },
  samples: binarySamples({}),
});

type DivAttrs = { roundingMode: 'trunc' | 'floor' | null };

export const divOp = defineOp<DivAttrs>({
  name: 'div',
  signature: 'div(input, other, *, rounding_mode=None, out=None)',
  gradFn: 'DivBackward0',
  doc: 'Elementwise division: true division, or rounded with rounding_mode "trunc" / "floor".',
  example: 'torch.div(torch.tensor([7., -7.]), 2, rounding_mode="floor")',
  forward: ([a, b], { roundingMode }) => {
    let dtype = promote(a!, b!);
    if (roundingMode === null && !isFloating(dtype)) dtype = getDefaultDtype();
    const integer = isIntegral(dtype, true);
    let f: (x: number, y: number) => number;
    if (roundingMode === null) f = divValues;
    else {
      const round = roundingMode === 'trunc' ? Math.trunc : Math.floor;
      f = (x, y) => {
        if (integer && y === 0) throw runtimeError('ZeroDivisionError');
        return round(x / y);
      };
    }
    return { out: mapBinary(a!, b!, dtype, integer ? wrapInt(dtype, f) : f), ...saveOthers(a!, b!, true) };
  },
  backward: (ctx, [g]) => {
    const { other: b, self: a } = unpackOthers(ctx.saved, ctx.extra);
    if (ctx.attrs.roundingMode !== null) return [ctx.needsGrad(0) ? mulScalar(g!, 0) : null, ctx.needsGrad(1) ? mulScalar(g!, 0) : null];
    return [
      ctx.needsGrad(0) ? reduceGrad(div(g!, b!), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mulScalar(div(mul(g!, a!), mul(b!, b!)), -1), ctx.inputs[1]!) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([3, 4], 'away-from-zero')], attrs: { roundingMode: null } },
    { inputs: [randomSample([3, 4]), randomSample([4], 'away-from-zero')], attrs: { roundingMode: null }, label: 'broadcast' },
  ],
});

function pyRemainder(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r;
}

function remainderFn(integer: boolean): (x: number, y: number) => number {
  return (x, y) => {
    if (integer && y === 0) throw runtimeError('ZeroDivisionError');
    return pyRemainder(x, y);
  };
}

/** remainder.Scalar: a Python number divisor (x % 3), RemainderBackward0. */
export const remainderOp = defineOp<{ other: number }>({
  name: 'remainder',
  signature: 'remainder(input, other, *, out=None)',
  gradFn: 'RemainderBackward0',
  doc: "Python's modulus: the result has the sign of the divisor.",
  example: 'torch.remainder(torch.tensor([-3., 3.]), 2)',
  forward: ([a], { other }) => {
    const b = wrapScalar(other);
    const dtype = promote(a!, b);
    return { out: mapBinary(a!, b, dtype, remainderFn(isIntegral(dtype, true))) };
  },
  backward: (_ctx, [g]) => [g!],
  // Dividends in (0.1, 0.9) and divisor 3: no sample sits near a jump.
  samples: () => [
    { inputs: [randomSample([3, 4], 'probability')], attrs: { other: 3 } },
    { inputs: [randomSample([4, 3], 'probability', { transposed: true })], attrs: { other: -3 }, label: 'non-contiguous' },
  ],
});

/** remainder.Tensor: a tensor divisor, RemainderBackward1 (d/d other = -floor(self / other)). */
export const remainderTensorOp = defineOp<NoAttrs>({
  name: 'remainder.Tensor',
  signature: 'remainder(input, other, *, out=None)',
  gradFn: 'RemainderBackward1',
  doc: "Python's modulus with a tensor divisor, broadcast.",
  example: 'torch.remainder(torch.tensor([-3., 3.]), torch.tensor([2., -2.]))',
  forward: ([a, b]) => {
    const dtype = promote(a!, b!);
    return { out: mapBinary(a!, b!, dtype, remainderFn(isIntegral(dtype, true))), save: [a!, b!] };
  },
  backward: (ctx, [g]) => {
    const [a, b] = ctx.saved;
    return [
      ctx.needsGrad(0) ? reduceGrad(g!, ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(g!, neg(floorDiv(a!, b!))), ctx.inputs[1]!) : null,
    ];
  },
  samples: () => {
    const divisor = (v: number, shape: number[]) => mapUnary(randomSample(shape), 'float64', () => v);
    return [
      { inputs: [randomSample([3, 4], 'probability'), divisor(3, [3, 4])], attrs: {} },
      { inputs: [randomSample([4, 3], 'probability', { transposed: true }), divisor(-3, [3])], attrs: {}, label: 'broadcast, non-contiguous' },
    ];
  },
});

const neg = (x: Tensor): Tensor => mul(x, -1);
const floorDiv = (a: Tensor, b: Tensor): Tensor => mapBinary(a, b, a.dtype, (x, y) => Math.floor(x / y));

export const floorDivideOp = defineOp<NoAttrs>({
  name: 'floor_divide',
  signature: 'floor_divide(input, other, *, out=None)',
  doc: 'Division rounded down, as Python //.',
  example: 'torch.floor_divide(torch.tensor([7, -7]), 2)',
  forward: ([a, b]) => {
    const dtype = promote(a!, b!);
    const integer = isIntegral(dtype, true);
    const f = (x: number, y: number) => {
      if (integer && y === 0) throw runtimeError('ZeroDivisionError');
      return Math.floor(x / y);
    };
    return { out: mapBinary(a!, b!, dtype, f) };
  },
});

export const powOp = defineOp<{ exponent: number }>({
  name: 'pow',
  signature: 'pow(input, exponent, *, out=None)',
  gradFn: 'PowBackward0',
  doc: 'input ** exponent for a number exponent, elementwise.',
  example: 'torch.pow(torch.tensor([1., 2., 3.]), 2)',
  forward: ([a], { exponent }) => {
    let dtype = a!.dtype;
    if (!Number.isInteger(exponent) && !isFloating(dtype)) dtype = getDefaultDtype();
    if (!isIntegral(dtype)) return { out: mapUnary(a!, dtype, powValues, 'preserve', exponent), save: [a!] };
    const f = (x: number) => {
      if (exponent < 0 && x !== 1 && x !== -1) throw runtimeError('Integers to negative integer powers are not allowed.');
      return castValue(dtype, Math.pow(x, exponent));
    };
    return { out: mapUnary(a!, dtype, f), save: [a!] };
  },
  backward: (ctx, [g]) => {
    const e = ctx.attrs.exponent;
    if (e === 0) return [mulScalar(g!, 0)];
    return [mul(g!, mulScalar(pow(ctx.saved[0]!, e - 1), e))];
  },
  samples: () => [
    { inputs: [randomSample([3, 4], 'positive')], attrs: { exponent: 2 } },
    { inputs: [randomSample([4, 3], 'positive', { transposed: true })], attrs: { exponent: -1.5 }, label: 'non-contiguous' },
  ],
});

export const powTensorOp = defineOp<NoAttrs>({
  name: 'pow.Tensor',
  signature: 'pow(input, exponent, *, out=None)',
  gradFn: 'PowBackward1',
  doc: 'input ** exponent for a tensor exponent, broadcast.',
  example: 'torch.pow(torch.tensor([1., 2., 3.]), torch.tensor([2., 2., 0.5]))',
  forward: ([a, b]) => {
    const dtype = promote(a!, b!);
    const out = mapBinary(a!, b!, dtype, (x, y) => Math.pow(x, y));
    return { out, save: [a!, b!, out] };
  },
  backward: (ctx, [g]) => {
    const [a, b, result] = ctx.saved;
    const ga = ctx.needsGrad(0) ? reduceGrad(mul(g!, mul(b!, pow(a!, sub(b!, 1)))), ctx.inputs[0]!) : null;
    const gb = ctx.needsGrad(1) ? reduceGrad(mul(g!, mul(result!, logSafe(a!))), ctx.inputs[1]!) : null;
    return [ga, gb];
  },
  samples: () => [
    { inputs: [randomSample([3, 4], 'positive'), randomSample([3, 4])], attrs: {} },
    { inputs: [randomSample([3, 4], 'positive'), randomSample([4])], attrs: {}, label: 'broadcast' },
  ],
});

function logSafe(a: Tensor): Tensor {
  return mapUnary(a, a.dtype, Math.log);
}

export const maximumOp = defineOp<NoAttrs>({
  name: 'maximum',
  signature: 'maximum(input, other, *, out=None)',
  gradFn: 'MaximumBackward0',
  doc: 'Elementwise maximum (NaN propagates).',
  example: 'torch.maximum(torch.tensor([1., 4.]), torch.tensor([3., 2.]))',
  forward: ([a, b]) => ({
    out: mapBinary(a!, b!, promote(a!, b!), (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.max(x, y))),
    save: [a!, b!],
  }),
  backward: (ctx, [g]) => selectGrad(ctx.saved[0]!, ctx.saved[1]!, g!, ctx.inputs, (x, y) => (x > y ? 1 : x === y ? 0.5 : 0)),
  samples: binarySamples({}),
});

export const minimumOp = defineOp<NoAttrs>({
  name: 'minimum',
  signature: 'minimum(input, other, *, out=None)',
  gradFn: 'MinimumBackward0',
  doc: 'Elementwise minimum (NaN propagates).',
  example: 'torch.minimum(torch.tensor([1., 4.]), torch.tensor([3., 2.]))',
  forward: ([a, b]) => ({
    out: mapBinary(a!, b!, promote(a!, b!), (x, y) => (Number.isNaN(x) || Number.isNaN(y) ? NaN : Math.min(x, y))),
    save: [a!, b!],
  }),
  backward: (ctx, [g]) => selectGrad(ctx.saved[0]!, ctx.saved[1]!, g!, ctx.inputs, (x, y) => (x < y ? 1 : x === y ? 0.5 : 0)),
  samples: binarySamples({}),
});

/** Gradient of max/min-like ops: weight w(a, b) to a, 1 - w to b (ties split evenly, as PyTorch). */
function selectGrad(
  a: Tensor,
  b: Tensor,
  g: Tensor,
  inputs: readonly { shape: readonly number[]; dtype: DType }[],
  w: (x: number, y: number) => number,
): Tensor[] {
  const wa = mapBinary(a, b, g.dtype, w);
  return [reduceGrad(mul(g, wa), inputs[0]!), reduceGrad(mul(g, sub(1, wa)), inputs[1]!)];
}

type WhereAttrs = NoAttrs;
export const whereOp = defineOp<WhereAttrs>({
  name: 'where',
  signature: 'where(condition, input, other)',
  gradFn: 'WhereBackward0',
  doc: 'Chooses input where condition is true, other elsewhere.',
  example: 'torch.where(torch.tensor([True, False]), torch.tensor([1., 2.]), torch.tensor([3., 4.]))',
  differentiable: [1, 2],
  forward: ([c, a, b]) => {
    if (c!.dtype !== 'bool' && c!.dtype !== 'uint8') {
      throw runtimeError(`where expected condition to be a boolean tensor, but got a tensor with dtype ${c!.dtype === 'float32' ? 'Float' : c!.dtype}`);
    }
    return { out: mapTernary(c!, a!, b!, promote(a!, b!), whereValues), save: [c!] };
  },
  backward: (ctx, [g]) => {
    const c = ctx.saved[0]!;
    const zero = Tensor.empty([], g!.dtype);
    return [
      null,
      ctx.needsGrad(1) ? reduceGrad(where(c, g!, zero), ctx.inputs[1]!) : null,
      ctx.needsGrad(2) ? reduceGrad(where(c, zero, g!), ctx.inputs[2]!) : null,
    ];
  },
  samples: () => {
    const condition = (shape: number[]) => mapUnary(randomSample(shape), 'bool', (v) => (v > 0 ? 1 : 0));
    return [
      { inputs: [condition([3, 4]), randomSample([3, 4]), randomSample([3, 4])], attrs: {} },
      { inputs: [condition([3, 1]), randomSample([4]), randomSample([3, 4], undefined, { transposed: true })], attrs: {}, label: 'broadcast, non-contiguous' },
    ];
  },
});

export const add = (a: TensorOrScalar, b: TensorOrScalar, alpha = 1): Tensor => withTensors([a, b], (ts) => run1(addOp, ts, { alpha }));
export const sub = (a: TensorOrScalar, b: TensorOrScalar, alpha = 1): Tensor => withTensors([a, b], (ts) => run1(subOp, ts, { alpha }));
export const mul = (a: TensorOrScalar, b: TensorOrScalar): Tensor => withTensors([a, b], (ts) => run1(mulOp, ts, {}));
export const div = (a: TensorOrScalar, b: TensorOrScalar, roundingMode: DivAttrs['roundingMode'] = null): Tensor =>
  withTensors([a, b], (ts) => run1(divOp, ts, { roundingMode }));
export function remainder(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (a instanceof Tensor && !(b instanceof Tensor)) return run1(remainderOp, [a], { other: Number(b) });
  return withTensors([a, b], (ts) => run1(remainderTensorOp, ts, {}));
}
export const floorDivide = (a: TensorOrScalar, b: TensorOrScalar): Tensor => withTensors([a, b], (ts) => run1(floorDivideOp, ts, {}));
export function pow(a: TensorOrScalar, b: TensorOrScalar): Tensor {
  if (a instanceof Tensor && !(b instanceof Tensor)) return run1(powOp, [a], { exponent: Number(b) });
  return withTensors([a, b], (ts) => run1(powTensorOp, ts, {}));
}
export const maximum = (a: Tensor, b: Tensor): Tensor => run1(maximumOp, [a, b], {});
export const minimum = (a: Tensor, b: Tensor): Tensor => run1(minimumOp, [a, b], {});
export const where = (c: Tensor, a: TensorOrScalar, b: TensorOrScalar): Tensor => withTensors([c, a, b], (ts) => run1(whereOp, ts, {}));
export const mulScalar = (a: Tensor, s: number): Tensor => mul(a, s);
