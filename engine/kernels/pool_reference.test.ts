// The pooling kernels (pool.ts) against pooling written out from its
// definition, window by window, on a seeded draw of geometries: planes and
// sizes from 1, 7, 33, 257, kernels, strides, padding, dilation, ceil_mode,
// including the unrolled 2x2 / stride 2 path. Max: values, the index of the
// first maximum, and the scatter of the gradient; average: counted and
// uncounted padding and divisor_override, forward and backward. The inputs
// (multiples of 1/32) tie often, so the first-maximum rule is exercised.
import { describe, expect, it } from 'vitest';
import { avgPool2dBackward, avgPool2dForward, maxPool2dBackward, maxPool2dForward, poolOutputSize, type AvgOptions, type Pool2dGeometry } from './pool.ts';
import { lcgValues } from '../../test/fixtures/kernel_fixtures.ts';

function draw(count: number, seed: number, kind: 'max' | 'avg'): Pool2dGeometry[] {
  let s = seed;
  const pick = <T,>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 16) % xs.length]!;
  };
  const out: Pool2dGeometry[] = [];
  while (out.length < count) {
    const [h, w] = [pick([1, 2, 7, 8, 33]), pick([1, 7, 33, 257])];
    const [kh, kw] = [pick([1, 2, 3, 5]), pick([1, 2, 3])];
    const [dh, dw] = kind === 'max' ? [pick([1, 1, 2]), pick([1, 3])] : [1, 1];
    const [sh, sw] = [pick([1, 2, 3]), pick([1, 2, 4])];
    // PyTorch's limit: padding at most half the (effective) kernel.
    const ph = pick([0, 1, 2]) % (Math.floor(((kh - 1) * dh + 1) / 2) + 1);
    const pw = pick([0, 1, 2]) % (Math.floor(((kw - 1) * dw + 1) / 2) + 1);
    const ceil = pick([false, true]);
    const oh = poolOutputSize(h, kh, ph, sh, dh, ceil);
    const ow = poolOutputSize(w, kw, pw, sw, dw, ceil);
    if (oh < 1 || ow < 1) continue;
    out.push({ planes: pick([1, 7, 33]), h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow });
  }
  return out;
}

const FIXED_2X2: Pool2dGeometry[] = [
  { planes: 7, h: 33, w: 33, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh: 16, ow: 16 },
  { planes: 1, h: 2, w: 257, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh: 1, ow: 128 },
  { planes: 33, h: 8, w: 8, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh: 4, ow: 4 },
];

const label = (g: Pool2dGeometry) =>
  `${g.planes} planes ${g.h}x${g.w}, kernel ${g.kh}x${g.kw}, stride ${g.sh},${g.sw}, padding ${g.ph},${g.pw}, dilation ${g.dh},${g.dw}, out ${g.oh}x${g.ow}`;

/** Window taps of output (i, j) inside the image, in row-major order. */
function taps(g: Pool2dGeometry, i: number, j: number): number[] {
  const out: number[] = [];
  for (let a = 0; a < g.kh; a++) {
    const y = i * g.sh - g.ph + a * g.dh;
    if (y < 0 || y >= g.h) continue;
    for (let b = 0; b < g.kw; b++) {
      const x = j * g.sw - g.pw + b * g.dw;
      if (x >= 0 && x < g.w) out.push(y * g.w + x);
    }
  }
  return out;
}

function checkMax(g: Pool2dGeometry, Arr: Float32ArrayConstructor | Float64ArrayConstructor): void {
  const x = Arr.from(lcgValues(11, g.planes * g.h * g.w));
  const gy = Arr.from(lcgValues(12, g.planes * g.oh * g.ow));
  const out = new Arr(gy.length).fill(NaN);
  const idx = new Float64Array(gy.length).fill(-1);
  maxPool2dForward(x, g, out, idx);
  const gx = new Arr(x.length).fill(NaN);
  maxPool2dBackward(gy, idx, g, gx);
  const wantGx = new Float64Array(x.length);
  for (let p = 0, o = 0; p < g.planes; p++) {
    for (let i = 0; i < g.oh; i++) {
      for (let j = 0; j < g.ow; j++, o++) {
        let best = -1;
        for (const q of taps(g, i, j)) if (best < 0 || x[p * g.h * g.w + q]! > x[p * g.h * g.w + best]!) best = q;
        if (idx[o] !== best || out[o] !== x[p * g.h * g.w + best]) {
          throw new Error(`${label(g)}: output ${o} is ${out[o]} at ${idx[o]}, want ${x[p * g.h * g.w + best]} at ${best}`);
        }
        wantGx[p * g.h * g.w + best] += gy[o]!;
      }
    }
  }
  for (let i = 0; i < x.length; i++) if (Math.abs(gx[i]! - wantGx[i]!) > 1e-6) throw new Error(`${label(g)}: grad[${i}] ${gx[i]}, want ${wantGx[i]}`);
}

function checkAvg(g: Pool2dGeometry, opts: AvgOptions): void {
  const x = Float32Array.from(lcgValues(21, g.planes * g.h * g.w));
  const gy = Float32Array.from(lcgValues(22, g.planes * g.oh * g.ow));
  const out = new Float32Array(gy.length).fill(NaN);
  avgPool2dForward(x, g, opts, out);
  const gx = new Float32Array(x.length).fill(NaN);
  avgPool2dBackward(gy, g, opts, gx);
  const wantGx = new Float64Array(x.length);
  for (let p = 0, o = 0; p < g.planes; p++) {
    for (let i = 0; i < g.oh; i++) {
      for (let j = 0; j < g.ow; j++, o++) {
        const inside = taps(g, i, j);
        // The padded window: clipped to the padded image, as ATen's avg_pool2d counts it.
        const rows = Math.min(i * g.sh - g.ph + g.kh, g.h + g.ph) - (i * g.sh - g.ph);
        const cols = Math.min(j * g.sw - g.pw + g.kw, g.w + g.pw) - (j * g.sw - g.pw);
        const div = opts.divisorOverride ?? (opts.countIncludePad ? rows * cols : inside.length);
        const sum = inside.reduce((acc, q) => acc + x[p * g.h * g.w + q]!, 0);
        const want = inside.length === 0 ? 0 : sum / div;
        if (Math.abs(out[o]! - want) > 1e-6) throw new Error(`${label(g)} ${JSON.stringify(opts)}: output ${o} ${out[o]}, want ${want}`);
        if (inside.length > 0) for (const q of inside) wantGx[p * g.h * g.w + q] += gy[o]! / div;
      }
    }
  }
  for (let i = 0; i < x.length; i++) if (Math.abs(gx[i]! - wantGx[i]!) > 1e-5) throw new Error(`${label(g)} ${JSON.stringify(opts)}: grad[${i}] ${gx[i]}, want ${wantGx[i]}`);
}

describe('pooling kernels against the definition', () => {
  it('max pooling, float32 and float64: values, first-maximum indices, gradient scatter', () => {
    for (const g of [...FIXED_2X2, ...draw(40, 5, 'max')]) {
      checkMax(g, Float32Array);
      checkMax(g, Float64Array);
    }
  });

  it('max pooling 2x2 / stride 2 (the unrolled path) with NaNs: a NaN wins, the last NaN of the window', () => {
    const g = FIXED_2X2[2]!;
    const x = Float32Array.from(lcgValues(31, g.planes * g.h * g.w));
    for (let i = 0; i < x.length; i += 5) x[i] = NaN;
    const out = new Float32Array(g.planes * g.oh * g.ow);
    const idx = new Float64Array(out.length);
    maxPool2dForward(x, g, out, idx);
    for (let p = 0, o = 0; p < g.planes; p++) {
      for (let i = 0; i < g.oh; i++) {
        for (let j = 0; j < g.ow; j++, o++) {
          const window = taps(g, i, j);
          const nans = window.filter((q) => Number.isNaN(x[p * g.h * g.w + q]!));
          if (nans.length === 0) continue;
          expect(out[o]).toBeNaN();
          expect(idx[o]).toBe(nans[nans.length - 1]);
        }
      }
    }
  });

  it('average pooling: padding counted or not, divisor_override', () => {
    for (const g of draw(40, 9, 'avg')) {
      checkAvg(g, { countIncludePad: true, divisorOverride: null });
      checkAvg(g, { countIncludePad: false, divisorOverride: null });
      checkAvg(g, { countIncludePad: true, divisorOverride: 3 });
    }
  });
});
