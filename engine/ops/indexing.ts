// Advanced indexing: x[idx] (index, IndexBackward0), x[idx] = v (index_put_,
// IndexPutBackward0) and nonzero, as ATen's TensorAdvancedIndexing.cpp.
//
// An indices list has one entry per leading dimension of x: an integer tensor
// (int64/int32), a bool/uint8 mask (replaced by its nonzero() columns, one per
// mask dimension) or null (the whole dimension). The integer tensors broadcast
// together to a shape B. When they sit next to each other in the list, B takes
// their place in the result; when a null separates them, B comes first
// (NumPy's rule). The table ops take only integer tensors, with `dims` saying
// which dimension each indexes; the friendly functions below do the mask and
// null bookkeeping.
import { broadcastAll, expandStrides, normalizeDim } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { clone } from './layout_copy.ts';
import { fmtShape, indexError, notImplemented, runtimeError, warn } from '../errors/errors.ts';
import { contiguousCopy, contiguousData, forEachIndex } from '../kernels/elementwise.ts';
import { defineOp, run1, type Op } from './define.ts';
import { boolTensor, broadcastView, checkIndexDtypes, gatherIndexed, longTensor, putIndexed, walkAlong } from './indexing_kernels.ts';
import { applyInPlace, assertNoPartialOverlap, hasInternalOverlap } from './inplace.ts';
import { randomSample } from './samples.ts';
import { reduceGrad, wrapScalar } from './util.ts';

/** An index entry: an index tensor, or null/undefined for a full slice (Python's None arrives as undefined). */
export type IndexEntry = Tensor | null | undefined;

type IndexAttrs = { dims: number[] };
type IndexPutAttrs = { dims: number[]; accumulate: boolean };
type DimAttrs = { dim: number };
export { longTensor };

// ---------------------------------------------------------------------------
// Table ops

const mat = (shape: number[], transposed = false) => randomSample(shape, undefined, { transposed });

export const indexOp: Op<IndexAttrs> = defineOp<IndexAttrs>({
  name: 'index',
  signature: 'index(input, indices)',
  gradFn: 'IndexBackward0',
  doc: 'x[indices] for integer index tensors (inputs after x), one per entry of `dims`; a copy.',
  example: 'torch.arange(12.).view(3, 4)[torch.tensor([0, 2]), 1:]',
  differentiable: [0],
  forward: ([x, ...indices], { dims }) => ({ out: gatherIndexed(x!, dims, indices), save: indices }),
  backward: (ctx, [g]) => {
    const zeros = Tensor.empty(ctx.inputs[0]!.shape, g!.dtype);
    return [run1(indexPutOp, [zeros, g!, ...ctx.saved], { dims: ctx.attrs.dims, accumulate: true })];
  },
  samples: () => [
    { inputs: [mat([4, 3]), longTensor([0, 2, 2, -1])], attrs: { dims: [0] }, label: 'repeats, negative' },
    { inputs: [mat([3, 4], true), longTensor([1, 0, 2, 1], [2, 2]), longTensor([3, 0])], attrs: { dims: [0, 1] }, label: 'broadcast, non-contiguous' },
    { inputs: [mat([2, 3, 4]), longTensor([2, 0])], attrs: { dims: [1] }, label: 'middle dim' },
    { inputs: [mat([2, 3, 4]), longTensor([1, 0]), longTensor([3, 3])], attrs: { dims: [0, 2] }, label: 'separated: advanced dims first' },
  ],
});

export const indexPutOp: Op<IndexPutAttrs> = defineOp<IndexPutAttrs>({
  name: 'index_put',
  signature: 'index_put(input, indices, values, accumulate=False)',
  gradFn: 'IndexPutBackward0',
  doc: 'A copy of input with values (broadcast) written, or added with accumulate, at indices (inputs after values).',
  example: 'torch.zeros(3).index_put((torch.tensor([0, 2]),), torch.tensor(1.))',
  differentiable: [0, 1],
  forward: ([self, values, ...indices], { dims, accumulate }) => {
    const out = clone(self!); // keeps self's layout, as index_put's clone does
    putIndexed(out, dims, indices, values!, accumulate);
    return { out, save: indices };
  },
  backward: (ctx, [g]) => {
    const { dims, accumulate } = ctx.attrs;
    const indices = ctx.saved;
    const gSelf = !ctx.needsGrad(0) ? null
      : accumulate ? g!
      : run1(indexPutOp, [g!, Tensor.empty(ctx.inputs[1]!.shape, g!.dtype), ...indices], { dims, accumulate: false });
    const gValues = ctx.needsGrad(1) ? reduceGrad(run1(indexOp, [g!, ...indices], { dims }), ctx.inputs[1]!) : null;
    return [gSelf, gValues];
  },
  samples: () => [
    { inputs: [mat([4, 3]), mat([2, 3]), longTensor([0, 2])], attrs: { dims: [0], accumulate: false } },
    { inputs: [mat([4, 3]), mat([3]), longTensor([1, 1, 3])], attrs: { dims: [0], accumulate: true }, label: 'accumulate repeats, broadcast values' },
    { inputs: [mat([3, 4], true), mat([1]), longTensor([0, 2]), longTensor([3, -1])], attrs: { dims: [0, 1], accumulate: false }, label: 'non-contiguous' },
  ],
});

export const nonzeroOp = defineOp<Record<string, never>>({
  name: 'nonzero',
  signature: 'nonzero(input, *, as_tuple=False)',
  doc: 'The indices of the non-zero elements, int64 of shape [n, ndim].',
  example: 'torch.nonzero(torch.tensor([[1., 0.], [0., 4.]]))',
  forward: ([x]) => {
    const v = contiguousData(x!);
    const nd = x!.ndim;
    let n = 0;
    for (let i = 0; i < v.length; i++) if (v[i] !== 0) n++;
    const out = Tensor.empty([n, nd], 'int64');
    const o = out.storage.data;
    const idx = new Array<number>(nd).fill(0);
    let k = 0;
    for (let i = 0; i < v.length; i++) {
      if (v[i] !== 0) for (let d = 0; d < nd; d++) o[k++] = idx[d]!;
      for (let d = nd - 1; d >= 0; d--) {
        if (++idx[d]! < x!.shape[d]!) break;
        idx[d] = 0;
      }
    }
    return { out };
  },
});

// gather / scatter / scatter_add / index_select / masked_select ------------

export const gatherOp: Op<DimAttrs> = defineOp<DimAttrs>({
  name: 'gather',
  signature: 'gather(input, dim, index, *, sparse_grad=False)',
  gradFn: 'GatherBackward0',
  doc: 'out[i][j] = input[i][index[i][j]] (for dim=1); out has index\'s shape.',
  example: 'torch.gather(torch.tensor([[1., 2.], [3., 4.]]), 1, torch.tensor([[0, 0], [1, 0]]))',
  differentiable: [0],
  forward: ([x, index], { dim }) => {
    const d = normalizeDim(dim, Math.max(x!.ndim, 1));
    const out = Tensor.empty(index!.shape, x!.dtype);
    const o = out.storage.data;
    const xd = x!.storage.data;
    walkAlong('gather', x!, d, index!, out, (pos) => (o[pos[1]!] = xd[pos[0]!]!));
    return { out, save: [index!] };
  },
  backward: (ctx, [g]) => {
    const zeros = Tensor.empty(ctx.inputs[0]!.shape, g!.dtype);
    return [run1(scatterAddOp, [zeros, ctx.saved[0]!, g!], ctx.attrs), null];
  },
  samples: () => [
    { inputs: [mat([3, 4]), longTensor([3, 0, 0, 1, 2, 2], [3, 2])], attrs: { dim: 1 } },
    { inputs: [mat([3, 4], true), longTensor([2, 0, 1, 2, 2, 0, 1, 1], [2, 4])], attrs: { dim: 0 }, label: 'non-contiguous, repeats' },
  ],
});

function scatterForward(fn: string, accumulate: boolean) {
  return ([self, index, src]: Tensor[], { dim }: DimAttrs) => {
    const d = normalizeDim(dim, Math.max(self!.ndim, 1));
    const out = contiguousCopy(self!);
    const o = out.storage.data;
    const s = src!.storage.data;
    walkAlong(fn, out, d, index!, src!, (pos) => (o[pos[0]!] = accumulate ? o[pos[0]!]! + s[pos[1]!]! : s[pos[1]!]!));
    return { out, save: [index!] };
  };
}

export const scatterOp: Op<DimAttrs> = defineOp<DimAttrs>({
  name: 'scatter',
  signature: 'scatter(input, dim, index, src)',
  gradFn: 'ScatterBackward0',
  doc: 'A copy of input with out[i][index[i][j]] = src[i][j] (for dim=1).',
  example: 'torch.zeros(2, 3).scatter(1, torch.tensor([[2], [0]]), torch.ones(2, 1))',
  differentiable: [0, 2],
  forward: scatterForward('scatter', false),
  backward: (ctx, [g]) => {
    const index = ctx.saved[0]!;
    const zeros = ctx.needsGrad(0) ? Tensor.empty(index.shape, g!.dtype) : null;
    return [
      zeros ? run1(scatterOp, [g!, index, zeros], ctx.attrs) : null,
      null,
      ctx.needsGrad(2) ? run1(gatherOp, [g!, index], ctx.attrs) : null,
    ];
  },
  samples: () => [
    { inputs: [mat([3, 4]), longTensor([3, 0, 1, 2, 2, 0], [3, 2]), mat([3, 2])], attrs: { dim: 1 } },
    { inputs: [mat([3, 4], true), longTensor([2, 0, 1, 1], [1, 4]), mat([1, 4])], attrs: { dim: 0 }, label: 'non-contiguous' },
  ],
});

export const scatterAddOp: Op<DimAttrs> = defineOp<DimAttrs>({
  name: 'scatter_add',
  signature: 'scatter_add(input, dim, index, src)',
  gradFn: 'ScatterAddBackward0',
  doc: 'A copy of input with out[i][index[i][j]] += src[i][j] (for dim=1).',
  example: 'torch.zeros(3).scatter_add(0, torch.tensor([0, 0, 2]), torch.ones(3))',
  differentiable: [0, 2],
  forward: scatterForward('scatter', true),
  backward: (ctx, [g]) => [ctx.needsGrad(0) ? g! : null, null, ctx.needsGrad(2) ? run1(gatherOp, [g!, ctx.saved[0]!], ctx.attrs) : null],
  samples: () => [
    { inputs: [mat([3, 4]), longTensor([3, 0, 0, 2, 2, 2], [3, 2]), mat([3, 2])], attrs: { dim: 1 }, label: 'repeats' },
    { inputs: [mat([3, 4], true), longTensor([2, 0, 1, 1, 0, 0, 0, 0], [2, 4]), mat([2, 4])], attrs: { dim: 0 }, label: 'non-contiguous' },
  ],
});

export const indexSelectOp: Op<DimAttrs> = defineOp<DimAttrs>({
  name: 'index_select',
  signature: 'index_select(input, dim, index)',
  gradFn: 'IndexSelectBackward0',
  doc: 'The entries of input at a 1-D index along dim (a copy).',
  example: 'torch.arange(6.).view(2, 3).index_select(1, torch.tensor([2, 0]))',
  differentiable: [0],
  forward: ([x, index], { dim }) => {
    if (index!.ndim > 1) throw indexError('index_select(): Index is supposed to be a vector');
    if (index!.dtype !== 'int64' && index!.dtype !== 'int32') throw runtimeError('index_select(): Expected dtype int32 or int64 for index');
    const d = normalizeDim(dim, Math.max(x!.ndim, 1));
    const idx = contiguousData(index!);
    const size = x!.shape[d] ?? 1;
    for (let i = 0; i < idx.length; i++) if (idx[i]! < 0 || idx[i]! >= size) throw indexError('index out of range in self');
    const shape = x!.ndim === 0 ? [] : x!.shape.map((s, k) => (k === d ? idx.length : s));
    const out = Tensor.empty(shape, x!.dtype);
    const o = out.storage.data;
    const xd = x!.storage.data;
    const outer = x!.shape.slice(0, d);
    const inner = x!.shape.slice(d + 1);
    const innerOff: number[] = [];
    forEachIndex(inner, [x!.strides.slice(d + 1)], [0], (pos) => innerOff.push(pos[0]!));
    let k = 0;
    forEachIndex(outer, [x!.strides.slice(0, d)], [x!.offset], (pos) => {
      for (let i = 0; i < idx.length; i++) {
        const p = pos[0]! + idx[i]! * (x!.strides[d] ?? 0);
        for (const q of innerOff) o[k++] = xd[p + q]!;
      }
    });
    return { out, save: [index!] };
  },
  backward: (ctx, [g]) => {
    const meta = ctx.inputs[0]!;
    const d = normalizeDim(ctx.attrs.dim, Math.max(meta.shape.length, 1));
    const index = ctx.saved[0]!;
    const idx = index.ndim === 0 ? longTensor(index.toArray(), [1]) : index;
    const zeros = Tensor.empty(meta.shape, g!.dtype);
    if (meta.shape.length === 0) return [run1(indexPutOp, [zeros, g!], { dims: [], accumulate: true }), null];
    return [run1(indexPutOp, [zeros, g!, idx], { dims: [d], accumulate: true }), null];
  },
  samples: () => [
    { inputs: [mat([3, 4]), longTensor([3, 0, 3])], attrs: { dim: 1 }, label: 'repeats' },
    { inputs: [mat([4, 3], true), longTensor([2, 0])], attrs: { dim: 0 }, label: 'non-contiguous' },
    { inputs: [mat([2, 3, 2]), longTensor([1], [])], attrs: { dim: -2 }, label: '0-dim index' },
  ],
});

export const maskedSelectOp = defineOp<Record<string, never>>({
  name: 'masked_select',
  signature: 'masked_select(input, mask)',
  gradFn: 'MaskedSelectBackward0',
  doc: 'The elements of input (broadcast with mask) where mask is True, as a 1-D tensor.',
  example: 'x = torch.tensor([[1., -2.], [3., -4.]]); torch.masked_select(x, x > 0)',
  differentiable: [0],
  forward: ([x, mask]) => {
    if (mask!.dtype !== 'bool' && mask!.dtype !== 'uint8') throw runtimeError('masked_select: expected BoolTensor or ByteTensor for mask');
    const shape = broadcastAll([x!.shape, mask!.shape]);
    const xs = expandStrides(x!.shape, x!.strides, shape);
    const ms = expandStrides(mask!.shape, mask!.strides, shape);
    const md = mask!.storage.data;
    const xd = x!.storage.data;
    const picked: number[] = [];
    forEachIndex(shape, [xs, ms], [x!.offset, mask!.offset], (pos) => {
      if (md[pos[1]!]) picked.push(xd[pos[0]!]!);
    });
    const out = Tensor.empty([picked.length], x!.dtype);
    out.writeAll(picked);
    return { out, save: [mask!] };
  },
  backward: (ctx, [g]) => {
    const mask = ctx.saved[0]!;
    const meta = ctx.inputs[0]!;
    const shape = broadcastAll([meta.shape, mask.shape]);
    const full = broadcastView(mask, shape);
    const nz = run1(nonzeroOp, [full], {});
    const n = nz.shape[0]!;
    const cols = shape.map((_, k) => longTensor(Array.from({ length: n }, (_, r) => nz.storage.data[r * shape.length + k]!)));
    const zeros = Tensor.empty(shape, g!.dtype);
    const dims = shape.map((_, k) => k);
    return [reduceGrad(run1(indexPutOp, [zeros, g!, ...cols], { dims, accumulate: false }), meta), null];
  },
  samples: () => [
    { inputs: [mat([3, 4]), boolTensor([1, 0, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1], [3, 4])], attrs: {} },
    // Not a non-contiguous input: PyTorch's masked_scatter backward then fills
    // the gradient in the input's memory order (a quirk we do not copy).
    { inputs: [mat([4, 3]), boolTensor([0, 1, 1], [3])], attrs: {}, label: 'broadcast mask' },
    { inputs: [mat([3, 1]), boolTensor([1, 0, 1, 1], [4])], attrs: {}, label: 'broadcast input' },
  ],
});

// ---------------------------------------------------------------------------
// Friendly functions: masks, nulls, dtype checks

interface Expanded {
  dims: number[];
  indices: Tensor[];
}

/** Masks become nonzero() columns; int tensors keep their dim; null entries skip one dim. Owned tensors in `made`. */
function expandIndices(x: Tensor, entries: readonly IndexEntry[], made: Tensor[]): Expanded {
  const dims: number[] = [];
  const indices: Tensor[] = [];
  let d = 0;
  const tooMany = () => indexError(`too many indices for tensor of dimension ${x.ndim} (got ${entries.length})`);
  for (const e of entries) {
    if (e === null || e === undefined) {
      d++;
      continue;
    }
    if (e.dtype === 'bool' || e.dtype === 'uint8') {
      if (e.ndim === 0) throw notImplemented('indexing with a 0-dim bool tensor is not supported by Glassgrad yet');
      for (let k = 0; k < e.ndim; k++) {
        if (d + k >= x.ndim) throw tooMany();
        if (e.shape[k] !== x.shape[d + k]) {
          throw indexError(
            `The shape of the mask ${fmtShape(e.shape)} at index ${k} does not match the shape of the indexed tensor ${fmtShape(x.shape)} at index ${d + k}`,
          );
        }
      }
      const nz = run1(nonzeroOp, [e], {});
      made.push(nz);
      for (let k = 0; k < e.ndim; k++) {
        const col = Tensor.empty([nz.shape[0]!], 'int64');
        const c = col.storage.data;
        for (let r = 0; r < c.length; r++) c[r] = nz.storage.data[r * e.ndim + k]!;
        made.push(col);
        dims.push(d + k);
        indices.push(col);
      }
      d += e.ndim;
      continue;
    }
    if (e.dtype !== 'int64' && e.dtype !== 'int32') throw indexError('tensors used as indices must be long, int, byte or bool tensors');
    dims.push(d++);
    indices.push(e);
  }
  if (d > x.ndim) throw tooMany();
  return { dims, indices };
}

function withExpanded<T>(x: Tensor, entries: readonly IndexEntry[], fn: (e: Expanded) => T): T {
  const made: Tensor[] = [];
  try {
    return fn(expandIndices(x, entries, made));
  } finally {
    for (const t of made) t.release();
  }
}

/**
 * x[indices] with tensor indices (aten::index): a copy, grad_fn IndexBackward0.
 * @example index(x, [null, longTensor([2, 0])]) // x[:, [2, 0]]
 */
export function index(x: Tensor, indices: readonly IndexEntry[]): Tensor {
  return withExpanded(x, indices, ({ dims, indices: idx }) => {
    if (idx.length === 0) throw runtimeError('index(): at least one index tensor is required');
    return run1(indexOp, [x, ...idx], { dims });
  });
}

/** A Python number (or the repr string the bridge sends for an integral float) taken in self's dtype. */
function valuesFor(self: Tensor, values: Tensor | number | boolean | string): Tensor {
  return values instanceof Tensor ? values : wrapScalar(typeof values === 'string' ? Number(values) : values, self.dtype);
}

/**
 * torch.index_put(x, indices, values, accumulate=False): out of place (IndexPutBackward0).
 * Python numbers are taken in x's dtype.
 */
export function indexPut(self: Tensor, indices: readonly IndexEntry[], values: Tensor | number | boolean | string, accumulate = false): Tensor {
  const v = valuesFor(self, values);
  try {
    return withExpanded(self, indices, ({ dims, indices: idx }) => run1(indexPutOp, [self, v, ...idx], { dims, accumulate }));
  } finally {
    if (v !== values) v.release();
  }
}

/**
 * self.index_put_(indices, values, accumulate=False) and x[indices] = values:
 * in place (version bump, PyTorch's checks; IndexPutBackward0 when recorded). Returns self.
 */
export function indexPut_(self: Tensor, indices: readonly IndexEntry[], values: Tensor | number | boolean | string, accumulate = false): Tensor {
  const v = valuesFor(self, values);
  try {
    return withExpanded(self, indices, ({ dims, indices: idx }) => {
      checkIndexDtypes(idx);
      if (hasInternalOverlap(self)) {
        warn('Use of index_put_ on expanded tensors is deprecated. Please clone() the tensor before performing this operation. This also applies to advanced indexing e.g. tensor[indices] = tensor');
      }
      assertNoPartialOverlap(self, v);
      for (const t of idx) assertNoPartialOverlap(self, t);
      // values broadcast to the indexing result, not to self: only its requires_grad goes to the mechanism.
      const gradProxy = { requiresGrad: v.requiresGrad, shape: [], storage: null, numel: 0 } as unknown as Tensor;
      return applyInPlace({
        name: 'index_put_', self, others: [gradProxy], overlap: 'none',
        compute: (s) => run1(indexPutOp, [s, v, ...idx], { dims, accumulate }),
        direct: () => putIndexed(self, dims, idx, v, accumulate),
      });
    });
  } finally {
    if (v !== values) v.release();
  }
}

/** torch.nonzero(x): int64 [n, ndim] (as_tuple is the Python side's split into columns). */
export const nonzero = (x: Tensor): Tensor => run1(nonzeroOp, [x], {});

/** torch.gather(x, dim, index). */
export const gather = (x: Tensor, dim: number, index: Tensor): Tensor => run1(gatherOp, [x, index], { dim });
/** torch.scatter(x, dim, index, src) (out of place). */
export const scatter = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor => run1(scatterOp, [x, index, src], { dim });
/** torch.scatter_add(x, dim, index, src) (out of place). */
export const scatterAdd = (x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor => run1(scatterAddOp, [x, index, src], { dim });
/** torch.index_select(x, dim, index). */
export const indexSelect = (x: Tensor, dim: number, index: Tensor): Tensor => run1(indexSelectOp, [x, index], { dim });
/** torch.masked_select(x, mask). */
export const maskedSelect = (x: Tensor, mask: Tensor): Tensor => run1(maskedSelectOp, [x, mask], {});
