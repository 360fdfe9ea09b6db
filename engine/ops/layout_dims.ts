// Views that reorder, drop or add dimensions: transpose, t, permute, squeeze,
// unsqueeze, and their composites (swapaxes, movedim, T, mT). Each only
// rearranges shape and strides (Note [Views share everything but geometry]
// in layout_geometry.ts); each derivative is the inverse rearrangement.
import { normalizeDim, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError, warnOnce } from '../errors/errors.ts';
import { defineOp, run1 } from './define.ts';
import { checkPermutation, inversePermutation, unsqueezeGeometry } from './layout_geometry.ts';
import { randomSample } from './samples.ts';

type NoAttrs = Record<string, never>;
const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

function swapped(x: Tensor, d0: number, d1: number): Tensor {
  const shape = [...x.shape];
  const strides = [...x.strides];
  [shape[d0], shape[d1]] = [shape[d1]!, shape[d0]!];
  [strides[d0], strides[d1]] = [strides[d1]!, strides[d0]!];
  return x.makeView(shape, strides, x.offset);
}

export const transposeOp = defineOp<{ dim0: number; dim1: number }>({
  name: 'transpose',
  signature: 'transpose(input, dim0, dim1)',
  gradFn: 'TransposeBackward0',
  doc: 'A view with two dimensions swapped (their strides swap; no data moves).',
  example: 'torch.arange(6).view(2, 3).transpose(0, 1).stride()',
  forward: ([x], { dim0, dim1 }) => ({ out: swapped(x!, normalizeDim(dim0, x!.ndim), normalizeDim(dim1, x!.ndim)) }),
  backward: (ctx, [g]) => [transpose(g!, ctx.attrs.dim0, ctx.attrs.dim1)],
  samples: () => [
    { inputs: [randomSample([2, 3, 4])], attrs: { dim0: 0, dim1: -1 } },
    { inputs: [transposed([4, 3])], attrs: { dim0: 1, dim1: 0 }, label: 'non-contiguous' },
  ],
});

export const tOp = defineOp<NoAttrs>({
  name: 't',
  signature: 't(input)',
  gradFn: 'TBackward0',
  doc: 'Transpose of a matrix; 0-D and 1-D tensors come back as views of the same shape.',
  example: 'torch.arange(6).view(2, 3).t()',
  forward: ([x]) => {
    if (x!.ndim > 2) throw runtimeError(`t() expects a tensor with <= 2 dimensions, but self is ${x!.ndim}D`);
    return { out: x!.ndim < 2 ? x!.makeView(x!.shape, x!.strides, x!.offset) : swapped(x!, 0, 1) };
  },
  backward: (_ctx, [g]) => [t(g!)],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: {} },
    { inputs: [transposed([4, 3])], attrs: {}, label: 'non-contiguous' },
    { inputs: [randomSample([5])], attrs: {}, label: '1-D' },
  ],
});

export const permuteOp = defineOp<{ dims: number[] }>({
  name: 'permute',
  signature: 'permute(input, dims)',
  gradFn: 'PermuteBackward0',
  doc: 'A view with the dimensions reordered: output dim i is input dim dims[i].',
  example: 'torch.zeros(2, 3, 4).permute(2, 0, 1).shape',
  forward: ([x], { dims }) => {
    const perm = checkPermutation(dims, x!.ndim);
    return { out: x!.makeView(perm.map((d) => x!.shape[d]!), perm.map((d) => x!.strides[d]!), x!.offset) };
  },
  backward: (ctx, [g]) => [permute(g!, inversePermutation(checkPermutation(ctx.attrs.dims, g!.ndim)))],
  samples: () => [
    { inputs: [randomSample([2, 3, 4])], attrs: { dims: [2, 0, 1] } },
    { inputs: [transposed([2, 4, 3])], attrs: { dims: [-1, 0, 1] }, label: 'non-contiguous' },
  ],
});

function dropDims(x: Tensor, drop: (d: number) => boolean): Tensor {
  const keep = x.shape.map((_, d) => d).filter((d) => !drop(d));
  return x.makeView(keep.map((d) => x.shape[d]!), keep.map((d) => x.strides[d]!), x.offset);
}

/** unsqueeze_to: puts back the size-1 dims of `sizes` that squeeze removed. */
function unsqueezeTo(g: Tensor, sizes: Shape, dims?: readonly number[]): Tensor {
  const wanted = sizes.map((s, d) => s === 1 && (dims === undefined || dims.includes(d)));
  let out = g;
  wanted.forEach((w, d) => {
    if (w) out = unsqueeze(out, d);
  });
  return out;
}

export const squeezeOp = defineOp<NoAttrs>({
  name: 'squeeze',
  signature: 'squeeze(input)',
  gradFn: 'SqueezeBackward0',
  doc: 'A view without any size-1 dimension.',
  example: 'torch.zeros(1, 3, 1, 2).squeeze().shape',
  forward: ([x]) => ({ out: dropDims(x!, (d) => x!.shape[d] === 1) }),
  backward: (ctx, [g]) => [unsqueezeTo(g!, ctx.inputs[0]!.shape)],
  samples: () => [
    { inputs: [randomSample([1, 3, 1, 2])], attrs: {} },
    { inputs: [transposed([4, 1])], attrs: {}, label: 'non-contiguous' },
  ],
});

export const squeezeDimOp = defineOp<{ dim: number }>({
  name: 'squeeze.dim',
  signature: 'squeeze(input, dim)',
  gradFn: 'SqueezeBackward1',
  doc: 'A view without dimension `dim` if its size is 1 (otherwise the same shape).',
  example: 'torch.zeros(1, 3).squeeze(0).shape',
  forward: ([x], { dim }) => {
    const d = normalizeDim(dim, x!.ndim);
    return { out: dropDims(x!, (k) => k === d && x!.shape[k] === 1) };
  },
  backward: (ctx, [g]) => {
    const sizes = ctx.inputs[0]!.shape;
    return [unsqueezeTo(g!, sizes, [normalizeDim(ctx.attrs.dim, sizes.length)])];
  },
  samples: () => [
    { inputs: [randomSample([3, 1, 2])], attrs: { dim: 1 } },
    { inputs: [randomSample([3, 2])], attrs: { dim: -1 }, label: 'size is not 1' },
    { inputs: [transposed([1, 4])], attrs: { dim: 0 }, label: 'non-contiguous' },
  ],
});

export const squeezeDimsOp = defineOp<{ dim: number[] }>({
  name: 'squeeze.dims',
  signature: 'squeeze(input, dim)',
  gradFn: 'SqueezeBackward2',
  doc: 'A view without those of the listed dimensions whose size is 1 (PyTorch 2.0+).',
  example: 'torch.zeros(1, 3, 1).squeeze((0, 2)).shape',
  forward: ([x], { dim }) => {
    const ds = normalizeDimList(dim, x!.ndim);
    return { out: dropDims(x!, (k) => ds.includes(k) && x!.shape[k] === 1) };
  },
  backward: (ctx, [g]) => {
    const sizes = ctx.inputs[0]!.shape;
    return [unsqueezeTo(g!, sizes, normalizeDimList(ctx.attrs.dim, sizes.length))];
  },
  samples: () => [
    { inputs: [randomSample([1, 3, 1, 2])], attrs: { dim: [0, -2] } },
    { inputs: [transposed([1, 4, 3])], attrs: { dim: [0, 1] }, label: 'non-contiguous' },
  ],
});

/** dims of squeeze(dims): wrapped, each at most once ("dim 1 appears multiple times in the list of dims"). */
function normalizeDimList(dims: readonly number[], ndim: number): number[] {
  const out = dims.map((d) => normalizeDim(d, ndim));
  out.forEach((d, i) => {
    if (out.indexOf(d) !== i) throw runtimeError(`dim ${d} appears multiple times in the list of dims`);
  });
  return out;
}

export const unsqueezeOp = defineOp<{ dim: number }>({
  name: 'unsqueeze',
  signature: 'unsqueeze(input, dim)',
  gradFn: 'UnsqueezeBackward0',
  doc: 'A view with a new size-1 dimension at `dim` (which may be input.dim()).',
  example: 'torch.tensor([1, 2, 3]).unsqueeze(1).shape',
  forward: ([x], { dim }) => {
    const g = unsqueezeGeometry(x!.shape, x!.strides, normalizeDim(dim, x!.ndim + 1));
    return { out: x!.makeView(g.shape, g.strides, x!.offset) };
  },
  backward: (ctx, [g]) => [squeeze(g!, normalizeDim(ctx.attrs.dim, ctx.inputs[0]!.shape.length + 1))],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { dim: 1 } },
    { inputs: [transposed([4, 3])], attrs: { dim: -1 }, label: 'non-contiguous' },
    { inputs: [randomSample([])], attrs: { dim: 0 }, label: '0-dim' },
  ],
});

/** torch.transpose(x, dim0, dim1). @example transpose(x, 0, 1) */
export const transpose = (x: Tensor, dim0: number, dim1: number): Tensor => run1(transposeOp, [x], { dim0, dim1 });

export const swapaxesOp = defineOp<{ axis0: number; axis1: number }>({
  name: 'swapaxes',
  signature: 'swapaxes(input, axis0, axis1)',
  composite: true,
  doc: "transpose under NumPy's name (TransposeBackward0).",
  example: 'torch.zeros(2, 3).swapaxes(0, 1).shape',
  forward: ([x], { axis0, axis1 }) => ({ out: transpose(x!, axis0, axis1) }),
  samples: () => [{ inputs: [transposed([2, 4, 3])], attrs: { axis0: 0, axis1: -1 } }],
});

export const swapdimsOp = defineOp<{ dim0: number; dim1: number }>({
  name: 'swapdims',
  signature: 'swapdims(input, dim0, dim1)',
  composite: true,
  doc: 'transpose under another name (TransposeBackward0).',
  example: 'torch.zeros(2, 3).swapdims(0, 1).shape',
  forward: ([x], { dim0, dim1 }) => ({ out: transpose(x!, dim0, dim1) }),
  samples: () => [{ inputs: [randomSample([2, 3, 4])], attrs: { dim0: 1, dim1: 2 } }],
});

/** torch.swapaxes(x, axis0, axis1). */
export const swapaxes = (x: Tensor, axis0: number, axis1: number): Tensor => run1(swapaxesOp, [x], { axis0, axis1 });

/** torch.swapdims(x, dim0, dim1). */
export const swapdims = (x: Tensor, dim0: number, dim1: number): Tensor => run1(swapdimsOp, [x], { dim0, dim1 });

/** torch.t(x). @example t(matrix) */
export const t = (x: Tensor): Tensor => run1(tOp, [x], {});

/** torch.permute(x, dims). @example permute(x, [2, 0, 1]) */
export const permute = (x: Tensor, dims: readonly number[]): Tensor => run1(permuteOp, [x], { dims: [...dims] });

/**
 * torch.squeeze(x) / squeeze(x, dim) / squeeze(x, dims): SqueezeBackward0 / 1 / 2.
 * @example squeeze(zeros([1, 3, 1]), [0, 2]).shape // [3]
 */
export function squeeze(x: Tensor, dim?: number | readonly number[]): Tensor {
  if (dim === undefined) return run1(squeezeOp, [x], {});
  if (typeof dim === 'number') return run1(squeezeDimOp, [x], { dim });
  return run1(squeezeDimsOp, [x], { dim: [...dim] });
}

/** torch.unsqueeze(x, dim). @example unsqueeze(vector, 0) */
export const unsqueeze = (x: Tensor, dim: number): Tensor => run1(unsqueezeOp, [x], { dim });

function movedimImpl(x: Tensor, source: readonly number[], destination: readonly number[]): Tensor {
  const src = source.map((d) => normalizeDim(d, x.ndim));
  const dst = destination.map((d) => normalizeDim(d, x.ndim));
  if (src.length !== dst.length) {
    throw runtimeError(
      `movedim: Invalid source or destination dims: source (${fmtDims(source)} dims) should contain the same number of dims as destination (${fmtDims(destination)} dims)`,
    );
  }
  if (new Set(src).size !== src.length) throw runtimeError(`movedim: repeated dim in \`source\` (${fmtDims(source)})`);
  if (new Set(dst).size !== dst.length) throw runtimeError(`movedim: repeated dim in \`destination\` (${fmtDims(destination)})`);
  const perm = new Array<number>(x.ndim).fill(-1);
  src.forEach((s, i) => (perm[dst[i]!] = s));
  const rest = [...Array(x.ndim).keys()].filter((d) => !src.includes(d));
  let k = 0;
  for (let i = 0; i < x.ndim; i++) if (perm[i] === -1) perm[i] = rest[k++]!;
  return permute(x, perm);
}

export const movedimOp = defineOp<{ source: number[]; destination: number[] }>({
  name: 'movedim',
  signature: 'movedim(input, source, destination)',
  composite: true,
  doc: 'A permute moving dims `source` to positions `destination`, the others keeping their order (PermuteBackward0).',
  example: 'torch.zeros(2, 3, 4).movedim(0, -1).shape',
  forward: ([x], { source, destination }) => ({ out: movedimImpl(x!, source, destination) }),
  samples: () => [{ inputs: [transposed([2, 4, 3])], attrs: { source: [0, 1], destination: [2, 0] } }],
});

/**
 * torch.movedim(x, source, destination) (also moveaxis).
 * @example movedim(zeros([2, 3, 4]), 0, -1).shape // [3, 4, 2]
 */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const list = (d: number | readonly number[]) => (typeof d === 'number' ? [d] : [...d]);
  return run1(movedimOp, [x], { source: list(source), destination: list(destination) });
}
export const moveaxis = movedim;

function fmtDims(d: readonly number[]): string {
  return `[${d.join(', ')}]`;
}

export const T_WARNING =
  'The use of `x.T` on tensors of dimension other than 2 to reverse their shape is deprecated and it will throw an error in a future release. Consider `x.mT` to transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` to reverse the dimensions of a tensor.';

/**
 * x.T: all dims reversed (PermuteBackward0); warns once for tensors that are not 2-D (nor 0-D).
 * @example T(matrix).shape // [cols, rows]
 */
export function T(x: Tensor): Tensor {
  if (x.ndim !== 2 && x.ndim !== 0) warnOnce(T_WARNING);
  return permute(x, [...Array(x.ndim).keys()].reverse());
}

/**
 * x.mT: the last two dims swapped (TransposeBackward0).
 * @example mT(zeros([5, 2, 3])).shape // [5, 3, 2]
 */
export function mT(x: Tensor): Tensor {
  if (x.ndim < 2) throw runtimeError(`tensor.mT is only supported on matrices or batches of matrices. Got ${x.ndim}-D tensor.`);
  return transpose(x, -2, -1);
}
