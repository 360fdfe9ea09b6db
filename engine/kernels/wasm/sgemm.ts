// Single-precision GEMM on a WebAssembly SIMD micro-kernel.
//
// Note [WebAssembly SGEMM]
// The loops follow GotoBLAS / BLIS. For each block of NC columns of C, B's
// block is packed into column panels NR wide, KC steps of the shared dimension
// at a time; then for each block of MC rows, A's block is packed into row
// panels MR tall, and C's rows are computed in passes of NC_PASS columns, each
// pass adding up every KC block: the wasm `block` function runs the
// micro-kernel over every MR x NR tile (B panel outer, so its KC x NR sliver
// stays in L1; the packed A block and the pass's block of C stay in L2).
//
// The micro-kernel (sgemm_module.mjs) comes in two variants of the kernels
// module (instance.ts loads the best the runtime validates):
// - Relaxed SIMD (Chromium 114+; Node 20 with --experimental-wasm-relaxed-simd,
//   which `npm run bench` passes so that it measures what Chromium users run):
//   f32x4.relaxed_madd, which V8 lowers to a fused multiply-add where the CPU
//   has FMA3 (else to mul + add; still correct, slower). With no product
//   temporary the tile grows to 6 x 8: 12 accumulators + 2 B vectors + 1
//   broadcast A value = 15 xmm registers (V8 keeps xmm15 as scratch); each k
//   step is 12 FMAs on 2 vector loads and 6 broadcast loads. A last row panel
//   of at most 4 rows runs a 4 x 8 edge kernel over the 6-wide panel, so that
//   m = 10 (a small convolution's output channels) is not padded to 12.
// - Baseline SIMD, the fallback: no FMA, so the 2 x 16 tile keeps eight f32x4
//   accumulators + 4 B vectors + 1 broadcast A value + 1 product temporary in
//   registers (a 6 x 8 tile spills); each k step is 8 mul + 8 add on 4 vector
//   loads and 2 broadcast loads. 2 x 16 measured ~15% faster than 4 x 8 (the
//   same arithmetic with 4 broadcasts), in every layout.
// Measured on this project's Xeon (block function alone, L2-resident operands,
// kernels interleaved in one process, best of runs; the machine was shared):
// relaxed 6 x 8 ~57 GFLOP/s, baseline 2 x 16 ~55, relaxed 2 x 16 ~53 (V8's
// FMA lowering gains nothing at 2 x 16), relaxed 4 x 8 ~53, 3 x 16 and 4 x 12
// spill. So FMA buys only a few per cent here: this CPU issues mul + add about
// as fast, and whole products (packing, copies, cache misses) dilute it further.
// The variants differ in rounding only (a fused multiply-add rounds once), well
// inside BLAS's error bound; tests run both (sgemm.test.ts).

// Packing: an operand is first copied ("staged") into wasm memory with
// TypedArray.set, one contiguous run (row, or column of a transposed view) at
// a time, then packed by SIMD code in the module (4 x 4 shuffle transposes
// where needed). So transposed operands cost the same as contiguous ones and
// the caller never copies. Views with neither stride 1 are packed here in
// TypeScript instead (sgemm_pack.ts), which is correct but slower. Every layout
// packs the same panels, so results are bit-identical across layouts.
//
// The loop order (BLIS's, with B packed up front): for each column block of C,
// all of B's block is staged and packed, one KC block of k at a time (k x NC
// floats, NC held to PACKED_B_FLOATS); then for each MC block of rows, A's row
// panel is staged once across all of k (a single copy for a contiguous A,
// where a KC x MC block would take MC copies of KC floats: TypedArray.set
// costs ~0.1-0.3 us a call), and C's MC rows are computed into a C buffer in
// passes of NC_PASS columns: each pass runs `block` once per KC block (A's
// block packed during the first pass and kept, MC x k floats), so the pass's
// MC x NC_PASS block of C (128 KiB) stays in L2 while every k block adds to
// it; the rows are then copied out while they are in cache. Without passes,
// each k block swept all MC x NC of C (528 KiB at n = 1024), which falls out
// of a smaller L2 as n grows. The passes change no sum's order (results are
// bit-identical). On this project's 2-core AMD EPYC (Zen 5, 1 MiB L2) they
// measured within 1% of the single sweep on whole products (Zen 5 hides the
// misses; `block` alone on the pass shape: 57.7 vs 54.9 GFLOP/s). There, at
// 1024, `block` takes ~96% of the time (staging and packing ~2.6%, copying C
// out ~0.7%) at ~55-58 GFLOP/s, the core's 128-bit peak (2 FMA pipes x 4
// lanes x 2 flops a cycle, ~56.6 measured natively); tfjs-wasm's matMul
// (XNNPACK) runs at ~37-40, so mm() is 1.33-1.41x at 256, 512 and 1024, and
// 1.5x would take 56-60 GFLOP/s, at or past that peak. A software prefetch of
// the next B sliver from the kernel measured 7-9% slower.
//
// C's buffer is padded to whole tiles, so the kernel never handles edges
// (padded lanes of the packed panels are zero, which keeps garbage denormals
// out of the arithmetic); the valid rows and columns are copied out. With
// beta = 0, C is not read (NaNs in it do not propagate), as in BLAS. C must
// not overlap A or B. Sums are float32, accumulated in k order, like BLAS. Wasm memory grows to fit the
// largest product seen (about MC x NC floats for C, k x NC for packed B, and
// MC x k each to stage and to pack A) and is reused; it never shrinks.
//
// The module is generated by scripts/build-wasm.mjs (`npm run build:wasm`)
// into sgemm_wasm.gen.ts and loaded by instance.ts; this file keeps one
// instance of it, whose memory holds nothing but the GEMM's scratch. The tile
// (mr x nr) is the instance's: C's padding and the packed panels follow it.
import { grow, instantiateKernels, type KernelsInstance, type KernelsVariant } from './instance.ts';
import { packA, packB, type StridedF32 } from './sgemm_pack.ts';

/** Steps of k per packed block: a KC x NR sliver of B is 8 KiB (6 x 8 tile), in L1. */
const KC = 256;
/** Rows per packed A block: MC x KC floats = 128 KiB, in L2. */
const MC = 128;
/** Columns of C per pass over k: an MC x NC_PASS block of C (128 KiB) stays in L2 while every k block adds to it. */
const NC_PASS = 256;
/** At most this many columns per block of C (KC x NC floats of B per k block). */
const NC = 4096;
/** The packed B of one column block (k x NC floats) is held to about this many floats (16 MiB), unless k alone is larger. */
const PACKED_B_FLOATS = 1 << 22;
const ALIGN = 64;
let instance: KernelsInstance | null | undefined;

function load(): KernelsInstance | null {
  if (instance === undefined) instance = instantiateKernels();
  return instance;
}

/** Whether WebAssembly SIMD is available here (checked once). */
export function sgemmWasmAvailable(): boolean {
  return load() !== null;
}

/**
 * The kernels in use: their variant and the micro-kernel's tile, rows of A by
 * columns of B (C is padded to whole tiles); null where WebAssembly SIMD is unavailable.
 */
export function sgemmKernels(): { variant: KernelsVariant; mr: number; nr: number } | null {
  const wasm = load();
  return wasm && { variant: wasm.variant, mr: wasm.mr, nr: wasm.nr };
}

/**
 * Runs sgemmWasm on the given variant from now on (tests and benchmarks compare
 * them), or again on the best available with 'best'. False, changing nothing,
 * where the variant is unavailable here.
 */
export function useSgemmKernels(variant: KernelsVariant | 'best'): boolean {
  const next = instantiateKernels(variant === 'best' ? undefined : variant);
  if (next === null) return false;
  instance = next;
  return true;
}

const roundUp = (x: number, to: number): number => Math.ceil(x / to) * to;

/** Splits `total` into ceil(total / max) near-equal blocks, each a multiple of `unit`. */
function blockSize(total: number, max: number, unit: number): number {
  const blocks = Math.ceil(total / max);
  return roundUp(Math.ceil(total / blocks), unit);
}

/**
 * Copies rows r0..r0+rows, columns c0..c0+cols of x into f32 at float index
 * `at`, densely: as its rows (when they are contiguous, cs = 1) or as its
 * columns (rs = 1). Returns which, or null when neither is contiguous.
 */
function stage(x: StridedF32, r0: number, rows: number, c0: number, cols: number, f32: Float32Array, at: number): 'rows' | 'cols' | null {
  const { data, rs, cs } = x;
  const base = x.offset + r0 * rs + c0 * cs;
  if (cs === 1) {
    if (rs === cols || rows === 1) f32.set(data.subarray(base, base + rows * cols), at);
    else for (let i = 0; i < rows; i++) f32.set(data.subarray(base + i * rs, base + i * rs + cols), at + i * cols);
    return 'rows';
  }
  if (rs === 1) {
    if (cs === rows || cols === 1) f32.set(data.subarray(base, base + rows * cols), at);
    else for (let j = 0; j < cols; j++) f32.set(data.subarray(base + j * cs, base + j * cs + rows), at + j * rows);
    return 'cols';
  }
  return null;
}

/**
 * C = A @ B (beta = 0) or C = A @ B + C (beta = 1), in float32. A is m x k with
 * A[i, p] = a[aOffset + i * aRowStride + p * aColStride]; B is k x n likewise;
 * C is m x n, row-major with row stride ldc. Returns false, computing nothing,
 * when WebAssembly SIMD is unavailable (or its memory cannot grow), so the
 * caller can fall back to its JavaScript kernel.
 *
 * @example
 * // C (2x2) = A (2x3) @ B where B is given by its transpose, stored 2x3 row-major:
 * const a = new Float32Array([1, 2, 3, 4, 5, 6]);
 * const bt = new Float32Array([1, 0, 1, 0, 1, 0]);
 * const c = new Float32Array(4);
 * sgemmWasm(2, 2, 3, a, 0, 3, 1, bt, 0, 1, 3, c, 0, 2, 0); // c = [4, 2, 10, 5]
 */
export function sgemmWasm(
  m: number, n: number, k: number,
  a: Float32Array, aOffset: number, aRowStride: number, aColStride: number,
  b: Float32Array, bOffset: number, bRowStride: number, bColStride: number,
  c: Float32Array, cOffset: number, ldc: number,
  beta: 0 | 1,
): boolean {
  const wasm = load();
  if (wasm === null) return false;
  if (m <= 0 || n <= 0) return true;
  if (k <= 0) {
    if (beta === 0) for (let i = 0; i < m; i++) c.fill(0, cOffset + i * ldc, cOffset + i * ldc + n);
    return true;
  }
  const { mr, nr } = wasm;
  const kcMax = blockSize(k, KC, 1);
  const mcMax = blockSize(m, MC, mr);
  const ncMax = blockSize(n, Math.max(16 * nr, Math.min(NC, Math.floor(PACKED_B_FLOATS / k))), nr);
  const ldcBuf = ncMax; // floats per row of the C buffer
  // Memory: [C: mcMax x ldcBuf][packed B: k x ncMax][packed A: mcMax x k][staging: a block of B, or a row panel of A].
  const cAddr = ALIGN;
  const bAddr = roundUp(cAddr + mcMax * ldcBuf * 4, ALIGN);
  const aAddr = roundUp(bAddr + k * ncMax * 4, ALIGN);
  const sAddr = roundUp(aAddr + mcMax * k * 4, ALIGN);
  if (!grow(wasm, sAddr + Math.max(mcMax * k, kcMax * ncMax) * 4)) return false;
  const A: StridedF32 = { data: a, offset: aOffset, rs: aRowStride, cs: aColStride };
  const B: StridedF32 = { data: b, offset: bOffset, rs: bRowStride, cs: bColStride };
  const f32 = wasm.f32;

  for (let j0 = 0; j0 < n; j0 += ncMax) {
    const nc = Math.min(ncMax, n - j0);
    const bBlock = roundUp(nc, nr) * 4; // bytes of packed B per step of k
    // All of B's column block, packed one k block at a time (each staged, then packed in wasm).
    for (let p0 = 0; p0 < k; p0 += kcMax) {
      const kc = Math.min(kcMax, k - p0);
      const bStaged = stage(B, p0, kc, j0, nc, f32, sAddr / 4);
      const bp = bAddr + p0 * bBlock;
      if (bStaged === 'rows') wasm.packB(sAddr, nc * 4, 1, nc, kc, bp);
      else if (bStaged === 'cols') wasm.packB(sAddr, kc * 4, 0, nc, kc, bp);
      else packB(B, p0, kc, j0, nc, nr, f32, bp / 4);
    }
    for (let i0 = 0; i0 < m; i0 += mcMax) {
      const mc = Math.min(mcMax, m - i0);
      const cRows = cOffset + i0 * ldc + j0;
      if (beta === 1) copyRows(c, cRows, ldc, mc, nc, f32, cAddr / 4, ldcBuf);
      // The row panel of A across all of k, staged once (one copy when A is contiguous), then
      // packed one k block at a time during the first pass, block p0 at aAddr + p0 * mcPad floats.
      const aStaged = stage(A, i0, mc, 0, k, f32, sAddr / 4);
      const mPanels = Math.ceil(mc / mr);
      const mcPad = mPanels * mr;
      for (let jc = 0; jc < nc; jc += NC_PASS) {
        const nPanels = Math.ceil(Math.min(NC_PASS, nc - jc) / nr);
        for (let p0 = 0; p0 < k; p0 += kcMax) {
          const kc = Math.min(kcMax, k - p0);
          const ap = aAddr + p0 * mcPad * 4;
          if (jc === 0) {
            if (aStaged === 'rows') wasm.packA(sAddr + p0 * 4, k * 4, 0, mc, kc, ap);
            else if (aStaged === 'cols') wasm.packA(sAddr + p0 * mc * 4, mc * 4, 1, mc, kc, ap);
            else packA(A, i0, mc, p0, kc, mr, f32, ap / 4);
          }
          const accumulate = beta === 1 || p0 > 0 ? 1 : 0;
          const bp = bAddr + p0 * bBlock + (jc / nr) * kc * nr * 4;
          wasm.block(mPanels, nPanels, kc, ap, bp, cAddr + jc * 4, ldcBuf * 4, accumulate, mc - (mPanels - 1) * mr);
        }
      }
      // These rows of C are done: copy them out while they are in cache.
      copyRows(f32, cAddr / 4, ldcBuf, mc, nc, c, cRows, ldc);
    }
  }
  return true;
}

/** Copies a rows x cols block, rows `lds` (`ldd`) floats apart in src (dst). */
function copyRows(src: Float32Array, s0: number, lds: number, rows: number, cols: number, dst: Float32Array, d0: number, ldd: number): void {
  if (lds === cols && ldd === cols) {
    dst.set(src.subarray(s0, s0 + rows * cols), d0);
    return;
  }
  if (cols >= 32) {
    for (let i = 0; i < rows; i++) dst.set(src.subarray(s0 + i * lds, s0 + i * lds + cols), d0 + i * ldd);
    return;
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0, s = s0 + i * lds, d = d0 + i * ldd; j < cols; j++) dst[d + j] = src[s + j]!;
  }
}
