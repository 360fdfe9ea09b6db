// Embedding lookups and one_hot.
//
// embedding(weight, indices) picks rows of a [num_embeddings, dim] weight;
// EmbeddingBackward0 saves only the indices (derivatives.yaml keeps
// weight.sym_size(0), a number), and its derivative is an op of its own,
// embedding_dense_backward, which scatter-adds gradient rows (skipping
// padding_idx) and is differentiable in turn.
import { Tensor } from '../core/tensor.ts';
import { indexError, runtimeError, legacyTensorType } from '../errors/errors.ts';
import { contiguousData, mapUnary } from '../kernels/elementwise.ts';
import { defineOp, run1, type Op, type Sample } from './define.ts';
import { mul, where } from './pointwise_binary.ts';
import { randomIndices, randomSample } from './samples.ts';

type EmbeddingAttrs = { paddingIdx: number; scaleGradByFreq: boolean; sparse: boolean };
type DenseBackwardAttrs = { numWeights: number; paddingIdx: number; scaleGradByFreq: boolean };

function checkIndices(indices: Tensor, fn: string): void {
  if (indices.dtype !== 'int64' && indices.dtype !== 'int32') {
    throw runtimeError(
      `Expected tensor for argument #1 'indices' to have one of the following scalar types: Long, Int; but got ${legacyTensorType(indices.dtype)} instead (while checking arguments for ${fn})`,
    );
  }
}

/** weight.index_select(0, indices) reshaped to indices.shape + [dim]. */
function gatherRows(weight: Tensor, indices: Tensor): Tensor {
  const [rows, dim] = weight.shape as [number, number];
  const idx = contiguousData(indices);
  const w = contiguousData(weight);
  const out = Tensor.empty([...indices.shape, dim], weight.dtype);
  const o = out.storage.data;
  for (let k = 0; k < idx.length; k++) {
    const row = idx[k]!;
    if (row < 0 || row >= rows) throw indexError('index out of range in self');
    for (let j = 0; j < dim; j++) o[k * dim + j] = w[row * dim + j]!;
  }
  return out;
}

export const embeddingOp: Op<EmbeddingAttrs> = defineOp<EmbeddingAttrs>({
  name: 'embedding',
  signature: 'embedding(weight, indices, padding_idx=-1, scale_grad_by_freq=False, sparse=False)',
  gradFn: 'EmbeddingBackward0',
  doc: 'Rows of weight picked by integer indices: the result has shape indices.shape + [embedding_dim].',
  example: 'torch.embedding(torch.tensor([[0., 1.], [2., 3.], [4., 5.]]), torch.tensor([2, 0]))',
  differentiable: [0],
  forward: ([weight, indices], { sparse }) => {
    if (weight!.ndim !== 2) throw runtimeError("'weight' must be 2-D");
    checkIndices(indices!, 'embedding');
    if (sparse) throw runtimeError('sparse gradients (sparse=True) are not supported in Glassgrad');
    return { out: gatherRows(weight!, indices!), save: [indices!] };
  },
  backward: (ctx, [g]) => {
    const { paddingIdx, scaleGradByFreq } = ctx.attrs;
    const numWeights = ctx.inputs[0]!.shape[0]!;
    return [run1(embeddingDenseBackwardOp, [g!, ctx.saved[0]!], { numWeights, paddingIdx, scaleGradByFreq }), null];
  },
  // padding_idx and scale_grad_by_freq change the gradient on purpose (it is no longer the derivative),
  // so gradcheck samples leave them out; nn.fixtures.json checks them against PyTorch.
  samples: () => [
    { inputs: [randomSample([5, 3]), randomIndices([4], 5)], attrs: { paddingIdx: -1, scaleGradByFreq: false, sparse: false } },
    { inputs: [randomSample([4, 2]), indexTensor([1, 3, 1, 0, 3, 3], [2, 3])], attrs: { paddingIdx: -1, scaleGradByFreq: false, sparse: false }, label: '2-D indices, repeats' },
    { inputs: [randomSample([3, 4], undefined, { transposed: true }), indexTensor([2], [])], attrs: { paddingIdx: -1, scaleGradByFreq: false, sparse: false }, label: '0-dim index, non-contiguous' },
  ],
});

function indexTensor(values: number[], shape: number[]): Tensor {
  const t = Tensor.empty(shape, 'int64');
  t.writeAll(values);
  return t;
}

/** How often each row is picked (for scale_grad_by_freq). */
function rowCounts(idx: ArrayLike<number>, numWeights: number): Float64Array {
  const counts = new Float64Array(numWeights);
  for (let k = 0; k < idx.length; k++) counts[idx[k]!]! += 1;
  return counts;
}

export const embeddingDenseBackwardOp: Op<DenseBackwardAttrs> = defineOp<DenseBackwardAttrs>({
  name: 'embedding_dense_backward',
  signature: 'embedding_dense_backward(grad_output, indices, num_weights, padding_idx, scale_grad_by_freq)',
  gradFn: 'EmbeddingDenseBackwardBackward0',
  doc: "embedding's derivative: grad_output rows summed into the rows they were picked from (padding_idx's row stays zero).",
  example: 'torch.ops.aten.embedding_dense_backward(torch.ones(2, 2), torch.tensor([1, 1]), 3, -1, False)',
  differentiable: [0],
  forward: ([g, indices], { numWeights, paddingIdx, scaleGradByFreq }) => {
    const dim = g!.shape[g!.ndim - 1] ?? 1;
    const idx = contiguousData(indices!);
    const gd = contiguousData(g!);
    const out = Tensor.empty([numWeights, dim], g!.dtype);
    const o = out.storage.data;
    const counts = scaleGradByFreq ? rowCounts(idx, numWeights) : null;
    for (let k = 0; k < idx.length; k++) {
      const row = idx[k]!;
      if (row === paddingIdx) continue;
      const scale = counts ? 1 / counts[row]! : 1;
      for (let j = 0; j < dim; j++) o[row * dim + j] = o[row * dim + j]! + gd[k * dim + j]! * scale;
    }
    return { out, save: [indices!] };
  },
  // embedding_dense_double_backward: the rows again, zero where the index is padding_idx.
  backward: (ctx, [gg]) => {
    const indices = ctx.saved[0]!;
    const { paddingIdx, scaleGradByFreq } = ctx.attrs;
    const rows = run1(embeddingOp, [gg!, indices], { paddingIdx, scaleGradByFreq, sparse: false });
    if (paddingIdx < 0 && !scaleGradByFreq) return [rows, null];
    const idx = contiguousData(indices);
    const counts = scaleGradByFreq ? rowCounts(idx, ctx.attrs.numWeights) : null;
    const factor = Tensor.empty([...indices.shape, 1], gg!.dtype);
    const f = factor.storage.data;
    for (let k = 0; k < idx.length; k++) f[k] = idx[k] === paddingIdx ? 0 : counts ? 1 / counts[idx[k]!]! : 1;
    return [scaleRows(rows, factor), null];
  },
  samples: () => [
    { inputs: [randomSample([4, 3]), randomIndices([4], 5)], attrs: { numWeights: 5, paddingIdx: -1, scaleGradByFreq: false } },
    { inputs: [randomSample([2, 3, 2]), indexTensor([1, 3, 1, 0, 3, 3], [2, 3])], attrs: { numWeights: 4, paddingIdx: 3, scaleGradByFreq: false }, label: 'padding_idx' },
  ] as Sample<DenseBackwardAttrs>[],
});

/** rows * factor (one factor per row), exactly zero where the factor is zero (padding rows). */
function scaleRows(rows: Tensor, factor: Tensor): Tensor {
  const keep = mapUnary(factor, 'bool', (v) => (v !== 0 ? 1 : 0));
  return where(keep, mul(rows, factor), 0);
}

/**
 * embedding_renorm_ (max_norm): rows of weight picked by indices whose norm_type-norm
 * exceeds max_norm are scaled down in place to max_norm / (norm + 1e-7), outside autograd.
 */
function embeddingRenorm(weight: Tensor, indices: Tensor, maxNorm: number, normType: number): void {
  const idx = [...new Set(Array.from(contiguousData(indices)))].sort((a, b) => a - b);
  const [rows, dim] = weight.shape as [number, number];
  const data = weight.storage.data;
  const at = (row: number, j: number) => weight.offset + row * weight.strides[0]! + j * weight.strides[1]!;
  for (const row of idx) {
    if (row < 0 || row >= rows) throw indexError('index out of range in self');
    let norm = 0;
    for (let j = 0; j < dim; j++) {
      const v = Math.abs(data[at(row, j)]!);
      norm = normType === Infinity ? Math.max(norm, v) : norm + v ** normType;
    }
    if (normType !== Infinity) norm = norm ** (1 / normType);
    if (norm > maxNorm) {
      const scale = maxNorm / (norm + 1e-7);
      for (let j = 0; j < dim; j++) data[at(row, j)] = data[at(row, j)]! * scale;
    }
  }
  weight.version.value++;
}

/**
 * F.embedding(input, weight, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False).
 * Note the argument order: indices first, as in torch.nn.functional (torch.embedding takes weight first).
 * @example embedding(indices, weight) // EmbeddingBackward0
 */
export function embedding(
  input: Tensor,
  weight: Tensor,
  paddingIdx: number | null = null,
  maxNorm: number | null = null,
  normType = 2,
  scaleGradByFreq = false,
  sparse = false,
): Tensor {
  let padding = -1;
  if (paddingIdx !== null && paddingIdx !== undefined) {
    const rows = weight.shape[0] ?? 0;
    // Python asserts these ("Padding_idx must be within num_embeddings").
    if (paddingIdx >= rows || paddingIdx < -rows) throw runtimeError('Padding_idx must be within num_embeddings');
    padding = paddingIdx < 0 ? rows + paddingIdx : paddingIdx;
  }
  if (maxNorm !== null && maxNorm !== undefined) {
    // Python runs embedding_renorm_ under torch.no_grad(), so a leaf parameter may be changed in place.
    checkIndices(input, 'embedding_renorm_');
    embeddingRenorm(weight, input, maxNorm, normType);
  }
  return run1(embeddingOp, [weight, input], { paddingIdx: padding, scaleGradByFreq, sparse });
}

// ---------------------------------------------------------------------------

export const oneHotOp = defineOp<{ numClasses: number }>({
  name: 'one_hot',
  signature: 'one_hot(tensor, num_classes=-1)',
  doc: 'int64 class indices to one-hot rows: shape tensor.shape + [num_classes] (num_classes=-1: max + 1).',
  example: 'torch.nn.functional.one_hot(torch.tensor([0, 2, 1]), 3)',
  forward: ([x], { numClasses }) => {
    if (x!.dtype !== 'int64') throw runtimeError('one_hot is only applicable to index tensor of type LongTensor.');
    const values = contiguousData(x!);
    let classes = numClasses;
    if (values.length === 0) {
      if (classes <= 0) throw runtimeError('Can not infer total number of classes from empty tensor.');
      return { out: Tensor.empty([...x!.shape, classes], 'int64') };
    }
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    if (lo < 0) throw runtimeError('Class values must be non-negative.');
    if (classes === -1) classes = hi + 1;
    else if (classes <= hi) throw runtimeError('Class values must be smaller than num_classes.');
    const out = Tensor.empty([...x!.shape, classes], 'int64');
    const o = out.storage.data;
    for (let k = 0; k < values.length; k++) o[k * classes + values[k]!] = 1;
    return { out };
  },
  samples: () => [{ inputs: [randomIndices([2, 3], 4)], attrs: { numClasses: 5 } }],
});

/** F.one_hot(tensor, num_classes=-1). */
export const oneHot = (x: Tensor, numClasses = -1): Tensor => run1(oneHotOp, [x], { numClasses });
