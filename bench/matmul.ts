// Quick GEMM timing: gemm's float32 path (the WebAssembly SGEMM, Note [One
// GEMM] in engine/kernels/gemm.ts), its TypeScript kernel (float64, and float32
// with setGemmSimd(false)), and tfjs-backend-cpu (tfjs-core + CPU backend,
// bundled in-process by tfjs_baseline.ts); then a few non-square shapes.
// Run with `npx tsx bench/matmul.ts`. Single thread; the best of repeated
// wall-clock runs, so compare figures from one run, on an otherwise idle machine.
import { gemm, mat, setGemmSimd } from '../engine/kernels/gemm.ts';
import { initTfjs, tfjsMatmul } from './tfjs_baseline.ts';

/** The fastest of the runs that fit in minMs (at least two): robust when other processes share the CPU. */
function timeIt(fn: () => void, minMs = 300): number {
  fn(); // warm up (JIT, wasm tier-up, scratch growth)
  let best = Infinity;
  const start = performance.now();
  for (let runs = 0; runs < 2 || performance.now() - start < minMs; runs++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return best / 1000;
}

function random<T extends Float32Array | Float64Array>(n: number, Arr: new (n: number) => T): T {
  const x = new Arr(n);
  for (let i = 0; i < n; i++) x[i] = Math.random() * 2 - 1;
  return x;
}

/** Seconds for C (m x n) = A (m x k) @ B, B given as its transpose when bT, on the float32 path chosen by `simd`. */
function timeF32(m: number, n: number, k: number, bT: boolean, simd: boolean): number {
  const a = random(m * k, Float32Array), b = random(k * n, Float32Array), c = new Float32Array(m * n);
  setGemmSimd(simd);
  try {
    return timeIt(() => gemm(m, n, k, 1, mat(a, 0, k, 1), bT ? mat(b, 0, 1, k) : mat(b, 0, n, 1), 0, mat(c, 0, n, 1)));
  } finally {
    setGemmSimd(true);
  }
}

async function main(): Promise<void> {
  await initTfjs();
  const rate = (flops: number, s: number) => (flops / s / 1e9).toFixed(2).padStart(7);
  console.log('    n   SGEMM f32   TS f64   TS f32   tfjs-cpu f32   (GFLOP/s)');
  for (const n of [256, 512, 1024]) {
    const flops = 2 * n ** 3;
    const a64 = random(n * n, Float64Array), b64 = random(n * n, Float64Array), c64 = new Float64Array(n * n);
    const f32 = timeF32(n, n, n, false, true);
    const f64 = timeIt(() => gemm(n, n, n, 1, mat(a64, 0, n, 1), mat(b64, 0, n, 1), 0, mat(c64, 0, n, 1)));
    const ts32 = timeF32(n, n, n, false, false);
    const tfs = timeIt(tfjsMatmul(n), n >= 1024 ? 3000 : 1000);
    console.log(`${String(n).padStart(5)}   ${rate(flops, f32)}  ${rate(flops, f64)}  ${rate(flops, ts32)}      ${rate(flops, tfs)}      x${(tfs / f32).toFixed(1)} vs tfjs`);
  }
  console.log('\nfloat32, m x n x k                     SGEMM    TS f32   (GFLOP/s)');
  const shapes: [string, number, number, number, boolean][] = [
    ['row vector @ matrix', 1, 1024, 1024, false],
    ['narrow C (n = 8)', 1024, 8, 1024, false],
    ['CNN fc1 forward, x @ W^T', 64, 50, 320, true],
    ['CNN conv2 as GEMM, W @ cols', 20, 64, 250, false],
  ];
  for (const [name, m, n, k, bT] of shapes) {
    const flops = 2 * m * n * k;
    const label = `${name} (${m}x${n}x${k})`.padEnd(38);
    console.log(`${label} ${rate(flops, timeF32(m, n, k, bT, true))}  ${rate(flops, timeF32(m, n, k, bT, false))}`);
  }
}

void main();
