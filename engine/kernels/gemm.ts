// GEMM: C = alpha * A @ B + beta * C over float32 / float64 typed arrays.
//
// Every operand is a strided matrix view (data, offset, row stride, column
// stride), so transposed and non-contiguous operands cost nothing extra: the
// packing step reads them in whatever order their strides say, as BLAS does
// with its transpose flags. The loops follow GotoBLAS: for each block of
// columns of C, for each block of the shared dimension, pack a panel of B, then
// for each block of rows pack a panel of A and run a register-tiled
// micro-kernel over every MR x NR tile.
//
// Note [One GEMM]: float32 products run on the WebAssembly SIMD SGEMM in
// wasm/sgemm.ts (Note [WebAssembly SGEMM]: a 6 x 8 FMA or a 2 x 16 micro-
// kernel, float32 sums like BLAS sgemm), which reads any row/column strides
// itself. It computes C = A @ B or C = A @ B + C into a row-major C; other
// alpha, beta or C layouts go through a scratch product (below). Everything
// else — float64 and int64, and float32 where WebAssembly SIMD is unavailable
// or switched off with setGemmSimd(false) — runs the TypeScript kernel here:
// the same GotoBLAS blocking with a scalar 4x4 micro-kernel that accumulates
// in double. It is also the reference the SIMD kernels are tested against
// (wasm/sgemm_cases.ts). Results match PyTorch to rounding.
import type { TypedArray } from '../core/dtype.ts';
import { sgemmKernels, sgemmWasm, sgemmWasmAvailable } from './wasm/sgemm.ts';

export type FloatArray = Float32Array | Float64Array;

/** Element (i, j) of a matrix view lives at data[offset + i * rs + j * cs]. */
export interface MatView<T extends TypedArray = FloatArray> {
  data: T;
  offset: number;
  rs: number;
  cs: number;
}

export const mat = <T extends TypedArray>(data: T, offset: number, rs: number, cs: number): MatView<T> => ({ data, offset, rs, cs });
/** The transpose of a view (no copy). */
export const transposed = <T extends TypedArray>(v: MatView<T>): MatView<T> => ({ data: v.data, offset: v.offset, rs: v.cs, cs: v.rs });

/** Rows of A per micro-tile of the TypeScript kernel (and columns of B: NR). */
const MR = 4;
const NR = 4;
const KC = 256;
const MC = 128;
/** Upper bound on the packed-C scratch, in bytes. */
const C_BUDGET = 8 << 20;
/** The largest float32 scratch product (in floats, 4 MiB) kept between calls. */
const KEEP_SCRATCH = 1 << 20;
/** Below this many multiply-adds the plain triple loop is fastest. */
const TINY = 2048;

let wasmEnabled = true;

/** Turns the WebAssembly SGEMM off or on (tests compare it with the TypeScript kernel). */
export function setGemmSimd(enabled: boolean): void {
  wasmEnabled = enabled;
}
/** Whether float32 products run on the WebAssembly SGEMM. */
export function gemmUsesSimd(): boolean {
  return wasmEnabled && sgemmWasmAvailable();
}

// ---------------------------------------------------------------------------
// Packing: panels laid out exactly as the micro-kernels read them.

/** Rows i0..i0+mc of A (columns p0..p0+kc) as MR-row panels: dst[panel][p][r]; rows past m are zero. */
function packA(a: MatView, m: number, i0: number, mc: number, p0: number, kc: number, dst: FloatArray, d0: number): void {
  const src = a.data;
  const { rs, cs } = a;
  let q = d0;
  for (let ip = 0; ip < mc; ip += MR) {
    const rows = Math.min(MR, m - (i0 + ip));
    const base = a.offset + (i0 + ip) * rs + p0 * cs;
    if (rows === MR) {
      const r1 = base + rs, r2 = base + 2 * rs, r3 = base + 3 * rs;
      for (let p = 0, o = 0; p < kc; p++, o += cs, q += 4) {
        dst[q] = src[base + o]!;
        dst[q + 1] = src[r1 + o]!;
        dst[q + 2] = src[r2 + o]!;
        dst[q + 3] = src[r3 + o]!;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) dst[q++] = r < rows ? src[base + r * rs + p * cs]! : 0;
      }
    }
  }
}

/** Columns j0..j0+nc of B (rows p0..p0+kc) as nr-column panels: dst[panel][p][c]; columns past n are zero. */
function packB(b: MatView, n: number, nr: number, p0: number, kc: number, j0: number, nc: number, dst: FloatArray, d0: number): void {
  const src = b.data;
  const { rs, cs } = b;
  let q = d0;
  for (let jp = 0; jp < nc; jp += nr) {
    const cols = Math.min(nr, n - (j0 + jp));
    const base = b.offset + p0 * rs + (j0 + jp) * cs;
    if (cols === nr && cs === 1) {
      for (let p = 0, o = base; p < kc; p++, o += rs) for (let c = 0; c < nr; c++) dst[q++] = src[o + c]!;
    } else {
      for (let p = 0, o = base; p < kc; p++, o += rs) {
        for (let c = 0; c < nr; c++) dst[q++] = c < cols ? src[o + c * cs]! : 0;
      }
    }
  }
}

// ---------------------------------------------------------------------------
// The TypeScript micro-kernel (4x4 tile): float64 and int64, and float32
// without the WebAssembly SGEMM.

function scalarKernel(pa: Float64Array, ia: number, pb: Float64Array, ib: number, kc: number, c: Float64Array, ic: number, ldc: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  for (let p = 0; p < kc; p++, ia += 4, ib += 4) {
    const b0 = pb[ib]!, b1 = pb[ib + 1]!, b2 = pb[ib + 2]!, b3 = pb[ib + 3]!;
    let a = pa[ia]!;
    c00 += a * b0; c01 += a * b1; c02 += a * b2; c03 += a * b3;
    a = pa[ia + 1]!;
    c10 += a * b0; c11 += a * b1; c12 += a * b2; c13 += a * b3;
    a = pa[ia + 2]!;
    c20 += a * b0; c21 += a * b1; c22 += a * b2; c23 += a * b3;
    a = pa[ia + 3]!;
    c30 += a * b0; c31 += a * b1; c32 += a * b2; c33 += a * b3;
  }
  c[ic] += c00; c[ic + 1] += c01; c[ic + 2] += c02; c[ic + 3] += c03;
  ic += ldc;
  c[ic] += c10; c[ic + 1] += c11; c[ic + 2] += c12; c[ic + 3] += c13;
  ic += ldc;
  c[ic] += c20; c[ic + 1] += c21; c[ic + 2] += c22; c[ic + 3] += c23;
  ic += ldc;
  c[ic] += c30; c[ic + 1] += c31; c[ic + 2] += c32; c[ic + 3] += c33;
}

// ---------------------------------------------------------------------------
// The driver.

let jsScratch: Float64Array = new Float64Array(0);
let f32Scratch: Float32Array = new Float32Array(0);

const roundUp = (x: number, m: number) => Math.ceil(x / m) * m;

/**
 * C = alpha * A @ B + beta * C, with A m x k, B k x n, C m x n (strided views).
 * All three must be of one float type and C must not overlap A or B; with
 * beta = 0, C is not read (NaNs in it do not propagate), as in BLAS.
 *
 * @example
 * // C (2x2) = A (2x3) @ A^T, the transpose read in place:
 * const a = mat(Float32Array.from([1, 2, 3, 4, 5, 6]), 0, 3, 1);
 * const c = mat(new Float32Array(4), 0, 2, 1);
 * gemm(2, 2, 3, 1, a, transposed(a), 0, c); // c.data = [14, 32, 32, 77]
 */
export function gemm(m: number, n: number, k: number, alpha: number, a: MatView, b: MatView, beta: number, c: MatView): void {
  if (m === 0 || n === 0) return;
  if (k === 0 || alpha === 0) {
    scaleC(m, n, beta, c);
    return;
  }
  if (m * n * k <= TINY || n === 1) {
    naiveGemm(m, n, k, alpha, a, b, beta, c);
    return;
  }
  if (wasmEnabled && c.data instanceof Float32Array && wasmSgemm(m, n, k, alpha, a, b, beta, c as MatView<Float32Array>)) return;
  if (m === 1) {
    rowTimesMatrix(n, k, alpha, a, b, beta, c);
    return;
  }
  scalarGemm(m, n, k, alpha, a, b, beta, c);
}

/**
 * The float32 product on the WebAssembly SGEMM; false (nothing computed) where
 * it is unavailable. sgemmWasm writes C = A @ B (+ C) into a row-major C, so a
 * column-major C is computed as C^T = B^T @ A^T. The kernel pads C to whole
 * tiles (6 x 8 with relaxed SIMD, else 2 x 16), so a narrow C (n = 3; 50 -> 64
 * with 2 x 16) is also computed transposed when that pads less, into scratch; so are other alpha, beta and C layouts,
 * then C = alpha * T + beta * C.
 */
function wasmSgemm(m: number, n: number, k: number, alpha: number, a: MatView, b: MatView, beta: number, c: MatView<Float32Array>): boolean {
  const tile = sgemmKernels();
  if (!(a.data instanceof Float32Array && b.data instanceof Float32Array) || tile === null) return false;
  const padded = (rows: number, cols: number) => roundUp(rows, tile.mr) * roundUp(cols, tile.nr);
  const [asIs, swapped] = [padded(m, n), padded(n, m)];
  // Through scratch the other orientation costs a pass over C: worth it when it
  // saves a sixth of the tiles' work and 16 multiply-adds per element of C.
  const better = (from: number, to: number) => 6 * to < 5 * from && (from - to) * k > 16 * m * n;
  const direct = alpha === 1 && (beta === 0 || beta === 1);
  let swap = swapped < asIs;
  if (direct && c.cs === 1) {
    if (!better(asIs, swapped)) return sgemm(m, n, k, a, b, c.data, c.offset, c.rs, beta);
    swap = true;
  } else if (direct && c.rs === 1) {
    if (!better(swapped, asIs)) return sgemm(n, m, k, transposed(b), transposed(a), c.data, c.offset, c.cs, beta);
    swap = false;
  }
  if (f32Scratch.length < m * n && m * n <= KEEP_SCRATCH) f32Scratch = new Float32Array(m * n);
  const t = f32Scratch.length >= m * n ? f32Scratch : new Float32Array(m * n);
  if (swap) {
    if (!sgemm(n, m, k, transposed(b), transposed(a), t, 0, m, 0)) return false;
    writeBack(n, m, 0, t, m, alpha, beta, transposed(c));
  } else {
    if (!sgemm(m, n, k, a, b, t, 0, n, 0)) return false;
    writeBack(m, n, 0, t, n, alpha, beta, c);
  }
  return true;
}

/** sgemmWasm on views: C (row-major, rows ldc apart) = A @ B (+ C when beta = 1). */
function sgemm(m: number, n: number, k: number, a: MatView, b: MatView, c: Float32Array, cOffset: number, ldc: number, beta: 0 | 1): boolean {
  return sgemmWasm(m, n, k, a.data as Float32Array, a.offset, a.rs, a.cs, b.data as Float32Array, b.offset, b.rs, b.cs, c, cOffset, ldc, beta);
}

/** Columns per block of C: as many as the scratch budget allows for all of C's rows. */
function blockCols(mPad: number, nPad: number, nr: number, es: number): number {
  return Math.min(nPad, Math.max(nr, Math.floor(C_BUDGET / es / mPad / nr) * nr));
}

/** The GotoBLAS blocking with TypeScript packing and the scalar 4x4 kernel, accumulating in double. */
function scalarGemm(m: number, n: number, k: number, alpha: number, a: MatView, b: MatView, beta: number, c: MatView): void {
  const nr = NR;
  const mPad = roundUp(m, MR);
  const nc = blockCols(mPad, roundUp(n, nr), nr, 8);
  const kcMax = Math.min(k, KC);
  const mcMax = Math.min(mPad, MC);
  const total = mcMax * kcMax + kcMax * nc + mPad * nc;
  if (jsScratch.length < total) jsScratch = new Float64Array(total);
  const pa = jsScratch.subarray(0, mcMax * kcMax);
  const pb = jsScratch.subarray(mcMax * kcMax, mcMax * kcMax + kcMax * nc);
  const cw = jsScratch.subarray(mcMax * kcMax + kcMax * nc, total);
  for (let j0 = 0; j0 < n; j0 += nc) {
    const ncCur = Math.min(nc, roundUp(n, nr) - j0);
    cw.fill(0);
    for (let p0 = 0; p0 < k; p0 += KC) {
      const kc = Math.min(KC, k - p0);
      packB(b, n, nr, p0, kc, j0, ncCur, pb, 0);
      for (let i0 = 0; i0 < mPad; i0 += MC) {
        const mc = Math.min(MC, mPad - i0);
        packA(a, m, i0, mc, p0, kc, pa, 0);
        for (let jr = 0; jr < ncCur; jr += nr) {
          for (let ir = 0; ir < mc; ir += MR) scalarKernel(pa, ir * kc, pb, jr * kc, kc, cw, (i0 + ir) * nc + jr, nc);
        }
      }
    }
    writeBack(m, Math.min(nc, n - j0), j0, cw, nc, alpha, beta, c);
  }
}

/** C[:, j0:j0+cols] = alpha * block + beta * C (the block row i at cw[i * ldc]). */
function writeBack(m: number, cols: number, j0: number, cw: FloatArray, ldc: number, alpha: number, beta: number, c: MatView): void {
  const out = c.data;
  const { rs, cs } = c;
  if (alpha === 1 && beta === 0 && cs === 1 && out.constructor === cw.constructor) {
    if (rs === cols && ldc === cols) out.set(cw.subarray(0, m * cols), c.offset + j0);
    else for (let i = 0; i < m; i++) out.set(cw.subarray(i * ldc, i * ldc + cols), c.offset + i * rs + j0);
    return;
  }
  for (let i = 0; i < m; i++) {
    let o = c.offset + i * rs + j0 * cs;
    const w = i * ldc;
    if (beta === 0) {
      if (alpha === 1) for (let j = 0; j < cols; j++, o += cs) out[o] = cw[w + j]!;
      else for (let j = 0; j < cols; j++, o += cs) out[o] = alpha * cw[w + j]!;
    } else {
      for (let j = 0; j < cols; j++, o += cs) out[o] = alpha * cw[w + j]! + beta * out[o]!;
    }
  }
}

function scaleC(m: number, n: number, beta: number, c: MatView): void {
  const d = c.data;
  for (let i = 0; i < m; i++) {
    for (let j = 0, o = c.offset + i * c.rs; j < n; j++, o += c.cs) d[o] = beta === 0 ? 0 : beta * d[o]!;
  }
}

/**
 * The plain triple loop, for tiny products and for any typed array (integer
 * matmul computes here in double precision; the caller casts the result).
 */
export function naiveGemm<T extends TypedArray>(
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: MatView<TypedArray>,
  b: MatView<TypedArray>,
  beta: number,
  c: MatView<T>,
  cast?: (v: number) => number,
): void {
  const ad = a.data, bd = b.data, cd = c.data;
  for (let i = 0; i < m; i++) {
    const ai = a.offset + i * a.rs;
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0, pa = ai, pb = b.offset + j * b.cs; p < k; p++, pa += a.cs, pb += b.rs) acc += ad[pa]! * bd[pb]!;
      const o = c.offset + i * c.rs + j * c.cs;
      const v = beta === 0 ? alpha * acc : alpha * acc + beta * cd[o]!;
      cd[o] = cast ? cast(v) : v;
    }
  }
}

/** C (1 x n) = alpha * a (1 x k) @ B + beta * C, walking B by rows (the cache-friendly order for row-major B). */
function rowTimesMatrix(n: number, k: number, alpha: number, a: MatView, b: MatView, beta: number, c: MatView): void {
  const acc = new Float64Array(n);
  const bd = b.data, ad = a.data;
  for (let p = 0; p < k; p++) {
    const x = ad[a.offset + p * a.cs]!;
    for (let j = 0, o = b.offset + p * b.rs; j < n; j++, o += b.cs) acc[j] += x * bd[o]!;
  }
  const cd = c.data;
  for (let j = 0, o = c.offset; j < n; j++, o += c.cs) cd[o] = beta === 0 ? alpha * acc[j]! : alpha * acc[j]! + beta * cd[o]!;
}

/** A batch of products: operand b of batch item t starts at offset + t * stride (stride 0 broadcasts). */
export function gemmBatched(
  batch: number,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: MatView,
  strideA: number,
  b: MatView,
  strideB: number,
  beta: number,
  c: MatView,
  strideC: number,
): void {
  for (let t = 0; t < batch; t++) {
    gemm(
      m, n, k, alpha,
      { ...a, offset: a.offset + t * strideA },
      { ...b, offset: b.offset + t * strideB },
      beta,
      { ...c, offset: c.offset + t * strideC },
    );
  }
}
