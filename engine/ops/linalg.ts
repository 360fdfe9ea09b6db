// Matrix products: mm, bmm, mv, dot, addmm (primitives with PyTorch's nodes and
// saved tensors) and the composites matmul and linear, which dispatch to them
// exactly as ATen's _matmul_impl and linear do, so the graph shows PyTorch's
// nodes (MmBackward0, UnsafeViewBackward0, SqueezeBackward4, AddmmBackward0 ...).
//
// Saving follows the generated code for derivatives.yaml: mm's self is saved
// only when mat2 needs a gradient and mat2 only when self does (each input's
// gradient reads the other one), likewise bmm, mv, dot and addmm's mat1/mat2.
import { castValue, type DType, type TypedArray } from '../core/dtype.ts';
import { expandStrides, numel } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError, scalarTypeName } from '../errors/errors.ts';
import { forEachIndex } from '../kernels/elementwise.ts';
import { gemm, naiveGemm, type MatView } from '../kernels/gemm.ts';
import { defineOp, run1, runOp, type OpSpec, type Sample } from './define.ts';
import { contiguous } from './layout_copy.ts';
import { squeeze, t, transpose, unsqueeze, mT } from './layout_dims.ts';
import { expand, reshape, unsafeViewOp, view } from './layout_views.ts';
import { add, mul } from './pointwise_binary.ts';
import { randomSample } from './samples.ts';
import { reduceGrad } from './util.ts';

type NoAttrs = Record<string, never>;
/** Which inputs' gradients the saved tensors serve (see the header). */
interface SavedFor {
  first: boolean;
  second: boolean;
  /** Strides of the two matrix operands at forward time (mm_mat*_backward picks its layout from them). */
  strides: [number[], number[]];
}

/** caffe2's TypeMeta names, which addmm's dtype message prints. */
const TYPE_META: Record<DType, string> = {
  float32: 'float', float64: 'double', float16: 'c10::Half', int64: 'long int', int32: 'int',
  int16: 'short int', int8: 'signed char', uint8: 'unsigned char', bool: 'bool',
};

const matOf = (x: Tensor, offset = x.offset): MatView<TypedArray> => ({
  data: x.storage.data,
  offset,
  rs: x.strides[x.ndim - 2]!,
  cs: x.strides[x.ndim - 1]!,
});

/** C = alpha * A @ B + beta * C for any supported dtype (BLAS for floats, exact loops for small integers). */
function product(m: number, n: number, k: number, alpha: number, a: MatView<TypedArray>, b: MatView<TypedArray>, beta: number, c: MatView<TypedArray>, dtype: DType): void {
  if (dtype === 'bool') throw runtimeError(`"addmm_impl_cpu_" not implemented for 'Bool'`);
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int64') {
    gemm(m, n, k, alpha, a as MatView, b as MatView, beta, c as MatView);
    if (dtype === 'int64') roundInPlace(c, m, n, (v) => castValue('int64', v));
  } else if (dtype === 'float16') {
    gemm(m, n, k, alpha, a as MatView, b as MatView, beta, c as MatView);
    roundInPlace(c, m, n, (v) => castValue('float16', v));
  } else naiveGemm(m, n, k, alpha, a, b, beta, c, (v) => castValue(dtype, v));
}

function roundInPlace(c: MatView<TypedArray>, m: number, n: number, cast: (v: number) => number): void {
  for (let i = 0; i < m; i++) for (let j = 0, o = c.offset + i * c.rs; j < n; j++, o += c.cs) c.data[o] = cast(c.data[o]!);
}

const maybeMultiply = (g: Tensor, s: number): Tensor => (s === 1 ? g : mul(g, s));
const isColumnMajor = (shape: readonly number[], strides: readonly number[]) => strides[0] === 1 && strides[1] === shape[0];

/** mm_mat1_backward: grad @ mat2^T, computed transposed when mat1 was column-major. */
function mmMat1Backward(g: Tensor, mat2: Tensor, shape: readonly number[], strides: readonly number[], alpha: number): Tensor {
  if (isColumnMajor(shape, strides)) return maybeMultiply(t(mm(mat2, t(g))), alpha);
  return maybeMultiply(mm(g, t(mat2)), alpha);
}

/** mm_mat2_backward: mat1^T @ grad, computed transposed when mat2 was column-major. */
function mmMat2Backward(g: Tensor, mat1: Tensor, shape: readonly number[], strides: readonly number[], alpha: number): Tensor {
  if (isColumnMajor(shape, strides)) return maybeMultiply(t(mm(t(g), mat1)), alpha);
  return maybeMultiply(mm(t(mat1), g), alpha);
}

function saveEither(a: Tensor, b: Tensor): { save: Tensor[]; extra: SavedFor } {
  const save: Tensor[] = [];
  // a's gradient reads b, b's gradient reads a.
  if (a.requiresGrad) save.push(b);
  if (b.requiresGrad) save.push(a);
  return { save, extra: { first: a.requiresGrad, second: b.requiresGrad, strides: [[...a.strides], [...b.strides]] } };
}
/** [what a's gradient reads (b), what b's gradient reads (a)]. */
function unpackEither(saved: Tensor[], extra: SavedFor): [Tensor | undefined, Tensor | undefined] {
  return [extra.first ? saved[0] : undefined, extra.first ? saved[1] : saved[0]];
}

function checkMatrices(a: Tensor, b: Tensor): void {
  if (a.ndim !== 2) throw runtimeError('self must be a matrix');
  if (b.ndim !== 2) throw runtimeError('mat2 must be a matrix');
  if (a.shape[1] !== b.shape[0]) {
    throw runtimeError(`mat1 and mat2 shapes cannot be multiplied (${a.shape[0]}x${a.shape[1]} and ${b.shape[0]}x${b.shape[1]})`);
  }
}
function checkSameDtype(a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw runtimeError(`expected m1 and m2 to have the same dtype, but got: ${TYPE_META[a.dtype]} != ${TYPE_META[b.dtype]}`);
}

const tr = (shape: number[]) => randomSample(shape, undefined, { transposed: true });

export const mmOp = defineOp<NoAttrs, SavedFor>({
  name: 'mm',
  signature: 'mm(input, mat2, *, out=None)',
  gradFn: 'MmBackward0',
  doc: 'Matrix product of two 2-D tensors (no broadcasting; see matmul).',
  example: 'torch.mm(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([[1.], [1.]]))',
  forward: ([a, b]) => {
    checkMatrices(a!, b!);
    checkSameDtype(a!, b!);
    const [m, k] = a!.shape as [number, number];
    const n = b!.shape[1]!;
    const out = Tensor.empty([m, n], a!.dtype);
    product(m, n, k, 1, matOf(a!), matOf(b!), 0, matOf(out), a!.dtype);
    return { out, ...saveEither(a!, b!) };
  },
  backward: (ctx, [g]) => {
    const [mat2, self] = unpackEither(ctx.saved, ctx.extra);
    const [s0, s1] = ctx.extra.strides;
    return [
      ctx.needsGrad(0) ? mmMat1Backward(g!, mat2!, ctx.inputs[0]!.shape, s0, 1) : null,
      ctx.needsGrad(1) ? mmMat2Backward(g!, self!, ctx.inputs[1]!.shape, s1, 1) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([4, 5])], attrs: {} },
    { inputs: [tr([3, 4]), tr([4, 2])], attrs: {}, label: 'non-contiguous' },
    { inputs: [randomSample([1, 3]), randomSample([3, 1])], attrs: {}, label: 'row times column' },
  ],
});

export const bmmOp = defineOp<NoAttrs, SavedFor>({
  name: 'bmm',
  signature: 'bmm(input, mat2, *, out=None)',
  gradFn: 'BmmBackward0',
  doc: 'Batched matrix product of two 3-D tensors with the same batch size.',
  example: 'torch.bmm(torch.ones(2, 2, 3), torch.ones(2, 3, 1))',
  forward: ([a, b]) => {
    if (a!.ndim !== 3) throw runtimeError('batch1 must be a 3D tensor');
    if (b!.ndim !== 3) throw runtimeError('batch2 must be a 3D tensor');
    const [bs, m, k] = a!.shape as [number, number, number];
    if (b!.shape[0] !== bs || b!.shape[1] !== k) {
      throw runtimeError(`Expected size for first two dimensions of batch2 tensor to be: [${bs}, ${k}] but got: [${b!.shape[0]}, ${b!.shape[1]}].`);
    }
    if (a!.dtype !== b!.dtype) throw runtimeError(`expected scalar type ${scalarTypeName(a!.dtype)} but found ${scalarTypeName(b!.dtype)}`);
    const n = b!.shape[2]!;
    const out = Tensor.empty([bs, m, n], b!.dtype);
    for (let i = 0; i < bs; i++) {
      product(m, n, k, 1, matOf(a!, a!.offset + i * a!.strides[0]!), matOf(b!, b!.offset + i * b!.strides[0]!), 0, matOf(out, i * m * n), a!.dtype);
    }
    return { out, ...saveEither(a!, b!) };
  },
  backward: (ctx, [g]) => {
    const [mat2, self] = unpackEither(ctx.saved, ctx.extra);
    return [
      ctx.needsGrad(0) ? bmm(g!, transpose(mat2!, 1, 2)) : null,
      ctx.needsGrad(1) ? bmm(transpose(self!, 1, 2), g!) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([2, 3, 4]), randomSample([2, 4, 2])], attrs: {} },
    { inputs: [tr([2, 3, 4]), tr([2, 4, 3])], attrs: {}, label: 'non-contiguous' },
  ],
});

export const mvOp = defineOp<NoAttrs, SavedFor>({
  name: 'mv',
  signature: 'mv(input, vec, *, out=None)',
  gradFn: 'MvBackward0',
  doc: 'Matrix-vector product: a 2-D tensor times a 1-D tensor.',
  example: 'torch.mv(torch.tensor([[1., 2.], [3., 4.]]), torch.tensor([1., -1.]))',
  forward: ([a, v]) => {
    if (a!.ndim !== 2 || v!.ndim !== 1) throw runtimeError(`vector + matrix @ vector expected, got 1, ${a!.ndim}, ${v!.ndim}`);
    const [m, k] = a!.shape as [number, number];
    if (v!.shape[0] !== k) throw runtimeError(`size mismatch, got input (${m}), mat (${m}x${k}), vec (${v!.shape[0]})`);
    if (a!.dtype !== v!.dtype) {
      const [r, ma] = [scalarTypeName(v!.dtype), scalarTypeName(a!.dtype)];
      throw runtimeError(`addmv input tensors must have the same dtype, but got ${r}, ${ma}, and ${r}`);
    }
    const out = Tensor.empty([m], v!.dtype);
    const vecView = { data: v!.storage.data, offset: v!.offset, rs: v!.strides[0]!, cs: 0 };
    product(m, 1, k, 1, matOf(a!), vecView, 0, { data: out.storage.data, offset: 0, rs: 1, cs: 1 }, a!.dtype);
    return { out, ...saveEither(a!, v!) };
  },
  backward: (ctx, [g]) => {
    const [vec, self] = unpackEither(ctx.saved, ctx.extra);
    const n = ctx.inputs[0]!.shape[0]!;
    return [ctx.needsGrad(0) ? mul(reshape(g!, [n, 1]), vec!) : null, ctx.needsGrad(1) ? mv(t(self!), g!) : null];
  },
  samples: () => [
    { inputs: [randomSample([3, 4]), randomSample([4])], attrs: {} },
    { inputs: [tr([3, 4]), randomSample([4])], attrs: {}, label: 'non-contiguous' },
  ],
});

export const dotOp = defineOp<NoAttrs, SavedFor>({
  name: 'dot',
  signature: 'dot(input, tensor, *, out=None)',
  gradFn: 'DotBackward0',
  doc: 'Dot product of two 1-D tensors with the same number of elements.',
  example: 'torch.dot(torch.tensor([2., 3.]), torch.tensor([2., 1.]))',
  forward: ([a, b]) => {
    if (a!.ndim !== 1 || b!.ndim !== 1) throw runtimeError(`1D tensors expected, but got ${a!.ndim}D and ${b!.ndim}D tensors`);
    if (a!.dtype !== b!.dtype) {
      throw runtimeError(`dot : expected both vectors to have same dtype, but found ${scalarTypeName(a!.dtype)} and ${scalarTypeName(b!.dtype)}`);
    }
    const [na, nb] = [a!.numel, b!.numel];
    if (na !== nb) {
      throw runtimeError(`inconsistent tensor size, expected tensor [${na}] and src [${nb}] to have the same number of elements, but got ${na} and ${nb} elements respectively`);
    }
    if (a!.dtype === 'bool') throw runtimeError(`"dot" not implemented for 'Bool'`);
    const out = Tensor.empty([], a!.dtype);
    const [ad, bd] = [a!.storage.data, b!.storage.data];
    let acc = 0;
    for (let i = 0, p = a!.offset, q = b!.offset; i < na; i++, p += a!.strides[0]!, q += b!.strides[0]!) acc += ad[p]! * bd[q]!;
    out.storage.data[0] = castValue(a!.dtype, acc);
    return { out, ...saveEither(a!, b!) };
  },
  backward: (ctx, [g]) => {
    const [other, self] = unpackEither(ctx.saved, ctx.extra);
    return [ctx.needsGrad(0) ? mul(g!, other!) : null, ctx.needsGrad(1) ? mul(g!, self!) : null];
  },
  samples: () => [
    { inputs: [randomSample([5]), randomSample([5])], attrs: {} },
    { inputs: [strided(3, 2), randomSample([3])], attrs: {}, label: 'strided' },
  ],
});

/** A 1-D sample of n elements `step` apart in its storage. */
function strided(n: number, step: number): Tensor {
  const base = randomSample([n * step]);
  return new Tensor(base.storage, [n], [step], 0);
}

type AddmmAttrs = { beta: number; alpha: number };

export const addmmOp = defineOp<AddmmAttrs, SavedFor>({
  name: 'addmm',
  signature: 'addmm(input, mat1, mat2, *, beta=1, alpha=1, out=None)',
  gradFn: 'AddmmBackward0',
  doc: 'beta * input + alpha * (mat1 @ mat2), with input broadcast to the product (what Linear runs).',
  example: 'torch.addmm(torch.tensor([1., -1.]), torch.ones(3, 2), torch.ones(2, 2))',
  forward: ([self, a, b], { beta, alpha }) => {
    if (self!.dtype !== b!.dtype) {
      throw runtimeError(`self and mat2 must have the same dtype, but got ${scalarTypeName(self!.dtype)} and ${scalarTypeName(b!.dtype)}`);
    }
    if (a!.dtype !== b!.dtype) {
      throw runtimeError(`mat1 and mat2 must have the same dtype, but got ${scalarTypeName(a!.dtype)} and ${scalarTypeName(b!.dtype)}`);
    }
    if (a!.ndim !== 2) throw runtimeError(`mat1 must be a matrix, got ${a!.ndim}-D tensor`);
    if (b!.ndim !== 2) throw runtimeError(`mat2 must be a matrix, got ${b!.ndim}-D tensor`);
    checkMatrices(a!, b!);
    const [m, k] = a!.shape as [number, number];
    const n = b!.shape[1]!;
    const selfStrides = expandStrides(self!.shape, self!.strides, [m, n]);
    const out = Tensor.empty([m, n], a!.dtype);
    if (beta !== 0) {
      const o = out.storage.data;
      const sd = self!.storage.data;
      let i = 0;
      forEachIndex([m, n], [selfStrides], [self!.offset], (pos) => {
        o[i++] = sd[pos[0]!]!;
      });
    }
    product(m, n, k, alpha, matOf(a!), matOf(b!), beta, matOf(out), a!.dtype);
    return { out, ...saveEither(a!, b!) };
  },
  backward: (ctx, [g]) => {
    const { beta, alpha } = ctx.attrs;
    const [mat2, mat1] = unpackEither(ctx.saved, ctx.extra);
    const [s1, s2] = ctx.extra.strides;
    return [
      ctx.needsGrad(0) ? reduceGrad(maybeMultiply(g!, beta), ctx.inputs[0]!) : null,
      ctx.needsGrad(1) ? mmMat1Backward(g!, mat2!, ctx.inputs[1]!.shape, s1, alpha) : null,
      ctx.needsGrad(2) ? mmMat2Backward(g!, mat1!, ctx.inputs[2]!.shape, s2, alpha) : null,
    ];
  },
  samples: () => [
    { inputs: [randomSample([5]), randomSample([3, 4]), randomSample([4, 5])], attrs: { beta: 1, alpha: 1 } },
    { inputs: [randomSample([3, 5]), tr([3, 4]), tr([4, 5])], attrs: { beta: 0.5, alpha: -2 }, label: 'non-contiguous, beta and alpha' },
    { inputs: [randomSample([3, 1]), randomSample([3, 2]), randomSample([2, 4])], attrs: { beta: 1, alpha: 1 }, label: 'broadcast column' },
  ],
});

// ---------------------------------------------------------------------------
// matmul (ATen's _matmul_impl) and linear (ATen's linear): composites.

/** In-place squeeze_(dim) of a result no one else holds: the node PyTorch 2.x records is SqueezeBackward4. */
const squeezeInPlaceSpec: OpSpec<{ dim: number }> = {
  name: 'squeeze_.dim',
  signature: 'squeeze_(dim)',
  gradFn: 'SqueezeBackward4',
  doc: 'In-place squeeze of one dimension (used by matmul on a result it owns).',
  example: 'torch.ones(3) @ torch.ones(3, 2)',
  forward: ([x], { dim }) => {
    const shape = x!.shape.filter((_, d) => d !== dim);
    const strides = x!.strides.filter((_, d) => d !== dim);
    return { out: new Tensor(x!.storage, shape, strides, x!.offset) };
  },
  backward: (ctx, [g]) => [unsqueeze(g!, ctx.attrs.dim)],
};
const squeezeInPlace = (x: Tensor, dim: number) => runOp(squeezeInPlaceSpec, [x], { dim })[0]!;
const unsafeView = (x: Tensor, shape: number[]) => run1(unsafeViewOp, [x], { shape });

/** ATen's should_fold: fold the batch dims of the larger operand into mm/mv rows instead of calling bmm. */
function shouldFold(a: Tensor, b: Tensor): boolean {
  const aLarger = a.ndim >= b.ndim;
  const big = aLarger ? a : b;
  const smallDim = aLarger ? b.ndim : a.ndim;
  if (!(big.ndim >= 3 && smallDim <= 2)) return false;
  if ((aLarger ? b : a).requiresGrad) return true;
  if (a.ndim === 2) return false;
  if (big.numel === 0) return true;
  // big (or its mT) viewed as (-1, last) must not need a copy.
  const shape = aLarger ? a.shape : [...b.shape.slice(0, -2), b.shape[b.ndim - 1]!, b.shape[b.ndim - 2]!];
  const strides = aLarger ? a.strides : [...b.strides.slice(0, -2), b.strides[b.ndim - 1]!, b.strides[b.ndim - 2]!];
  for (let i = 0; i < big.ndim - 2; i++) if (strides[i] !== strides[i + 1]! * shape[i + 1]!) return false;
  return true;
}

function broadcastBatch(a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    if (x !== y && x !== 1 && y !== 1) {
      throw runtimeError(`The size of tensor a (${x}) must match the size of tensor b (${y}) at non-singleton dimension ${i}`);
    }
    out.push(x === 1 ? y : x);
  }
  return out;
}

function matmulImpl(a: Tensor, b: Tensor): Tensor {
  const [da, db] = [a.ndim, b.ndim];
  if (da === 0 || db === 0) throw runtimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  if (da === 1 && db === 1) return dot(a, b);
  if (da === 2 && db === 1) return mv(a, b);
  if (da === 1 && db === 2) return squeezeInPlace(mm(unsqueeze(a, 0), b), 0);
  if (da === 2 && db === 2) return mm(a, b);
  if (shouldFold(a, b)) {
    const swap = db > da;
    const t1 = swap ? mT(b) : a;
    const t2 = !swap ? b : da === 2 ? t(a) : a;
    const sizes = t1.shape;
    const outShape = sizes.slice(0, -1);
    const folded = reshape(t1, [numel(outShape), sizes[sizes.length - 1]!]);
    if (t2.ndim === 2) {
      outShape.push(t2.shape[1]!);
      const out = unsafeView(mm(folded, t2), outShape);
      return swap ? contiguous(mT(out)) : out;
    }
    return unsafeView(mv(folded, t2), outShape);
  }
  const n = da > 1 ? a.shape[da - 2]! : 1;
  const m1 = a.shape[da - 1]!;
  const m2 = db > 1 ? b.shape[db - 2]! : b.shape[0]!;
  const p = db > 1 ? b.shape[db - 1]! : 1;
  const batchA = a.shape.slice(0, Math.max(da - 2, 0));
  const batchB = b.shape.slice(0, Math.max(db - 2, 0));
  if (da === 3 && db === 3 && batchA[0] !== batchB[0]) {
    if (batchA[0] === 1 && a.requiresGrad) return matmulImpl(squeeze(a, 0), b);
    if (batchB[0] === 1 && b.requiresGrad) return matmulImpl(a, squeeze(b, 0));
  }
  const batch = broadcastBatch(batchA, batchB);
  const B = numel(batch);
  const a3 = reshape(expand(a, [...batch, n, m1]), [B, n, m1]);
  const vectorRhs = db === 1;
  const b3 = vectorRhs ? unsqueeze(reshape(expand(b, [...batch, m2]), [B, m2]), 2) : reshape(expand(b, [...batch, m2, p]), [B, m2, p]);
  const outShape = [...batch, ...(da > 1 ? [n] : []), ...(db > 1 ? [p] : [])];
  const prod = bmm(a3, b3);
  return unsafeView(vectorRhs ? squeeze(prod, -1) : prod, outShape);
}

const matmulSamples = (): Sample<NoAttrs>[] => {
  const cases: [number[], number[], string][] = [
    [[4], [4], 'vector @ vector'], [[3, 4], [4], 'matrix @ vector'], [[4], [4, 2], 'vector @ matrix'],
    [[3, 4], [4, 2], 'matrix @ matrix'], [[2, 3, 4], [4, 2], 'batch @ matrix'], [[2, 3, 4], [4], 'batch @ vector'],
    [[3, 4], [2, 4, 2], 'matrix @ batch'], [[4], [2, 4, 3], 'vector @ batch'], [[2, 3, 4], [2, 4, 2], 'batch @ batch'],
    [[2, 1, 3, 4], [3, 4, 2], 'broadcast batches'], [[1, 3, 4], [2, 4, 2], 'batch of one'],
  ];
  return cases.map(([x, y, label]) => ({ inputs: [randomSample(x), randomSample(y)], attrs: {}, label }));
};

export const matmulOp = defineOp<NoAttrs>({
  name: 'matmul',
  signature: 'matmul(input, other, *, out=None)',
  doc: 'Matrix product with NumPy semantics: dot, mv, mm, or a broadcast batch of products, by the inputs\' ranks.',
  example: 'torch.matmul(torch.ones(2, 3, 4), torch.ones(4))',
  composite: true,
  forward: ([a, b]) => ({ out: matmulImpl(a!, b!) }),
  samples: matmulSamples,
});

function linearImpl(x: Tensor, w: Tensor, bias: Tensor | undefined): Tensor {
  if (x.ndim === 2 && bias) return addmm(bias, x, t(w));
  if (bias && x.isContiguous() && bias.ndim === 1 && x.ndim >= 1) {
    // _flatten_nd_linear: fold all leading dims into the rows of one addmm.
    const lead = x.shape.slice(0, -1);
    const rows = reshape(x, [numel(lead), x.shape[x.ndim - 1]!]);
    const out = addmm(bias, rows, t(w));
    return view(out, [...lead, out.shape[1]!]);
  }
  const out = matmul(x, t(w));
  return bias ? add(out, bias) : out;
}

export const linearOp = defineOp<NoAttrs>({
  name: 'linear',
  signature: 'linear(input, weight, bias=None)',
  doc: 'input @ weight.T + bias: addmm for 2-D input (and any contiguous input, folded to 2-D), matmul otherwise.',
  example: 'torch.nn.functional.linear(torch.ones(2, 3), torch.ones(4, 3), torch.zeros(4))',
  composite: true,
  forward: ([x, w, b]) => ({ out: linearImpl(x!, w!, b) }),
  samples: () => [
    { inputs: [randomSample([2, 3]), randomSample([4, 3]), randomSample([4])], attrs: {}, label: '2-D' },
    { inputs: [randomSample([3]), randomSample([4, 3]), randomSample([4])], attrs: {}, label: '1-D' },
    { inputs: [randomSample([2, 2, 3]), randomSample([4, 3]), randomSample([4])], attrs: {}, label: '3-D' },
    { inputs: [tr([2, 3, 2]), randomSample([4, 2]), randomSample([4])], attrs: {}, label: 'non-contiguous 3-D' },
    { inputs: [randomSample([2, 3]), randomSample([4, 3])], attrs: {}, label: 'no bias' },
  ],
});

/** torch.mm(a, b). @example mm(a, b) // MmBackward0 */
export const mm = (a: Tensor, b: Tensor): Tensor => run1(mmOp, [a, b], {});
/** torch.bmm(a, b). @example bmm(ones([2, 2, 3]), ones([2, 3, 1])) */
export const bmm = (a: Tensor, b: Tensor): Tensor => run1(bmmOp, [a, b], {});
/** torch.mv(mat, vec). */
export const mv = (a: Tensor, v: Tensor): Tensor => run1(mvOp, [a, v], {});
/** torch.dot(a, b). */
export const dot = (a: Tensor, b: Tensor): Tensor => run1(dotOp, [a, b], {});
/** torch.addmm(input, mat1, mat2, beta=1, alpha=1). */
export const addmm = (self: Tensor, a: Tensor, b: Tensor, beta = 1, alpha = 1): Tensor => run1(addmmOp, [self, a, b], { beta, alpha });
/** torch.matmul(a, b) / a @ b. @example matmul(ones([2, 3, 4]), ones([4])).shape // [2, 3] */
export const matmul = (a: Tensor, b: Tensor): Tensor => run1(matmulOp, [a, b], {});
/** torch.nn.functional.linear(x, weight, bias). @example linear(x, w, b) // AddmmBackward0 for 2-D x */
export const linear = (x: Tensor, w: Tensor, bias?: Tensor | null): Tensor => run1(linearOp, bias ? [x, w, bias] : [x, w], {});
