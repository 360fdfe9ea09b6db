// Convolution's kernels (all three passes and the bias gradient) against a
// direct seven-loop convolution in float64, on every kernel path
// (KERNEL_PATHS: WebAssembly columns + SGEMM, TypeScript columns + SGEMM,
// TypeScript only) and on float64, over awkward geometries: batch 1, channels
// 1 / 7 / 33, images from 1x1 up to 35x35, 1x1 kernels, strides, padding,
// dilation and groups, fixed ones and a seeded random draw.
// Inputs are multiples of 1/32 in [-1, 1): every product is exact, and so is
// every float32 sum of up to 2**14 of them, whatever the summation order; the
// tolerance below only allows for kernels that round differently one day.
import { describe, it } from 'vitest';
import { conv2dBackwardBias, conv2dBackwardInput, conv2dBackwardWeight, conv2dForward, conv2dGeometry, type Conv2dGeometry } from './conv.ts';
import type { FloatArray } from './gemm.ts';
import { KERNEL_PATHS, lcgValues, onKernelPath } from '../../test/fixtures/kernel_fixtures.ts';

interface Geometry {
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride: [number, number];
  padding: [number, number];
  dilation: [number, number];
  groups: number;
}

const geometry = (x: Geometry['x'], w: Geometry['w'], o: Partial<Omit<Geometry, 'x' | 'w'>> = {}): Geometry => ({
  x, w, stride: o.stride ?? [1, 1], padding: o.padding ?? [0, 0], dilation: o.dilation ?? [1, 1], groups: o.groups ?? 1,
});

const FIXED: Geometry[] = [
  geometry([1, 1, 33, 33], [7, 1, 5, 5]),
  geometry([1, 33, 33, 33], [33, 33, 3, 3], { padding: [1, 1] }),
  geometry([2, 7, 35, 35], [33, 7, 3, 3], { stride: [2, 2] }),
  geometry([1, 33, 7, 7], [7, 33, 1, 1]), // a plain product over channels
  geometry([3, 7, 33, 1], [1, 7, 1, 1], { stride: [2, 1] }), // strided 1x1, one column
  geometry([1, 1, 1, 1], [1, 1, 1, 1]),
  geometry([1, 1, 1, 1], [7, 1, 3, 3], { padding: [1, 1] }), // only the centre tap sees the image
  geometry([1, 33, 9, 9], [33, 1, 3, 3], { groups: 33, padding: [2, 2], dilation: [2, 2] }), // depthwise
  geometry([2, 33, 12, 10], [21, 11, 3, 2], { groups: 3, stride: [3, 2], padding: [0, 1] }),
  geometry([1, 7, 7, 33], [7, 7, 7, 1], { padding: [3, 0], dilation: [1, 3] }),
  geometry([1, 1, 33, 257], [7, 1, 2, 9], { stride: [1, 4], padding: [1, 4] }),
  geometry([1, 7, 3, 3], [33, 7, 3, 3], { padding: [5, 5] }), // padding past the whole kernel reach
];

/** A seeded draw of geometries: sizes from the awkward set, every option somewhere. */
function randomGeometries(count: number): Geometry[] {
  let s = 2024;
  const pick = <T,>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 16) % xs.length]!;
  };
  const out: Geometry[] = [];
  while (out.length < count) {
    const groups = pick([1, 1, 1, 7]);
    const cin = groups * pick([1, 7, 33].filter((c) => groups === 1 || c < 33));
    const cout = groups * pick([1, 7, 33].filter((c) => groups === 1 || c < 33));
    const [kh, kw] = [pick([1, 2, 3, 5]), pick([1, 3, 4])];
    const [dh, dw] = [pick([1, 1, 2]), pick([1, 3])];
    const [ph, pw] = [pick([0, 0, 1, 2]), pick([0, 1, 3])];
    const [h, w] = [pick([1, 7, 8, 33, 35]), pick([1, 7, 13, 33])];
    if (h + 2 * ph < dh * (kh - 1) + 1 || w + 2 * pw < dw * (kw - 1) + 1) continue;
    out.push(geometry([pick([1, 2, 3]), cin, h, w], [cout, cin / groups, kh, kw], { stride: [pick([1, 2, 3]), pick([1, 2])], padding: [ph, pw], dilation: [dh, dw], groups }));
  }
  return out;
}

interface Passes {
  y: Float64Array;
  gx: Float64Array;
  gw: Float64Array;
  gb: Float64Array;
  /** Per element, the sum of the magnitudes of the products that make it: the scale of its rounding. */
  scale: { y: Float64Array; gx: Float64Array; gw: Float64Array; gb: Float64Array };
}

/** The four passes by definition: every output pixel, every tap. */
function directConv(g: Conv2dGeometry, x: Float64Array, w: Float64Array, b: Float64Array, gy: Float64Array): Passes {
  const { n, cin, h, w: wd, cout, kh, kw, sh, sw, ph, pw, dh, dw, groups, oh, ow } = g;
  const cg = cin / groups;
  const og = cout / groups;
  const r: Passes = {
    y: new Float64Array(n * cout * oh * ow), gx: new Float64Array(x.length), gw: new Float64Array(w.length), gb: new Float64Array(cout),
    scale: { y: new Float64Array(n * cout * oh * ow), gx: new Float64Array(x.length), gw: new Float64Array(w.length), gb: new Float64Array(cout) },
  };
  for (let bi = 0; bi < n; bi++) {
    for (let co = 0; co < cout; co++) {
      const gi = Math.floor(co / og);
      for (let oy = 0; oy < oh; oy++) {
        for (let ox = 0; ox < ow; ox++) {
          const o = ((bi * cout + co) * oh + oy) * ow + ox;
          const up = gy[o]!;
          let acc = b[co]!;
          let mag = Math.abs(b[co]!);
          r.gb[co] += up;
          r.scale.gb[co] += Math.abs(up);
          for (let c = 0; c < cg; c++) {
            const ci = gi * cg + c;
            for (let ky = 0; ky < kh; ky++) {
              const iy = oy * sh - ph + ky * dh;
              if (iy < 0 || iy >= h) continue;
              for (let kx = 0; kx < kw; kx++) {
                const ix = ox * sw - pw + kx * dw;
                if (ix < 0 || ix >= wd) continue;
                const xi = ((bi * cin + ci) * h + iy) * wd + ix;
                const wi = ((co * cg + c) * kh + ky) * kw + kx;
                acc += x[xi]! * w[wi]!;
                mag += Math.abs(x[xi]! * w[wi]!);
                r.gx[xi] += w[wi]! * up;
                r.scale.gx[xi] += Math.abs(w[wi]! * up);
                r.gw[wi] += x[xi]! * up;
                r.scale.gw[wi] += Math.abs(x[xi]! * up);
              }
            }
          }
          r.y[o] = acc;
          r.scale.y[o] = mag;
        }
      }
    }
  }
  return r;
}

function kernelPasses(g: Conv2dGeometry, x: FloatArray, w: FloatArray, b: FloatArray, gy: FloatArray): Record<'y' | 'gx' | 'gw' | 'gb', FloatArray> {
  const make = (n: number) => (x instanceof Float64Array ? new Float64Array(n) : new Float32Array(n));
  const out = { y: make(gy.length), gx: make(x.length), gw: make(w.length), gb: make(b.length) };
  // Poison the outputs: every pass must overwrite (or zero) what it writes.
  for (const a of Object.values(out)) a.fill(NaN);
  conv2dForward(x, w, b, g, out.y);
  conv2dBackwardInput(gy, w, g, out.gx);
  conv2dBackwardWeight(gy, x, g, out.gw);
  conv2dBackwardBias(gy, g, out.gb);
  return out;
}

const describeGeometry = (c: Geometry) =>
  `x ${c.x.join('x')}, w ${c.w.join('x')}, stride ${c.stride}, padding ${c.padding}, dilation ${c.dilation}, groups ${c.groups}`;

function check(c: Geometry, dtype: 'float32' | 'float64', run: (f: () => void) => void): void {
  const g = conv2dGeometry(c.x, c.w, c.stride, c.padding, c.dilation, c.groups);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const x = lcgValues(1, size(c.x));
  const w = lcgValues(2, size(c.w));
  const b = lcgValues(3, g.cout);
  const gy = lcgValues(4, g.n * g.cout * g.oh * g.ow);
  const want = directConv(g, x, w, b, gy);
  const Arr = dtype === 'float32' ? Float32Array : Float64Array;
  run(() => {
    const got = kernelPasses(g, Arr.from(x), Arr.from(w), Arr.from(b), Arr.from(gy));
    const eps = dtype === 'float32' ? 2 ** -22 : 2 ** -50;
    for (const key of ['y', 'gx', 'gw', 'gb'] as const) {
      const [a, e, s] = [got[key], want[key], want.scale[key]];
      for (let i = 0; i < a.length; i++) {
        if (!(Math.abs(a[i]! - e[i]!) <= eps * s[i]!)) {
          throw new Error(`${describeGeometry(c)}, ${dtype}: ${key}[${i}] is ${a[i]}, by definition ${e[i]}`);
        }
      }
    }
  });
}

const RANDOM = randomGeometries(24);

describe('convolution kernels against the direct definition', () => {
  for (const path of KERNEL_PATHS) {
    it(`float32, ${path.name}: fixed awkward geometries`, () => {
      for (const c of FIXED) check(c, 'float32', (f) => onKernelPath(path, f));
    });
    it(`float32, ${path.name}: ${RANDOM.length} random geometries`, () => {
      for (const c of RANDOM) check(c, 'float32', (f) => onKernelPath(path, f));
    });
  }
  it('float64 (TypeScript columns and GEMM): fixed and random geometries', () => {
    for (const c of [...FIXED, ...RANDOM]) check(c, 'float64', (f) => f());
  });
});
