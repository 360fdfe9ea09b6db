// Note [Recycled arrays]: when a storage that Storage.allocate made is freed,
// its typed array goes into a small pool keyed by array type and length, and
// the next allocation of that type and length takes it back, zero-filled as a
// fresh array is (or not filled at all, for a kernel that writes every element
// first: Tensor.forOverwrite, which the elementwise loops use; ~5-8% of an
// add or relu of 1M floats). A training loop allocates the same sizes every step; a warm
// array spares the page faults of a fresh one and the collector the work of
// the dead ones. The memory ledger counts Storages, not arrays, so its figures
// do not change. Arrays a caller built (Storage.fromArray) are never pooled,
// and a storage whose array went to the pool lets go of it (Storage.release), so nothing
// reads another tensor's values through a stale storage.
import { allocArray, itemsize, type DType, type TypedArray } from './dtype.ts';

/** Arrays smaller than this cost less to allocate than to track. */
const MIN_BYTES = 4096;
/** Bounds on what the pool keeps alive outside the ledger. */
const MAX_BYTES = 64 * 1024 * 1024;
const MAX_PER_SIZE = 8;

const pool = new Map<string, TypedArray[]>();
let pooledBytes = 0;

type ArrayType = { readonly name: string; readonly BYTES_PER_ELEMENT: number };
const arrayTypes = new Map<DType, ArrayType>();

/** The typed-array class that holds `dtype` (int64 and float64 share Float64Array, and so on). */
function arrayTypeOf(dtype: DType): ArrayType {
  let t = arrayTypes.get(dtype);
  if (!t) arrayTypes.set(dtype, (t = allocArray(dtype, 0).constructor as unknown as ArrayType));
  return t;
}

function keyOf(type: ArrayType, n: number): string {
  return `${type.name}:${n}`;
}

/**
 * An array for `n` elements of `dtype`: a pooled one when there is one.
 * Zero-filled, unless `zeroed` is false: then a pooled array keeps its old
 * values, for a caller that writes every element before anything reads it.
 */
export function takeArray(dtype: DType, n: number, zeroed = true): TypedArray {
  if (n * itemsize(dtype) < MIN_BYTES) return allocArray(dtype, n); // tiny ops pay nothing for the pool
  const data = pool.get(keyOf(arrayTypeOf(dtype), n))?.pop();
  if (!data) return allocArray(dtype, n);
  pooledBytes -= data.byteLength;
  return zeroed ? data.fill(0) : data;
}

/** Gives back an array nothing will read again; whether the pool took it. */
export function recycleArray(data: TypedArray): boolean {
  if (data.byteLength < MIN_BYTES || pooledBytes + data.byteLength > MAX_BYTES) return false;
  const key = keyOf(data.constructor as unknown as ArrayType, data.length);
  let free = pool.get(key);
  if (!free) pool.set(key, (free = []));
  if (free.length >= MAX_PER_SIZE) return false;
  free.push(data);
  pooledBytes += data.byteLength;
  return true;
}

const emptyArrays = new Map<string, TypedArray>();

/** A zero-length array of data's type, what a freed storage keeps in place of its array. */
export function emptyLike(data: TypedArray): TypedArray {
  const name = data.constructor.name;
  let empty = emptyArrays.get(name);
  if (!empty) emptyArrays.set(name, (empty = data.subarray(0, 0)));
  return empty;
}

/** Empties the pool (tests, and hosts that want the memory back). */
export function clearArrayPool(): void {
  pool.clear();
  pooledBytes = 0;
}
