// 2 x 2 max pooling (stride 2, no padding) in WebAssembly: the TypeScript side
// of pool_codegen.mjs. See Note [Max pooling in WebAssembly] in ../pool.ts.
// An instance of the kernels module of its own holds one call's operands: they
// are copied in, pooled, and copied out.
import { grow, instantiateKernels, type KernelsInstance, type KernelsVariant } from './instance.ts';

let instance: KernelsInstance | null | undefined;

function load(): KernelsInstance | null {
  if (instance === undefined) instance = instantiateKernels();
  return instance;
}

/**
 * Pools on the given kernels variant from now on (tests run both), or again
 * on the best available with 'best'. False, changing nothing, where the
 * variant is unavailable here.
 */
export function usePoolKernels(variant: KernelsVariant | 'best'): boolean {
  const next = instantiateKernels(variant === 'best' ? undefined : variant);
  if (next === null) return false;
  instance = next;
  return true;
}

/** The kernels variant pooling runs on; null where WebAssembly SIMD is unavailable. */
export function poolKernelsVariant(): KernelsVariant | null {
  return load()?.variant ?? null;
}

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * Max pooling over (planes, h, w) with a 2 x 2 window and stride 2, into
 * (planes, oh, ow) values and flat h * W + w indices (2 * oh <= h, 2 * ow <= w),
 * with PyTorch's ties and NaN rule. False, computing nothing, where
 * WebAssembly SIMD is unavailable or its memory cannot grow.
 *
 * @example
 * const out = new Float32Array(1), idx = new Float64Array(1);
 * maxPool2x2Wasm(new Float32Array([1, 3, 3, 2]), 1, 2, 2, 1, 1, out, idx); // out = [3], idx = [1]
 */
export function maxPool2x2Wasm(x: Float32Array, planes: number, h: number, w: number, oh: number, ow: number, out: Float32Array, idx: Float64Array): boolean {
  const wasm = load();
  if (wasm === null) return false;
  const size = planes * h * w, count = planes * oh * ow;
  const outAddr = align16(size * 4), idxAddr = align16(outAddr + count * 4);
  if (!grow(wasm, idxAddr + count * 8)) return false;
  wasm.f32.set(x.subarray(0, size), 0);
  wasm.maxPool2x2(0, planes, h, w, oh, ow, outAddr, idxAddr);
  out.set(wasm.f32.subarray(outAddr / 4, outAddr / 4 + count));
  idx.set(new Float64Array(wasm.memory.buffer, idxAddr, count));
  return true;
}

/**
 * gx (planes, h, w) = the gradient gy (planes, oh, ow) routed to the saved
 * indices, as maxPool2x2Wasm made them. False where WebAssembly SIMD is
 * unavailable, or when an index lies outside its own window (which the forward
 * never makes): then gx is unspecified and the caller computes it itself.
 */
export function maxPool2x2BackwardWasm(gy: Float32Array, idx: Float64Array, planes: number, h: number, w: number, oh: number, ow: number, gx: Float32Array): boolean {
  const wasm = load();
  if (wasm === null) return false;
  const size = planes * h * w, count = planes * oh * ow;
  const idxAddr = align16(count * 4), gxAddr = align16(idxAddr + count * 8), flagAddr = gxAddr + align16(size * 4);
  if (!grow(wasm, flagAddr + 4)) return false;
  wasm.f32.set(gy.subarray(0, count), 0);
  new Float64Array(wasm.memory.buffer, idxAddr, count).set(idx.subarray(0, count));
  wasm.maxPool2x2Backward(0, idxAddr, planes, h, w, oh, ow, gxAddr, flagAddr);
  if (new Int32Array(wasm.memory.buffer, flagAddr, 1)[0] !== 0) return false;
  gx.set(wasm.f32.subarray(gxAddr / 4, gxAddr / 4 + size));
  return true;
}
