// Loads the generated WebAssembly kernels module (sgemm_module.mjs, built into
// sgemm_wasm.gen.ts): compiled once, synchronously, on first use, and
// instantiated once per user. At ~5 KB it is over the 4 KB Chromium compiles
// synchronously on a page's main thread; the engine runs in a Worker (and in
// Node), where there is no such limit. Each instance owns its own linear
// memory, so the GEMM's scratch (sgemm.ts), convolution's column buffers
// (columns.ts) and pooling's buffers (pool.ts) never move or overwrite each other.
//
// The module comes in two variants that differ only in the SGEMM micro-kernel
// (Note [WebAssembly SGEMM]): relaxed SIMD, with a fused multiply-add, where
// the runtime validates relaxed SIMD (Chromium 114+; Node 20 only with
// --experimental-wasm-relaxed-simd), else baseline SIMD.
import { SGEMM_RELAXED_SIMD, SGEMM_SIMD } from './sgemm_wasm.gen.ts';

type BlockFn = (mPanels: number, nPanels: number, kc: number, a: number, b: number, c: number, ldc: number, accumulate: number, lastRows: number) => void;
type PackFn = (src: number, ld: number, kMajor: number, lanes: number, kc: number, dst: number) => void;
type ColumnFn = (
  src: number, cg: number, planeBytes: number, w: number, kh: number, kw: number,
  sh: number, sw: number, oh: number, ow: number, table: number, dst: number,
) => void;

type MaxPoolFn = (src: number, planes: number, h: number, w: number, oh: number, ow: number, out: number, idx: number) => void;
type MaxPoolBackwardFn = (gy: number, idx: number, planes: number, h: number, w: number, oh: number, ow: number, gx: number, flag: number) => void;

/** The kernels module variants, best first. */
export const KERNELS_VARIANTS = ['relaxed-simd', 'simd'] as const;
export type KernelsVariant = (typeof KERNELS_VARIANTS)[number];

const SOURCES: Record<KernelsVariant, { mr: number; nr: number; base64: string }> = {
  'relaxed-simd': SGEMM_RELAXED_SIMD,
  simd: SGEMM_SIMD,
};

export interface KernelsInstance {
  variant: KernelsVariant;
  /** The SGEMM micro-kernel's tile: rows of A by columns of B. */
  mr: number;
  nr: number;
  memory: WebAssembly.Memory;
  block: BlockFn;
  packA: PackFn;
  packB: PackFn;
  im2col: ColumnFn;
  col2im: ColumnFn;
  maxPool2x2: MaxPoolFn;
  maxPool2x2Backward: MaxPoolBackwardFn;
  /** The memory as floats; refreshed by grow(). */
  f32: Float32Array;
}

/** `i32.const 0; i8x16.splat; i8x16.popcnt`: validates only where WebAssembly SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b,
]);

/** `v128.const 0` three times; `f32x4.relaxed_madd`: validates only where relaxed SIMD is supported. */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x3d, 0x01, 0x3b, 0x00,
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0xfd, 0x0c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0xfd, 0x85, 0x02, 0x0b,
]);

const PROBES: Record<KernelsVariant, Uint8Array<ArrayBuffer>> = { 'relaxed-simd': RELAXED_SIMD_PROBE, simd: SIMD_PROBE };

const compiled = new Map<KernelsVariant, WebAssembly.Module | null>();

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The variant's module, compiled once; null where this runtime cannot run it. */
function compile(variant: KernelsVariant): WebAssembly.Module | null {
  let module = compiled.get(variant);
  if (module === undefined) {
    module = null;
    try {
      if (typeof WebAssembly === 'object' && WebAssembly.validate(PROBES[variant])) module = new WebAssembly.Module(decodeBase64(SOURCES[variant].base64));
    } catch {
      module = null;
    }
    compiled.set(variant, module);
  }
  return module;
}

/** Whether this runtime can run the variant (checked once per variant). */
export function kernelsVariantAvailable(variant: KernelsVariant): boolean {
  return compile(variant) !== null;
}

/**
 * A fresh instance of the kernels module: the given variant, or by default the
 * best this runtime supports; null where that is unavailable (no WebAssembly
 * SIMD at all, for the default).
 */
export function instantiateKernels(variant?: KernelsVariant): KernelsInstance | null {
  const chosen = variant ?? KERNELS_VARIANTS.find(kernelsVariantAvailable);
  const module = chosen === undefined ? null : compile(chosen);
  if (chosen === undefined || module === null) return null;
  try {
    type Exports = Pick<KernelsInstance, 'block' | 'packA' | 'packB' | 'im2col' | 'col2im' | 'maxPool2x2' | 'maxPool2x2Backward'>;
    const ex = new WebAssembly.Instance(module).exports as unknown as Exports & { mem: WebAssembly.Memory };
    const { mr, nr } = SOURCES[chosen];
    return {
      variant: chosen, mr, nr, memory: ex.mem,
      block: ex.block, packA: ex.packA, packB: ex.packB, im2col: ex.im2col, col2im: ex.col2im,
      maxPool2x2: ex.maxPool2x2, maxPool2x2Backward: ex.maxPool2x2Backward,
      f32: new Float32Array(ex.mem.buffer),
    };
  } catch {
    return null;
  }
}

/** Makes the instance's memory at least `bytes` long (refreshing `f32`); false if it cannot grow. */
export function grow(wasm: KernelsInstance, bytes: number): boolean {
  const have = wasm.memory.buffer.byteLength;
  if (have < bytes) {
    try {
      wasm.memory.grow(Math.ceil((bytes - have) / 65536));
    } catch {
      return false;
    }
  }
  if (wasm.f32.buffer !== wasm.memory.buffer) wasm.f32 = new Float32Array(wasm.memory.buffer);
  return true;
}
