// Splitting a tensor into views along one dimension: split (equal pieces,
// SplitBackward0), split_with_sizes (SplitWithSizesBackward0), and the
// composites chunk (a split) and tensor_split (one slice per piece). The
// derivative of a split concatenates the pieces' gradients, zeros standing in
// for pieces that got none.
import { normalizeDim } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, runtimeError } from '../errors/errors.ts';
import { defineOp } from './define.ts';
import { cat } from './layout_join.ts';
import { slice } from './layout_slicing.ts';
import { randomSample } from './samples.ts';

const transposed = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

/** Views of consecutive lengths along dim d (clamped to the size, as slice is). */
function pieces(x: Tensor, d: number, lengths: readonly number[]): Tensor[] {
  let at = 0;
  return lengths.map((len) => {
    const start = Math.min(at, x.shape[d]!);
    const n = Math.max(Math.min(len, x.shape[d]! - start), 0);
    at += len;
    const shape = [...x.shape];
    shape[d] = n;
    return x.makeView(shape, x.strides, x.offset + start * x.strides[d]!);
  });
}

export const splitOp = defineOp<{ splitSize: number; dim: number }>({
  name: 'split',
  signature: 'split(tensor, split_size_or_sections, dim=0)',
  gradFn: 'SplitBackward0',
  doc: 'Views of split_size along dim (the last may be shorter).',
  example: 'torch.arange(5).split(2)',
  forward: ([x], { splitSize, dim }) => {
    if (x!.ndim === 0) throw runtimeError('split expects at least a 1-dimensional tensor');
    const d = normalizeDim(dim, x!.ndim);
    const size = x!.shape[d]!;
    if (splitSize < 0) throw runtimeError(`split expects split_size be non-negative, but got split_size=${splitSize}`);
    if (splitSize === 0 && size !== 0) {
      throw runtimeError(`split_size can only be 0 if dimension size is 0, but got dimension size of ${size}`);
    }
    const n = splitSize === 0 ? 1 : Math.max(Math.ceil(size / splitSize), 1);
    const lengths = Array.from({ length: n }, (_, i) => (i < n - 1 ? splitSize : size - splitSize * (n - 1)));
    return { out: pieces(x!, d, lengths) };
  },
  backward: (ctx, grads) => [cat(grads, ctx.attrs.dim)],
  samples: () => [
    { inputs: [randomSample([5, 2])], attrs: { splitSize: 2, dim: 0 } },
    { inputs: [transposed([3, 4])], attrs: { splitSize: 3, dim: -1 }, label: 'non-contiguous' },
  ],
});

export const splitWithSizesOp = defineOp<{ splitSizes: number[]; dim: number }>({
  name: 'split_with_sizes',
  signature: 'split_with_sizes(input, split_sizes, dim=0)',
  gradFn: 'SplitWithSizesBackward0',
  doc: 'Views of the given lengths along dim; they must add up to its size.',
  example: 'torch.arange(6).split([1, 2, 3])',
  forward: ([x], { splitSizes, dim }) => {
    if (x!.ndim === 0) throw runtimeError('split expects at least a 1-dimensional tensor');
    const d = normalizeDim(dim, x!.ndim);
    if (splitSizes.some((s) => s < 0)) {
      throw runtimeError(`split_with_sizes expects split_sizes have only non-negative entries, but got split_sizes=${fmtShape(splitSizes)}`);
    }
    const total = splitSizes.reduce((a, s) => a + s, 0);
    if (total !== x!.shape[d]) {
      throw runtimeError(
        `split_with_sizes expects split_sizes to sum exactly to ${x!.shape[d]} (input tensor's size at dimension ${d}), but got split_sizes=${fmtShape(splitSizes)}`,
      );
    }
    return { out: pieces(x!, d, splitSizes) };
  },
  backward: (ctx, grads) => [cat(grads, ctx.attrs.dim)],
  samples: () => [
    { inputs: [randomSample([2, 6])], attrs: { splitSizes: [1, 0, 3, 2], dim: 1 } },
    { inputs: [transposed([5, 3])], attrs: { splitSizes: [4, 1], dim: 0 }, label: 'non-contiguous' },
  ],
});

/**
 * torch.split(x, split_size_or_sections, dim): split for a number, split_with_sizes for a list.
 * @example split(arange(5), 2) // sizes 2, 2, 1
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  if (typeof splitSizeOrSections === 'number') return splitOp([x], { splitSize: splitSizeOrSections, dim });
  return splitWithSizesOp([x], { splitSizes: [...splitSizeOrSections], dim });
}

function chunkImpl(x: Tensor, chunks: number, dim: number): Tensor[] {
  if (x.ndim === 0) throw runtimeError('chunk expects at least a 1-dimensional tensor');
  if (chunks <= 0) throw runtimeError(`chunk expects \`chunks\` to be greater than 0, got: ${chunks}`);
  const size = x.shape[normalizeDim(dim, x.ndim)]!;
  const splitSize = Math.ceil(size / chunks);
  if (splitSize === 0 && size === 0) return splitWithSizesOp([x], { splitSizes: new Array<number>(chunks).fill(0), dim });
  return splitOp([x], { splitSize, dim });
}

export const chunkOp = defineOp<{ chunks: number; dim: number }>({
  name: 'chunk',
  signature: 'chunk(input, chunks, dim=0)',
  composite: true,
  doc: 'split into pieces of ceil(size / chunks) along dim, so possibly fewer than `chunks` (SplitBackward0).',
  example: 'torch.arange(5).chunk(3)',
  forward: ([x], { chunks, dim }) => ({ out: chunkImpl(x!, chunks, dim) }),
  samples: () => [
    { inputs: [randomSample([5, 2])], attrs: { chunks: 3, dim: 0 } },
    { inputs: [transposed([2, 6])], attrs: { chunks: 4, dim: 1 }, label: 'non-contiguous' },
  ],
});

/**
 * torch.chunk(x, chunks, dim). @example chunk(arange(5), 3) // sizes 2, 2, 1
 */
export const chunk = (x: Tensor, chunks: number, dim = 0): Tensor[] => chunkOp([x], { chunks, dim });

function tensorSplitImpl(x: Tensor, sectionsOrIndices: number | readonly number[], dim: number): Tensor[] {
  if (x.ndim === 0) {
    throw runtimeError(`tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims`);
  }
  const d = normalizeDim(dim, x.ndim);
  const size = x.shape[d]!;
  if (typeof sectionsOrIndices === 'number') {
    const sections = sectionsOrIndices;
    if (sections <= 0) throw runtimeError(`number of sections must be larger than 0, got ${sections}`);
    const base = Math.floor(size / sections);
    const extra = size % sections;
    let at = 0;
    return Array.from({ length: sections }, (_, i) => {
      const n = i < extra ? base + 1 : base;
      at += n;
      return slice(x, d, at - n, at);
    });
  }
  const bounds = [0, ...sectionsOrIndices, size];
  return bounds.slice(1).map((end, i) => slice(x, d, bounds[i]!, end));
}

export const tensorSplitOp = defineOp<{ sections?: number; indices?: number[]; dim: number }>({
  name: 'tensor_split',
  signature: 'tensor_split(input, indices_or_sections, dim=0)',
  composite: true,
  doc: '`sections` nearly equal pieces (the first size % sections one longer), or the pieces between `indices`: one slice each (SliceBackward0).',
  example: 'torch.arange(7).tensor_split(3)',
  forward: ([x], { sections, indices, dim }) => ({ out: tensorSplitImpl(x!, sections ?? indices ?? [], dim) }),
  samples: () => [
    { inputs: [randomSample([7, 2])], attrs: { sections: 3, dim: 0 } },
    { inputs: [transposed([2, 7])], attrs: { indices: [1, 5], dim: 1 }, label: 'indices, non-contiguous' },
  ],
});

/**
 * torch.tensor_split(x, sections | indices, dim).
 * @example tensorSplit(arange(7), 3) // sizes 3, 2, 2
 */
export function tensorSplit(x: Tensor, sectionsOrIndices: number | readonly number[], dim = 0): Tensor[] {
  const which = typeof sectionsOrIndices === 'number' ? { sections: sectionsOrIndices } : { indices: [...sectionsOrIndices] };
  return tensorSplitOp([x], { ...which, dim });
}
