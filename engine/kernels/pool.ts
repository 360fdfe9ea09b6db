// 2-D pooling over contiguous (planes, H, W) float arrays, where planes = N * C
// (a 3-D input is one image). Window arithmetic follows ATen's CPU kernels
// (MaxPoolKernel.cpp, AvgPoolKernel.cpp, AdaptiveAvgPoolKernel.cpp) so ties,
// NaNs, padding and ceil_mode give PyTorch's values and indices.
//
// Note [Max pooling in WebAssembly]: the common max_pool2d(x, 2) on float32 —
// 2 x 2 window, stride 2, no padding or dilation — runs in WebAssembly
// (wasm/pool_codegen.mjs): the input is copied into a kernels-module instance's
// memory, four windows are pooled per step with SIMD compares and bit selects
// (the same rule as the loop below, so the same values and indices, NaNs and
// ties included), and values and float64 indices are copied out. Its backward
// writes each window's gradient as a select, since 2 x 2 windows with stride 2
// do not overlap. Measured on the reference CNN's two pools (640 planes of
// 24 x 24 and 1280 of 8 x 8; best of 100 runs, copies in and out included):
// forward 10-11x faster than the TypeScript loop (140 vs 1,620 us on the first:
// the loop's data-dependent branches mispredict), backward 2.2-2.4x. Below
// WASM_MIN_WINDOWS windows the call and copies cost more than the loop saves,
// so small inputs stay in TypeScript; so do float64, and everything when
// setPoolWasm(false) or setGemmSimd(false) turns WebAssembly off.
import type { TypedArray } from '../core/dtype.ts';
import { gemmUsesSimd } from './gemm.ts';
import { maxPool2x2BackwardWasm, maxPool2x2Wasm } from './wasm/pool.ts';

/** Output positions from which the WebAssembly max pooling is faster (forward, backward); measured, see the Note. */
const WASM_MIN_WINDOWS = { forward: 256, backward: 1024 };

let poolWasm = true;

/** Turns the WebAssembly max pooling off or on (the TypeScript loops are the reference). */
export function setPoolWasm(enabled: boolean): void {
  poolWasm = enabled;
}
/** Whether float32 2 x 2 max pooling runs in WebAssembly (off too when setGemmSimd(false) turns the WebAssembly kernels off). */
export function poolUsesWasm(): boolean {
  return poolWasm && gemmUsesSimd();
}

/** The window max_pool2d(x, 2) uses: 2 x 2, stride 2, no padding or dilation, every window inside the input. */
function isPool2x2(g: Pool2dGeometry): boolean {
  const { h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  return kh === 2 && kw === 2 && sh === 2 && sw === 2 && ph === 0 && pw === 0 && dh === 1 && dw === 1 && 2 * oh <= h && 2 * ow <= w;
}

export interface Pool2dGeometry {
  planes: number;
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  ph: number;
  pw: number;
  dh: number;
  dw: number;
  oh: number;
  ow: number;
}

/** ATen's pooling_output_shape (without its argument checks). */
export function poolOutputSize(size: number, k: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  const num = size + 2 * pad - dilation * (k - 1) - 1 + (ceilMode ? stride - 1 : 0);
  let out = Math.floor(num / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--;
  return out;
}

/**
 * Max pooling: out[p, o] = max over the window; idx[p, o] = the flat h * W + w
 * position of the maximum in its plane (the first one on ties; a NaN wins).
 */
export function maxPool2dForward(x: TypedArray, g: Pool2dGeometry, out: TypedArray, idx: TypedArray | null): void {
  const { planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow } = g;
  if (idx && isPool2x2(g)) {
    const wasm = planes * oh * ow >= WASM_MIN_WINDOWS.forward && poolUsesWasm()
      && x instanceof Float32Array && out instanceof Float32Array && idx instanceof Float64Array;
    if (!wasm || !maxPool2x2Wasm(x, planes, h, w, oh, ow, out, idx)) maxPool2x2(x, planes, h, w, oh, ow, out, idx);
    return;
  }
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w;
    let o = p * oh * ow;
    for (let i = 0; i < oh; i++) {
      let h0 = i * sh - ph;
      const h1 = Math.min(h0 + (kh - 1) * dh + 1, h);
      while (h0 < 0) h0 += dh;
      for (let j = 0; j < ow; j++, o++) {
        let w0 = j * sw - pw;
        const w1 = Math.min(w0 + (kw - 1) * dw + 1, w);
        while (w0 < 0) w0 += dw;
        let best = h0 * w + w0;
        let max = -Infinity;
        for (let y = h0; y < h1; y += dh) {
          for (let x0 = y * w + w0, x1 = y * w + w1, q = x0; q < x1; q += dw) {
            const v = x[xo + q]!;
            if (v > max || v !== v) {
              max = v;
              best = q;
            }
          }
        }
        out[o] = max;
        if (idx) idx[o] = best;
      }
    }
  }
}

/** The common 2x2 window with stride 2 and no padding, unrolled (same comparisons, same order). */
function maxPool2x2(x: TypedArray, planes: number, h: number, w: number, oh: number, ow: number, out: TypedArray, idx: TypedArray): void {
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w;
    for (let i = 0; i < oh; i++) {
      const r0 = 2 * i * w;
      for (let j = 0; j < ow; j++, o++) {
        const q0 = r0 + 2 * j;
        let best = q0;
        let max = x[xo + q0]!;
        if (max !== max) max = -Infinity; // so that the NaN rule below picks it up in order
        else {
          const v1 = x[xo + q0 + 1]!;
          if (v1 > max || v1 !== v1) {
            max = v1;
            best = q0 + 1;
          }
          const v2 = x[xo + q0 + w]!;
          if (v2 > max || v2 !== v2) {
            max = v2;
            best = q0 + w;
          }
          const v3 = x[xo + q0 + w + 1]!;
          if (v3 > max || v3 !== v3) {
            max = v3;
            best = q0 + w + 1;
          }
          out[o] = max;
          idx[o] = best;
          continue;
        }
        // A NaN in the window: the general rule (the last NaN wins).
        max = -Infinity;
        for (const q of [q0, q0 + 1, q0 + w, q0 + w + 1]) {
          const v = x[xo + q]!;
          if (v > max || v !== v) {
            max = v;
            best = q;
          }
        }
        out[o] = max;
        idx[o] = best;
      }
    }
  }
}

/** gx (planes, H, W) = the scatter-add of gy through the saved indices. */
export function maxPool2dBackward(gy: TypedArray, idx: TypedArray, g: Pool2dGeometry, gx: TypedArray): void {
  const { planes, h, w, oh, ow } = g;
  if (isPool2x2(g) && planes * oh * ow >= WASM_MIN_WINDOWS.backward && poolUsesWasm()
    && gy instanceof Float32Array && idx instanceof Float64Array && gx instanceof Float32Array
    && maxPool2x2BackwardWasm(gy, idx, planes, h, w, oh, ow, gx)) return;
  gx.fill(0);
  const L = oh * ow;
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w;
    for (let o = p * L, end = o + L; o < end; o++) gx[xo + idx[o]!] += gy[o]!;
  }
}

export interface AvgOptions {
  countIncludePad: boolean;
  divisorOverride: number | null;
}

/** Calls body(h0, h1, w0, w1, divisor) for each output position (window clipped to the input). */
function forEachAvgWindow(g: Pool2dGeometry, opts: AvgOptions, body: (o: number, h0: number, h1: number, w0: number, w1: number, div: number) => void): void {
  const { h, w, kh, kw, sh, sw, ph, pw, oh, ow } = g;
  let o = 0;
  for (let i = 0; i < oh; i++) {
    for (let j = 0; j < ow; j++, o++) {
      let h0 = i * sh - ph;
      let w0 = j * sw - pw;
      let h1 = Math.min(h0 + kh, h + ph);
      let w1 = Math.min(w0 + kw, w + pw);
      const poolSize = (h1 - h0) * (w1 - w0);
      h0 = Math.max(h0, 0);
      w0 = Math.max(w0, 0);
      h1 = Math.min(h1, h);
      w1 = Math.min(w1, w);
      if (h0 >= h1 || w0 >= w1) {
        body(o, 0, 0, 0, 0, 0);
        continue;
      }
      const div = opts.divisorOverride ?? (opts.countIncludePad ? poolSize : (h1 - h0) * (w1 - w0));
      body(o, h0, h1, w0, w1, div);
    }
  }
}

export function avgPool2dForward(x: TypedArray, g: Pool2dGeometry, opts: AvgOptions, out: TypedArray): void {
  const { planes, h, w, oh, ow } = g;
  const L = oh * ow;
  forEachAvgWindow(g, opts, (o, h0, h1, w0, w1, div) => {
    for (let p = 0; p < planes; p++) {
      if (div === 0) {
        out[p * L + o] = 0;
        continue;
      }
      const xo = p * h * w;
      let sum = 0;
      for (let y = h0; y < h1; y++) for (let q = xo + y * w + w0, e = xo + y * w + w1; q < e; q++) sum += x[q]!;
      out[p * L + o] = sum / div;
    }
  });
}

export function avgPool2dBackward(gy: TypedArray, g: Pool2dGeometry, opts: AvgOptions, gx: TypedArray): void {
  const { planes, h, w, oh, ow } = g;
  const L = oh * ow;
  gx.fill(0);
  forEachAvgWindow(g, opts, (o, h0, h1, w0, w1, div) => {
    if (div === 0) return;
    for (let p = 0; p < planes; p++) {
      const v = gy[p * L + o]! / div;
      const xo = p * h * w;
      for (let y = h0; y < h1; y++) for (let q = xo + y * w + w0, e = xo + y * w + w1; q < e; q++) gx[q] += v;
    }
  });
}

const startIndex = (o: number, outSize: number, inSize: number) => Math.floor((o * inSize) / outSize);
const endIndex = (o: number, outSize: number, inSize: number) => Math.ceil(((o + 1) * inSize) / outSize);

/** Adaptive average pooling: output cell (i, j) averages rows [floor(i*H/oh), ceil((i+1)*H/oh)) and likewise columns. */
export function adaptiveAvgPool2dForward(x: TypedArray, planes: number, h: number, w: number, oh: number, ow: number, out: TypedArray): void {
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w;
    for (let i = 0; i < oh; i++) {
      const h0 = startIndex(i, oh, h), h1 = endIndex(i, oh, h);
      for (let j = 0; j < ow; j++) {
        const w0 = startIndex(j, ow, w), w1 = endIndex(j, ow, w);
        let sum = 0;
        for (let y = h0; y < h1; y++) for (let q = xo + y * w + w0, e = xo + y * w + w1; q < e; q++) sum += x[q]!;
        out[(p * oh + i) * ow + j] = sum / ((h1 - h0) * (w1 - w0));
      }
    }
  }
}

export function adaptiveAvgPool2dBackward(gy: TypedArray, planes: number, h: number, w: number, oh: number, ow: number, gx: TypedArray): void {
  gx.fill(0);
  for (let p = 0; p < planes; p++) {
    const xo = p * h * w;
    for (let i = 0; i < oh; i++) {
      const h0 = startIndex(i, oh, h), h1 = endIndex(i, oh, h);
      for (let j = 0; j < ow; j++) {
        const w0 = startIndex(j, ow, w), w1 = endIndex(j, ow, w);
        const v = gy[(p * oh + i) * ow + j]! / ((h1 - h0) * (w1 - w0));
        for (let y = h0; y < h1; y++) for (let q = xo + y * w + w0, e = xo + y * w + w1; q < e; q++) gx[q] += v;
      }
    }
  }
}
