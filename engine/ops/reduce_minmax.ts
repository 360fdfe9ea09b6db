// Value-selecting reductions: max/min (whole tensor, or along a dim with
// indices), amax/amin (several dims, no indices), argmax/argmin, and all/any
// (min/max over truth values). NaN
// propagates (the first NaN wins) and ties go to the first occurrence.
//
// Their derivatives route the gradient to the selected elements: max()
// splits it evenly between ties (evenly_distribute_backward), amax() too
// (scale_grad_by_count), and max(dim) sends it to the returned index only
// (value_selecting_reduction_backward), saving just the int64 indices.
import { type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError, scalarTypeName } from '../errors/errors.ts';
import { argExtremeSlice, extremeSlice, forEachSlice, reduceDims, reducedShape } from '../kernels/reduce.ts';
import { eq, isnan } from './compare.ts';
import { defineOp, run1, type Op } from './define.ts';
import { div, mul, where } from './pointwise_binary.ts';
import { sum } from './reduce.ts';
import {
  checkNonEmptyReduction,
  range,
  resolveDim,
  resolveDims,
  restoreReducedDims,
  scatterAlongDim,
  unsqueezeDims,
  type DimArg,
} from './reduce_common.ts';
import { randomSample } from './samples.ts';
import { reduceGrad } from './util.ts';

type Which = 'max' | 'min';
type NoAttrs = Record<string, never>;
/** "Max"/"Min" for grad_fn names, and which way the comparison goes. */
const flavor = (w: Which) => ({ Name: w === 'max' ? 'Max' : 'Min', smallest: w === 'min' });

function rawDims(dim: DimArg): number[] {
  if (dim === null || dim === undefined) return [];
  return typeof dim === 'number' ? [dim] : [...dim];
}

/** evenly_distribute_backward: the gradient shared by every element equal to the result (or every NaN). */
function evenlyDistribute(g: Tensor, input: Tensor, value: Tensor): Tensor {
  const mask = Number.isNaN(value.storage.data[value.offset]!) ? isnan(input) : eq(input, value);
  return where(mask, div(g, sum(mask)), 0);
}

// ---------------------------------------------------------------------------
// max() / min(): the whole tensor, a 0-dim result.

function fullExtreme(w: Which): Op<NoAttrs> {
  const { Name, smallest } = flavor(w);
  return defineOp<NoAttrs>({
    name: w,
    signature: `${w}(input)`,
    gradFn: `${Name}Backward1`,
    doc: `The ${w === 'max' ? 'largest' : 'smallest'} element (NaN if any element is NaN).`,
    example: `torch.${w}(torch.tensor([[1., 5.], [3., 2.]]))`,
    forward: ([x]) => {
      checkNonEmptyReduction(`${w}()`, x!, null, { missingDimError: 'runtime', hint: true });
      const out = reduceDims(x!, range(x!.ndim), false, x!.dtype, (d, s, n, st) => extremeSlice(d, s, n, st, smallest));
      return { out, save: [x!, out] };
    },
    backward: (ctx, [g]) => {
      const [self, result] = ctx.saved;
      return [reduceGrad(evenlyDistribute(g!, self!, result!), ctx.inputs[0]!)];
    },
    samples: () => [
      { inputs: [randomSample([3, 4])], attrs: {} },
      { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: {}, label: 'non-contiguous' },
      { inputs: [tied(w)], attrs: {}, label: 'ties share the gradient' },
    ],
  });
}

/** A sample whose extreme value occurs twice. */
function tied(w: Which): Tensor {
  const t = randomSample([2, 3]);
  const d = t.storage.data;
  d[1] = d[4] = w === 'max' ? 5 : -5;
  return t;
}

export const maxOp = fullExtreme('max');
export const minOp = fullExtreme('min');

// ---------------------------------------------------------------------------
// max(dim) / min(dim): (values, indices).

interface DimAttrs {
  dim: number;
  keepdim: boolean;
}

function dimExtreme(w: Which): Op<DimAttrs, { dim: number | undefined }> {
  const { Name, smallest } = flavor(w);
  return defineOp<DimAttrs, { dim: number | undefined }>({
    name: `${w}.dim`,
    signature: `${w}(input, dim, keepdim=False)`,
    gradFn: `${Name}Backward0`,
    doc: `(values, indices) of the ${w === 'max' ? 'largest' : 'smallest'} element along dim; indices are int64 and not differentiable.`,
    example: `torch.${w}(torch.tensor([[1., 5.], [3., 2.]]), dim=1)`,
    nonDifferentiableOutputs: [1],
    forward: ([x], { dim, keepdim }) => {
      const d = resolveDim(dim, x!.ndim);
      if (d !== undefined) checkNonEmptyReduction(`${w}()`, x!, [d], { missingDimError: 'index', hint: false });
      const dims = d === undefined ? [] : [d];
      const shape = reducedShape(x!.shape, dims, keepdim);
      const values = Tensor.empty(shape, x!.dtype);
      const indices = Tensor.empty(shape, 'int64');
      const vd = values.storage.data;
      const id = indices.storage.data;
      forEachSlice(x!, dims, (data, start, n, step, k) => {
        const i = argExtremeSlice(data, start, n, step, smallest);
        vd[k] = data[start + i * step]!;
        id[k] = i;
      });
      return { out: [values, indices], save: [indices], extra: { dim: d } };
    },
    backward: (ctx, [g]) => {
      const input = ctx.inputs[0]!;
      const d = ctx.extra.dim;
      if (d === undefined) return [reduceGrad(g!, input)];
      const keep = ctx.attrs.keepdim;
      const idx = keep ? ctx.saved[0]! : unsqueezeDims(ctx.saved[0]!, [d]);
      const grad = keep ? g! : unsqueezeDims(g!, [d]);
      return [reduceGrad(scatterAlongDim(grad, idx, d, input.shape), input)];
    },
    samples: () => [
      { inputs: [randomSample([3, 4])], attrs: { dim: 1, keepdim: false } },
      { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: { dim: 0, keepdim: true }, label: 'non-contiguous, keepdim' },
      { inputs: [randomSample([2, 3, 4])], attrs: { dim: -2, keepdim: false }, label: 'middle dim' },
    ],
  });
}

export const maxDimOp = dimExtreme('max');
export const minDimOp = dimExtreme('min');

// ---------------------------------------------------------------------------
// amax / amin: one or more dims, values only.

interface ADimAttrs {
  dim: DimArg;
  keepdim: boolean;
}

function aExtreme(w: Which): Op<ADimAttrs, { dims: number[] }> {
  const { smallest } = flavor(w);
  const name = `a${w}`;
  return defineOp<ADimAttrs, { dims: number[] }>({
    name,
    signature: `${name}(input, dim=(), keepdim=False)`,
    gradFn: `A${w}Backward0`,
    doc: `The ${w === 'max' ? 'largest' : 'smallest'} element over one or more dims (all by default); ties share the gradient.`,
    example: `torch.${name}(torch.tensor([[1., 5.], [3., 2.]]), dim=0)`,
    forward: ([x], { dim, keepdim }) => {
      checkNonEmptyReduction(`${name}()`, x!, rawDims(dim), { missingDimError: 'runtime', hint: true });
      const dims = resolveDims(dim, x!.ndim);
      const out = reduceDims(x!, dims, keepdim, x!.dtype, (d, s, n, st) => extremeSlice(d, s, n, st, smallest));
      return { out, save: [x!, out], extra: { dims } };
    },
    backward: (ctx, [g]) => {
      const [self, result] = ctx.saved;
      const { dims } = ctx.extra;
      const keep = ctx.attrs.keepdim;
      const mask = eq(restoreReducedDims(result!, dims, keep), self!);
      const grad = div(restoreReducedDims(g!, dims, keep), sum(mask, dims, true));
      return [reduceGrad(mul(grad, mask), ctx.inputs[0]!)];
    },
    samples: () => [
      { inputs: [randomSample([3, 4])], attrs: { dim: 1, keepdim: false } },
      { inputs: [randomSample([2, 4, 3], undefined, { transposed: true })], attrs: { dim: [0, 2], keepdim: true }, label: 'non-contiguous, two dims' },
      { inputs: [tied(w)], attrs: { dim: null, keepdim: false }, label: 'all dims, ties' },
    ],
  });
}

export const amaxOp = aExtreme('max');
export const aminOp = aExtreme('min');

// ---------------------------------------------------------------------------
// argmax / argmin

interface ArgAttrs {
  dim: number | null;
  keepdim: boolean;
}

function argExtreme(w: Which): Op<ArgAttrs> {
  const { smallest } = flavor(w);
  const name = `arg${w}`;
  return defineOp<ArgAttrs>({
    name,
    signature: `${name}(input, dim=None, keepdim=False)`,
    doc: `Index of the ${w === 'max' ? 'largest' : 'smallest'} element (first on ties; of the flattened tensor when dim is None).`,
    example: `torch.${name}(torch.tensor([[1., 5.], [7., 2.]]), dim=1)`,
    forward: ([x], { dim, keepdim }) => {
      const d = dim === null ? null : resolveDim(dim, x!.ndim);
      checkNonEmptyReduction(`${name}()`, x!, d === null ? null : d === undefined ? [] : [d], { missingDimError: 'index', hint: false });
      if (x!.dtype === 'bool') throw runtimeError(`"${name}_cpu" not implemented for '${scalarTypeName(x!.dtype)}'`);
      const dims = d === null ? range(x!.ndim) : d === undefined ? [] : [d];
      return { out: reduceDims(x!, dims, keepdim, 'int64', (data, s, n, st) => argExtremeSlice(data, s, n, st, smallest)) };
    },
  });
}

export const argmaxOp = argExtreme('max');
export const argminOp = argExtreme('min');

// ---------------------------------------------------------------------------
// all / any: min and max over truth values; never differentiable.

interface LogicalAttrs {
  dim: DimArg;
  keepdim: boolean;
}

/** all/any return uint8 for uint8 inputs and bool otherwise, as PyTorch does. */
function logicalReduction(name: 'all' | 'any', test: (found: boolean) => boolean) {
  const every = name === 'all';
  return defineOp<LogicalAttrs>({
    name,
    signature: `${name}(input, dim=None, keepdim=False)`,
    doc: every ? 'Whether every element is nonzero (True for an empty tensor).' : 'Whether any element is nonzero.',
    example: `torch.${name}(torch.tensor([[True, False], [True, True]]), dim=1)`,
    forward: ([x], { dim, keepdim }) => {
      const dims = resolveDims(dim, x!.ndim);
      const outDtype: DType = x!.dtype === 'uint8' ? 'uint8' : 'bool';
      return {
        out: reduceDims(x!, dims, keepdim, outDtype, (data, start, n, step) => {
          for (let i = 0, p = start; i < n; i++, p += step) if (test(data[p] !== 0)) return every ? 0 : 1;
          return every ? 1 : 0;
        }),
      };
    },
  });
}

export const allOp = logicalReduction('all', (nonzero) => !nonzero);
export const anyOp = logicalReduction('any', (nonzero) => nonzero);
/** torch.all. @example all(mask, 1) */
export const all = (x: Tensor, dim: DimArg = null, keepdim = false): Tensor => run1(allOp, [x], { dim, keepdim });
/** torch.any. @example any(mask) */
export const any = (x: Tensor, dim: DimArg = null, keepdim = false): Tensor => run1(anyOp, [x], { dim, keepdim });

// ---------------------------------------------------------------------------
// The TypeScript API.

/** torch.max(x): the largest element, a 0-dim tensor. @example max(x)  // MaxBackward1 */
export const max = (x: Tensor): Tensor => run1(maxOp, [x], {});
/** torch.min(x): the smallest element, a 0-dim tensor. */
export const min = (x: Tensor): Tensor => run1(minOp, [x], {});
/** torch.max(x, dim, keepdim): [values, indices]. @example const [values, indices] = maxDim(x, 1) */
export const maxDim = (x: Tensor, dim: number, keepdim = false): [Tensor, Tensor] => maxDimOp([x], { dim, keepdim }) as [Tensor, Tensor];
/** torch.min(x, dim, keepdim): [values, indices]. @example const [values, indices] = minDim(x, 0, true) */
export const minDim = (x: Tensor, dim: number, keepdim = false): [Tensor, Tensor] => minDimOp([x], { dim, keepdim }) as [Tensor, Tensor];
/** torch.amax: over one or more dims (all by default). @example amax(x, [0, 2]) */
export const amax = (x: Tensor, dim: DimArg = null, keepdim = false): Tensor => run1(amaxOp, [x], { dim, keepdim });
/** torch.amin. @example amin(x, 1, true) */
export const amin = (x: Tensor, dim: DimArg = null, keepdim = false): Tensor => run1(aminOp, [x], { dim, keepdim });
/** torch.argmax: of the flattened tensor, or along dim. @example argmax(logits, 1) */
export const argmax = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => run1(argmaxOp, [x], { dim, keepdim });
/** torch.argmin. @example argmin(x) */
export const argmin = (x: Tensor, dim: number | null = null, keepdim = false): Tensor => run1(argminOp, [x], { dim, keepdim });
