// Loads the generated WebAssembly kernels module (sgemm_module.mjs, built into
// sgemm_wasm.gen.ts): compiled once, synchronously (it is ~3 KB, under the
// 4 KB Chromium allows on a browser's main thread), and instantiated once per
// user. Each instance owns its own linear memory, so the GEMM's scratch
// (sgemm.ts) and convolution's column buffers (columns.ts) never move or
// overwrite each other.
import { SGEMM_WASM_BASE64 } from './sgemm_wasm.gen.ts';

type BlockFn = (mPanels: number, nPanels: number, kc: number, a: number, b: number, c: number, ldc: number, accumulate: number) => void;
type PackFn = (src: number, ld: number, kMajor: number, lanes: number, kc: number, dst: number) => void;
type ColumnFn = (
  src: number, cg: number, planeBytes: number, w: number, kh: number, kw: number,
  sh: number, sw: number, oh: number, ow: number, table: number, dst: number,
) => void;

export interface KernelsInstance {
  memory: WebAssembly.Memory;
  block: BlockFn;
  packA: PackFn;
  packB: PackFn;
  im2col: ColumnFn;
  col2im: ColumnFn;
  /** The memory as floats; refreshed by grow(). */
  f32: Float32Array;
}

/** `i32.const 0; i8x16.splat; i8x16.popcnt`: validates only where WebAssembly SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, 0x03,
  0x02, 0x01, 0x00, 0x0a, 0x0a, 0x01, 0x08, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0xfd, 0x62, 0x0b,
]);

let compiled: WebAssembly.Module | null | undefined;

function decodeBase64(s: string): Uint8Array<ArrayBuffer> {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** A fresh instance of the kernels module, or null where WebAssembly SIMD is unavailable. */
export function instantiateKernels(): KernelsInstance | null {
  if (compiled === undefined) {
    compiled = null;
    try {
      if (typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE)) compiled = new WebAssembly.Module(decodeBase64(SGEMM_WASM_BASE64));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return null;
  try {
    const ex = new WebAssembly.Instance(compiled).exports as unknown as Omit<KernelsInstance, 'memory' | 'f32'> & { mem: WebAssembly.Memory };
    return { memory: ex.mem, block: ex.block, packA: ex.packA, packB: ex.packB, im2col: ex.im2col, col2im: ex.col2im, f32: new Float32Array(ex.mem.buffer) };
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
