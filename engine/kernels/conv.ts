// 2-D convolution on contiguous NCHW float arrays: im2col + GEMM forward, and
// both backward passes (input gradient through col2im, weight gradient as a
// GEMM against the recomputed columns).
//
// Columns: for one image and one group, the matrix cols[K, L] with
// K = (Cin / groups) * kH * kW rows ordered (channel, ki, kj) — the same order
// as a weight row — and L = outH * outW columns. Then, per image and group,
//   out[g] (Cout_g x L)      = W[g] (Cout_g x K) @ cols (K x L)
//   dcols (K x L)            = W[g]^T @ gradOut[g]          → col2im → gradIn
//   gradW[g] (Cout_g x K)   += gradOut[g] @ cols^T
// Images are processed one at a time so the column buffer stays in cache.
//
// Note [Convolution columns in WebAssembly]: for float32 with the WebAssembly
// SGEMM in use (gemmUsesSimd), each image is copied into the memory of a
// kernels-module instance of its own (wasm/columns.ts) and im2col / col2im run
// there (wasm/columns_codegen.mjs: memory.copy per output row, f32x4 adds);
// the GEMM reads or writes the columns through a view of that memory. Measured
// on the reference CNN's layers and a 3x3, 32-channel layer, the TypeScript
// loops below made each pass 1.5-2x slower, so they serve only float64 and
// the fallback without WebAssembly SIMD. setConvColumnsWasm(false) forces them
// for float32 too (with the WebAssembly SGEMM still on), and setGemmSimd(false)
// turns both off: tests compare the paths, and `npm run bench` times them.
import { gemm, gemmUsesSimd, mat, type FloatArray } from './gemm.ts';
import { col2imWasm, columnSpace, im2colWasm, type ColumnSpace } from './wasm/columns.ts';

export interface Conv2dGeometry {
  n: number;
  cin: number;
  h: number;
  w: number;
  cout: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  groups: number;
  oh: number;
  ow: number;
}

export function conv2dGeometry(
  input: readonly number[],
  weight: readonly number[],
  stride: readonly [number, number],
  padding: readonly [number, number],
  dilation: readonly [number, number],
  groups: number,
): Conv2dGeometry {
  const [n, cin, h, w] = input as [number, number, number, number];
  const [cout, , kh, kw] = weight as [number, number, number, number];
  const [sh, sw] = stride;
  const [ph, pw] = padding;
  const [dh, dw] = dilation;
  const oh = Math.floor((h + 2 * ph - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((w + 2 * pw - dw * (kw - 1) - 1) / sw) + 1;
  return { n, cin, h, w, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow };
}

/** Whether the convolution is a plain matrix product over channels (1x1, stride 1, no padding). */
function isPointwise(g: Conv2dGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0;
}

/**
 * The valid output range [rangeLo, rangeHi) along one axis for kernel offset
 * `off` (input index = o * s + off), left in module variables: these run once
 * per kernel tap, and returning a pair would allocate.
 */
let rangeLo = 0;
let rangeHi = 0;
function validRange(size: number, outSize: number, s: number, off: number): void {
  const lo = Math.min(off >= 0 ? 0 : Math.ceil(-off / s), outSize);
  const hi = Math.min(outSize, Math.floor((size - 1 - off) / s) + 1);
  rangeLo = lo;
  rangeHi = Math.max(hi, lo);
}

/** cols (K x L) for channels c0 .. c0 + cg of the image at x[xo]. */
function im2col(x: FloatArray, xo: number, g: Conv2dGeometry, c0: number, cg: number, cols: FloatArray): void {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const L = oh * ow;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const plane = xo + (c0 + c) * h * w;
    for (let ki = 0; ki < kh; ki++) {
      const offH = ki * dh - ph;
      validRange(h, oh, sh, offH);
      const ohLo = rangeLo, ohHi = rangeHi;
      for (let kj = 0; kj < kw; kj++, row++) {
        const offW = kj * dw - pw;
        validRange(w, ow, sw, offW);
        const owLo = rangeLo, owHi = rangeHi;
        const base = row * L;
        cols.fill(0, base, base + ohLo * ow);
        for (let o = ohLo; o < ohHi; o++) {
          const dst = base + o * ow;
          const src = plane + (o * sh + offH) * w + offW;
          for (let q = 0; q < owLo; q++) cols[dst + q] = 0;
          if (sw === 1) for (let q = owLo; q < owHi; q++) cols[dst + q] = x[src + q]!;
          else for (let q = owLo; q < owHi; q++) cols[dst + q] = x[src + q * sw]!;
          for (let q = owHi; q < ow; q++) cols[dst + q] = 0;
        }
        cols.fill(0, base + ohHi * ow, base + L);
      }
    }
  }
}

/** gx (image at gxo, channels c0 .. c0 + cg) += the scatter of cols (K x L). */
function col2im(cols: FloatArray, g: Conv2dGeometry, c0: number, cg: number, gx: FloatArray, gxo: number): void {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  const L = oh * ow;
  let row = 0;
  for (let c = 0; c < cg; c++) {
    const plane = gxo + (c0 + c) * h * w;
    for (let ki = 0; ki < kh; ki++) {
      const offH = ki * dh - ph;
      validRange(h, oh, sh, offH);
      const ohLo = rangeLo, ohHi = rangeHi;
      for (let kj = 0; kj < kw; kj++, row++) {
        const offW = kj * dw - pw;
        validRange(w, ow, sw, offW);
        const owLo = rangeLo, owHi = rangeHi;
        const base = row * L;
        for (let o = ohLo; o < ohHi; o++) {
          const src = base + o * ow;
          const dst = plane + (o * sh + offH) * w + offW;
          if (sw === 1) for (let q = owLo; q < owHi; q++) gx[dst + q] += cols[src + q]!;
          else for (let q = owLo; q < owHi; q++) gx[dst + q * sw] += cols[src + q]!;
        }
      }
    }
  }
}

let columnsWasm = true;

/** Turns the WebAssembly im2col / col2im off or on (the TypeScript loops are the reference). */
export function setConvColumnsWasm(enabled: boolean): void {
  columnsWasm = enabled;
}
/** Whether float32 convolutions build their columns in WebAssembly (it needs the WebAssembly SGEMM too). */
export function convColumnsUseWasm(): boolean {
  return columnsWasm && gemmUsesSimd();
}

function scratch(like: FloatArray, n: number): FloatArray {
  return like instanceof Float64Array ? new Float64Array(n) : new Float32Array(n);
}

/**
 * The WebAssembly workspace for one image and one group's columns of a
 * float32 convolution, with its tap table written; null where the TypeScript
 * loops run instead (see the Note above).
 */
function wasmColumns(g: Conv2dGeometry, data: FloatArray): ColumnSpace | null {
  if (!(data instanceof Float32Array) || !convColumnsUseWasm()) return null;
  const taps = new Int32Array((g.kh + g.kw) * 3);
  for (let ki = 0; ki < g.kh; ki++) {
    const off = ki * g.dh - g.ph;
    validRange(g.h, g.oh, g.sh, off);
    taps.set([rangeLo, rangeHi, off], ki * 3);
  }
  for (let kj = 0; kj < g.kw; kj++) {
    const off = kj * g.dw - g.pw;
    validRange(g.w, g.ow, g.sw, off);
    taps.set([rangeLo, rangeHi, off], (g.kh + kj) * 3);
  }
  return columnSpace(taps, g.cin * g.h * g.w, (g.cin / g.groups) * g.kh * g.kw * g.oh * g.ow);
}

/** out (N, Cout, oh, ow) = conv2d(x, w) + bias. */
export function conv2dForward(x: FloatArray, wt: FloatArray, bias: FloatArray | null, g: Conv2dGeometry, out: FloatArray): void {
  const { n, cin, h, w, cout, kh, kw, groups } = g;
  const L = g.oh * g.ow;
  const cg = cin / groups;
  const og = cout / groups;
  const K = cg * kh * kw;
  const pointwise = isPointwise(g);
  const ws = pointwise ? null : wasmColumns(g, x);
  const cols = pointwise || ws ? null : scratch(x, K * L);
  for (let b = 0; b < n; b++) {
    const xo = b * cin * h * w;
    const yo = b * cout * L;
    if (ws) ws.f32.set(x.subarray(xo, xo + cin * h * w), ws.image);
    for (let gi = 0; gi < groups; gi++) {
      let colView = mat(x, xo + gi * cg * h * w, L, 1);
      if (ws) {
        im2colWasm(ws, g, gi * cg, cg);
        colView = mat(ws.f32, ws.cols, L, 1);
      } else if (cols) {
        im2col(x, xo, g, gi * cg, cg, cols);
        colView = mat(cols, 0, L, 1);
      }
      gemm(og, L, K, 1, mat(wt, gi * og * K, K, 1), colView, 0, mat(out, yo + gi * og * L, L, 1));
    }
    if (bias) {
      for (let co = 0; co < cout; co++) {
        const v = bias[co]!;
        if (v !== 0) for (let l = 0, o = yo + co * L; l < L; l++, o++) out[o] += v;
      }
    }
  }
}

/** gx (N, Cin, H, W) = gradient of conv2d with respect to its input. */
export function conv2dBackwardInput(gy: FloatArray, wt: FloatArray, g: Conv2dGeometry, gx: FloatArray): void {
  const { n, cin, h, w, cout, kh, kw, groups } = g;
  const L = g.oh * g.ow;
  const cg = cin / groups;
  const og = cout / groups;
  const K = cg * kh * kw;
  const pointwise = isPointwise(g);
  const ws = pointwise ? null : wasmColumns(g, gx);
  const cols = pointwise || ws ? null : scratch(gx, K * L);
  gx.fill(0);
  for (let b = 0; b < n; b++) {
    const xo = b * cin * h * w;
    const yo = b * cout * L;
    if (ws) ws.f32.fill(0, ws.image, ws.image + cin * h * w);
    for (let gi = 0; gi < groups; gi++) {
      // dcols = W[g]^T (K x og) @ gy[g] (og x L)
      const wT = mat(wt, gi * og * K, 1, K);
      const gyv = mat(gy, yo + gi * og * L, L, 1);
      if (ws) {
        gemm(K, L, og, 1, wT, gyv, 0, mat(ws.f32, ws.cols, L, 1));
        col2imWasm(ws, g, gi * cg, cg);
      } else if (cols) {
        gemm(K, L, og, 1, wT, gyv, 0, mat(cols, 0, L, 1));
        col2im(cols, g, gi * cg, cg, gx, xo);
      } else {
        gemm(K, L, og, 1, wT, gyv, 0, mat(gx, xo + gi * cg * h * w, L, 1));
      }
    }
    if (ws) gx.set(ws.f32.subarray(ws.image, ws.image + cin * h * w), xo);
  }
}

/** gw (Cout, Cin / groups, kH, kW) = gradient of conv2d with respect to its weight. */
export function conv2dBackwardWeight(gy: FloatArray, x: FloatArray, g: Conv2dGeometry, gw: FloatArray): void {
  const { n, cin, h, w, cout, kh, kw, groups } = g;
  const L = g.oh * g.ow;
  const cg = cin / groups;
  const og = cout / groups;
  const K = cg * kh * kw;
  const pointwise = isPointwise(g);
  const ws = pointwise ? null : wasmColumns(g, x);
  const cols = pointwise || ws ? null : scratch(x, K * L);
  gw.fill(0);
  for (let b = 0; b < n; b++) {
    const xo = b * cin * h * w;
    const yo = b * cout * L;
    if (ws) ws.f32.set(x.subarray(xo, xo + cin * h * w), ws.image);
    for (let gi = 0; gi < groups; gi++) {
      let colView = mat(x, xo + gi * cg * h * w, L, 1);
      if (ws) {
        im2colWasm(ws, g, gi * cg, cg);
        colView = mat(ws.f32, ws.cols, L, 1);
      } else if (cols) {
        im2col(x, xo, g, gi * cg, cg, cols);
        colView = mat(cols, 0, L, 1);
      }
      // gw[g] (og x K) += gy[g] (og x L) @ cols^T (L x K)
      const colT = { ...colView, rs: colView.cs, cs: colView.rs };
      gemm(og, K, L, 1, mat(gy, yo + gi * og * L, L, 1), colT, b === 0 ? 0 : 1, mat(gw, gi * og * K, K, 1));
    }
  }
}

/** gb (Cout) = gradient of conv2d with respect to its bias: gy summed over batch and space. */
export function conv2dBackwardBias(gy: FloatArray, g: Conv2dGeometry, gb: FloatArray): void {
  const L = g.oh * g.ow;
  for (let co = 0; co < g.cout; co++) {
    let acc = 0;
    for (let b = 0; b < g.n; b++) for (let l = 0, o = (b * g.cout + co) * L; l < L; l++, o++) acc += gy[o]!;
    gb[co] = acc;
  }
}
