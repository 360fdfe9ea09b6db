// Shape-changing views: view, reshape, flatten, unflatten, expand, and
// sum_to_size (expand's derivative). See Note [Views share everything but
// geometry] in layout_geometry.ts.
//
// reshape is PyTorch's composite: a view (ViewBackward0) when the strides
// allow one, else `_unsafe_view(clone(x, contiguous))` — UnsafeViewBackward0
// over CloneBackward0, the two nodes PyTorch 2.x records. Composite rows
// (`composite: true`) record no node of their own: the ops they call do.
import { returnAlias } from '../core/scope.ts';
import { normalizeDim, numel, sameShape, viewStrides, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, runtimeError } from '../errors/errors.ts';
import { defineOp, run1 } from './define.ts';
import { cloneOp } from './layout_copy.ts';
import { expandGeometry, inferShape, viewGeometry } from './layout_geometry.ts';
import { sum } from './reduce.ts';
import { randomSample } from './samples.ts';

type ShapeAttrs = { shape: number[] };
type SizeAttrs = { size: number[] };
type NoAttrs = Record<string, never>;

const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

export const viewOp = defineOp<ShapeAttrs>({
  name: 'view',
  signature: 'Tensor.view(*shape)',
  gradFn: 'ViewBackward0',
  doc: 'The same data seen with another shape; no copy. Fails when the strides do not allow it (use reshape).',
  example: 'torch.arange(6.).view(2, -1)',
  forward: ([x], { shape }) => {
    const g = viewGeometry(x!.shape, x!.strides, shape);
    return { out: x!.makeView(g.shape, g.strides, x!.offset) };
  },
  backward: (ctx, [g]) => [reshape(g!, ctx.inputs[0]!.shape)],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { shape: [2, -1, 3] } },
    { inputs: [transposed([4, 3])], attrs: { shape: [4, 3, 1] }, label: 'non-contiguous' },
    { inputs: [randomSample([])], attrs: { shape: [1, 1] }, label: '0-dim' },
  ],
});

export const unsafeViewOp = defineOp<ShapeAttrs>({
  name: '_unsafe_view',
  signature: '_unsafe_view(input, size)',
  gradFn: 'UnsafeViewBackward0',
  doc: "reshape's second step after a copy: the copy's storage under a new shape, not tracked as a view.",
  example: 'torch.arange(6.).view(2, 3).t().reshape(6)',
  forward: ([x], { shape }) => {
    const target = inferShape(shape, x!.numel);
    const strides = viewStrides(x!.shape, x!.strides, target);
    if (!strides) throw runtimeError('_unsafe_view needs a contiguous input');
    return { out: new Tensor(x!.storage, target, strides, x!.offset) };
  },
  backward: (ctx, [g]) => [reshape(g!, ctx.inputs[0]!.shape)],
  samples: () => [{ inputs: [randomSample([3, 4])], attrs: { shape: [12] } }],
});

function reshapeImpl(x: Tensor, shape: Shape): Tensor {
  const target = inferShape(shape, x.numel);
  if (viewStrides(x.shape, x.strides, target)) return run1(viewOp, [x], { shape: target });
  return run1(unsafeViewOp, [run1(cloneOp, [x], { memoryFormat: 'contiguous' as const })], { shape: target });
}

// The samples copy: PyTorch 1.13, which records the fixtures, names the view path ReshapeAliasBackward0.
export const reshapeOp = defineOp<ShapeAttrs>({
  name: 'reshape',
  signature: 'reshape(input, shape)',
  composite: true,
  doc: 'A view when the strides allow one (ViewBackward0), else a contiguous copy (UnsafeViewBackward0 over CloneBackward0).',
  example: 'torch.arange(6.).view(2, 3).t().reshape(-1)',
  forward: ([x], { shape }) => ({ out: reshapeImpl(x!, shape) }),
  samples: () => [
    { inputs: [transposed([4, 3])], attrs: { shape: [-1] }, label: 'copies' },
    { inputs: [transposed([2, 4, 3])], attrs: { shape: [2, 12] }, label: 'copies, 3-D' },
  ],
});

/**
 * x.reshape(shape): a view when possible (ViewBackward0), else a contiguous copy
 * (UnsafeViewBackward0 over CloneBackward0).
 * @example reshape(transpose(x, 0, 1), [-1]) // copies: the transpose is not viewable as 1-D
 */
export const reshape = (x: Tensor, shape: readonly number[]): Tensor => run1(reshapeOp, [x], { shape: [...shape] });

/** x.view(shape). @example view(arange12, [3, -1]) */
export const view = (x: Tensor, shape: readonly number[]): Tensor => run1(viewOp, [x], { shape: [...shape] });

export const viewAsOp = defineOp<NoAttrs>({
  name: 'view_as',
  signature: 'Tensor.view_as(other)',
  composite: true,
  differentiable: [0],
  doc: "view(other.size()): a view with other's shape.",
  example: 'torch.arange(6.).view_as(torch.zeros(2, 3))',
  forward: ([x, other]) => ({ out: view(x!, other!.shape) }),
  samples: () => [{ inputs: [randomSample([6]), randomSample([2, 3])], attrs: {} }],
});

export const reshapeAsOp = defineOp<NoAttrs>({
  name: 'reshape_as',
  signature: 'Tensor.reshape_as(other)',
  composite: true,
  differentiable: [0],
  doc: "reshape(other.size()): a view or a copy with other's shape.",
  example: 'torch.arange(6.).view(2, 3).t().reshape_as(torch.zeros(6))',
  forward: ([x, other]) => ({ out: reshape(x!, other!.shape) }),
  samples: () => [{ inputs: [transposed([4, 3]), randomSample([12])], attrs: {}, label: 'copies' }],
});

/** x.view_as(other). */
export const viewAs = (x: Tensor, other: Tensor): Tensor => run1(viewAsOp, [x, other], {});

/** x.reshape_as(other). */
export const reshapeAs = (x: Tensor, other: Tensor): Tensor => run1(reshapeAsOp, [x, other], {});

function flattenImpl(x: Tensor, startDim: number, endDim: number): Tensor {
  const s = normalizeDim(startDim, x.ndim);
  const e = normalizeDim(endDim, x.ndim);
  if (s > e) throw runtimeError('flatten() has invalid args: start_dim cannot come after end_dim');
  if (x.ndim === 0) return reshape(x, [1]);
  if (s === e) return returnAlias(x);
  return reshape(x, [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

export const flattenOp = defineOp<{ startDim: number; endDim: number }>({
  name: 'flatten',
  signature: 'flatten(input, start_dim=0, end_dim=-1)',
  composite: true,
  doc: 'reshape of dims start_dim..end_dim into one (the input itself when they are the same dim).',
  example: 'torch.zeros(2, 3, 4).flatten(1).shape',
  forward: ([x], { startDim, endDim }) => ({ out: flattenImpl(x!, startDim, endDim) }),
  samples: () => [{ inputs: [transposed([2, 4, 3])], attrs: { startDim: 1, endDim: -1 }, label: 'copies' }],
});

/**
 * torch.flatten(x, start_dim, end_dim): x itself (retained) when start == end.
 * @example flatten(zeros([2, 3, 4]), 1).shape // [2, 12]
 */
export const flatten = (x: Tensor, startDim = 0, endDim = -1): Tensor => run1(flattenOp, [x], { startDim, endDim });

function unflattenImpl(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  const d = normalizeDim(dim, x.ndim);
  if (sizes.length === 0) throw runtimeError('unflatten: sizes must be non-empty');
  let inner: number[];
  try {
    inner = inferShape(sizes, x.shape[d]!);
  } catch (err) {
    const msg = (err as Error).message;
    if (!msg.includes('is invalid for input of size')) throw runtimeError(`unflatten got an unexpected error:\n${msg}`);
    throw runtimeError(
      `unflatten: Provided sizes ${fmtShape(sizes)} don't multiply up to the size of dim ${d} (${x.shape[d]}) in the input tensor`,
    );
  }
  return view(x, [...x.shape.slice(0, d), ...inner, ...x.shape.slice(d + 1)]);
}

export const unflattenOp = defineOp<{ dim: number; sizes: number[] }>({
  name: 'unflatten',
  signature: 'unflatten(input, dim, sizes)',
  composite: true,
  doc: 'A view with `dim` split into `sizes` (one may be -1).',
  example: 'torch.zeros(2, 12).unflatten(1, (3, -1)).shape',
  forward: ([x], { dim, sizes }) => ({ out: unflattenImpl(x!, dim, sizes) }),
  samples: () => [{ inputs: [transposed([3, 4])], attrs: { dim: 0, sizes: [-1, 1] }, label: 'non-contiguous' }],
});

/**
 * x.unflatten(dim, sizes): a view (ViewBackward0).
 * @example unflatten(zeros([2, 12]), 1, [3, -1]).shape // [2, 3, 4]
 */
export const unflatten = (x: Tensor, dim: number, sizes: readonly number[]): Tensor =>
  run1(unflattenOp, [x], { dim, sizes: [...sizes] });

export const expandOp = defineOp<SizeAttrs>({
  name: 'expand',
  signature: 'Tensor.expand(*sizes)',
  gradFn: 'ExpandBackward0',
  doc: 'A view repeating size-1 dims (and new leading dims) with stride 0; -1 keeps a size.',
  example: 'torch.tensor([[1.], [2.]]).expand(2, 3)',
  forward: ([x], { size }) => {
    const g = expandGeometry(x!.shape, x!.strides, size, x!.dtype);
    return { out: x!.makeView(g.shape, g.strides, x!.offset) };
  },
  backward: (ctx, [g]) => [sumTo(g!, ctx.inputs[0]!.shape)],
  samples: () => [
    { inputs: [randomSample([3, 1])], attrs: { size: [2, 3, 4] } },
    { inputs: [transposed([1, 3])], attrs: { size: [2, 4, -1] }, label: 'non-contiguous' },
    { inputs: [randomSample([])], attrs: { size: [2] }, label: '0-dim' },
  ],
});

/** x.expand(sizes). @example expand(column, [3, 4]) */
export const expand = (x: Tensor, size: readonly number[]): Tensor => run1(expandOp, [x], { size: [...size] });

export const expandAsOp = defineOp<NoAttrs>({
  name: 'expand_as',
  signature: 'Tensor.expand_as(other)',
  composite: true,
  differentiable: [0],
  doc: "expand(other.size()).",
  example: 'torch.tensor([[1.], [2.]]).expand_as(torch.zeros(2, 3))',
  forward: ([x, other]) => ({ out: expand(x!, other!.shape) }),
  samples: () => [{ inputs: [randomSample([2, 1]), randomSample([2, 5])], attrs: {} }],
});

/** x.expand_as(other). */
export const expandAs = (x: Tensor, other: Tensor): Tensor => run1(expandAsOp, [x, other], {});

/**
 * ATen's sum_to: sums g down to `size` — over the leading dims and the dims
 * `size` has as 1 — with a keepdim sum (SumBackward1) then a view dropping
 * the leading dims (ViewBackward0); sum() (SumBackward0) for a 0-dim size.
 * Returns g itself (not retained) when nothing is summed, as derivative
 * formulas may.
 */
function sumTo(g: Tensor, size: Shape): Tensor {
  if (sameShape(g.shape, size)) return g;
  if (!expandableTo(size, g.shape)) throw runtimeError(`size {${fmtShape(size)}} is not expandable to size {${fmtShape(g.shape)}}.`);
  if (size.length === 0) return sum(g);
  const lead = g.ndim - size.length;
  const dims = g.shape.flatMap((s, d) => (d < lead || (size[d - lead] === 1 && s !== 1) ? [d] : []));
  const summed = dims.length > 0 ? sum(g, dims, true) : g;
  return lead > 0 ? view(summed, size) : summed;
}

function expandableTo(shape: Shape, target: Shape): boolean {
  if (shape.length > target.length) return false;
  for (let i = 1; i <= shape.length; i++) {
    const s = shape[shape.length - i]!;
    if (s !== target[target.length - i] && s !== 1) return false;
  }
  return true;
}

export const sumToSizeOp = defineOp<SizeAttrs>({
  name: 'sum_to_size',
  signature: 'Tensor.sum_to_size(*size)',
  composite: true,
  doc: "Sums over broadcast dims down to `size` (expand's derivative); the input itself when it has that size.",
  example: 'torch.ones(2, 3).sum_to_size(1, 3)',
  forward: ([x], { size }) => ({ out: sameShape(x!.shape, size) ? returnAlias(x!) : sumTo(x!, size) }),
  samples: () => [
    { inputs: [randomSample([2, 3, 4])], attrs: { size: [1, 3, 1] } },
    { inputs: [transposed([2, 4, 3])], attrs: { size: [4, 1] }, label: 'leading dims, non-contiguous' },
  ],
});

/**
 * x.sum_to_size(size). @example sumToSize(ones([2, 3]), [1, 3])
 */
export function sumToSize(x: Tensor, size: readonly number[]): Tensor {
  return run1(sumToSizeOp, [x], { size: [...size] });
}
