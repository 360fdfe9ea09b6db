// What the reduction ops share: dim arguments as PyTorch reads them, and the
// shape moves their derivatives need: unsqueeze the reduced dims back (the
// table's unsqueeze, as PyTorch's unsqueeze_multiple), and scatter a selected
// value's gradient to its index / gather it again.
//
// scatter and gather here are ops in their own right — run through runOp so
// that a derivative built from them is itself differentiable (create_graph)
// — but not rows of the op table: they are the internal steps of PyTorch's
// value_selecting_reduction_backward, with the grad_fn names those steps show.
import { indexError, runtimeError } from '../errors/errors.ts';
import { expandStrides, normalizeDim, normalizeDims } from '../core/shape.ts';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { forEachIndex } from '../kernels/elementwise.ts';
import { runOp, type OpSpec } from './define.ts';
import { unsqueeze } from './layout_dims.ts';

/** A `dim` argument: one dim, several, or none (all dims; an empty list also means all). */
export type DimArg = number | readonly number[] | null | undefined;

/**
 * The dims a reduction runs over, normalized and sorted, with PyTorch's range
 * and duplicate errors. None or [] means every dim; a 0-dim tensor accepts
 * dim 0 or -1 and reduces nothing.
 */
export function resolveDims(dim: DimArg, ndim: number): number[] {
  if (dim === null || dim === undefined) return range(ndim);
  const list = typeof dim === 'number' ? [dim] : dim;
  if (list.length === 0) return range(ndim);
  return normalizeDims(list, ndim)
    .filter((d) => d < ndim)
    .sort((a, b) => a - b);
}

/** One dim, normalized; undefined for a 0-dim tensor (which accepts 0 or -1). */
export function resolveDim(dim: number, ndim: number): number | undefined {
  const d = normalizeDim(dim, ndim);
  return d < ndim ? d : undefined;
}

export function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** Product of the sizes of `dims`. */
export function reducedCount(shape: readonly number[], dims: readonly number[]): number {
  return dims.reduce((acc, d) => acc * shape[d]!, 1);
}

/**
 * zero_numel_check_dims: a reduction with no identity (max, amax, argmax)
 * over an empty tensor needs a dim, and that dim must not be empty. `raw`
 * are the dims as the caller wrote them (PyTorch prints them unwrapped).
 */
export function checkNonEmptyReduction(
  fn: string,
  x: Tensor,
  raw: readonly number[] | null,
  opts: { missingDimError: 'runtime' | 'index'; hint: boolean },
): void {
  if (x.numel !== 0) return;
  if (raw === null || raw.length === 0) {
    const msg = `${fn}: Expected reduction dim to be specified for input.numel() == 0.${opts.hint ? " Specify the reduction dim with the 'dim' argument." : ''}`;
    throw opts.missingDimError === 'index' ? indexError(msg) : runtimeError(msg);
  }
  for (const d of raw) {
    const n = normalizeDim(d, x.ndim);
    if (x.ndim > 0 && x.shape[n] === 0) throw indexError(`${fn}: Expected reduction dim ${d} to have non-zero size.`);
  }
}

// ---------------------------------------------------------------------------
// Shape moves for derivatives.

/** x with size-1 dims inserted at `dims` (sorted positions in the result), as unsqueeze_multiple. */
export function unsqueezeDims(x: Tensor, dims: readonly number[]): Tensor {
  return tidy(() => dims.reduce((t, d) => unsqueeze(t, d), x));
}

/**
 * A reduction's result (or its gradient) with the reduced dims put back as
 * size 1, as PyTorch's unsqueeze_multiple: x itself when keepdim already kept them.
 */
export function restoreReducedDims(x: Tensor, dims: readonly number[], keepdim: boolean): Tensor {
  return keepdim || dims.length === 0 ? x : unsqueezeDims(x, dims);
}

// Scatter into zeros / gather along one dim: the derivative of max(dim),
// min(dim) (value_selecting_reduction_backward) and of each other.

interface AlongDim {
  dim: number;
  /** The scattered-into shape (scatter only). */
  shape?: readonly number[];
}

/**
 * Walks every element of idx, with the matching position in `a` (same shape as
 * idx) and the position in a contiguous target of strides `bStrides` whose
 * coordinate along `dim` is the index value: body(a position, target position).
 */
function walkIndex(
  idx: Tensor,
  a: Tensor,
  bStrides: readonly number[],
  dim: number,
  body: (pa: number, pb: number) => void,
): void {
  const sa = expandStrides(a.shape, a.strides, idx.shape);
  const sb = bStrides.map((s, d) => (d === dim ? 0 : s));
  const id = idx.storage.data;
  const bStep = bStrides[dim]!;
  forEachIndex(idx.shape, [idx.strides, sa, sb], [idx.offset, a.offset, 0], (pos) => {
    body(pos[1]!, pos[2]! + id[pos[0]!]! * bStep);
  });
}

const scatterSpec: OpSpec<AlongDim> = {
  name: 'scatter',
  signature: 'scatter(input, dim, index, src)',
  gradFn: 'ScatterBackward0',
  doc: 'zeros(shape).scatter(dim, index, src): each src value placed at its index along dim.',
  example: 'torch.zeros(3).scatter(0, torch.tensor([2]), torch.tensor([5.]))',
  differentiable: [0],
  forward: ([src, idx], { dim, shape }) => {
    const out = Tensor.empty(shape!, src!.dtype);
    const o = out.storage.data;
    const s = src!.storage.data;
    walkIndex(idx!, src!, out.strides, dim, (ps, po) => {
      o[po] = s[ps]!;
    });
    return { out, save: [idx!] };
  },
  backward: (ctx, [g]) => [gatherAlongDim(g!, ctx.saved[0]!, ctx.attrs.dim), null],
};

const gatherSpec: OpSpec<AlongDim> = {
  name: 'gather',
  signature: 'gather(input, dim, index)',
  gradFn: 'GatherBackward0',
  doc: 'out[i][j] = input[index[i][j]][j] along dim.',
  example: 'torch.tensor([[1., 2.], [3., 4.]]).gather(1, torch.tensor([[1], [0]]))',
  differentiable: [0],
  forward: ([x, idx], { dim }) => {
    const out = Tensor.empty(idx!.shape, x!.dtype);
    const o = out.storage.data;
    const xd = x!.storage.data;
    const outStrides = out.strides;
    // Walk the index; read x at the indexed position, write out contiguously.
    const sx = x!.strides.map((s, d) => (d === dim ? 0 : s));
    const id = idx!.storage.data;
    forEachIndex(idx!.shape, [idx!.strides, sx, outStrides], [idx!.offset, x!.offset, 0], (pos) => {
      o[pos[2]!] = xd[pos[1]! + id[pos[0]!]! * x!.strides[dim]!]!;
    });
    return { out, save: [idx!] };
  },
  backward: (ctx, [g]) => [scatterAlongDim(g!, ctx.saved[0]!, ctx.attrs.dim, ctx.inputs[0]!.shape), null],
};

/** zeros(shape) with src's values placed at `idx` along `dim` (idx and src share a shape). */
export function scatterAlongDim(src: Tensor, idx: Tensor, dim: number, shape: readonly number[]): Tensor {
  return runOp(scatterSpec, [src, idx], { dim, shape })[0]!;
}

/** x's values at `idx` along `dim`. */
export function gatherAlongDim(x: Tensor, idx: Tensor, dim: number): Tensor {
  return runOp(gatherSpec, [x, idx], { dim })[0]!;
}
