// Convolution's WebAssembly columns (Note [Convolution columns in WebAssembly]
// in conv.ts) against the TypeScript im2col / col2im, which the PyTorch
// fixtures in engine/ops/conv.test.ts also check: all three passes, on
// geometries with every edge the tap table and the loops have (padding wider
// than the kernel reach, strides 2 and 3, dilation, groups, rectangular
// kernels, output rows not a multiple of four floats), in one process so the
// workspace is reused and regrown.
import { afterEach, describe, expect, it } from 'vitest';
import { conv2dBackwardInput, conv2dBackwardWeight, conv2dForward, conv2dGeometry } from './conv.ts';
import { gemmUsesSimd, setGemmSimd } from './gemm.ts';

let seed = 7;
function rand(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = (seed / 2 ** 32) * 2 - 1;
  }
  return x;
}

interface Case {
  x: [number, number, number, number];
  w: [number, number, number, number];
  stride?: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
  groups?: number;
}

const CASES: Case[] = [
  { x: [2, 3, 9, 11], w: [4, 3, 3, 3] },
  { x: [2, 3, 9, 11], w: [4, 3, 3, 3], padding: [1, 1] },
  { x: [1, 2, 10, 13], w: [3, 2, 3, 2], stride: [2, 3], padding: [2, 1] },
  { x: [2, 4, 12, 12], w: [6, 2, 3, 3], dilation: [2, 3], padding: [3, 2], groups: 2 },
  { x: [1, 1, 5, 7], w: [2, 1, 5, 7], padding: [4, 6] }, // padding reaches past the whole kernel
  { x: [3, 2, 8, 8], w: [5, 2, 1, 1], stride: [2, 2] }, // 1x1 but strided: not a plain product
  { x: [2, 5, 17, 6], w: [7, 5, 4, 1], stride: [1, 2], padding: [0, 3], dilation: [3, 1] },
];

function passes(c: Case): void {
  const g = conv2dGeometry(c.x, c.w, c.stride ?? [1, 1], c.padding ?? [0, 0], c.dilation ?? [1, 1], c.groups ?? 1);
  const x = rand(c.x.reduce((a, b) => a * b));
  const w = rand(c.w.reduce((a, b) => a * b));
  const bias = rand(g.cout);
  const gy = rand(g.n * g.cout * g.oh * g.ow);
  const run = (simd: boolean) => {
    setGemmSimd(simd);
    const y = new Float32Array(gy.length);
    const gx = new Float32Array(x.length);
    const gw = new Float32Array(w.length);
    conv2dForward(x, w, bias, g, y);
    conv2dBackwardInput(gy, w, g, gx);
    conv2dBackwardWeight(gy, x, g, gw);
    return { y, gx, gw };
  };
  const want = run(false);
  const got = run(true);
  // Products summed per output element: float32 sums (WebAssembly) against double (TypeScript)
  // differ by rounding that grows with it, far below one product (~0.3 here).
  const terms = { y: g.cin / g.groups * g.kh * g.kw, gx: g.cout / g.groups * g.kh * g.kw, gw: g.n * g.oh * g.ow };
  for (const key of ['y', 'gx', 'gw'] as const) {
    const [a, b] = [got[key], want[key]];
    for (let i = 0; i < a.length; i++) {
      if (!(Math.abs(a[i]! - b[i]!) <= 1e-6 * terms[key] * Math.max(1, Math.abs(b[i]!)))) {
        throw new Error(`${JSON.stringify(c)} ${key}[${i}] is ${a[i]} with WebAssembly, ${b[i]} with TypeScript`);
      }
    }
  }
}

describe('convolution with WebAssembly im2col / col2im', () => {
  afterEach(() => setGemmSimd(true));

  it('runs where WebAssembly SIMD exists', () => {
    expect(gemmUsesSimd()).toBe(true);
  });

  it('matches the TypeScript loops in all three passes, on every geometry', () => {
    for (const c of CASES) passes(c);
  });

  it('still matches after the workspace grows, and after it shrinks back', () => {
    passes({ x: [2, 16, 40, 40], w: [8, 16, 3, 3], padding: [1, 1] });
    passes(CASES[0]!);
  });

  it('reads zeros where a tap falls in the padding, whatever the workspace held before', () => {
    // A 1x1 image, 3x3 kernel, padding 1: only the centre tap sees the image.
    const g = conv2dGeometry([1, 1, 1, 1], [1, 1, 3, 3], [1, 1], [1, 1], [1, 1], 1);
    const y = new Float32Array(1);
    conv2dForward(Float32Array.of(2), Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]), null, g, y);
    expect(y[0]).toBe(10);
  });
});
