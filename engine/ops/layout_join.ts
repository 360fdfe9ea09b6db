// Joining tensors: cat and stack (new storage, type-promoted), and unbind,
// stack's inverse, whose outputs are views of its input.
//
// cat keeps PyTorch's legacy rule: 1-D tensors of size 0 are skipped whatever
// the other tensors' shapes (torch.cat([torch.tensor([]), x]) works for any x).
import { type DType, isFloating } from '../core/dtype.ts';
import { normalizeDim, sameShape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, indexError, runtimeError } from '../errors/errors.ts';
import { defineOp, run1 } from './define.ts';
import { castTo } from './layout_copy.ts';
import { contiguousStrides } from './layout_geometry.ts';
import { allocDense, writeRegion } from './layout_kernels.ts';
import { narrow, select } from './layout_slicing.ts';
import { randomSample } from './samples.ts';
import { promote } from './util.ts';

const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

/** A size-[0] 1-D tensor, which cat skips (ATen's cat_should_skip_tensor). */
const skipped = (t: Tensor) => t.ndim === 1 && t.shape[0] === 0;

/** The gradient for an input of `meta`: g cast back to its dtype. */
function gradFor(g: Tensor, meta: { dtype: DType }): Tensor {
  return isFloating(meta.dtype) ? castTo(g, meta.dtype) : g;
}

export const catOp = defineOp<{ dim: number }>({
  name: 'cat',
  signature: 'cat(tensors, dim=0, *, out=None)',
  gradFn: 'CatBackward0',
  doc: 'Joins tensors along an existing dimension, promoting to a common dtype.',
  example: 'torch.cat([torch.tensor([[1, 2]]), torch.tensor([[3, 4]])], dim=0)',
  forward: (ts, { dim }) => {
    if (ts.length === 0) throw runtimeError('torch.cat(): expected a non-empty list of Tensors');
    ts.forEach((t, i) => {
      if (t.ndim === 0) throw runtimeError(`zero-dimensional tensor (at position ${i}) cannot be concatenated`);
    });
    const dtype = promote(...ts);
    const valid = ts.findIndex((t) => !skipped(t));
    if (valid < 0) return { out: allocDense([0], dtype) };
    const first = ts[valid]!;
    const d = normalizeDim(dim, first.ndim);
    let total = 0;
    ts.forEach((t, i) => {
      if (skipped(t)) return;
      if (t.ndim !== first.ndim) throw runtimeError(`Tensors must have same number of dimensions: got ${first.ndim} and ${t.ndim}`);
      t.shape.forEach((s, k) => {
        if (k !== d && s !== first.shape[k]) {
          throw runtimeError(
            `Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[k]} but got size ${s} for tensor number ${i} in the list.`,
          );
        }
      });
      total += t.shape[d]!;
    });
    const shape = [...first.shape];
    shape[d] = total;
    const out = allocDense(shape, dtype);
    let at = 0;
    for (const t of ts) {
      if (skipped(t)) continue;
      writeRegion(out, { shape: t.shape, strides: out.strides, offset: at * out.strides[d]! }, t);
      at += t.shape[d]!;
    }
    return { out, extra: d };
  },
  backward: (ctx, [g]) => {
    const d = ctx.extra as number;
    let at = 0;
    return ctx.inputs.map((meta, i) => {
      if (meta.shape.length === 1 && meta.shape[0] === 0) return ctx.needsGrad(i) ? Tensor.empty([0], meta.dtype) : null;
      const size = meta.shape[d]!;
      at += size;
      return ctx.needsGrad(i) ? gradFor(narrow(g!, d, at - size, size), meta) : null;
    });
  },
  samples: () => [
    { inputs: [randomSample([2, 3]), randomSample([1, 3])], attrs: { dim: 0 } },
    { inputs: [transposed([3, 2]), randomSample([3, 4]), transposed([3, 1])], attrs: { dim: -1 }, label: 'non-contiguous' },
    { inputs: [randomSample([0]), randomSample([2, 2]), randomSample([2, 1])], attrs: { dim: 1 }, label: 'legacy empty' },
  ],
});

export const stackOp = defineOp<{ dim: number }>({
  name: 'stack',
  signature: 'stack(tensors, dim=0, *, out=None)',
  gradFn: 'StackBackward0',
  doc: 'Joins equal-sized tensors along a new dimension, promoting to a common dtype.',
  example: 'torch.stack([torch.tensor([1, 2]), torch.tensor([3, 4])], dim=1)',
  forward: (ts, { dim }) => {
    if (ts.length === 0) throw runtimeError('stack expects a non-empty TensorList');
    const first = ts[0]!;
    const d = normalizeDim(dim, first.ndim + 1);
    ts.forEach((t, i) => {
      if (!sameShape(t.shape, first.shape)) {
        throw runtimeError(`stack expects each tensor to be equal size, but got ${fmtShape(first.shape)} at entry 0 and ${fmtShape(t.shape)} at entry ${i}`);
      }
    });
    const shape = [...first.shape];
    shape.splice(d, 0, ts.length);
    const out = allocDense(shape, promote(...ts));
    const strides = contiguousStrides(shape);
    const regionStrides = strides.filter((_, k) => k !== d);
    ts.forEach((t, i) => writeRegion(out, { shape: t.shape, strides: regionStrides, offset: i * strides[d]! }, t));
    return { out, extra: d };
  },
  backward: (ctx, [g]) => ctx.inputs.map((meta, i) => (ctx.needsGrad(i) ? gradFor(select(g!, ctx.extra as number, i), meta) : null)),
  samples: () => [
    { inputs: [randomSample([2, 3]), randomSample([2, 3])], attrs: { dim: 0 } },
    { inputs: [transposed([3, 2]), randomSample([3, 2]), transposed([3, 2])], attrs: { dim: -1 }, label: 'non-contiguous' },
    { inputs: [randomSample([]), randomSample([])], attrs: { dim: 0 }, label: '0-dim' },
  ],
});

export const unbindOp = defineOp<{ dim: number }>({
  name: 'unbind',
  signature: 'unbind(input, dim=0)',
  gradFn: 'UnbindBackward0',
  doc: 'Views of every index along `dim`, which disappears (a tuple of select views).',
  example: 'torch.arange(4).view(2, 2).unbind(1)',
  forward: ([x], { dim }) => {
    if (x!.ndim === 0) throw indexError(`Dimension specified as ${dim} but tensor has no dimensions`);
    const d = normalizeDim(dim, x!.ndim);
    const shape = x!.shape.filter((_, k) => k !== d);
    const strides = x!.strides.filter((_, k) => k !== d);
    const out = Array.from({ length: x!.shape[d]! }, (_, i) => x!.makeView(shape, strides, x!.offset + i * x!.strides[d]!));
    return { out };
  },
  backward: (ctx, grads) => [stack(grads, ctx.attrs.dim)],
  samples: () => [
    { inputs: [randomSample([3, 2])], attrs: { dim: 0 } },
    { inputs: [transposed([2, 3, 4])], attrs: { dim: -1 }, label: 'non-contiguous' },
  ],
});

/**
 * torch.cat(tensors, dim). @example cat([a, b], 1)
 */
export const cat = (tensors: readonly Tensor[], dim = 0): Tensor => run1(catOp, [...tensors], { dim });

/** torch.concat / torch.concatenate: cat's aliases. */
export const concat = cat;

/**
 * torch.stack(tensors, dim). @example stack([a, b]) // shape [2, ...a.shape]
 */
export const stack = (tensors: readonly Tensor[], dim = 0): Tensor => run1(stackOp, [...tensors], { dim });

/**
 * torch.unbind(x, dim): a view per index along dim.
 * @example unbind(matrix, 1) // its columns
 */
export const unbind = (x: Tensor, dim = 0): Tensor[] => unbindOp([x], { dim });
