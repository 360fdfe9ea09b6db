// Views of part of a tensor: select (x[i]), slice (x[a:b:c]) and narrow.
// Their derivatives write the incoming gradient into a zero tensor of the
// input's shape, through the same geometry the forward viewed
// (select_backward / slice_backward, themselves differentiable ops).
import { normalizeDim, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, indexError, valueError } from '../errors/errors.ts';
import { defineOp, run1 } from './define.ts';
import { contiguousStrides, narrowStart, sliceBounds, type Geometry } from './layout_geometry.ts';
import { allocDense, writeRegion } from './layout_kernels.ts';
import { randomSample } from './samples.ts';

const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

type SelectAttrs = { dim: number; index: number };
type SliceAttrs = { dim: number; start: number | null; end: number | null; step: number };

/** The geometry of x.select(dim, index), with PyTorch's IndexErrors. */
function selectGeometry(shape: Shape, strides: readonly number[], offset: number, dim: number, index: number): Geometry {
  if (shape.length === 0) throw indexError('select() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, shape.length);
  const size = shape[d]!;
  if (index < -size || index >= size) {
    throw indexError(`select(): index ${index} out of range for tensor of size ${fmtShape(shape)} at dimension ${d}`);
  }
  const i = index < 0 ? index + size : index;
  return {
    shape: shape.filter((_, k) => k !== d),
    strides: strides.filter((_, k) => k !== d),
    offset: offset + i * strides[d]!,
  };
}

/** The geometry of x.slice(dim, start, end, step); the bounds are clamped as Python's are. */
function sliceGeometry(shape: Shape, strides: readonly number[], offset: number, a: SliceAttrs): Geometry {
  if (a.step <= 0) throw valueError('step must be greater than zero');
  const d = normalizeDim(a.dim, shape.length);
  const { start, length } = sliceBounds(shape[d]!, a.start, a.end, a.step);
  const s = [...shape];
  const st = [...strides];
  s[d] = length;
  st[d] = strides[d]! * a.step;
  return { shape: s, strides: st, offset: offset + start * strides[d]! };
}

/** zeros(sizes) with g written into the region `geometry` picks out of a contiguous tensor of those sizes. */
function scatterIntoZeros(g: Tensor, sizes: Shape, geometry: (shape: Shape, strides: readonly number[], offset: number) => Geometry): Tensor {
  const out = allocDense(sizes, g.dtype);
  writeRegion(out, geometry(sizes, contiguousStrides(sizes), 0), g);
  return out;
}

export const selectOp = defineOp<SelectAttrs>({
  name: 'select',
  signature: 'select(input, dim, index)',
  gradFn: 'SelectBackward0',
  doc: 'A view of one index along `dim`, which disappears (x[i] is select(0, i)).',
  example: 'torch.arange(12.).view(3, 4).select(1, 2)',
  forward: ([x], { dim, index }) => {
    const g = selectGeometry(x!.shape, x!.strides, x!.offset, dim, index);
    return { out: x!.makeView(g.shape, g.strides, g.offset) };
  },
  backward: (ctx, [g]) => [run1(selectBackwardOp, [g!], { inputSizes: [...ctx.inputs[0]!.shape], ...ctx.attrs })],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { dim: 0, index: 1 } },
    { inputs: [transposed([4, 3])], attrs: { dim: -1, index: -1 }, label: 'non-contiguous' },
    { inputs: [randomSample([5])], attrs: { dim: 0, index: 2 }, label: '1-D' },
  ],
});

export const selectBackwardOp = defineOp<SelectAttrs & { inputSizes: number[] }>({
  name: 'select_backward',
  signature: 'select_backward(grad_output, input_sizes, dim, index)',
  gradFn: 'SelectBackwardBackward0',
  doc: "select's derivative: zeros of the input's size with grad_output at [index] along dim.",
  example: 'torch.ops.aten.select_backward(torch.ones(3), [2, 3], 0, 1)',
  forward: ([g], { inputSizes, dim, index }) => ({
    out: scatterIntoZeros(g!, inputSizes, (s, st, o) => selectGeometry(s, st, o, dim, index)),
  }),
  backward: (ctx, [gg]) => [select(gg!, ctx.attrs.dim, ctx.attrs.index)],
  samples: () => [
    { inputs: [randomSample([4])], attrs: { inputSizes: [3, 4], dim: 0, index: 1 } },
    { inputs: [transposed([2, 3])], attrs: { inputSizes: [2, 4, 3], dim: 1, index: -1 }, label: 'non-contiguous' },
  ],
});

export const sliceOp = defineOp<SliceAttrs>({
  name: 'slice',
  signature: 'slice(input, dim=0, start=None, end=None, step=1)',
  gradFn: 'SliceBackward0',
  doc: 'A view of start:end:step along `dim` (x[a:b:c]); bounds are clamped, step must be positive.',
  example: 'torch.arange(10.)[1:8:3]',
  forward: ([x], a) => {
    const g = sliceGeometry(x!.shape, x!.strides, x!.offset, a);
    return { out: x!.makeView(g.shape, g.strides, g.offset) };
  },
  backward: (ctx, [g]) => [run1(sliceBackwardOp, [g!], { inputSizes: [...ctx.inputs[0]!.shape], ...ctx.attrs })],
  samples: () => [
    { inputs: [randomSample([5, 3])], attrs: { dim: 0, start: 1, end: 4, step: 1 } },
    { inputs: [transposed([3, 7])], attrs: { dim: 1, start: -6, end: null, step: 2 }, label: 'non-contiguous' },
    { inputs: [randomSample([4])], attrs: { dim: 0, start: 3, end: 1, step: 1 }, label: 'empty' },
  ],
});

export const sliceBackwardOp = defineOp<SliceAttrs & { inputSizes: number[] }>({
  name: 'slice_backward',
  signature: 'slice_backward(grad_output, input_sizes, dim, start, end, step)',
  gradFn: 'SliceBackwardBackward0',
  doc: "slice's derivative: zeros of the input's size with grad_output at start:end:step along dim.",
  example: 'torch.ops.aten.slice_backward(torch.ones(1, 3), [2, 3], 0, 1, 2, 1)',
  forward: ([g], a) => ({ out: scatterIntoZeros(g!, a.inputSizes, (s, st, o) => sliceGeometry(s, st, o, a)) }),
  backward: (ctx, [gg]) => {
    const { dim, start, end, step } = ctx.attrs;
    return [slice(gg!, dim, start, end, step)];
  },
  samples: () => [
    { inputs: [randomSample([2, 3])], attrs: { inputSizes: [5, 3], dim: 0, start: 1, end: 3, step: 1 } },
    { inputs: [transposed([3, 2])], attrs: { inputSizes: [3, 5], dim: 1, start: 0, end: 5, step: 3 }, label: 'non-contiguous' },
  ],
});

/** x.select(dim, index), x[index] for dim 0. @example select(matrix, 0, -1) // the last row */
export const select = (x: Tensor, dim: number, index: number): Tensor => run1(selectOp, [x], { dim, index });

/**
 * x[start:end:step] along `dim` (null bounds are open), a view.
 * @example slice(x, 1, null, null, 2) // every other column
 */
export const slice = (x: Tensor, dim = 0, start: number | null = null, end: number | null = null, step = 1): Tensor =>
  run1(sliceOp, [x], { dim, start, end, step });

export const narrowOp = defineOp<{ dim: number; start: number; length: number }>({
  name: 'narrow',
  signature: 'narrow(input, dim, start, length)',
  composite: true,
  doc: 'slice(dim, start, start + length): a view of `length` indices from `start` (which may be negative).',
  example: 'torch.arange(12.).view(3, 4).narrow(1, 1, 2)',
  forward: ([x], { dim, start, length }) => {
    const d = x!.ndim === 0 ? dim : normalizeDim(dim, x!.ndim);
    const s = narrowStart(x!.ndim, x!.ndim === 0 ? 0 : x!.shape[d]!, start, length);
    return { out: slice(x!, d, s, s + length, 1) };
  },
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { dim: 1, start: 1, length: 2 } },
    { inputs: [transposed([5, 3])], attrs: { dim: 0, start: -3, length: 2 }, label: 'non-contiguous' },
  ],
});

/**
 * torch.narrow(x, dim, start, length): a view (SliceBackward0).
 * @example narrow(x, 1, 1, 2) // columns 1 and 2
 */
export const narrow = (x: Tensor, dim: number, start: number, length: number): Tensor =>
  run1(narrowOp, [x], { dim, start, length });
