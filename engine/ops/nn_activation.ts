// Activation functions of torch.nn.functional that are not plain pointwise
// rows of pointwise_unary.ts: each has parameters (a slope, alpha, beta, ...)
// and its own grad_fn. Every derivative saves `self`, as derivatives.yaml says,
// and is written with engine ops so that it can itself be differentiated;
// GELU's needs the normal CDF, which no engine op computes, so its derivative
// is an op of its own (gelu_backward, as in ATen).
import { isFloating } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { mapBinary, mapUnary } from '../kernels/elementwise.ts';
import { fastUnary } from '../kernels/elementwise_fast.ts';
import { leakyReluRows } from '../kernels/elementwise_rows_math.ts';
import { runtimeError, scalarTypeName, valueError } from '../errors/errors.ts';
import { defineOp, run1, type Sample } from './define.ts';
import { randomSample } from './samples.ts';
import { add, mul, sub, where } from './pointwise_binary.ts';
import { exp, neg, sigmoidOp, tanh } from './pointwise_unary.ts';
import { reduceGrad } from './util.ts';

type NoAttrs = Record<string, never>;

/** ATen's dispatch error for a kernel that has no integer version. */
export function requireFloating(x: Tensor, kernel: string): void {
  if (!isFloating(x.dtype)) throw runtimeError(`"${kernel}" not implemented for '${scalarTypeName(x.dtype)}'`);
}

/** A bool tensor of x's shape: pred(x) elementwise (masks for derivative formulas). */
function maskWhere(x: Tensor, pred: (v: number) => boolean): Tensor {
  return mapUnary(x, 'bool', (v) => (pred(v) ? 1 : 0));
}

// ---------------------------------------------------------------------------
// erf / erfc in double precision. JavaScript has no Math.erf.
//
// For |x| < 2: erf(x) = 2/sqrt(pi) * exp(-x^2) * sum_n (2x^2)^n x / (2n+1)!!,
// a series whose terms are all positive (no cancellation). For x >= 1 the
// continued fraction erfc(x) = exp(-x^2)/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + ...))))
// gives the small tail with full relative accuracy (60 terms from x = 2, 200
// from x = 1). Both agree with a correctly rounded libm to a few units in the last place.

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

function erfcContinuedFraction(x: number): number {
  let f = x;
  for (let n = x >= 2 ? 60 : 200; n >= 1; n--) f = x + n / 2 / f;
  return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
}

export function erfScalar(x: number): number {
  if (Number.isNaN(x)) return x;
  const a = Math.abs(x);
  const r = a < 2 ? erfSeries(a) : 1 - erfcContinuedFraction(a);
  return x < 0 ? -r : r;
}

export function erfcScalar(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x < 1) return 1 - erfScalar(x); // erfc(x) > 0.15 here: the subtraction costs at most a few bits
  return erfcContinuedFraction(x);
}

// ---------------------------------------------------------------------------

const activationSamples =
  <A>(attrs: A, domain?: 'away-from-zero' | 'unit') =>
  (): Sample<A>[] => [
    { inputs: [randomSample([3, 4], domain)], attrs },
    { inputs: [randomSample([4, 3], domain, { transposed: true })], attrs, label: 'non-contiguous' },
    { inputs: [randomSample([], domain)], attrs, label: '0-dim' },
  ];

type LeakyAttrs = { negativeSlope: number };
/** The loops' parameter is the negative slope (Note [Fast elementwise rows]). */
const leakyReluValues = fastUnary((v: number, slope: number) => (v > 0 ? v : v * slope), leakyReluRows);
export const leakyReluOp = defineOp<LeakyAttrs>({
  name: 'leaky_relu',
  signature: 'leaky_relu(input, negative_slope=0.01, inplace=False)',
  gradFn: 'LeakyReluBackward0',
  doc: 'x where x > 0, negative_slope * x elsewhere.',
  example: 'torch.nn.functional.leaky_relu(torch.tensor([-2., 0., 3.]), 0.1)',
  forward: ([x], { negativeSlope }) => {
    requireFloating(x!, 'leaky_relu_cpu');
    return { out: mapUnary(x!, x!.dtype, leakyReluValues, 'preserve', negativeSlope), save: [x!] };
  },
  backward: (ctx, [g]) => {
    const positive = maskWhere(ctx.saved[0]!, (v) => v > 0);
    return [where(positive, g!, mul(g!, ctx.attrs.negativeSlope))];
  },
  samples: activationSamples({ negativeSlope: 0.2 }, 'away-from-zero'),
});

// ELU and its relatives share one kernel: scale * (x > 0 ? x : alpha * (exp(input_scale * x) - 1)).
interface EluParams {
  alpha: number;
  scale: number;
  inputScale: number;
}
function eluForward(x: Tensor, { alpha, scale, inputScale }: EluParams): Tensor {
  requireFloating(x, 'elu_cpu');
  return mapUnary(x, x.dtype, (v) => (v <= 0 ? Math.expm1(v * inputScale) * alpha * scale : v * scale));
}
/** elu_backward(grad, alpha, scale, input_scale, is_result=false, self). */
function eluBackward(g: Tensor, x: Tensor, { alpha, scale, inputScale }: EluParams): Tensor {
  const positive = maskWhere(x, (v) => v > 0);
  const negative = mul(mul(g, alpha * scale * inputScale), exp(mul(x, inputScale)));
  return where(positive, mul(g, scale), negative);
}

export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

export const eluOp = defineOp<{ alpha: number }>({
  name: 'elu',
  signature: 'elu(input, alpha=1.0, inplace=False)',
  gradFn: 'EluBackward0',
  doc: 'x where x > 0, alpha * (exp(x) - 1) elsewhere.',
  example: 'torch.nn.functional.elu(torch.tensor([-2., 0., 3.]))',
  forward: ([x], { alpha }) => ({ out: eluForward(x!, { alpha, scale: 1, inputScale: 1 }), save: [x!] }),
  backward: (ctx, [g]) => [eluBackward(g!, ctx.saved[0]!, { alpha: ctx.attrs.alpha, scale: 1, inputScale: 1 })],
  samples: activationSamples({ alpha: 1.5 }, 'away-from-zero'),
});

export const seluOp = defineOp<NoAttrs>({
  name: 'selu',
  signature: 'selu(input, inplace=False)',
  gradFn: 'EluBackward0',
  doc: 'ELU with the self-normalizing constants (PyTorch computes it as elu, hence EluBackward0).',
  example: 'torch.nn.functional.selu(torch.tensor([-2., 0., 3.]))',
  forward: ([x]) => ({ out: eluForward(x!, { alpha: SELU_ALPHA, scale: SELU_SCALE, inputScale: 1 }), save: [x!] }),
  backward: (ctx, [g]) => [eluBackward(g!, ctx.saved[0]!, { alpha: SELU_ALPHA, scale: SELU_SCALE, inputScale: 1 })],
  samples: activationSamples({}, 'away-from-zero'),
});

export const celuOp = defineOp<{ alpha: number }>({
  name: 'celu',
  signature: 'celu(input, alpha=1.0, inplace=False)',
  gradFn: 'CeluBackward0',
  doc: 'x where x > 0, alpha * (exp(x / alpha) - 1) elsewhere.',
  example: 'torch.nn.functional.celu(torch.tensor([-2., 0., 3.]), alpha=2.)',
  forward: ([x], { alpha }) => {
    if (alpha === 0) throw runtimeError('ZeroDivisionError');
    return { out: eluForward(x!, { alpha, scale: 1, inputScale: 1 / alpha }), save: [x!] };
  },
  backward: (ctx, [g]) => [eluBackward(g!, ctx.saved[0]!, { alpha: ctx.attrs.alpha, scale: 1, inputScale: 1 / ctx.attrs.alpha })],
  samples: activationSamples({ alpha: 2 }, 'away-from-zero'),
});

// ---------------------------------------------------------------------------
// GELU. Forward and derivatives as ATen's GeluKernel.

export type GeluApproximate = 'none' | 'tanh';
const SQRT1_2 = Math.SQRT1_2;
/** 1 / sqrt(2 pi): the normal density's constant (ATen's kBeta * kAlpha). */
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** sqrt(2 / pi) and 0.044715: the tanh approximation's constants. */
const TANH_BETA = Math.SQRT2 * TWO_OVER_SQRT_PI * 0.5;
const TANH_KAPPA = 0.044715;

function checkApproximate(approximate: string): void {
  if (approximate !== 'none' && approximate !== 'tanh') throw runtimeError('approximate argument must be either none or tanh.');
}

function geluValue(v: number, approximate: GeluApproximate): number {
  if (approximate === 'tanh') return 0.5 * v * (1 + Math.tanh(TANH_BETA * (v + TANH_KAPPA * v * v * v)));
  // x * Phi(x); erfc keeps the negative tail accurate.
  return v >= 0 ? v * 0.5 * (1 + erfScalar(v * SQRT1_2)) : v * 0.5 * erfcScalar(-v * SQRT1_2);
}

function geluDerivative(v: number, approximate: GeluApproximate): number {
  if (approximate === 'tanh') {
    const inner = TANH_BETA * (v + TANH_KAPPA * v * v * v);
    const t = Math.tanh(inner);
    const left = 0.5 * v;
    const right = 1 + t;
    return 0.5 * right + left * (1 - t * t) * TANH_BETA * (1 + 3 * TANH_KAPPA * v * v);
  }
  const cdf = v >= 0 ? 0.5 * (1 + erfScalar(v * SQRT1_2)) : 0.5 * erfcScalar(-v * SQRT1_2);
  return cdf + v * Math.exp(-0.5 * v * v) * INV_SQRT_2PI;
}

/** GELU's second derivative, from engine ops (so that it is differentiable in turn). */
function geluSecondDerivative(x: Tensor, approximate: GeluApproximate): Tensor {
  if (approximate === 'none') {
    // phi(x) * (2 - x^2)
    const x2 = mul(x, x);
    return mul(mul(exp(mul(x2, -0.5)), INV_SQRT_2PI), sub(2, x2));
  }
  // With u = beta (x + kappa x^3) and t = tanh(u): (1 - t^2) (u' + x/2 (u'' - 2 t u'^2)).
  const x2 = mul(x, x);
  const t = tanh(mul(add(x, mul(mul(x2, x), TANH_KAPPA)), TANH_BETA));
  const du = mul(add(mul(x2, 3 * TANH_KAPPA), 1), TANH_BETA);
  const d2u = mul(x, 6 * TANH_KAPPA * TANH_BETA);
  const inner = add(du, mul(mul(x, 0.5), sub(d2u, mul(mul(t, mul(du, du)), 2))));
  return mul(sub(1, mul(t, t)), inner);
}

export const geluOp = defineOp<{ approximate: GeluApproximate }>({
  name: 'gelu',
  signature: "gelu(input, approximate='none')",
  gradFn: 'GeluBackward0',
  doc: "x * Phi(x), Phi the standard normal CDF; approximate='tanh' uses the tanh formula.",
  example: 'torch.nn.functional.gelu(torch.tensor([-1., 0., 1.]))',
  forward: ([x], { approximate }) => {
    checkApproximate(approximate);
    requireFloating(x!, 'GeluKernelImpl');
    return { out: mapUnary(x!, x!.dtype, (v) => geluValue(v, approximate)), save: [x!] };
  },
  backward: (ctx, [g]) => [geluBackward(g!, ctx.saved[0]!, ctx.attrs.approximate)],
  samples: () => [
    ...activationSamples({ approximate: 'none' as GeluApproximate })(),
    { inputs: [randomSample([3, 4])], attrs: { approximate: 'tanh' as GeluApproximate }, label: 'tanh' },
  ],
});

export const geluBackwardOp = defineOp<{ approximate: GeluApproximate }>({
  name: 'gelu_backward',
  signature: "gelu_backward(grad_output, self, *, approximate='none')",
  gradFn: 'GeluBackwardBackward0',
  doc: "GELU's derivative times grad_output (the op GeluBackward0 runs; differentiable for double backward).",
  example: 'torch.ops.aten.gelu_backward(torch.ones(3), torch.tensor([-1., 0., 1.]))',
  forward: ([g, x], { approximate }) => {
    checkApproximate(approximate);
    const out = mapBinary(g!, x!, x!.dtype, (gv, v) => gv * geluDerivative(v, approximate));
    return { out, save: [g!, x!] };
  },
  backward: (ctx, [gg]) => {
    const [g, x] = ctx.saved;
    const { approximate } = ctx.attrs;
    return [
      ctx.needsGrad(0) ? reduceGrad(geluBackward(gg!, x!, approximate), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? reduceGrad(mul(mul(gg!, g!), geluSecondDerivative(x!, approximate)), ctx.inputs[1]!) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([3, 4])], attrs: { approximate: 'none' } },
    { inputs: [randomSample([3, 4]), randomSample([3, 4])], attrs: { approximate: 'tanh' }, label: 'tanh' },
  ],
});

function geluBackward(g: Tensor, x: Tensor, approximate: GeluApproximate): Tensor {
  return run1(geluBackwardOp, [g, x], { approximate });
}

// ---------------------------------------------------------------------------

type SoftplusAttrs = { beta: number; threshold: number };
export const softplusOp = defineOp<SoftplusAttrs>({
  name: 'softplus',
  signature: 'softplus(input, beta=1.0, threshold=20.0)',
  gradFn: 'SoftplusBackward0',
  doc: 'log(1 + exp(beta * x)) / beta, and x itself where beta * x > threshold.',
  example: 'torch.nn.functional.softplus(torch.tensor([-1., 0., 30.]))',
  forward: ([x], { beta, threshold }) => {
    requireFloating(x!, 'softplus_cpu');
    const out = mapUnary(x!, x!.dtype, (v) => (v * beta > threshold ? v : Math.log1p(Math.exp(v * beta)) / beta));
    return { out, save: [x!] };
  },
  backward: (ctx, [g]) => {
    const x = ctx.saved[0]!;
    const { beta, threshold } = ctx.attrs;
    const linear = maskWhere(x, (v) => v * beta > threshold);
    return [where(linear, g!, mul(g!, sigmoidOp(mul(x, beta))))];
  },
  samples: () => [
    ...activationSamples({ beta: 1, threshold: 20 })(),
    { inputs: [randomSample([3, 4])], attrs: { beta: 2, threshold: 1 }, label: 'beta=2, threshold=1' },
  ],
});

export const siluOp = defineOp<NoAttrs>({
  name: 'silu',
  signature: 'silu(input, inplace=False)',
  gradFn: 'SiluBackward0',
  doc: 'x * sigmoid(x) (also called swish).',
  example: 'torch.nn.functional.silu(torch.tensor([-1., 0., 1.]))',
  forward: ([x]) => {
    requireFloating(x!, 'silu_cpu');
    return { out: mapUnary(x!, x!.dtype, (v) => v / (1 + Math.exp(-v))), save: [x!] };
  },
  backward: (ctx, [g]) => {
    const x = ctx.saved[0]!;
    const s = sigmoidOp(x);
    return [mul(g!, mul(s, add(mul(x, sub(1, s)), 1)))];
  },
  samples: activationSamples({}),
});

type HardtanhAttrs = { minVal: number; maxVal: number };
function hardtanhForward(x: Tensor, minVal: number, maxVal: number): Tensor {
  if (x.dtype === 'bool') throw runtimeError(`"clamp_scalar_cpu" not implemented for 'Bool'`);
  return mapUnary(x, x.dtype, (v) => (Number.isNaN(v) ? v : Math.min(Math.max(v, minVal), maxVal)));
}
function hardtanhBackward(g: Tensor, x: Tensor, minVal: number, maxVal: number): Tensor {
  const inside = maskWhere(x, (v) => !(v <= minVal || v >= maxVal));
  return where(inside, g, 0);
}

export const hardtanhOp = defineOp<HardtanhAttrs>({
  name: 'hardtanh',
  signature: 'hardtanh(input, min_val=-1.0, max_val=1.0, inplace=False)',
  gradFn: 'HardtanhBackward0',
  doc: 'x clamped to [min_val, max_val]; the gradient is zero at and beyond the bounds.',
  example: 'torch.nn.functional.hardtanh(torch.tensor([-2., 0.5, 2.]))',
  forward: ([x], { minVal, maxVal }) => {
    if (minVal > maxVal) throw valueError('min_val cannot be greater than max_val');
    return { out: hardtanhForward(x!, minVal, maxVal), save: [x!] };
  },
  backward: (ctx, [g]) => [hardtanhBackward(g!, ctx.saved[0]!, ctx.attrs.minVal, ctx.attrs.maxVal)],
  samples: () => [
    { inputs: [randomSample([3, 4], 'unit')], attrs: { minVal: -0.5, maxVal: 0.5 } },
    { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: { minVal: -1, maxVal: 1 }, label: 'non-contiguous' },
  ],
});

export const relu6Op = defineOp<NoAttrs>({
  name: 'relu6',
  signature: 'relu6(input, inplace=False)',
  gradFn: 'HardtanhBackward0',
  doc: 'min(max(x, 0), 6): hardtanh(x, 0, 6), hence HardtanhBackward0.',
  example: 'torch.nn.functional.relu6(torch.tensor([-1., 3., 8.]))',
  forward: ([x]) => ({ out: hardtanhForward(x!, 0, 6), save: [x!] }),
  backward: (ctx, [g]) => [hardtanhBackward(g!, ctx.saved[0]!, 0, 6)],
  samples: () => [{ inputs: [mul(randomSample([3, 4], 'away-from-zero'), 5)], attrs: {} }],
});

export const logSigmoidOp = defineOp<NoAttrs>({
  name: 'log_sigmoid',
  signature: 'logsigmoid(input)',
  gradFn: 'LogSigmoidBackward0',
  doc: 'log(sigmoid(x)), computed stably. Like ATen on the CPU it also keeps a buffer exp(-|x|) for the derivative.',
  example: 'torch.nn.functional.logsigmoid(torch.tensor([-1., 0., 1.]))',
  forward: ([x]) => {
    requireFloating(x!, 'log_sigmoid_cpu');
    // log_sigmoid_forward returns (output, buffer); both the input and the buffer are saved.
    // The CPU kernel resizes both like the input, contiguous (resize_as_), whatever the input's layout.
    const buffer = mapUnary(x!, x!.dtype, (v) => Math.exp(-Math.abs(v)), 'contiguous');
    const out = mapUnary(x!, x!.dtype, (v) => Math.min(v, 0) - Math.log1p(Math.exp(-Math.abs(v))), 'contiguous');
    return { out, save: [x!, buffer] };
  },
  // d/dx log(sigmoid(x)) = sigmoid(-x): the same value ATen reads off the buffer, written differentiably.
  backward: (ctx, [g]) => [mul(g!, sigmoidOp(neg(ctx.saved[0]!)))],
  samples: activationSamples({}),
});

// ---------------------------------------------------------------------------
// The functional API (torch.nn.functional names, camelCased).

/** F.leaky_relu(input, negative_slope=0.01). */
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => run1(leakyReluOp, [x], { negativeSlope });
/** F.elu(input, alpha=1.0). */
export const elu = (x: Tensor, alpha = 1): Tensor => run1(eluOp, [x], { alpha });
/** F.selu(input). */
export const selu = (x: Tensor): Tensor => run1(seluOp, [x], {});
/** F.celu(input, alpha=1.0). */
export const celu = (x: Tensor, alpha = 1): Tensor => run1(celuOp, [x], { alpha });
/** F.gelu(input, approximate='none'). */
export const gelu = (x: Tensor, approximate: GeluApproximate = 'none'): Tensor => run1(geluOp, [x], { approximate });
/** F.softplus(input, beta=1, threshold=20). */
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => run1(softplusOp, [x], { beta, threshold });
/** F.silu(input). */
export const silu = (x: Tensor): Tensor => run1(siluOp, [x], {});
/** F.hardtanh(input, min_val=-1.0, max_val=1.0). */
export const hardtanh = (x: Tensor, minVal = -1, maxVal = 1): Tensor => run1(hardtanhOp, [x], { minVal, maxVal });
/** F.relu6(input). */
export const relu6 = (x: Tensor): Tensor => run1(relu6Op, [x], {});
/** F.logsigmoid(input). */
export const logSigmoid = (x: Tensor): Tensor => run1(logSigmoidOp, [x], {});
