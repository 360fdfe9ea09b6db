// Tensor creation: torch.tensor, zeros, ones, full, empty, arange, linspace,
// eye and the *_like family. These are plain functions, not table ops: they
// have no tensor inputs, so nothing for autograd to record.
//
// Python floats and ints differ where JavaScript numbers do not (1.0 is a
// float in Python, an integer here). Non-integral numbers are floats; the
// Python bridge passes `hasFloat` when the data holds an integral-valued float.
import { castValue, getDefaultDtype, isFloating, isIntegral, promoteTypes, scalarDtype, type DType } from '../core/dtype.ts';
import { numel, type Shape } from '../core/shape.ts';
import { Storage } from '../core/storage.ts';
import { Tensor } from '../core/tensor.ts';
import { isInferenceMode } from '../autograd/grad_mode.ts';
import { fmtShape, runtimeError, scalarTypeName, typeError, valueError, warn } from '../errors/errors.ts';
import { requireFloatForGrad } from './define.ts';
import { preservedStrides } from './layout_geometry.ts';

export interface CreateOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface InferOptions extends CreateOptions {
  /** The values include a Python float, even if integral-valued (1.0). */
  hasFloat?: boolean;
}

/** Nested sequences of Python scalars (or one-element tensors), as torch.tensor takes them. */
export type NestedData = number | boolean | Tensor | readonly NestedData[];

// ---------------------------------------------------------------------------
// Scalars converted to a dtype, with PyTorch's overflow checks.

/** C++ names Scalar::to<T> uses in its overflow message. */
const CPP_NAMES: Record<DType, string> = {
  bool: 'bool', uint8: 'uint8_t', int8: 'int8_t', int16: 'int16_t', int32: 'int', int64: 'int64_t',
  float16: 'at::Half', float32: 'float', float64: 'double',
};
const RANGES: Partial<Record<DType, readonly [number, number]>> = {
  uint8: [0, 255], int8: [-128, 127], int16: [-32768, 32767], int32: [-2147483648, 2147483647],
  int64: [-(2 ** 63), 2 ** 63], float16: [-65504, 65504], float32: [-3.4028234663852886e38, 3.4028234663852886e38],
};

/**
 * c10::checked_convert: whether `v` (a Python int when `isInt`, else a float)
 * fits `dtype`. Python ints are checked the C++ way, which lets an unsigned
 * type take negatives down to -max (they wrap: -1 becomes 255).
 */
function overflows(dtype: DType, v: number, isInt: boolean): boolean {
  const range = RANGES[dtype];
  if (!range || dtype === 'float64') return false;
  const [lo, hi] = range;
  if (isFloating(dtype)) return Number.isFinite(v) && (v < lo || v > hi);
  if (!Number.isFinite(v)) return true;
  if (dtype === 'int64') return v < lo || v >= hi;
  if (isInt && dtype === 'uint8') return v > hi || -v > hi;
  return v < lo || v > hi;
}

/** Scalar::to<T>() for fill values and bounds: the stored value, or PyTorch's overflow error. */
export function scalarTo(dtype: DType, value: number | boolean, isFloat = false): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (dtype === 'bool') return castValue('bool', value);
  const isInt = Number.isInteger(value) && !isFloat;
  if (overflows(dtype, value, isInt)) throw runtimeError(`value cannot be converted to type ${CPP_NAMES[dtype]} without overflow`);
  return castValue(dtype, value);
}

// ---------------------------------------------------------------------------
// Fused multiply-add. PyTorch's CPU build contracts `a * b + c` in its kernels
// (arange, linspace, random transformations) into one FMA instruction: a
// single rounding. Emulated with error-free transformations (Dekker/Knuth).

function splitDouble(a: number): [number, number] {
  const c = 134217729 * a; // 2**27 + 1
  const hi = c - (c - a);
  return [hi, a - hi];
}

/** a * b + c with (almost always) one rounding, as C's fma(). */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (!Number.isFinite(p) || !Number.isFinite(c)) return p + c;
  const [ah, al] = splitDouble(a);
  const [bh, bl] = splitDouble(b);
  const pe = ah * bh - p + ah * bl + al * bh + al * bl;
  const s = p + c;
  const bb = s - p;
  const se = p - (s - bb) + (c - bb);
  return s + (se + pe);
}

// ---------------------------------------------------------------------------
// Building new tensors.

/** at::empty's check: "Trying to create tensor with negative dimension -1: [2, -1]". */
export function checkSizeNonnegative(size: Shape): void {
  for (const s of size) {
    if (s < 0) throw runtimeError(`Trying to create tensor with negative dimension ${s}: ${fmtShape(size)}`);
  }
}

/** Applies requires_grad and inference mode to a tensor just created. */
export function finishCreated(t: Tensor, options: CreateOptions): Tensor {
  if (options.requiresGrad) {
    try {
      requireFloatForGrad(t);
    } catch (err) {
      t.release();
      throw err;
    }
    t.leafRequiresGrad = true;
  }
  if (isInferenceMode()) t.isInference = true;
  return t;
}

/** A fresh zero-filled contiguous tensor of `size`. */
function allocate(size: Shape, dtype: DType): Tensor {
  checkSizeNonnegative(size);
  return Tensor.empty(size, dtype);
}

/**
 * torch.empty(size, dtype=None, requires_grad=False). Our storage starts
 * zeroed, so "uninitialised" values are zeros.
 *
 * ```ts
 * empty([2, 3]).shape; // [2, 3]
 * ```
 */
export function empty(size: Shape, options: CreateOptions = {}): Tensor {
  return finishCreated(allocate(size, options.dtype ?? getDefaultDtype()), options);
}

/** torch.zeros(size, dtype=None, requires_grad=False): `zeros([2, 3])`. */
export function zeros(size: Shape, options: CreateOptions = {}): Tensor {
  return empty(size, options);
}

/** torch.ones(size, dtype=None, requires_grad=False): `ones([3], { dtype: 'int32' })`. */
export function ones(size: Shape, options: CreateOptions = {}): Tensor {
  const t = allocate(size, options.dtype ?? getDefaultDtype());
  t.storage.data.fill(1);
  return finishCreated(t, options);
}

/**
 * torch.full(size, fill_value): the dtype follows the value when not given —
 * bool for a bool, int64 for an int, the default float dtype for a float.
 *
 * ```ts
 * full([2, 2], 7).dtype;   // 'int64'
 * full([2], 1.5).dtype;    // 'float32'
 * ```
 */
export function full(size: Shape, fillValue: number | boolean, options: InferOptions = {}): Tensor {
  const dtype = options.dtype ?? (options.hasFloat ? getDefaultDtype() : scalarDtype(fillValue));
  checkSizeNonnegative(size);
  const v = scalarTo(dtype, fillValue, options.hasFloat);
  const t = Tensor.empty(size, dtype);
  t.storage.data.fill(v);
  return finishCreated(t, options);
}

/**
 * empty_like's layout (memory_format=torch.preserve_format): x's strides when
 * x is non-overlapping and dense, else dense strides in x's dimension order.
 */
function allocateLike(x: Tensor, dtype: DType): Tensor {
  if (x.isContiguous()) return Tensor.empty(x.shape, dtype);
  return new Tensor(Storage.allocate(dtype, x.numel), x.shape, preservedStrides(x.shape, x.strides));
}

/** torch.empty_like(x, dtype=None): same shape (and layout), values unspecified (zeros here). */
export function emptyLike(x: Tensor, options: CreateOptions = {}): Tensor {
  return finishCreated(allocateLike(x, options.dtype ?? x.dtype), options);
}

/** torch.zeros_like(x, dtype=None): `zerosLike(x, { dtype: 'float32' })`. */
export function zerosLike(x: Tensor, options: CreateOptions = {}): Tensor {
  return emptyLike(x, options);
}

/** torch.ones_like(x, dtype=None). */
export function onesLike(x: Tensor, options: CreateOptions = {}): Tensor {
  const t = allocateLike(x, options.dtype ?? x.dtype);
  t.storage.data.fill(1);
  return finishCreated(t, options);
}

/** torch.full_like(x, fill_value, dtype=None): the value is cast to x's dtype (2.7 → 2 for int64). */
export function fullLike(x: Tensor, fillValue: number | boolean, options: InferOptions = {}): Tensor {
  const dtype = options.dtype ?? x.dtype;
  const v = scalarTo(dtype, fillValue, options.hasFloat);
  const t = allocateLike(x, dtype);
  t.storage.data.fill(v);
  return finishCreated(t, options);
}

/** Used by the random *_like functions: an empty tensor laid out like x. */
export function emptyLikeFor(x: Tensor, dtype: DType): Tensor {
  return allocateLike(x, dtype);
}

// ---------------------------------------------------------------------------
// torch.tensor

/** Python's type name for a JavaScript value, as PyTorch's messages show it. */
function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (typeof v === 'object') return 'dict';
  return typeof v;
}

/** infer_scalar_type in torch/csrc/utils/tensor_new.cpp. */
function inferDtype(obj: unknown, hasFloat: boolean): DType {
  if (typeof obj === 'number') return Number.isInteger(obj) && !Object.is(obj, -0) && !hasFloat ? 'int64' : getDefaultDtype();
  if (typeof obj === 'boolean') return 'bool';
  if (obj instanceof Tensor) return obj.dtype;
  if (typeof obj === 'string') throw typeError("new(): invalid data type 'str'");
  if (Array.isArray(obj)) {
    if (obj.length === 0) return getDefaultDtype();
    let dtype: DType | null = null;
    for (const item of obj) {
      const d = inferDtype(item, hasFloat);
      dtype = dtype === null ? d : promoteTypes(dtype, d);
    }
    return dtype!;
  }
  throw runtimeError(`Could not infer dtype of ${pyTypeName(obj)}`);
}

/** compute_sizes: follows the first element down while it is a sequence. */
function computeSizes(data: unknown): number[] {
  const sizes: number[] = [];
  let seq = data;
  while (Array.isArray(seq)) {
    sizes.push(seq.length);
    if (seq.length === 0) break;
    seq = seq[0];
  }
  return sizes;
}

const INT_NAMES: Partial<Record<DType, string>> = { uint8: 'uint8', int8: 'int8', int16: 'int16', int32: 'int32', int64: 'int64' };

/** store_scalar: one Python scalar into a tensor of `dtype`, with PyTorch's checks. */
function storeScalar(dtype: DType, obj: unknown): number {
  if (obj instanceof Tensor) {
    if (obj.numel !== 1) throw valueError('only one element tensors can be converted to Python scalars');
    const v = obj.toArray()[0]!;
    return storeScalar(dtype, isFloating(obj.dtype) ? v : obj.dtype === 'bool' ? v !== 0 : v);
  }
  if (typeof obj === 'boolean') return obj ? 1 : 0;
  if (typeof obj !== 'number') {
    const name = pyTypeName(obj);
    if (isIntegral(dtype)) throw typeError(`'${name}' object cannot be interpreted as an integer`);
    throw typeError(`must be real number, not ${name}`);
  }
  const intName = INT_NAMES[dtype];
  if (intName !== undefined) {
    const isInt = Number.isInteger(obj);
    if (isInt && (obj >= 2 ** 63 || obj < -(2 ** 63))) throw runtimeError('Overflow when unpacking long');
    if (overflows(dtype, obj, isInt)) throw runtimeError(`value cannot be converted to type ${intName} without overflow`);
  }
  return castValue(dtype, obj);
}

/**
 * torch.tensor(data, dtype=None, requires_grad=False): a new tensor from
 * nested sequences. The dtype is inferred when not given: all bools → bool,
 * ints (and bools) → int64, any float → the default float dtype.
 *
 * ```ts
 * tensor([[1, 2], [3, 4]]).dtype;   // 'int64'
 * tensor([1, 2.5]).dtype;           // 'float32'
 * tensor([[1, 2], [3]]);            // ValueError: expected sequence of length 2 at dim 1 (got 1)
 * ```
 */
export function tensor(data: NestedData, options: InferOptions = {}): Tensor {
  if (data instanceof Tensor) {
    warn(
      'To copy construct from a tensor, it is recommended to use sourceTensor.clone().detach() or sourceTensor.clone().detach().requires_grad_(True), rather than torch.tensor(sourceTensor).',
    );
    const dtype = options.dtype ?? data.dtype;
    const values = data.toArray();
    const t = Tensor.empty(data.shape, dtype);
    const out = t.storage.data;
    for (let i = 0; i < values.length; i++) out[i] = castValue(dtype, values[i]!);
    return finishCreated(t, options);
  }
  const dtype = options.dtype ?? inferDtype(data, options.hasFloat ?? false);
  const sizes = computeSizes(data);
  const t = Tensor.empty(sizes, dtype);
  if (numel(sizes) > 0) {
    const out = t.storage.data;
    let k = 0;
    const ndim = sizes.length;
    const store = (obj: unknown, dim: number): void => {
      if (dim === ndim) {
        out[k++] = storeScalar(dtype, obj);
        return;
      }
      if (!Array.isArray(obj)) throw typeError('not a sequence');
      const n = sizes[dim]!;
      if (obj.length !== n) throw valueError(`expected sequence of length ${n} at dim ${dim} (got ${obj.length})`);
      for (const item of obj) store(item, dim + 1);
    };
    try {
      store(data, 0);
    } catch (err) {
      t.release();
      throw err;
    }
  }
  return finishCreated(t, options);
}

// ---------------------------------------------------------------------------
// Ranges

export type RangeOptions = InferOptions;

/**
 * torch.arange(start, end, step): `arange(5)` is [0, 1, 2, 3, 4]; with one
 * argument it is the end. int64 when every bound is an int, else the default
 * float dtype; the length is ceil((end - start) / step) computed in double
 * (exact integer arithmetic for int64, as ATen).
 *
 * ```ts
 * arange(0, 10, 4);   // tensor([0, 4, 8])
 * arange(0, 1, 0.25); // tensor([0.0000, 0.2500, 0.5000, 0.7500])
 * ```
 */
export function arange(start: number, end?: number | null, step = 1, options: RangeOptions = {}): Tensor {
  if (end === undefined || end === null) [start, end] = [0, start];
  const anyFloat = options.hasFloat || ![start, end, step].every((v) => Number.isInteger(v));
  const dtype = options.dtype ?? (anyFloat ? getDefaultDtype() : 'int64');
  if (dtype === 'bool') throw runtimeError(`"arange_cpu" not implemented for '${scalarTypeName(dtype)}'`);
  if (!(step > 0 || step < 0)) throw runtimeError('step must be nonzero');
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw runtimeError(`unsupported range: ${fmtNum(start)} -> ${fmtNum(end)}`);
  if (!((step > 0 && end >= start) || (step < 0 && end <= start))) {
    throw runtimeError('upper bound and lower bound inconsistent with step sign');
  }
  // Accumulation happens in int64 for integer dtypes (bounds truncated), double for floats.
  const integer = isIntegral(dtype);
  const xstart = integer ? Math.trunc(start) : start;
  const xstep = integer ? Math.trunc(step) : step;
  let sizeD: number;
  if (dtype === 'int64') {
    if (xstep === 0) throw runtimeError('step must be nonzero');
    const sgn = Math.sign(xstep);
    sizeD = Math.trunc((Math.trunc(end) - xstart + xstep - sgn) / xstep);
  } else {
    sizeD = Math.ceil((end - start) / step);
  }
  if (!(sizeD >= 0) || sizeD > 2 ** 63) throw runtimeError('invalid size, possible overflow?');
  const t = Tensor.empty([sizeD], dtype);
  const out = t.storage.data;
  if (dtype === 'float16') {
    const s = Math.fround(xstart);
    const st = Math.fround(xstep);
    for (let i = 0; i < sizeD; i++) out[i] = castValue(dtype, Math.fround(s + Math.fround(st * i)));
  } else if (isFloating(dtype)) {
    // ATen's vectorised loop: pairs of SIMD vectors (8 floats or 4 doubles each) start at a
    // rounded base and add k * step; the tail is computed element by element.
    const vec = dtype === 'float64' ? 4 : 8;
    let i = 0;
    for (; i + 2 * vec <= sizeD; i += 2 * vec) {
      for (let j = i; j < i + 2 * vec; j += vec) {
        const base = castValue(dtype, fma(xstep, j, xstart));
        for (let k = 0; k < vec; k++) out[j + k] = castValue(dtype, fma(k, xstep, base));
      }
    }
    for (; i < sizeD; i++) out[i] = castValue(dtype, fma(xstep, i, xstart));
  } else {
    for (let i = 0; i < sizeD; i++) out[i] = castValue(dtype, xstart + xstep * i);
  }
  return finishCreated(t, options);
}

/** Python's str() of a float bound in "unsupported range" messages. */
function fmtNum(v: number): string {
  return Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v);
}

/**
 * torch.linspace(start, end, steps): `steps` evenly spaced values from start
 * to end inclusive, in the default float dtype unless `dtype` is given. The
 * first half counts up from start and the second half down from end, as
 * ATen's kernel does, so both ends are exact.
 *
 * ```ts
 * linspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 * ```
 */
export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  if (steps < 0) throw runtimeError('number of steps must be non-negative');
  const dtype = options.dtype ?? getDefaultDtype();
  if (dtype === 'bool') throw runtimeError(`"linspace_cpu" not implemented for '${scalarTypeName(dtype)}'`);
  const t = Tensor.empty([steps], dtype);
  const out = t.storage.data;
  if (steps === 1) out[0] = castValue(dtype, start);
  else if (steps > 1) {
    const halfway = Math.floor(steps / 2);
    // The arithmetic type: the dtype itself for floats (float32 rounds each step), double for integers.
    const r = dtype === 'float32' ? Math.fround : dtype === 'float16' ? (x: number) => castValue('float16', x) : (x: number) => x;
    const s = isIntegral(dtype) ? castValue(dtype, start) : r(start);
    const e = isIntegral(dtype) ? castValue(dtype, end) : r(end);
    const step = r(r(e - s) / (steps - 1));
    for (let i = 0; i < steps; i++) {
      const v = i < halfway ? r(fma(step, i, s)) : r(fma(-step, steps - i - 1, e));
      out[i] = castValue(dtype, v);
    }
  }
  return finishCreated(t, options);
}

/**
 * torch.eye(n, m=n): ones on the diagonal.
 *
 * ```ts
 * eye(2, 3); // tensor([[1., 0., 0.], [0., 1., 0.]])
 * ```
 */
export function eye(n: number, m?: number | null, options: CreateOptions = {}): Tensor {
  if (n < 0) throw runtimeError(`n must be greater or equal to 0, got ${n}`);
  if (m !== undefined && m !== null && m < 0) throw runtimeError(`m must be greater or equal to 0, got ${m}`);
  const cols = m ?? n;
  const t = Tensor.empty([n, cols], options.dtype ?? getDefaultDtype());
  const out = t.storage.data;
  for (let i = 0; i < Math.min(n, cols); i++) out[i * cols + i] = 1;
  return finishCreated(t, options);
}
