// The GEMM kernel against a plain double-precision triple loop: every size
// class the blocking has edges for (tiny, below one tile, across the MR/NR
// tiles, the KC and MC blocks), transposed and strided operands, alpha/beta,
// both precisions, and both kernels (the WebAssembly SGEMM for float32 and the
// TypeScript one). The SGEMM path of gemm against the TypeScript kernel on
// awkward sizes, through every way gemm hands it C (see Note [One GEMM]), is
// in wasm/sgemm_cases.ts, run on both kernels variants by wasm/sgemm.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { gemm, gemmBatched, gemmUsesSimd, mat, naiveGemm, setGemmSimd, transposed, type FloatArray, type MatView } from './gemm.ts';

let seed = 12345;
function rand(n: number, Arr: new (n: number) => FloatArray): FloatArray {
  const x = new Arr(n);
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    x[i] = (seed / 2 ** 32) * 2 - 1;
  }
  return x;
}

/** The reference: C = alpha A B + beta C in float64, read through the same views. */
function reference(m: number, n: number, k: number, alpha: number, a: MatView, b: MatView, beta: number, c: MatView): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc += a.data[a.offset + i * a.rs + p * a.cs]! * b.data[b.offset + p * b.rs + j * b.cs]!;
      const old = c.data[c.offset + i * c.rs + j * c.cs]!;
      out.push(beta === 0 ? alpha * acc : alpha * acc + beta * old);
    }
  }
  return out;
}

function read(m: number, n: number, c: MatView): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out.push(c.data[c.offset + i * c.rs + j * c.cs]!);
  return out;
}

type Layout = 'row' | 'col' | 'strided';
/** A view of an m x n matrix inside a fresh buffer, laid out as asked (strided: row-major with padding and an offset). */
function view(m: number, n: number, layout: Layout, Arr: new (n: number) => FloatArray): MatView {
  if (layout === 'row') return mat(rand(m * n, Arr), 0, n, 1);
  if (layout === 'col') return mat(rand(m * n, Arr), 0, 1, m);
  return mat(rand(3 + m * (n + 2) * 2, Arr), 3, (n + 2) * 2, 2);
}

function check(m: number, n: number, k: number, la: Layout, lb: Layout, lc: Layout, f64: boolean, alpha = 1, beta = 0): void {
  const Arr = f64 ? Float64Array : Float32Array;
  const a = view(m, k, la, Arr);
  const b = view(k, n, lb, Arr);
  const c = view(m, n, lc, Arr);
  const want = reference(m, n, k, alpha, a, b, beta, c);
  gemm(m, n, k, alpha, a, b, beta, c);
  const got = read(m, n, c);
  const tol = f64 ? 1e-12 : 2e-5;
  for (let i = 0; i < want.length; i++) {
    const scale = Math.max(1, Math.sqrt(k));
    if (!(Math.abs(got[i]! - want[i]!) <= tol * scale * Math.max(1, Math.abs(want[i]!)))) {
      throw new Error(`m=${m} n=${n} k=${k} ${la}/${lb}/${lc} f64=${f64}: element ${i} is ${got[i]}, expected ${want[i]}`);
    }
  }
}

const SIZES: [number, number, number][] = [
  [1, 1, 1], [2, 3, 4], [4, 8, 5], [5, 9, 3], [13, 11, 40], [17, 33, 7], [64, 64, 64],
  [37, 70, 29], [3, 100, 300], [130, 20, 257], [1, 50, 70], [70, 1, 50], [9, 600, 2], [150, 7, 9],
];

describe.each([
  ['SIMD', true],
  ['scalar', false],
])('gemm with the %s micro-kernel', (_name, simd) => {
  afterEach(() => setGemmSimd(true));

  it('matches the reference for every size class, in both precisions', () => {
    setGemmSimd(simd);
    for (const [m, n, k] of SIZES) for (const f64 of [false, true]) check(m, n, k, 'row', 'row', 'row', f64);
  });

  it('reads transposed and strided operands without copies, and writes strided outputs', () => {
    setGemmSimd(simd);
    const layouts: Layout[] = ['row', 'col', 'strided'];
    for (const la of layouts) for (const lb of layouts) for (const lc of layouts) check(19, 21, 23, la, lb, lc, false);
    check(130, 40, 300, 'col', 'col', 'col', true);
  });

  it('applies alpha and beta', () => {
    setGemmSimd(simd);
    check(10, 12, 8, 'row', 'col', 'row', true, 2.5, -0.5);
    check(33, 17, 70, 'strided', 'row', 'strided', false, -1, 1);
    check(2, 2, 2, 'row', 'row', 'row', true, 0, 3);
  });
});

describe('gemm edge cases', () => {
  it('the SIMD micro-kernel is in use where WebAssembly SIMD exists', () => {
    expect(gemmUsesSimd()).toBe(true);
  });

  it('beta = 0 never reads C (NaN in C does not propagate); k = 0 gives beta * C', () => {
    const c = mat(new Float32Array(64 * 64).fill(NaN), 0, 64, 1);
    gemm(64, 64, 64, 1, mat(new Float32Array(4096).fill(1), 0, 64, 1), mat(new Float32Array(4096).fill(1), 0, 64, 1), 0, c);
    expect(new Set(read(64, 64, c))).toEqual(new Set([64]));
    const d = mat(Float64Array.from([1, 2, 3, 4]), 0, 2, 1);
    gemm(2, 2, 0, 1, mat(new Float64Array(0), 0, 0, 1), mat(new Float64Array(0), 0, 2, 1), 2, d);
    expect(read(2, 2, d)).toEqual([2, 4, 6, 8]);
    gemm(2, 2, 0, 1, mat(new Float64Array(0), 0, 0, 1), mat(new Float64Array(0), 0, 2, 1), 0, d);
    expect(read(2, 2, d)).toEqual([0, 0, 0, 0]);
  });

  it('NaN and infinity in the operands propagate', () => {
    const a = Float32Array.from({ length: 100 * 100 }, () => 1);
    a[5] = NaN;
    a[100 * 50 + 7] = Infinity;
    const c = mat(new Float32Array(100 * 100), 0, 100, 1);
    gemm(100, 100, 100, 1, mat(a, 0, 100, 1), mat(new Float32Array(100 * 100).fill(1), 0, 100, 1), 0, c);
    const out = read(100, 100, c);
    expect(out[0]).toBeNaN();
    expect(out[50 * 100]).toBe(Infinity);
    expect(out[1 * 100]).toBe(100);
  });

  it('transposed() views the transpose; gemmBatched broadcasts a stride-0 operand', () => {
    const a = mat(Float64Array.from([1, 2, 3, 4, 5, 6]), 0, 3, 1);
    const c = mat(new Float64Array(4), 0, 2, 1);
    gemm(2, 2, 3, 1, a, transposed(a), 0, c);
    expect(read(2, 2, c)).toEqual([14, 32, 32, 77]);
    const out = new Float64Array(8);
    gemmBatched(2, 2, 2, 3, 1, a, 0, mat(Float64Array.from([1, 0, 0, 1, 1, 1, 2, 0, 0, 2, 2, 2]), 0, 2, 1), 6, 0, mat(out, 0, 2, 1), 4);
    expect([...out]).toEqual([4, 5, 10, 11, 8, 10, 20, 22]);
  });

  it('naiveGemm casts through the callback (integer matmul)', () => {
    const a = mat(Int32Array.from([1, 2, 3, 4]), 0, 2, 1);
    const c = mat(new Int32Array(4), 0, 2, 1);
    naiveGemm(2, 2, 2, 1, a, a, 0, c, (v) => v | 0);
    expect([...c.data]).toEqual([7, 10, 15, 22]);
  });
});
