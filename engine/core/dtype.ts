// Data types, their storage arrays and PyTorch's type-promotion rules.
//
// int64 values live in a Float64Array: exact up to 2**53, and arithmetic that
// leaves that range is wrapped to 64 bits by `castValue` (see wrapInt64).

export type DType =
  | 'bool'
  | 'uint8'
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'float16'
  | 'float32'
  | 'float64';

export type TypedArray =
  | Float32Array
  | Float64Array
  | Int32Array
  | Int16Array
  | Int8Array
  | Uint8Array;

export type Category = 'bool' | 'int' | 'float';

interface DTypeInfo {
  readonly itemsize: number;
  readonly category: Category;
  /** Rank inside the promotion lattice for a category (higher wins). */
  readonly rank: number;
  readonly array: new (n: number) => TypedArray;
}

const INFO: Record<DType, DTypeInfo> = {
  bool: { itemsize: 1, category: 'bool', rank: 0, array: Uint8Array },
  uint8: { itemsize: 1, category: 'int', rank: 1, array: Uint8Array },
  int8: { itemsize: 1, category: 'int', rank: 1, array: Int8Array },
  int16: { itemsize: 2, category: 'int', rank: 2, array: Int16Array },
  int32: { itemsize: 4, category: 'int', rank: 3, array: Int32Array },
  int64: { itemsize: 8, category: 'int', rank: 4, array: Float64Array },
  float16: { itemsize: 2, category: 'float', rank: 1, array: Float32Array },
  float32: { itemsize: 4, category: 'float', rank: 2, array: Float32Array },
  float64: { itemsize: 8, category: 'float', rank: 3, array: Float64Array },
};

export const ALL_DTYPES = Object.keys(INFO) as DType[];

export function itemsize(dtype: DType): number {
  return INFO[dtype].itemsize;
}

export function categoryOf(dtype: DType): Category {
  return INFO[dtype].category;
}

export function isFloating(dtype: DType): boolean {
  return INFO[dtype].category === 'float';
}

export function isIntegral(dtype: DType, includeBool = false): boolean {
  const c = INFO[dtype].category;
  return c === 'int' || (includeBool && c === 'bool');
}

export function allocArray(dtype: DType, n: number): TypedArray {
  return new INFO[dtype].array(n);
}

let defaultFloat: DType = 'float32';
export function getDefaultDtype(): DType {
  return defaultFloat;
}
export function setDefaultDtype(d: DType): void {
  if (!isFloating(d)) throw new TypeError('only floating-point types are supported as the default type');
  defaultFloat = d;
}

/** torch.promote_types: the smallest type both can be cast to without loss of category. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  const ia = INFO[a];
  const ib = INFO[b];
  const order: Category[] = ['bool', 'int', 'float'];
  const ca = order.indexOf(ia.category);
  const cb = order.indexOf(ib.category);
  if (ca !== cb) return ca > cb ? a : b;
  // uint8 and int8 promote to int16, as in PyTorch.
  if ((a === 'uint8' && b === 'int8') || (a === 'int8' && b === 'uint8')) return 'int16';
  return ia.rank >= ib.rank ? a : b;
}

/** The operand kinds PyTorch's result_type distinguishes, from highest priority down. */
export type Operand =
  | { kind: 'tensor'; dtype: DType; dim: number }
  | { kind: 'scalar'; value: number | boolean };

export function scalarDtype(value: number | boolean): DType {
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) && !Object.is(value, -0) ? 'int64' : getDefaultDtype();
}

/**
 * torch.result_type over tensors and Python scalars. Dimensioned tensors decide
 * first; 0-dim tensors and then Python scalars only matter when they are of a
 * higher category (bool < int < float), in which case 0-dim tensors contribute
 * their own dtype and scalars the default dtype of their category.
 */
export function resultType(operands: readonly Operand[]): DType {
  let dimResult: DType | null = null;
  let zeroResult: DType | null = null;
  let scalarResult: DType | null = null;
  for (const op of operands) {
    if (op.kind === 'tensor') {
      if (op.dim > 0) dimResult = dimResult ? promoteTypes(dimResult, op.dtype) : op.dtype;
      else zeroResult = zeroResult ? promoteTypes(zeroResult, op.dtype) : op.dtype;
    } else {
      const d = scalarDtype(op.value);
      scalarResult = scalarResult ? promoteTypes(scalarResult, d) : d;
    }
  }
  const rank = (d: DType) => ['bool', 'int', 'float'].indexOf(INFO[d].category);
  let result = dimResult;
  if (zeroResult !== null && (result === null || rank(zeroResult) > rank(result))) result = zeroResult;
  // scalarDtype already gives the category's default: bool, int64 or the default float.
  if (scalarResult !== null && (result === null || rank(scalarResult) > rank(result))) result = scalarResult;
  return result ?? getDefaultDtype();
}

export function canCast(from: DType, to: DType): boolean {
  const order: Category[] = ['bool', 'int', 'float'];
  return order.indexOf(INFO[from].category) <= order.indexOf(INFO[to].category);
}

/** Round a number to the nearest float16 value (round half to even). */
export function roundFloat16(x: number): number {
  if (!Number.isFinite(x)) return x;
  const ax = Math.abs(x);
  if (ax >= 65520) return x > 0 ? Infinity : -Infinity;
  if (ax < 2 ** -24 / 2) return x < 0 || Object.is(x, -0) ? -0 : 0;
  const e = Math.floor(Math.log2(ax));
  const exp = Math.max(e, -14);
  const ulp = 2 ** (exp - 10);
  const q = ax / ulp;
  let r = Math.round(q);
  if (Math.abs(q - Math.trunc(q) - 0.5) < 1e-12 && r % 2 === 1) r -= 1;
  return Math.sign(x) * r * ulp;
}

function wrapInt64(x: number): number {
  if (x <= Number.MAX_SAFE_INTEGER && x >= Number.MIN_SAFE_INTEGER) return x;
  if (!Number.isFinite(x)) return x === Infinity ? -(2 ** 63) : -(2 ** 63);
  return Number(BigInt.asIntN(64, BigInt(x)));
}

/** Convert a JS number to the value a tensor of `dtype` stores (PyTorch's C casts). */
export function castValue(dtype: DType, x: number): number {
  switch (dtype) {
    case 'float64':
      return x;
    case 'float32':
      return Math.fround(x);
    case 'float16':
      return roundFloat16(x);
    case 'bool':
      return x !== 0 ? 1 : 0; // NaN is true, as in C
    case 'int64':
      return Number.isFinite(x) ? wrapInt64(Math.trunc(x)) : -(2 ** 63);
    case 'int32':
      return Number.isFinite(x) ? x | 0 : -(2 ** 31); // ToInt32 wraps modulo 2**32
    case 'int16':
      return Number.isFinite(x) ? ((Math.trunc(x) << 16) >> 16) : 0;
    case 'int8':
      return Number.isFinite(x) ? ((Math.trunc(x) << 24) >> 24) : 0;
    case 'uint8':
      return Number.isFinite(x) ? Math.trunc(x) & 255 : 0;
  }
}

/** PyTorch's printed name: torch.float32 etc. */
export function dtypeName(dtype: DType): string {
  return `torch.${dtype}`;
}
