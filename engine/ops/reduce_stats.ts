// Statistics of a reduction: var/std, vector norms, logsumexp. Each slice is
// computed in float64 and rounded once to the output dtype.
import { castValue, getDefaultDtype, isFloating, isIntegral, promoteTypes, type DType } from '../core/dtype.ts';
import { numel } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, notImplemented, runtimeError, scalarTypeName, warn } from '../errors/errors.ts';
import { contiguousCopy } from '../kernels/elementwise.ts';
import { reduceDims, reducedShape, type SliceReducer } from '../kernels/reduce.ts';
import { eq, isnan, logicalOr } from './compare.ts';
import { defineOp, run1 } from './define.ts';
import { div, mul, pow, sub, where } from './pointwise_binary.ts';
import { abs, exp, unary } from './pointwise_unary.ts';
import { mean, sum } from './reduce.ts';
import { reducedCount, resolveDims, restoreReducedDims, unsqueezeDims, type DimArg } from './reduce_common.ts';
import { randomSample } from './samples.ts';
import { reduceGrad } from './util.ts';

interface Dims {
  dims: number[];
}

/** A slice reducer that reads its elements converted to `dtype` first. */
function readingAs(f: SliceReducer, from: DType, dtype: DType): SliceReducer {
  if (dtype === from) return f;
  return (data, start, n, step) => {
    const buf = new Float64Array(n);
    for (let i = 0, p = start; i < n; i++, p += step) buf[i] = castValue(dtype, data[p]!);
    return f(buf, 0, n, 1);
  };
}

// ---------------------------------------------------------------------------
// var / std

interface VarAttrs {
  dim: DimArg;
  correction: number;
  keepdim: boolean;
}

/** Sum of squared deviations over (n - correction), two passes in float64. */
function varianceSlice(correction: number, sqrt: boolean): SliceReducer {
  return (data, start, n, step) => {
    if (n === 0) return NaN;
    let s = 0;
    for (let i = 0, p = start; i < n; i++, p += step) s += data[p]!;
    const m = s / n;
    let m2 = 0;
    for (let i = 0, p = start; i < n; i++, p += step) m2 += (data[p]! - m) ** 2;
    const v = m2 / Math.max(0, n - correction);
    return sqrt ? Math.sqrt(v) : v;
  };
}

function varianceForward(name: 'var' | 'std', x: Tensor, { dim, correction, keepdim }: VarAttrs): Tensor {
  if (!isFloating(x.dtype)) throw runtimeError('std and var only support floating point and complex dtypes');
  const dims = resolveDims(dim, x.ndim);
  const outNumel = numel(reducedShape(x.shape, dims, keepdim));
  const factor = outNumel === 0 ? 0 : x.numel / outNumel;
  if (factor - correction <= 0) {
    warn(`${name}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel).`);
  }
  return reduceDims(x, dims, keepdim, x.dtype, varianceSlice(correction, name === 'std'));
}

const isWhole = (dim: DimArg) => dim === null || dim === undefined || (typeof dim !== 'number' && dim.length === 0);

/** var_backward: 2 / (n - correction) * grad * (self - mean). */
function varBackward(g: Tensor, self: Tensor, dims: number[], { dim, correction, keepdim }: VarAttrs): Tensor {
  if (self.ndim === 0 || isWhole(dim)) {
    const dof = self.numel - correction;
    if (dof <= 0) return mul(g, where(eq(self, mean(self)), NaN, Infinity));
    return mul(mul(g, 2 / dof), sub(self, mean(self)));
  }
  const grad = !keepdim && self.ndim > 1 ? unsqueezeDims(g, dims) : g;
  return mul(mul(grad, 2 / (reducedCount(self.shape, dims) - correction)), sub(self, mean(self, dims, true)));
}

const varianceSamples = () => [
  { inputs: [randomSample([3, 4])], attrs: { dim: null, correction: 1, keepdim: false } },
  { inputs: [randomSample([3, 4])], attrs: { dim: 1, correction: 1, keepdim: false }, label: 'dim' },
  { inputs: [randomSample([2, 4, 3], undefined, { transposed: true })], attrs: { dim: [0, 2], correction: 0, keepdim: true }, label: 'non-contiguous, two dims, keepdim, correction=0' },
  { inputs: [randomSample([5])], attrs: { dim: 0, correction: 2, keepdim: false }, label: '1-D, correction=2' },
];

export const varOp = defineOp<VarAttrs, Dims>({
  name: 'var',
  signature: 'var(input, dim=None, *, correction=1, keepdim=False)',
  gradFn: 'VarBackward0',
  doc: 'Variance over dims (all by default), dividing by N - correction (unbiased=False is correction=0).',
  example: 'torch.var(torch.tensor([[1., 2.], [3., 5.]]), dim=1)',
  forward: ([x], attrs) => ({ out: varianceForward('var', x!, attrs), save: [x!], extra: { dims: resolveDims(attrs.dim, x!.ndim) } }),
  backward: (ctx, [g]) => [reduceGrad(varBackward(g!, ctx.saved[0]!, ctx.extra.dims, ctx.attrs), ctx.inputs[0]!)],
  samples: varianceSamples,
});

export const stdOp = defineOp<VarAttrs, Dims>({
  name: 'std',
  signature: 'std(input, dim=None, *, correction=1, keepdim=False)',
  gradFn: 'StdBackward0',
  doc: 'Standard deviation over dims (all by default), dividing by N - correction.',
  example: 'torch.std(torch.tensor([[1., 2.], [3., 5.]]), dim=1)',
  forward: ([x], attrs) => {
    const out = varianceForward('std', x!, attrs);
    return { out, save: [x!, out], extra: { dims: resolveDims(attrs.dim, x!.ndim) } };
  },
  backward: (ctx, [g]) => {
    const [self, result] = ctx.saved;
    const gradVar = where(eq(result!, 0), 0, div(g!, mul(result!, 2)));
    return [reduceGrad(varBackward(gradVar, self!, ctx.extra.dims, ctx.attrs), ctx.inputs[0]!)];
  },
  samples: varianceSamples,
});

/** PyTorch's `unbiased` (a bool, the older keyword and positional form) or `correction` (a number). */
function varianceAttrs(dim: DimArg, correction: number | boolean | undefined, keepdim: boolean | undefined): VarAttrs {
  const c = correction === undefined ? 1 : typeof correction === 'boolean' ? Number(correction) : correction;
  return { dim: dim ?? null, correction: c, keepdim: keepdim ?? false };
}

/**
 * torch.var(x, dim, unbiased/correction, keepdim).
 * @example variance(x, 1, false)  // unbiased=False
 * @example variance(x, null, 0, true)  // correction=0, keepdim
 */
export const variance = (x: Tensor, dim: DimArg = null, correction: number | boolean = 1, keepdim = false): Tensor =>
  run1(varOp, [x], varianceAttrs(dim, correction, keepdim));
export { variance as var };

/** torch.std(x, dim, unbiased/correction, keepdim). @example std(x, 0) */
export const std = (x: Tensor, dim: DimArg = null, correction: number | boolean = 1, keepdim = false): Tensor =>
  run1(stdOp, [x], varianceAttrs(dim, correction, keepdim));

// ---------------------------------------------------------------------------
// linalg.vector_norm, which torch.norm and Tensor.norm call for vector norms.

interface NormAttrs {
  ord: number;
  dim: DimArg;
  keepdim: boolean;
  dtype: DType | null;
}

/** How c10::Scalar prints a double in messages: 2, 0.5, inf, -inf. */
function fmtOrd(ord: number): string {
  if (ord === Infinity) return 'inf';
  if (ord === -Infinity) return '-inf';
  return String(Number(ord.toPrecision(6)));
}

function normSlice(ord: number): SliceReducer {
  const fold = (init: number, step: (acc: number, a: number) => number): SliceReducer => (data, start, n, st) => {
    let acc = init;
    for (let i = 0, p = start; i < n; i++, p += st) acc = step(acc, Math.abs(data[p]!));
    return acc;
  };
  if (ord === 2) {
    const sq = fold(0, (acc, a) => acc + a * a);
    return (d, s, n, st) => Math.sqrt(sq(d, s, n, st));
  }
  if (ord === 1) return fold(0, (acc, a) => acc + a);
  if (ord === 0) return fold(0, (acc, a) => acc + (a !== 0 ? 1 : 0));
  if (ord === Infinity) return fold(0, (acc, a) => (Number.isNaN(acc) || Number.isNaN(a) ? NaN : Math.max(acc, a)));
  if (ord === -Infinity) return fold(Infinity, (acc, a) => (Number.isNaN(acc) || Number.isNaN(a) ? NaN : Math.min(acc, a)));
  const powSum = fold(0, (acc, a) => acc + a ** ord);
  return (d, s, n, st) => powSum(d, s, n, st) ** (1 / ord);
}

function normForward(x: Tensor, { ord, dim, keepdim, dtype }: NormAttrs): { out: Tensor; dims: number[] } {
  const name = 'linalg.vector_norm';
  if (!isFloating(x.dtype)) throw runtimeError(`${name}: Expected a floating point or complex tensor as input. Got ${scalarTypeName(x.dtype)}`);
  const dims = resolveDims(dim, x.ndim);
  if (x.numel === 0 && (ord < 0 || ord === Infinity)) {
    if (isWhole(dim)) {
      throw runtimeError(`${name} cannot compute the ${fmtOrd(ord)} norm on an empty tensor because the operation does not have an identity`);
    }
    for (const d of dims) {
      if (x.shape[d] === 0) {
        throw runtimeError(`${name} cannot compute the ${fmtOrd(ord)} norm on the dimension ${d}because this dimension is empty and the operation does not have an identity`);
      }
    }
  }
  if (dtype !== null) {
    if (!isFloating(dtype)) throw runtimeError(`${name}: dtype should be floating point or complex, but got ${scalarTypeName(dtype)}`);
    if (promoteTypes(x.dtype, dtype) !== dtype) {
      throw runtimeError(`${name}: the dtype of the input (${scalarTypeName(x.dtype)}) should be convertible without narrowing to the specified dtype (${scalarTypeName(dtype)})`);
    }
  }
  const outDtype = dtype ?? x.dtype;
  return { out: reduceDims(x, dims, keepdim, outDtype, readingAs(normSlice(ord), x.dtype, outDtype)), dims };
}

/** norm_backward (FunctionsManual.cpp), case by case on ord. */
function normBackward(g: Tensor, self: Tensor, result: Tensor, ord: number, dims: number[], keepdim: boolean): Tensor | null {
  if (ord === 0) return null; // PyTorch returns an undefined gradient: the input gets none
  const restore = !keepdim && self.ndim !== 0;
  const grad = restore ? restoreReducedDims(g, dims, false) : g;
  const norm = restore ? restoreReducedDims(result, dims, false) : result;
  const x = self.dtype === grad.dtype ? self : contiguousCopy(self, grad.dtype);
  const sign = unary('sign', x);
  const zeroWhereNormIsZero = (t: Tensor) => where(eq(norm, 0), 0, t);
  if (ord === 1) return mul(sign, grad);
  if (ord === 2) return mul(grad, zeroWhereNormIsZero(div(x, norm)));
  if (Math.abs(ord) === Infinity) {
    const xAbs = abs(x);
    const mask = logicalOr(eq(xAbs, norm), isnan(xAbs));
    return mul(sign, mul(div(grad, sum(mask, dims, true)), mask));
  }
  if (ord < 1) {
    const scaled = mul(sign, where(eq(x, 0), 0, pow(abs(x), ord - 1)));
    return mul(mul(scaled, grad), pow(norm, 1 - ord));
  }
  const scaled = ord < 2 ? mul(sign, pow(abs(x), ord - 1)) : mul(x, pow(abs(x), ord - 2));
  return mul(scaled, zeroWhereNormIsZero(div(grad, pow(norm, ord - 1))));
}

export const vectorNormOp = defineOp<NormAttrs, Dims>({
  name: 'linalg_vector_norm',
  signature: 'linalg.vector_norm(x, ord=2, dim=None, keepdim=False, *, dtype=None)',
  gradFn: 'LinalgVectorNormBackward0',
  doc: 'Vector norm over dims (all by default): ord 2, 1, inf, -inf, 0 (nonzero count) or any p. torch.norm calls it for vector norms.',
  example: 'torch.linalg.vector_norm(torch.tensor([[3., 4.], [0., 1.]]), dim=1)',
  forward: ([x], attrs) => {
    const { out, dims } = normForward(x!, attrs);
    return { out, save: [x!, out], extra: { dims } };
  },
  backward: (ctx, [g]) => {
    const [self, result] = ctx.saved;
    const grad = normBackward(g!, self!, result!, ctx.attrs.ord, ctx.extra.dims, ctx.attrs.keepdim);
    return [grad && reduceGrad(grad, ctx.inputs[0]!)];
  },
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { ord: 2, dim: null, keepdim: false, dtype: null } },
    { inputs: [randomSample([4, 3], 'away-from-zero', { transposed: true })], attrs: { ord: 1, dim: 1, keepdim: true, dtype: null }, label: 'ord=1, non-contiguous' },
    { inputs: [randomSample([3, 4])], attrs: { ord: Infinity, dim: 0, keepdim: false, dtype: null }, label: 'ord=inf' },
    { inputs: [randomSample([3, 4])], attrs: { ord: -Infinity, dim: [0, 1], keepdim: false, dtype: null }, label: 'ord=-inf' },
    { inputs: [randomSample([2, 3, 2])], attrs: { ord: 3, dim: [0, 2], keepdim: false, dtype: null }, label: 'ord=3' },
    { inputs: [randomSample([3, 4], 'away-from-zero')], attrs: { ord: 1.5, dim: 1, keepdim: false, dtype: null }, label: 'ord=1.5' },
    { inputs: [randomSample([3, 4], 'away-from-zero')], attrs: { ord: 0.5, dim: null, keepdim: false, dtype: null }, label: 'ord=0.5' },
  ],
});

/** torch.linalg.vector_norm. @example vectorNorm(x, Infinity, 1) */
export function vectorNorm(x: Tensor, ord = 2, dim: DimArg = null, keepdim = false, dtype: DType | null = null): Tensor {
  return run1(vectorNormOp, [x], { ord, dim: dim ?? null, keepdim, dtype });
}

/**
 * torch.norm / Tensor.norm as torch/functional.py writes them in PyTorch 2.x:
 * a number p (or None, meaning 2) and 'fro' over at most two dims are vector
 * norms (grad_fn LinalgVectorNormBackward0); matrix norms are not implemented.
 * @example norm(x)  // 'fro' over everything: the 2-norm
 * @example norm(x, 1, 0, true)
 */
export function norm(x: Tensor, p: number | 'fro' | 'nuc' | null = 'fro', dim: DimArg = null, keepdim = false, dtype: DType | null = null): Tensor {
  if (typeof p === 'string') {
    const fewDims = dim === null || dim === undefined || typeof dim === 'number' || dim.length <= 2;
    if (p === 'fro' && fewDims) return vectorNorm(x, 2, dim, keepdim, dtype);
    throw notImplemented(`norm(): matrix norms (p='${p}'${fewDims ? '' : ' over more than two dims'}) are not implemented`);
  }
  return vectorNorm(x, p ?? 2, dim, keepdim, dtype);
}

// ---------------------------------------------------------------------------
// logsumexp: log(sum(exp(x))) shifted by the max so that it cannot overflow.

function logsumexpSlice(data: ArrayLike<number>, start: number, n: number, step: number): number {
  if (n === 0) return -Infinity;
  let m = -Infinity;
  for (let i = 0, p = start; i < n; i++, p += step) {
    const v = data[p]!;
    if (Number.isNaN(v)) return NaN;
    if (v > m) m = v;
  }
  const shift = Math.abs(m) === Infinity ? 0 : m; // PyTorch: maxes.masked_fill_(maxes.abs() == INFINITY, 0)
  let s = 0;
  for (let i = 0, p = start; i < n; i++, p += step) s += Math.exp(data[p]! - shift);
  return Math.log(s) + shift;
}

interface LogsumexpAttrs {
  dim: DimArg;
  keepdim: boolean;
}

export const logsumexpOp = defineOp<LogsumexpAttrs, Dims>({
  name: 'logsumexp',
  signature: 'logsumexp(input, dim, keepdim=False)',
  gradFn: 'LogsumexpBackward0',
  doc: 'log(sum(exp(input))) over dims, computed stably; integer inputs give the default float dtype.',
  example: 'torch.logsumexp(torch.tensor([[1000., 1001.], [0., 0.]]), dim=1)',
  forward: ([x], { dim, keepdim }) => {
    const dims = resolveDims(dim, x!.ndim);
    if (Array.isArray(dim) && dim.length === 0 && !keepdim && x!.ndim > 0 && x!.numel > 0) {
      // PyTorch adds the keepdim max to the reduced sum in place: dim=() fails for n-D inputs.
      throw runtimeError(`output with shape [] doesn't match the broadcast shape ${fmtShape(x!.shape.map(() => 1))}`);
    }
    const outDtype = isIntegral(x!.dtype, true) ? getDefaultDtype() : x!.dtype;
    const out = reduceDims(x!, dims, keepdim, outDtype, readingAs(logsumexpSlice, x!.dtype, outDtype));
    return { out, save: [x!, out], extra: { dims } };
  },
  backward: (ctx, [g]) => {
    const [self, result] = ctx.saved;
    const { dims } = ctx.extra;
    const restore = !ctx.attrs.keepdim && self!.ndim !== 0;
    const grad = restore ? restoreReducedDims(g!, dims, false) : g!;
    const res = restore ? restoreReducedDims(result!, dims, false) : result!;
    return [reduceGrad(mul(grad, exp(sub(self!, res))), ctx.inputs[0]!)];
  },
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { dim: 1, keepdim: false } },
    { inputs: [randomSample([2, 4, 3], undefined, { transposed: true })], attrs: { dim: [0, 2], keepdim: true }, label: 'non-contiguous, two dims, keepdim' },
    { inputs: [randomSample([3, 4])], attrs: { dim: [0, 1], keepdim: false }, label: 'all dims' },
  ],
});

/** torch.logsumexp. @example logsumexp(x, 1) */
export const logsumexp = (x: Tensor, dim: DimArg, keepdim = false): Tensor => run1(logsumexpOp, [x], { dim: dim ?? null, keepdim });
