// as_strided: a view with any geometry over the input's storage, and its
// derivative, which must account for storage positions the input or the
// output holds more than once (PyTorch's as_strided_backward).
import { itemsize } from '../core/dtype.ts';
import { numel } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, runtimeError } from '../errors/errors.ts';
import { forEachIndex } from '../kernels/elementwise.ts';
import { defineOp, run1 } from './define.ts';
import { type Geometry } from './layout_geometry.ts';
import { addIntoRegion, allocDense } from './layout_kernels.ts';
import { randomSample } from './samples.ts';

const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

type AsStridedAttrs = { size: number[]; stride: number[]; storageOffset: number | null };

export const asStridedOp = defineOp<AsStridedAttrs, { input: Geometry }>({
  name: 'as_strided',
  signature: 'as_strided(input, size, stride, storage_offset=None)',
  gradFn: 'AsStridedBackward0',
  doc: "A view with any size, strides and storage offset over the input's storage.",
  example: 'torch.arange(9.).as_strided((2, 2), (3, 1), 1)',
  forward: ([x], { size, stride, storageOffset }) => {
    const offset = storageOffset ?? x!.offset;
    checkAsStrided(x!, size, stride, offset);
    return { out: x!.makeView(size, stride, offset), extra: { input: { shape: [...x!.shape], strides: [...x!.strides], offset: x!.offset } } };
  },
  backward: (ctx, [g]) => {
    const a = ctx.attrs;
    const output = { shape: a.size, strides: a.stride, offset: a.storageOffset ?? ctx.extra.input.offset };
    return [run1(asStridedBackwardOp, [g!], { from: output, to: ctx.extra.input, counted: 'to' as const })];
  },
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { size: [2, 2], stride: [3, 1], storageOffset: 1 } },
    { inputs: [randomSample([3, 4])], attrs: { size: [3, 3], stride: [1, 1], storageOffset: null }, label: 'overlapping' },
    { inputs: [transposed([4, 3])], attrs: { size: [2, 3], stride: [1, 3], storageOffset: null }, label: 'non-contiguous' },
  ],
});

/** torch.as_strided(x, size, stride, storage_offset). */
export const asStrided = (x: Tensor, size: number[], stride: number[], storageOffset: number | null = null): Tensor =>
  run1(asStridedOp, [x], { size, stride, storageOffset });

function checkAsStrided(x: Tensor, size: number[], stride: number[], offset: number): void {
  if (size.length !== stride.length) throw runtimeError(`mismatch in length of strides and shape`);
  if (stride.some((s) => s < 0)) throw runtimeError(`as_strided: Negative strides are not supported at the moment, got strides: ${fmtShape(stride)}`);
  if (size.some((s) => s < 0)) throw runtimeError(`Trying to create tensor with negative dimension ${size.find((s) => s < 0)}: ${fmtShape(size)}`);
  if (offset < 0) throw runtimeError(`Tensor: invalid storage offset ${offset}`);
  const item = itemsize(x.dtype);
  const bytes = size.some((s) => s === 0) ? 0 : item * (1 + size.reduce((a, s, i) => a + (s - 1) * stride[i]!, 0));
  if (bytes === 0) return;
  if (bytes + offset * item > x.storage.nbytes) {
    throw runtimeError(
      `setStorage: sizes ${fmtShape(size)}, strides ${fmtShape(stride)}, storage offset ${offset}, and itemsize ${item} requiring a storage size of ${bytes + offset * item} are out of bounds for storage of size ${x.storage.nbytes}`,
    );
  }
}

type AsStridedBackwardAttrs = { from: Geometry; to: Geometry; counted: 'from' | 'to' };

/**
 * as_strided's derivative and its adjoint: scatter-add the incoming values at
 * the `from` positions of a scratch storage, then read them at the `to`
 * positions. Positions the original input held several times (an expanded
 * input) share their gradient: the `counted` side divides by that count.
 */
export const asStridedBackwardOp = defineOp<AsStridedBackwardAttrs>({
  name: 'as_strided_backward',
  signature: 'as_strided_backward(grad, from_geometry, to_geometry)',
  gradFn: 'AsStridedBackwardBackward0',
  doc: 'The gradient of as_strided (internal).',
  example: 'torch.arange(4., requires_grad=True).as_strided((3,), (1,)).sum().backward()',
  forward: ([g], a) => ({ out: stridedTransfer(g!, a.from, a.to, a.counted) }),
  backward: (ctx, [gg]): Tensor[] => {
    const a = ctx.attrs;
    return [run1(asStridedBackwardOp, [gg!], { from: a.to, to: a.from, counted: a.counted === 'to' ? ('from' as const) : ('to' as const) })];
  },
  noGradcheck:
    "as_strided's own derivative, with no public PyTorch op to record fixtures from: its gradient is checked through as_strided's double backward (layout_grad.test.ts)",
});

function stridedTransfer(src: Tensor, from: Geometry, to: Geometry, counted: 'from' | 'to'): Tensor {
  const extent = (g: Geometry) => (numel(g.shape) === 0 ? 0 : g.offset + g.shape.reduce((a, s, i) => a + (s - 1) * g.strides[i]!, 0) + 1);
  const size = Math.max(extent(from), extent(to), 1);
  const countGeom = counted === 'to' ? to : from;
  const counts = allocDense([size], 'float64');
  const ones = allocDense(countGeom.shape, 'float64');
  ones.storage.data.fill(1);
  addIntoRegion(counts, countGeom, ones);
  const scratch = allocDense([size], src.dtype);
  const c = counts.storage.data;
  let s = src;
  if (counted === 'from') {
    s = allocDense(src.shape, src.dtype);
    const pos = storagePositions(from);
    const vals = src.toArray();
    s.storage.data.set(vals.map((v, i) => v / Math.max(c[pos[i]!]!, 1)));
  }
  addIntoRegion(scratch, from, s);
  const out = allocDense(to.shape, src.dtype);
  const pos = storagePositions(to);
  const d = scratch.storage.data;
  out.storage.data.set(pos.map((p) => (counted === 'to' ? d[p]! / Math.max(c[p]!, 1) : d[p]!)));
  for (const t of [counts, ones, scratch]) t.release();
  if (s !== src) s.release();
  return out;
}

/** Storage index of each element of a geometry, in row-major order. */
function storagePositions(g: Geometry): number[] {
  const out: number[] = [];
  forEachIndex(g.shape, [g.strides], [g.offset], (pos) => out.push(pos[0]!));
  return out;
}
