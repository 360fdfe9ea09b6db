// Copies and aliases: clone, contiguous, dtype conversion (_to_copy), detach.
//
// `contiguous()` and `to(dtype)` return their input itself (retained) when
// nothing needs to change, as PyTorch returns `self`: no new node, no bytes.
// Otherwise they copy through `clone` (CloneBackward0) or `_to_copy`
// (ToCopyBackward0). Copies keep the input's layout unless told otherwise
// (memory_format=torch.preserve_format), as PyTorch's empty_like does.
import { returnAlias } from '../core/scope.ts';
import type { DType } from '../core/dtype.ts';
import { contiguousStrides } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { defineOp, run1, type Sample } from './define.ts';
import { preservedStrides } from './layout_geometry.ts';
import { copyWithStrides } from './layout_kernels.ts';
import { randomSample } from './samples.ts';

export type MemoryFormat = 'preserve' | 'contiguous';

const copySamples = <A>(attrs: A) => (): Sample<A>[] => [
  { inputs: [randomSample([3, 4])], attrs },
  { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs, label: 'non-contiguous' },
  { inputs: [randomSample([])], attrs, label: '0-dim' },
];

function layoutFor(x: Tensor, memoryFormat: MemoryFormat = 'preserve'): number[] {
  return memoryFormat === 'contiguous' ? contiguousStrides(x.shape) : preservedStrides(x.shape, x.strides);
}

export const cloneOp = defineOp<{ memoryFormat?: MemoryFormat }>({
  name: 'clone',
  signature: 'clone(input, *, memory_format=torch.preserve_format)',
  gradFn: 'CloneBackward0',
  doc: "A copy with its own storage; by default it keeps the input's strides when they are dense.",
  example: 'torch.clone(torch.arange(6.).view(2, 3).t()).stride()',
  forward: ([x], { memoryFormat }) => ({ out: copyWithStrides(x!, x!.dtype, layoutFor(x!, memoryFormat)) }),
  backward: (_ctx, [g]) => [g!],
  samples: copySamples({}),
});

export const toCopyOp = defineOp<{ dtype: DType; memoryFormat?: MemoryFormat }>({
  name: '_to_copy',
  signature: '_to_copy(input, *, dtype=None, memory_format=None)',
  gradFn: 'ToCopyBackward0',
  doc: 'A copy converted to `dtype` (what Tensor.to, .float(), .double(), .type() run when the dtype changes).',
  example: 'torch.tensor([1.5, -2.5]).to(torch.int64)',
  forward: ([x], { dtype, memoryFormat }) => ({ out: copyWithStrides(x!, dtype, layoutFor(x!, memoryFormat)) }),
  backward: (ctx, [g]) => [castTo(g!, ctx.inputs[0]!.dtype)],
  // float64 -> float64: a gradient check through float32 would measure rounding, not the derivative.
  samples: copySamples({ dtype: 'float64' as DType }),
});

/**
 * torch.clone(x).
 * @example clone(x) // CloneBackward0, new storage
 */
export function clone(x: Tensor, memoryFormat: MemoryFormat = 'preserve'): Tensor {
  return run1(cloneOp, [x], { memoryFormat });
}

export const contiguousOp = defineOp<Record<string, never>>({
  name: 'contiguous',
  signature: 'Tensor.contiguous(memory_format=torch.contiguous_format)',
  composite: true,
  doc: 'The tensor itself when already contiguous, else a contiguous copy (CloneBackward0).',
  example: 'torch.arange(6.).view(2, 3).t().contiguous().stride()',
  forward: ([x]) => ({ out: x!.isContiguous() ? returnAlias(x!) : run1(cloneOp, [x!], { memoryFormat: 'contiguous' as const }) }),
  samples: () => [
    { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: {}, label: 'copies' },
    { inputs: [randomSample([3, 4])], attrs: {}, label: 'already contiguous: the input itself' },
  ],
});

/**
 * x.contiguous(): x itself (retained) when already contiguous, else a contiguous copy (CloneBackward0).
 * @example contiguous(transpose(x, 0, 1)).strides // [2, 1] for a [3, 2] result
 */
export const contiguous = (x: Tensor): Tensor => run1(contiguousOp, [x], {});

/**
 * x.to(dtype): x itself (retained) when the dtype already matches and no copy is asked for.
 * @example to(x, 'float64') // ToCopyBackward0
 */
export function to(x: Tensor, dtype: DType, copy = false, memoryFormat: MemoryFormat = 'preserve'): Tensor {
  if (dtype === x.dtype && !copy && (memoryFormat === 'preserve' || x.isContiguous())) return returnAlias(x);
  return run1(toCopyOp, [x], { dtype, memoryFormat });
}

/**
 * For derivative formulas: g cast to `dtype`, or g itself (not retained) when it already has it.
 * Backward formulas may return an incoming gradient as-is; the engine owns it.
 */
export function castTo(g: Tensor, dtype: DType): Tensor {
  return g.dtype === dtype ? g : run1(toCopyOp, [g], { dtype });
}

/**
 * x.detach(): the same storage, geometry and version counter, outside the graph.
 * In-place changes through either tensor are seen by both, and by autograd's
 * saved-tensor checks.
 * @example detach(y).requiresGrad // false
 */
export function detach(x: Tensor): Tensor {
  const out = new Tensor(x.storage, x.shape, x.strides, x.offset, x.version);
  out.isInference = x.isInference;
  return out;
}
