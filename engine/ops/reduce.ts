// Sum-like reductions: sum, mean, prod, cumsum, count_nonzero. Sums accumulate in float64 whatever the dtype, so
// float32 results are as close to exact as PyTorch's cascade sum makes them.
import { castValue, isFloating, isIntegral, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { notImplemented, runtimeError, scalarTypeName } from '../errors/errors.ts';
import { contiguousCopy, contiguousData } from '../kernels/elementwise.ts';
import { mapLines, prodSlice, reduceDims, sumSlice, type LineFn, type SliceReducer } from '../kernels/reduce.ts';
import { defineOp, run1, runOp, type OpSpec } from './define.ts';
import { expand } from './layout_views.ts';
import { div, mul } from './pointwise_binary.ts';
import { randomSample } from './samples.ts';
import {
  range,
  reducedCount,
  resolveDim,
  resolveDims,
  restoreReducedDims,
  unsqueezeDims,
  type DimArg,
} from './reduce_common.ts';
import { reduceGrad } from './util.ts';

interface DtypeAttrs {
  dtype: DType | null;
}
interface DimsAttrs extends DtypeAttrs {
  dim: DimArg;
  keepdim: boolean;
}
interface Dims {
  dims: number[];
}

/** sum/prod/cumsum: integers and bools accumulate to int64 unless a dtype is given. */
function accumulateDtype(x: Tensor, dtype: DType | null): DType {
  return dtype ?? (isIntegral(x.dtype, true) ? 'int64' : x.dtype);
}

/** A slice reducer that first casts each element to `dtype` (PyTorch converts the input first). */
function castingInput(f: SliceReducer, from: DType, dtype: DType | null): SliceReducer {
  if (dtype === null || dtype === from) return f;
  return (data, start, n, step) => {
    const buf = new Float64Array(n);
    for (let i = 0, p = start; i < n; i++, p += step) buf[i] = castValue(dtype, data[p]!);
    return f(buf, 0, n, 1);
  };
}

function sumKernel(x: Tensor, dims: number[], keepdim: boolean, dtype: DType | null): Tensor {
  return reduceDims(x, dims, keepdim, accumulateDtype(x, dtype), castingInput(sumSlice, x.dtype, dtype));
}

/** sum_backward: the gradient of a sum over `dims`, spread back over the input's shape (a stride-0 view). */
function sumBackward(g: Tensor, shape: readonly number[], dims: number[], keepdim: boolean): Tensor {
  return expand(restoreReducedDims(g, dims, keepdim), shape);
}

// ---------------------------------------------------------------------------
// sum

const sumSamples = () => [
  { inputs: [randomSample([3, 4])], attrs: { dtype: null } },
  { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: { dtype: null }, label: 'non-contiguous' },
  { inputs: [randomSample([])], attrs: { dtype: null }, label: '0-dim' },
];

const sumDimSamples = () => [
  { inputs: [randomSample([3, 4])], attrs: { dim: 1, keepdim: false, dtype: null } },
  { inputs: [randomSample([2, 3, 4])], attrs: { dim: [0, 2], keepdim: true, dtype: null }, label: 'two dims, keepdim' },
  { inputs: [randomSample([2, 4, 3], undefined, { transposed: true })], attrs: { dim: [-1, 0], keepdim: false, dtype: null }, label: 'non-contiguous' },
  { inputs: [randomSample([3, 4])], attrs: { dim: [], keepdim: false, dtype: null }, label: 'dim=[] (all)' },
];

export const sumOp = defineOp<DtypeAttrs>({
  name: 'sum',
  signature: 'sum(input, *, dtype=None)',
  gradFn: 'SumBackward0',
  doc: 'Sum of all elements. Integer and bool inputs sum to int64.',
  example: 'torch.sum(torch.tensor([[1., 2.], [3., 4.]]))',
  forward: ([x], { dtype }) => ({ out: sumKernel(x!, range(x!.ndim), false, dtype) }),
  backward: (ctx, [g]) => [reduceGrad(expand(g!, ctx.inputs[0]!.shape), ctx.inputs[0]!)],
  samples: sumSamples,
});

export const sumDimOp = defineOp<DimsAttrs, Dims>({
  name: 'sum.dim_IntList',
  signature: 'sum(input, dim, keepdim=False, *, dtype=None)',
  gradFn: 'SumBackward1',
  doc: 'Sum over one or more dims (keepdim keeps them as size 1).',
  example: 'torch.tensor([[1., 2.], [3., 4.]]).sum(dim=1, keepdim=True)',
  forward: ([x], { dim, keepdim, dtype }) => {
    const dims = resolveDims(dim, x!.ndim);
    return { out: sumKernel(x!, dims, keepdim, dtype), extra: { dims } };
  },
  backward: (ctx, [g]) => {
    const input = ctx.inputs[0]!;
    return [reduceGrad(sumBackward(g!, input.shape, ctx.extra.dims, ctx.attrs.keepdim), input)];
  },
  samples: sumDimSamples,
});

/**
 * torch.sum: over every element, or over `dim` (an int, a list; [] means all).
 * @example sum(x)  // SumBackward0
 * @example sum(x, [0, 2], true)  // SumBackward1, dims 0 and 2 kept as size 1
 */
export function sum(x: Tensor, dim: DimArg = null, keepdim = false, dtype: DType | null = null): Tensor {
  if ((dim === null || dim === undefined) && !keepdim) return run1(sumOp, [x], { dtype });
  return run1(sumDimOp, [x], { dim: dim ?? null, keepdim, dtype });
}

// ---------------------------------------------------------------------------
// mean: sum, then one division in the output dtype (PyTorch's CPU mean).

function meanDtype(x: Tensor, dtype: DType | null): DType {
  const prefix = 'mean(): could not infer output dtype.';
  if (dtype === null) {
    if (!isFloating(x.dtype)) {
      throw runtimeError(`${prefix} Input dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(x.dtype)}`);
    }
    return x.dtype;
  }
  if (!isFloating(dtype)) {
    throw runtimeError(`${prefix} Optional dtype must be either a floating point or complex dtype. Got: ${scalarTypeName(dtype)}`);
  }
  return dtype;
}

function meanKernel(x: Tensor, dims: number[], keepdim: boolean, dtype: DType | null): Tensor {
  const out = meanDtype(x, dtype);
  const count = reducedCount(x.shape, dims);
  const sumDtype: DType = out === 'float16' ? 'float32' : out;
  const total = castingInput(sumSlice, x.dtype, dtype);
  return reduceDims(x, dims, keepdim, out, (data, start, n, step) => castValue(sumDtype, total(data, start, n, step)) / count);
}

export const meanOp = defineOp<DtypeAttrs>({
  name: 'mean',
  signature: 'mean(input, *, dtype=None)',
  gradFn: 'MeanBackward0',
  doc: 'Mean of all elements (floating point inputs only; nan for an empty tensor).',
  example: 'torch.mean(torch.tensor([[1., 2.], [3., 4.]]))',
  forward: ([x], { dtype }) => ({ out: meanKernel(x!, range(x!.ndim), false, dtype) }),
  backward: (ctx, [g]) => {
    const input = ctx.inputs[0]!;
    const n = input.shape.reduce((a, b) => a * b, 1);
    return [reduceGrad(div(expand(g!, input.shape), n), input)];
  },
  samples: sumSamples,
});

export const meanDimOp = defineOp<DimsAttrs, Dims>({
  name: 'mean.dim',
  signature: 'mean(input, dim, keepdim=False, *, dtype=None)',
  gradFn: 'MeanBackward1',
  doc: 'Mean over one or more dims.',
  example: 'torch.tensor([[1., 2.], [3., 4.]]).mean(dim=0)',
  forward: ([x], { dim, keepdim, dtype }) => {
    const dims = resolveDims(dim, x!.ndim);
    return { out: meanKernel(x!, dims, keepdim, dtype), extra: { dims } };
  },
  backward: (ctx, [g]) => {
    const input = ctx.inputs[0]!;
    const { dims } = ctx.extra;
    const spread = sumBackward(g!, input.shape, dims, ctx.attrs.keepdim);
    return [reduceGrad(div(spread, reducedCount(input.shape, dims)), input)];
  },
  samples: sumDimSamples,
});

/**
 * torch.mean: over every element, or over `dim` (floating point only, or give a float dtype).
 * @example mean(x, 1, true)
 */
export function mean(x: Tensor, dim: DimArg = null, keepdim = false, dtype: DType | null = null): Tensor {
  if ((dim === null || dim === undefined) && !keepdim) return run1(meanOp, [x], { dtype });
  return run1(meanDimOp, [x], { dim: dim ?? null, keepdim, dtype });
}

// ---------------------------------------------------------------------------
// prod. Its derivative divides the product by each element; where an input
// element is zero that is undefined, and PyTorch (prod_safe_zeros_backward)
// multiplies the other elements of the slice instead.

/** Each element replaced by the product of the other elements of its slice (dim null: the whole tensor). */
function productOfOthers(x: Tensor, dim: number | null): Tensor {
  const exclusive: LineFn = (src, start, n, step, dst, ds, dstep) => {
    let acc = 1;
    for (let i = 0, p = start, q = ds; i < n; i++, p += step, q += dstep) {
      dst[q] = acc;
      acc *= src[p]!;
    }
    acc = 1;
    for (let i = n - 1, p = start + (n - 1) * step, q = ds + (n - 1) * dstep; i >= 0; i--, p -= step, q -= dstep) {
      dst[q] = castValue(x.dtype, dst[q]! * acc);
      acc *= src[p]!;
    }
  };
  if (dim !== null) return mapLines(x, dim, x.dtype, exclusive);
  const out = Tensor.empty(x.shape, x.dtype);
  exclusive(contiguousData(x), 0, x.numel, 1, out.storage.data, 0, 1);
  return out;
}

const productOfOthersSpec: OpSpec<{ dim: number | null }> = {
  name: 'prod_safe_zeros_backward',
  signature: 'prod_safe_zeros_backward(input, dim)',
  gradFn: 'MulBackward0',
  doc: "Each element's slice product without that element: prod's derivative where the input has zeros.",
  example: '',
  forward: ([x], { dim }) => ({ out: productOfOthers(x!, dim) }),
  backward: () => {
    throw notImplemented("the derivative of prod's gradient (double backward) is not implemented when the input contains zeros");
  },
};

const hasZero = (x: Tensor): boolean => x.toArray().some((v) => v === 0);

/** prod_backward: grad * result / input, or grad * (product of the others) when the input has zeros. */
function prodBackward(g: Tensor, self: Tensor, result: Tensor, dim: number | null, keepdim: boolean): Tensor {
  if (self.ndim === 0) return g;
  const x = self.dtype === g.dtype ? self : contiguousCopy(self, g.dtype);
  let grad = g;
  let res = result;
  if (dim !== null && !keepdim) {
    grad = unsqueezeDims(g, [dim]);
    res = unsqueezeDims(result, [dim]);
  }
  if (!hasZero(x)) return mul(grad, div(res, x));
  return mul(grad, runOp(productOfOthersSpec, [x], { dim })[0]!);
}

const prodSamples = () => [
  { inputs: [randomSample([2, 3], 'away-from-zero')], attrs: { dtype: null } },
  { inputs: [randomSample([3, 2], 'away-from-zero', { transposed: true })], attrs: { dtype: null }, label: 'non-contiguous' },
  { inputs: [withZeros(randomSample([2, 3]), [4])], attrs: { dtype: null }, label: 'one zero' },
  { inputs: [withZeros(randomSample([2, 3]), [1, 4])], attrs: { dtype: null }, label: 'two zeros' },
];

/** A sample with zeros written at the given storage positions. */
const withZeros = (t: Tensor, at: number[]): Tensor => (at.forEach((p) => (t.storage.data[p] = 0)), t);

export const prodOp = defineOp<DtypeAttrs>({
  name: 'prod',
  signature: 'prod(input, *, dtype=None)',
  gradFn: 'ProdBackward0',
  doc: 'Product of all elements. Integer and bool inputs multiply to int64.',
  example: 'torch.prod(torch.tensor([[1., 2.], [3., 4.]]))',
  forward: ([x], { dtype }) => {
    const out = reduceDims(x!, range(x!.ndim), false, accumulateDtype(x!, dtype), castingInput(prodSlice, x!.dtype, dtype));
    return { out, save: [x!, out] };
  },
  backward: (ctx, [g]) => {
    const [self, result] = ctx.saved;
    return [reduceGrad(prodBackward(g!, self!, result!, null, false), ctx.inputs[0]!)];
  },
  samples: prodSamples,
});

interface ProdDimAttrs extends DtypeAttrs {
  dim: number;
  keepdim: boolean;
}

export const prodDimOp = defineOp<ProdDimAttrs, { dim: number | undefined }>({
  name: 'prod.dim_int',
  signature: 'prod(input, dim, keepdim=False, *, dtype=None)',
  gradFn: 'ProdBackward1',
  doc: 'Product over one dim.',
  example: 'torch.tensor([[1., 2.], [3., 4.]]).prod(dim=1)',
  forward: ([x], { dim, keepdim, dtype }) => {
    const d = resolveDim(dim, x!.ndim);
    const dims = d === undefined ? [] : [d];
    const out = reduceDims(x!, dims, keepdim, accumulateDtype(x!, dtype), castingInput(prodSlice, x!.dtype, dtype));
    return { out, save: [x!, out], extra: { dim: d } };
  },
  backward: (ctx, [g]) => {
    const [self, result] = ctx.saved;
    return [reduceGrad(prodBackward(g!, self!, result!, ctx.extra.dim ?? null, ctx.attrs.keepdim), ctx.inputs[0]!)];
  },
  samples: () => [
    { inputs: [randomSample([3, 4], 'away-from-zero')], attrs: { dim: 1, keepdim: false, dtype: null } },
    { inputs: [randomSample([4, 3], 'away-from-zero', { transposed: true })], attrs: { dim: 0, keepdim: true, dtype: null }, label: 'non-contiguous' },
    { inputs: [withZeros(randomSample([3, 4]), [1, 5, 6])], attrs: { dim: 1, keepdim: false, dtype: null }, label: 'zeros' },
  ],
});

/**
 * torch.prod: over every element, or over one dim.
 * @example prod(x, 1)  // ProdBackward1
 */
export function prod(x: Tensor, dim: number | null = null, keepdim = false, dtype: DType | null = null): Tensor {
  if (dim === null) return run1(prodOp, [x], { dtype });
  return run1(prodDimOp, [x], { dim, keepdim, dtype });
}

// ---------------------------------------------------------------------------
// cumsum. Its derivative is the reversed cumulative sum of the gradient.

interface CumsumAttrs extends DtypeAttrs {
  dim: number;
}

function cumsumKernel(x: Tensor, dim: number | undefined, outDtype: DType, inputCast: DType | null, reverse: boolean): Tensor {
  const cast = inputCast !== null && inputCast !== x.dtype ? (v: number) => castValue(inputCast, v) : (v: number) => v;
  return mapLines(x, dim ?? 0, outDtype, (src, start, n, step, dst, ds, dstep) => {
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const i = reverse ? n - 1 - k : k;
      acc += cast(src[start + i * step]!);
      dst[ds + i * dstep] = castValue(outDtype, acc);
    }
  });
}

/** flip(cumsum(flip(g))): cumsum's derivative, whose own derivative is cumsum again. */
const reversedCumsumSpec: OpSpec<{ dim: number }> = {
  name: 'reversed_cumsum',
  signature: 'reversed_cumsum(input, dim)',
  gradFn: 'FlipBackward0',
  doc: 'Cumulative sum from the end of the dim.',
  example: '',
  forward: ([g], { dim }) => ({ out: cumsumKernel(g!, dim, g!.dtype, null, true) }),
  backward: (ctx, [gg]) => [cumsum(gg!, ctx.attrs.dim)],
};

export const cumsumOp = defineOp<CumsumAttrs, { dim: number | undefined }>({
  name: 'cumsum',
  signature: 'cumsum(input, dim, *, dtype=None)',
  gradFn: 'CumsumBackward0',
  doc: 'Cumulative sum along dim. Integer and bool inputs accumulate to int64.',
  example: 'torch.cumsum(torch.tensor([1., 2., 3.]), dim=0)',
  forward: ([x], { dim, dtype }) => {
    const d = resolveDim(dim, x!.ndim);
    return { out: cumsumKernel(x!, d, accumulateDtype(x!, dtype), dtype, false), extra: { dim: d } };
  },
  backward: (ctx, [g]) => {
    const input = ctx.inputs[0]!;
    const grad = reduceGrad(g!, input);
    const d = ctx.extra.dim;
    if (d === undefined || grad.numel <= 1 || input.shape[d] === 1) return [grad];
    return [runOp(reversedCumsumSpec, [grad], { dim: d })[0]!];
  },
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { dim: 1, dtype: null } },
    { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: { dim: 0, dtype: null }, label: 'non-contiguous' },
    { inputs: [randomSample([2, 3, 2])], attrs: { dim: -2, dtype: null }, label: 'middle dim' },
  ],
});

/** torch.cumsum. @example cumsum(x, 0) */
export const cumsum = (x: Tensor, dim: number, dtype: DType | null = null): Tensor => run1(cumsumOp, [x], { dim, dtype });

// ---------------------------------------------------------------------------
// count_nonzero: never differentiable.

export const countNonzeroOp = defineOp<{ dim: DimArg }>({
  name: 'count_nonzero',
  signature: 'count_nonzero(input, dim=None)',
  doc: 'How many elements are nonzero, over all elements or over dim (int64).',
  example: 'torch.count_nonzero(torch.tensor([[0, 1, 2], [0, 0, 3]]), dim=0)',
  forward: ([x], { dim }) => ({
    out: reduceDims(x!, resolveDims(dim, x!.ndim), false, 'int64', (data, start, n, step) => {
      let c = 0;
      for (let i = 0, p = start; i < n; i++, p += step) if (data[p] !== 0) c++;
      return c;
    }),
  }),
});

/** torch.count_nonzero. @example countNonzero(x, 0) */
export const countNonzero = (x: Tensor, dim: DimArg = null): Tensor => run1(countNonzeroOp, [x], { dim });
