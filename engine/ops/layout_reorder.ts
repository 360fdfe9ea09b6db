// Copies that move elements around: flip, roll, repeat. Unlike NumPy's flip,
// PyTorch's flip copies. flip keeps the input's layout (empty_like); roll and
// repeat produce contiguous tensors, as ATen does.
import { normalizeDims } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, runtimeError } from '../errors/errors.ts';
import { updateInPlace } from '../kernels/elementwise.ts';
import { defineOp, run1 } from './define.ts';
import { contiguousStrides, preservedStrides } from './layout_geometry.ts';
import { allocDense, flipCopy, rollCopy } from './layout_kernels.ts';
import { reshape } from './layout_views.ts';
import { sum } from './reduce.ts';
import { randomSample } from './samples.ts';

const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

export const flipOp = defineOp<{ dims: number[] }>({
  name: 'flip',
  signature: 'flip(input, dims)',
  gradFn: 'FlipBackward0',
  doc: 'A copy with the order of elements reversed along each of `dims`.',
  example: 'torch.arange(6).view(2, 3).flip(1)',
  forward: ([x], { dims }) => {
    const ds = normalizeDims(dims, x!.ndim);
    return { out: flipCopy(x!, ds, preservedStrides(x!.shape, x!.strides)) };
  },
  backward: (ctx, [g]) => [flip(g!, ctx.attrs.dims)],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { dims: [0] } },
    { inputs: [transposed([2, 4, 3])], attrs: { dims: [-1, 0] }, label: 'non-contiguous' },
  ],
});

type RollAttrs = { shifts: number[]; dims: number[] };

export const rollOp = defineOp<RollAttrs>({
  name: 'roll',
  signature: 'roll(input, shifts, dims=None)',
  gradFn: 'RollBackward0',
  doc: 'A copy with elements shifted circularly along dims (over the flattened tensor when dims is empty).',
  example: 'torch.arange(6).view(2, 3).roll(1, 1)',
  forward: ([x], { shifts, dims }) => {
    if (dims.length === 0 && shifts.length === 1) {
      const flat = allocDense([x!.numel], x!.dtype);
      updateInPlace(new Tensor(flat.storage, x!.shape, contiguousStrides(x!.shape), 0), x!, (_d, s) => s);
      const rolled = rollCopy(flat, shifts, [0]);
      const out = new Tensor(rolled.storage, x!.shape);
      return { out };
    }
    if (shifts.length !== dims.length) {
      throw runtimeError(`shifts and dimensions must align. shifts: ${shifts.length}, dims:${dims.length}`);
    }
    const byDim = new Map<number, number>();
    dims.forEach((d, i) => {
      const k = normalizeDims([d], x!.ndim)[0]!;
      byDim.set(k, (byDim.get(k) ?? 0) + shifts[i]!);
    });
    return { out: rollCopy(x!, [...byDim.values()], [...byDim.keys()]) };
  },
  backward: (ctx, [g]) => [roll(g!, ctx.attrs.shifts.map((s) => -s), ctx.attrs.dims)],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { shifts: [1, -2], dims: [0, 1] } },
    { inputs: [transposed([4, 3])], attrs: { shifts: [5], dims: [] }, label: 'flattened, non-contiguous' },
  ],
});

export const repeatOp = defineOp<{ repeats: number[] }>({
  name: 'repeat',
  signature: 'Tensor.repeat(*repeats)',
  gradFn: 'RepeatBackward0',
  doc: 'A copy tiled `repeats` times along each dimension (extra leading repeats add dimensions).',
  example: 'torch.tensor([1, 2]).repeat(2, 2)',
  forward: ([x], { repeats }) => {
    if (repeats.length < x!.ndim) {
      throw runtimeError('Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor');
    }
    const lead = repeats.length - x!.ndim;
    const padded = [...new Array<number>(lead).fill(1), ...x!.shape];
    const shape = padded.map((s, i) => s * repeats[i]!);
    const bad = shape.find((s) => s < 0);
    if (bad !== undefined) throw runtimeError(`Trying to create tensor with negative dimension ${bad}: ${fmtShape(shape)}`);
    const out = allocDense(shape, x!.dtype);
    // out seen as [r0, s0, r1, s1, ...]; x seen the same way with stride 0 on the r dims.
    const tiled = padded.flatMap((s, i) => [repeats[i]!, s]);
    const outStrides = padded.flatMap((s, i) => [s * out.strides[i]!, out.strides[i]!]);
    const xStrides = padded.flatMap((_, i) => [0, i < lead ? 0 : x!.strides[i - lead]!]);
    const dst = new Tensor(out.storage, tiled, outStrides, 0);
    const src = new Tensor(x!.storage, tiled, xStrides, x!.offset);
    updateInPlace(dst, src, (_d, s) => s);
    dst.release();
    src.release();
    return { out };
  },
  backward: (ctx, [g]) => [repeatBackward(g!, ctx.attrs.repeats, ctx.inputs[0]!.shape)],
  samples: () => [
    { inputs: [randomSample([2, 3])], attrs: { repeats: [2, 1, 3] } },
    { inputs: [transposed([3, 2])], attrs: { repeats: [2, 2] }, label: 'non-contiguous' },
  ],
});

/**
 * PyTorch's repeat_backward: sum away the leading repeat dims, then see g as
 * [r0, s0, r1, s1, ...] (only where r > 1) and sum over the r dims.
 */
function repeatBackward(g: Tensor, repeats: readonly number[], inputShape: readonly number[]): Tensor {
  if (repeats.includes(0)) return Tensor.empty(inputShape, g.dtype);
  const lead = repeats.length - inputShape.length;
  let r = g;
  for (let i = 0; i < lead; i++) r = sum(r, 0);
  const tiled: number[] = [];
  const dims: number[] = [];
  inputShape.forEach((s, d) => {
    if (repeats[d + lead] !== 1) {
      tiled.push(repeats[d + lead]!);
      dims.push(tiled.length - 1);
    }
    tiled.push(s);
  });
  return dims.length > 0 ? sum(reshape(r, tiled), dims) : r;
}

/** torch.flip(x, dims). @example flip(x, [0]) */
export const flip = (x: Tensor, dims: readonly number[]): Tensor => run1(flipOp, [x], { dims: [...dims] });

/**
 * torch.roll(x, shifts, dims).
 * @example roll(x, 1) // over the flattened tensor
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims: number | readonly number[] = []): Tensor {
  const s = typeof shifts === 'number' ? [shifts] : [...shifts];
  const d = typeof dims === 'number' ? [dims] : [...dims];
  return run1(rollOp, [x], { shifts: s, dims: d });
}

/** x.repeat(*repeats). @example repeat(tensor([1, 2]), [2, 2]).shape // [2, 4] */
export const repeat = (x: Tensor, repeats: readonly number[]): Tensor => run1(repeatOp, [x], { repeats: [...repeats] });
