// Random tensors and in-place random initialisers: rand, randn, randint,
// randperm, bernoulli, normal and uniform_, normal_, bernoulli_, random_.
//
// Values come from a Generator (core/random.ts; the default one unless a
// `generator` option is given) through PyTorch's own kernels, so a seeded
// program draws PyTorch's numbers (Note [Random streams]): elements are filled
// in TensorIterator order (memory order), float32 normals of 16 or more
// contiguous elements use ATen's normal_fill (Box-Muller over blocks of 16),
// smaller or strided ones the cached double Box-Muller.
import { castValue, getDefaultDtype, isFloating, type DType } from '../core/dtype.ts';
import { broadcastAll, expandStrides, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { defaultGenerator, type Generator } from '../core/random.ts';
import { updateInPlace } from '../kernels/elementwise.ts';
import { runtimeError, scalarTypeName } from '../errors/errors.ts';
import { defineOp, run1, type OpSpec } from './define.ts';
import { checkSizeNonnegative, emptyLikeFor, finishCreated, fma, type CreateOptions } from './creation.ts';
import { applyInPlace, runPrivate, typeMetaName } from './inplace.ts';
import { reduceGrad } from './util.ts';
import { randomSample } from './samples.ts';

export interface RandomOptions extends CreateOptions {
  generator?: Generator;
}
type GenOption = { generator?: Generator };

const genOf = (o: GenOption): Generator => o.generator ?? defaultGenerator;

/** C++'s `<<` of a double in messages: 1 → "1", 0.5 → "0.5". */
function fmt(v: number): string {
  return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
}

function notImplementedFor(kernel: string, dtype: DType): Error {
  return runtimeError(`"${kernel}" not implemented for '${scalarTypeName(dtype)}'`);
}

/**
 * Storage positions of `t` in the order TensorIterator visits them:
 * dimensions ordered by t's strides, so a transposed tensor is filled in
 * memory order. With `other` (broadcast to t's shape), its positions at the
 * same elements come second.
 */
export function memoryOrderPositions(t: Tensor, other?: Tensor): [number[], number[]] {
  const n = t.numel;
  const out: [number[], number[]] = [new Array<number>(n), other ? new Array<number>(n) : []];
  if (n === 0) return out;
  const dims = t.shape.map((_, i) => i).filter((d) => t.shape[d]! > 1);
  dims.sort((a, b) => t.strides[b]! - t.strides[a]! || a - b); // outermost first
  const sizes = dims.map((d) => t.shape[d]!);
  const os = other ? expandStrides(other.shape, other.strides, t.shape) : [];
  const strides = [dims.map((d) => t.strides[d]!), dims.map((d) => os[d] ?? 0)];
  const pos = [t.offset, other?.offset ?? 0];
  const idx = new Array<number>(dims.length).fill(0);
  for (let k = 0; k < n; k++) {
    out[0][k] = pos[0]!;
    if (other) out[1][k] = pos[1]!;
    for (let d = dims.length - 1; d >= 0; d--) {
      idx[d]!++;
      for (let o = 0; o < 2; o++) pos[o]! += strides[o]![d]!;
      if (idx[d]! < sizes[d]!) break;
      for (let o = 0; o < 2; o++) pos[o]! -= strides[o]![d]! * sizes[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** Writes draw() into every element of t, in memory order. */
function fillSerial(t: Tensor, draw: () => number): void {
  const data = t.storage.data;
  const dtype = t.dtype;
  // Float arrays round on assignment; other dtypes need the C cast.
  const write = dtype === 'float32' || dtype === 'float64' ? draw : () => castValue(dtype, draw());
  if (t.isContiguous()) {
    const end = t.offset + t.numel;
    for (let p = t.offset; p < end; p++) data[p] = write();
    return;
  }
  for (const p of memoryOrderPositions(t)[0]) data[p] = write();
}

const FLOAT_LIMITS: Partial<Record<DType, number>> = { float16: 65504, float32: 3.4028234663852886e38, float64: Number.MAX_VALUE };

// ---------------------------------------------------------------------------
// Kernels: fill an existing tensor (no checks for autograd, no version bump).

/** uniform_(from, to): uniform_real_distribution of the tensor's own type. */
export function fillUniform(t: Tensor, from: number, to: number, gen: Generator): void {
  const dtype = t.dtype;
  const max = FLOAT_LIMITS[dtype];
  if (max === undefined) throw notImplementedFor('check_uniform_bounds', dtype);
  if (!(from >= -max && from <= max)) throw runtimeError(`from is out of bounds for ${typeMetaName(dtype)}`);
  if (!(to >= -max && to <= max)) throw runtimeError(`to is out of bounds for ${typeMetaName(dtype)}`);
  if (!(from <= to)) throw runtimeError(`uniform_ expects to return a [from, to) range, but found from=${fmt(from)} > to=${fmt(to)}`);
  if (to - from > max) {
    throw runtimeError(
      `uniform_ expects to-from <= std::numeric_limits<${scalarTypeName(dtype)}>::max(), but found to=${fmt(to)} and from=${fmt(from)} which result in to-from to exceed the limit`,
    );
  }
  if (t.numel === 0) return;
  if (dtype === 'float64') {
    const range = to - from;
    fillSerial(t, () => fma(gen.uniformDouble(), range, from));
  } else if (dtype === 'float32') {
    const f = Math.fround(from);
    const range = Math.fround(Math.fround(to) - f);
    // x * range + from is contracted to one fused multiply-add in PyTorch's build: one rounding.
    fillSerial(t, () => Math.fround(gen.uniformFloat() * range + f));
  } else {
    const half = (x: number) => castValue('float16', x);
    const f = half(from);
    const range = half(half(to) - f);
    fillSerial(t, () => Math.fround(gen.uniformHalf() * range + f)); // computed in float, fused
  }
}

const TWO_PI_F32 = Math.fround(2 * Math.PI);

/**
 * ATen's normal_fill for contiguous tensors of 16 or more elements: uniform
 * draws for every element, then Box-Muller over blocks of 16 (element j pairs
 * with j + 8); a ragged tail redraws and transforms the last 16.
 */
function normalFill(t: Tensor, mean: number, std: number, gen: Generator): void {
  const n = t.numel;
  const dtype = t.dtype;
  const single = dtype !== 'float64';
  const uniform = dtype === 'float64' ? () => gen.uniformDouble() : dtype === 'float32' ? () => gen.uniformFloat() : () => gen.uniformHalf();
  const vals = new Float64Array(n);
  for (let i = 0; i < n; i++) vals[i] = uniform();
  const r = single ? Math.fround : (x: number) => x;
  const m = r(mean);
  const s = r(std);
  const block = (at: number) => {
    for (let j = 0; j < 8; j++) {
      const u1 = r(1 - vals[at + j]!);
      const u2 = vals[at + j + 8]!;
      const radius = r(Math.sqrt(r(-2 * r(Math.log(u1)))));
      const theta = single ? Math.fround(TWO_PI_F32 * u2) : 2 * Math.PI * u2;
      vals[at + j] = r(fma(r(radius * r(Math.cos(theta))), s, m));
      vals[at + j + 8] = r(fma(r(radius * r(Math.sin(theta))), s, m));
    }
  };
  for (let i = 0; i + 16 <= n; i += 16) block(i);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) vals[i] = uniform();
    block(n - 16);
  }
  const data = t.storage.data;
  for (let i = 0; i < n; i++) data[t.offset + i] = castValue(dtype, vals[i]!);
}

/** normal_(mean, std): normal_fill for large contiguous tensors, else the cached double Box-Muller. */
export function fillNormal(t: Tensor, mean: number, std: number, gen: Generator): void {
  if (!(std >= 0)) throw runtimeError(`normal expects std >= 0.0, but found std ${fmt(std)}`);
  if (t.numel === 0) return;
  if (!isFloating(t.dtype)) throw notImplementedFor('normal_kernel_cpu', t.dtype);
  if (t.numel >= 16 && t.isContiguous()) normalFill(t, mean, std, gen);
  else fillSerial(t, () => fma(gen.normalDouble(), std, mean));
}

/** bernoulli_(p) for a number p: one double draw per element, 1 when it is below p. */
export function fillBernoulli(t: Tensor, p: number, gen: Generator): void {
  if (!(p >= 0 && p <= 1)) throw runtimeError(`bernoulli_ expects p to be in [0, 1], but got p=${fmt(p)}`);
  if (t.numel === 0) return;
  fillSerial(t, () => (gen.uniformDouble() < p ? 1 : 0));
}

const P_RANGE_ERROR =
  'Expected p_in >= 0 && p_in <= 1 to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)';

/** bernoulli_(p) for a tensor p broadcast to t: double draws for float64 p, float draws otherwise. */
export function fillBernoulliTensor(t: Tensor, p: Tensor, gen: Generator): void {
  if (t.numel === 0) return;
  if (!isFloating(p.dtype)) throw notImplementedFor('bernoulli_tensor_cpu_p_', p.dtype);
  const [positions, pPositions] = memoryOrderPositions(t, p); // p must expand to t (expand_inplace)
  const uniform = p.dtype === 'float64' ? () => gen.uniformDouble() : () => gen.uniformFloat();
  const data = t.storage.data;
  const pd = p.storage.data;
  for (let k = 0; k < positions.length; k++) {
    const q = pd[pPositions[k]!]!;
    if (!(q >= 0 && q <= 1)) throw runtimeError(P_RANGE_ERROR);
    data[positions[k]!] = castValue(t.dtype, uniform() < q ? 1 : 0);
  }
}

const INT_LIMITS: Partial<Record<DType, readonly [number, number]>> = {
  bool: [0, 1], uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63 - 1], float16: [-65504, 65504], float32: [-3.4028234663852886e38, 3.4028234663852886e38],
  float64: [-Number.MAX_VALUE, Number.MAX_VALUE],
};

/** random_(from, to): integers in [from, to) (random_from_to_kernel). */
export function fillRandomFromTo(t: Tensor, from: number, to: number, gen: Generator): void {
  if (!(from < to)) throw runtimeError(`random_ expects 'from' to be less than 'to', but got from=${from} >= to=${to}`);
  const [lo, hi] = INT_LIMITS[t.dtype]!;
  if (from < lo || from > hi) throw runtimeError(`from is out of bounds for ${typeMetaName(t.dtype)}`);
  if (to - 1 < lo || to - 1 > hi) throw runtimeError(`to - 1 is out of bounds for ${typeMetaName(t.dtype)}`);
  if (t.numel === 0) return;
  const range = to - from;
  fillSerial(t, () => gen.intFromTo(range, from));
}

const MANTISSA_RANGE: Partial<Record<DType, number>> = { float16: 2 ** 11 + 1, float32: 2 ** 24 + 1, float64: 2 ** 53 + 1 };

/** random_(): integers in [0, max] of the type (or [0, 2**mantissa] for floats). */
export function fillRandom(t: Tensor, gen: Generator): void {
  const dtype = t.dtype;
  let draw: () => number;
  if (dtype === 'bool') draw = () => gen.random() & 1;
  else if (dtype === 'int64') draw = () => Number(gen.random64() % 2n ** 63n);
  else if (dtype === 'float64') draw = () => Number(gen.random64() % BigInt(MANTISSA_RANGE.float64!));
  else if (isFloating(dtype)) draw = () => gen.random() % MANTISSA_RANGE[dtype]!;
  else draw = () => gen.random() % (INT_LIMITS[dtype]![1] + 1);
  fillSerial(t, draw);
}

// ---------------------------------------------------------------------------
// Out-of-place random ops with tensor inputs: table rows (their gradients are zero).

type GenAttrs = { generator: Generator };
const zeroGrads = (n: number) => (ctx: { inputs: readonly { shape: readonly number[]; dtype: DType }[]; needsGrad(i: number): boolean }, [g]: Tensor[]) =>
  Array.from({ length: n }, (_, i) => (ctx.needsGrad(i) ? reduceGrad(Tensor.empty(g!.shape, g!.dtype), ctx.inputs[i]!) : null));

export const bernoulliOp = defineOp<GenAttrs>({
  name: 'bernoulli',
  signature: 'bernoulli(input, *, generator=None, out=None)',
  gradFn: 'BernoulliBackward0',
  doc: 'Draws 0 or 1 per element with probability input (same shape and dtype as input).',
  example: 'torch.bernoulli(torch.full((4,), 0.5))',
  forward: ([p], { generator }) => {
    const out = Tensor.empty(p!.shape, p!.dtype); // LEGACY_CONTIGUOUS_MEMORY_FORMAT
    fillBernoulliTensor(out, p!, generator);
    return { out };
  },
  backward: zeroGrads(1),
  samples: () => [{ inputs: [randomSample([3, 4], 'probability')], attrs: { generator: defaultGenerator } }],
  noGradcheck: 'random output; the gradient is zero by definition',
});

/** mean + std * z with broadcasting, in the output dtype's arithmetic. */
function normalFrom(shape: Shape, dtype: DType, mean: Tensor | number, std: Tensor | number, gen: Generator): Tensor {
  const out = Tensor.empty(shape, dtype);
  fillNormal(out, 0, typeof std === 'number' ? std : 1, gen);
  const r = dtype === 'float64' ? (x: number) => x : Math.fround;
  if (typeof std !== 'number') updateInPlace(out, std, (z, s) => r(z * s));
  if (typeof mean === 'number') {
    const m = castValue(dtype, mean);
    updateInPlace(out, out, (v) => r(v + m));
  } else updateInPlace(out, mean, (v, m) => r(v + m));
  return out;
}

function checkStdTensor(std: Tensor): void {
  if (std.toArray().some((v) => !(v >= 0))) throw runtimeError('normal expects all elements of std >= 0.0');
}

export const normalTensorTensorOp = defineOp<GenAttrs>({
  name: 'normal.Tensor_Tensor',
  signature: 'normal(mean, std, *, generator=None, out=None)',
  gradFn: 'NormalBackward3',
  doc: 'One normal draw per element with tensor mean and std (broadcast).',
  example: 'torch.normal(torch.zeros(3), torch.ones(3))',
  forward: ([mean, std], { generator }) => {
    checkStdTensor(std!);
    return { out: normalFrom(broadcastAll([mean!.shape, std!.shape]), mean!.dtype, mean!, std!, generator) };
  },
  backward: zeroGrads(2),
  samples: () => [{ inputs: [randomSample([3]), randomSample([3], 'positive')], attrs: { generator: defaultGenerator } }],
  noGradcheck: 'random output; the gradient is zero by definition',
});

export const normalTensorFloatOp = defineOp<GenAttrs & { std: number }>({
  name: 'normal.Tensor_float',
  signature: 'normal(mean, std=1.0, *, generator=None, out=None)',
  gradFn: 'NormalBackward1',
  doc: 'One normal draw per element of mean, with a number std.',
  example: 'torch.normal(torch.zeros(3), 2.)',
  forward: ([mean], { std, generator }) => {
    if (!(std >= 0)) throw runtimeError(`normal expects std >= 0.0, but found std ${fmt(std)}`);
    return { out: normalFrom(mean!.shape, mean!.dtype, mean!, std, generator) };
  },
  backward: zeroGrads(1),
  samples: () => [{ inputs: [randomSample([3])], attrs: { std: 2, generator: defaultGenerator } }],
  noGradcheck: 'random output; the gradient is zero by definition',
});

export const normalFloatTensorOp = defineOp<GenAttrs & { mean: number }>({
  name: 'normal.float_Tensor',
  signature: 'normal(mean, std, *, generator=None, out=None)',
  gradFn: 'NormalBackward2',
  doc: 'One normal draw per element of std, with a number mean.',
  example: 'torch.normal(1., torch.ones(3))',
  forward: ([std], { mean, generator }) => {
    checkStdTensor(std!);
    return { out: normalFrom(std!.shape, std!.dtype, mean, std!, generator) };
  },
  backward: zeroGrads(1),
  samples: () => [{ inputs: [randomSample([3], 'positive')], attrs: { mean: 1, generator: defaultGenerator } }],
  noGradcheck: 'random output; the gradient is zero by definition',
});

// ---------------------------------------------------------------------------
// Creation

/** A new tensor filled by `fill`, released again if the fill raises. */
function created(size: Shape, dtype: DType, options: CreateOptions, fill: (t: Tensor) => void): Tensor {
  checkSizeNonnegative(size);
  const t = Tensor.empty(size, dtype);
  try {
    fill(t);
  } catch (err) {
    t.release();
    throw err;
  }
  return finishCreated(t, options);
}

function createdLike(x: Tensor, dtype: DType, options: CreateOptions, fill: (t: Tensor) => void): Tensor {
  const t = emptyLikeFor(x, dtype);
  try {
    fill(t);
  } catch (err) {
    t.release();
    throw err;
  }
  return finishCreated(t, options);
}

/**
 * torch.rand(size): uniform on [0, 1).
 *
 * ```ts
 * manualSeed(0); rand([3]); // tensor([0.4963, 0.7682, 0.0885]), as PyTorch
 * ```
 */
export function rand(size: Shape, options: RandomOptions = {}): Tensor {
  return created(size, options.dtype ?? getDefaultDtype(), options, (t) => fillUniform(t, 0, 1, genOf(options)));
}

/** torch.randn(size): standard normal. `manualSeed(0); randn([3])` → tensor([1.5410, -0.2934, -2.1788]). */
export function randn(size: Shape, options: RandomOptions = {}): Tensor {
  return created(size, options.dtype ?? getDefaultDtype(), options, (t) => fillNormal(t, 0, 1, genOf(options)));
}

/**
 * torch.randint(low, high, size): integers in [low, high), int64 unless dtype
 * says otherwise. `randint(0, 10, [3])`.
 */
export function randint(low: number, high: number, size: Shape, options: RandomOptions = {}): Tensor {
  return created(size, options.dtype ?? 'int64', options, (t) => fillRandomFromTo(t, low, high, genOf(options)));
}

/** torch.randperm(n): a random permutation of 0..n-1 (Fisher-Yates on 32-bit draws, as ATen for small n). */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  return created([n], options.dtype ?? 'int64', options, (t) => {
    const gen = genOf(options);
    const perm = Array.from({ length: n }, (_, i) => i);
    for (let i = 0; i < n - 1; i++) {
      const z = gen.random() % (n - i);
      [perm[i], perm[z + i]] = [perm[z + i]!, perm[i]!];
    }
    const data = t.storage.data;
    for (let i = 0; i < n; i++) data[i] = castValue(t.dtype, perm[i]!);
  });
}

/** torch.rand_like(x, dtype=None). */
export function randLike(x: Tensor, options: RandomOptions = {}): Tensor {
  return createdLike(x, options.dtype ?? x.dtype, options, (t) => fillUniform(t, 0, 1, genOf(options)));
}

/** torch.randn_like(x, dtype=None). */
export function randnLike(x: Tensor, options: RandomOptions = {}): Tensor {
  return createdLike(x, options.dtype ?? x.dtype, options, (t) => fillNormal(t, 0, 1, genOf(options)));
}

/** torch.randint_like(x, low, high, dtype=None). */
export function randintLike(x: Tensor, low: number, high: number, options: RandomOptions = {}): Tensor {
  return createdLike(x, options.dtype ?? x.dtype, options, (t) => fillRandomFromTo(t, low, high, genOf(options)));
}

/** torch.bernoulli(p): 0/1 draws with per-element probabilities p. */
export function bernoulli(p: Tensor, options: GenOption = {}): Tensor {
  return run1(bernoulliOp, [p], { generator: genOf(options) });
}

/**
 * torch.normal(mean, std, size=None): tensors or numbers for mean and std;
 * with two numbers, `size` gives the shape.
 *
 * ```ts
 * normal(0, 1, [2, 3]);
 * normal(zeros([3]), ones([3]));
 * ```
 */
export function normal(mean: Tensor | number, std: Tensor | number, size?: Shape | null, options: RandomOptions = {}): Tensor {
  const generator = genOf(options);
  if (mean instanceof Tensor && std instanceof Tensor) return run1(normalTensorTensorOp, [mean, std], { generator });
  if (mean instanceof Tensor) return run1(normalTensorFloatOp, [mean], { std: std as number, generator });
  if (std instanceof Tensor) return run1(normalFloatTensorOp, [std], { mean, generator });
  if (!size) throw runtimeError('normal(mean: float, std: float) needs a size');
  const d = options.dtype ?? getDefaultDtype();
  return created(size, d, options, (t) => fillNormal(t, mean, std, generator));
}

// ---------------------------------------------------------------------------
// In-place initialisers: version bump, leaf check, and a node when recorded.

const fillSpec = <A>(name: string, gradFn: string, fill: (t: Tensor, attrs: A) => void): OpSpec<A> => ({
  name, signature: `${name}(...)`, gradFn, doc: `In-place ${name}.`, example: '',
  forward: ([s], attrs) => {
    const out = Tensor.empty(s!.shape, s!.dtype);
    fill(out, attrs);
    return { out };
  },
  backward: (_ctx, [g]) => [Tensor.empty(g!.shape, g!.dtype)],
});
const uniformSpec = fillSpec<{ from: number; to: number; gen: Generator }>('uniform_', 'UniformBackward0', (t, a) => fillUniform(t, a.from, a.to, a.gen));
const normalSpec = fillSpec<{ mean: number; std: number; gen: Generator }>('normal_', 'NormalBackward0', (t, a) => fillNormal(t, a.mean, a.std, a.gen));
const bernoulliSpec = fillSpec<{ p: number; gen: Generator }>('bernoulli_', 'BernoulliBackward2', (t, a) => fillBernoulli(t, a.p, a.gen));
const randomFromToSpec = fillSpec<{ from: number; to: number; gen: Generator }>('random_', 'RandomBackward0', (t, a) => fillRandomFromTo(t, a.from, a.to, a.gen));
const randomToSpec = fillSpec<{ from: number; to: number; gen: Generator }>('random_', 'RandomBackward1', (t, a) => fillRandomFromTo(t, a.from, a.to, a.gen));
const randomSpec = fillSpec<{ gen: Generator }>('random_', 'RandomBackward2', (t, a) => fillRandom(t, a.gen));
const bernoulliTensorSpec: OpSpec<{ gen: Generator }> = {
  name: 'bernoulli_.Tensor', signature: 'bernoulli_(p)', gradFn: 'BernoulliBackward1', doc: 'In-place bernoulli_ with tensor p.', example: '',
  forward: ([s, p], { gen }) => {
    const out = Tensor.empty(s!.shape, s!.dtype);
    fillBernoulliTensor(out, p!, gen);
    return { out };
  },
  backward: zeroGrads(2),
};

/** A fill written straight into self, or through its node spec when a graph is recorded. */
function initInPlace<A>(name: string, self: Tensor, spec: OpSpec<A>, attrs: A, fill: () => void, others: Tensor[] = []): Tensor {
  return applyInPlace({ name, self, others, resultDtype: self.dtype, compute: (s) => runPrivate(spec, [s, ...others], attrs), direct: fill });
}

/**
 * self.uniform_(from=0, to=1): how nn.Linear's reset_parameters initialises
 * weights (under no_grad or on .data).
 */
export function uniform_(self: Tensor, from = 0, to = 1, options: GenOption = {}): Tensor {
  const gen = genOf(options);
  return initInPlace('uniform_', self, uniformSpec, { from, to, gen }, () => fillUniform(self, from, to, gen));
}

/** self.normal_(mean=0, std=1). */
export function normal_(self: Tensor, mean = 0, std = 1, options: GenOption = {}): Tensor {
  const gen = genOf(options);
  return initInPlace('normal_', self, normalSpec, { mean, std, gen }, () => fillNormal(self, mean, std, gen));
}

/** self.bernoulli_(p=0.5): p a number or a tensor of probabilities broadcast to self. */
export function bernoulli_(self: Tensor, p: number | Tensor = 0.5, options: GenOption = {}): Tensor {
  const gen = genOf(options);
  if (p instanceof Tensor) {
    return initInPlace('bernoulli_', self, bernoulliTensorSpec, { gen }, () => fillBernoulliTensor(self, p, gen), [p]);
  }
  return initInPlace('bernoulli_', self, bernoulliSpec, { p, gen }, () => fillBernoulli(self, p, gen));
}

/**
 * self.random_(from, to): integers in [from, to); random_(to) is [0, to);
 * random_() covers the dtype's range ([0, 2**mantissa] for floats).
 */
export function random_(self: Tensor, from?: number | null, to?: number | null, options: GenOption = {}): Tensor {
  const gen = genOf(options);
  if (from === undefined || from === null) return initInPlace('random_', self, randomSpec, { gen }, () => fillRandom(self, gen));
  if (to === undefined || to === null) return initInPlace('random_', self, randomToSpec, { from: 0, to: from, gen }, () => fillRandomFromTo(self, 0, from, gen));
  return initInPlace('random_', self, randomFromToSpec, { from, to, gen }, () => fillRandomFromTo(self, from, to, gen));
}
