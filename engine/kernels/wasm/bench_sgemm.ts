// GFLOP/s of the WebAssembly SIMD SGEMM (single thread), on each kernels
// variant this Node can run, against a plain JavaScript 4x8-register-tile
// kernel (below), the engine's mm() (median, as `npm run bench` reports it)
// and tfjs-backend-wasm's matMul (XNNPACK), all in one process.
// Run (relaxed SIMD needs the flag in Node 20, as in `npm run bench`):
//   node --experimental-wasm-relaxed-simd --import tsx engine/kernels/wasm/bench_sgemm.ts [sizes...]   (default 256 512 1024)
import { initTfjs, tfjsMatmul, useTfjsBackend } from '../../../bench/tfjs_baseline.ts';
import { measure } from '../../../bench/timing.ts';
import { randn } from '../../ops/creation_random.ts';
import { mm } from '../../ops/linalg.ts';
import { KERNELS_VARIANTS, kernelsVariantAvailable, type KernelsVariant } from './instance.ts';
import { sgemmKernels, sgemmWasm, sgemmWasmAvailable, useSgemmKernels } from './sgemm.ts';

/**
 * Seconds per call: the best of repeated timings (each of enough calls to
 * take ~20 ms) after a warm-up (JIT, wasm tier-up, memory growth). The best,
 * not the median, because on a shared machine other load only adds time.
 */
function secondsPerCall(fn: () => void, budgetMs: number): number {
  const warm = performance.now();
  let calls = 0;
  while (calls < 3 || performance.now() - warm < 100) {
    fn();
    calls++;
  }
  const batch = Math.max(1, Math.round((calls * 20) / (performance.now() - warm)));
  let best = Infinity;
  const start = performance.now();
  while (performance.now() - start < budgetMs) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) fn();
    best = Math.min(best, (performance.now() - t0) / batch);
  }
  return best / 1000;
}

/** Plain JavaScript: C = A @ B, row-major, 4x8 register tile (n a multiple of 8, m of 4). */
function jsGemm4x8(m: number, n: number, k: number, a: Float32Array, b: Float32Array, c: Float32Array): void {
  for (let i = 0; i < m; i += 4) {
    for (let j = 0; j < n; j += 8) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
      for (let p = 0, ia = i * k, ib = j; p < k; p++, ia++, ib += n) {
        const b0 = b[ib]!, b1 = b[ib + 1]!, b2 = b[ib + 2]!, b3 = b[ib + 3]!, b4 = b[ib + 4]!, b5 = b[ib + 5]!, b6 = b[ib + 6]!, b7 = b[ib + 7]!;
        let x = a[ia]!;
        c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3; c04 += x * b4; c05 += x * b5; c06 += x * b6; c07 += x * b7;
        x = a[ia + k]!;
        c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3; c14 += x * b4; c15 += x * b5; c16 += x * b6; c17 += x * b7;
        x = a[ia + 2 * k]!;
        c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3; c24 += x * b4; c25 += x * b5; c26 += x * b6; c27 += x * b7;
        x = a[ia + 3 * k]!;
        c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3; c34 += x * b4; c35 += x * b5; c36 += x * b6; c37 += x * b7;
      }
      const rows = [[c00, c01, c02, c03, c04, c05, c06, c07], [c10, c11, c12, c13, c14, c15, c16, c17],
        [c20, c21, c22, c23, c24, c25, c26, c27], [c30, c31, c32, c33, c34, c35, c36, c37]];
      for (let r = 0; r < 4; r++) c.set(rows[r]!, (i + r) * n + j);
    }
  }
}

function random(len: number): Float32Array {
  const x = new Float32Array(len);
  for (let i = 0; i < len; i++) x[i] = Math.random() * 2 - 1;
  return x;
}

/** Shapes of a small MLP's training step (batch 64, 784 -> 128 -> 10), as PyTorch's Linear computes them. */
const MLP: [string, number, number, number, 'N' | 'T', 'N' | 'T'][] = [
  // name, m, n, k, A layout, B layout (T: the operand is a transposed view)
  ['x @ W1^T   (64x784 @ 784x128)', 64, 128, 784, 'N', 'T'],
  ['g @ W1     (64x128 @ 128x784)', 64, 784, 128, 'N', 'N'],
  ['g^T @ x    (128x64 @ 64x784)', 128, 784, 64, 'T', 'N'],
  ['h @ W2^T   (64x128 @ 128x10)', 64, 10, 128, 'N', 'T'],
];

function mlpShapes(): void {
  console.log('\nMLP training shapes      wasm GFLOP/s   microseconds');
  for (const [name, m, n, k, la, lb] of MLP) {
    const a = random(m * k), b = random(k * n), c = new Float32Array(m * n);
    // A is m x k: row-major (N) or the transpose of a row-major k x m (T); likewise B.
    const [ars, acs] = la === 'N' ? [k, 1] : [1, m];
    const [brs, bcs] = lb === 'N' ? [n, 1] : [1, k];
    const s = secondsPerCall(() => sgemmWasm(m, n, k, a, 0, ars, acs, b, 0, brs, bcs, c, 0, n, 0), 1000);
    console.log(`${name.padEnd(30)} ${((2 * m * n * k) / s / 1e9).toFixed(2).padStart(8)}   ${(s * 1e6).toFixed(1).padStart(10)}`);
  }
}

/** mm() on two n x n tensors: the median milliseconds, as bench/run.ts measures it. */
function mmMedianMs(n: number, budgetMs: number): number {
  const a = randn([n, n]), b = randn([n, n]);
  const ms = measure(() => mm(a, b).release(), { budgetMs }).medianMs;
  a.release();
  b.release();
  return ms;
}

async function main(): Promise<void> {
  if (!sgemmWasmAvailable()) {
    console.log('WebAssembly SIMD is not available here.');
    return;
  }
  const sizes = process.argv.slice(2).map(Number).filter((s) => s > 0);
  const variants: KernelsVariant[] = KERNELS_VARIANTS.filter(kernelsVariantAvailable);
  const best = sgemmKernels()!;
  await initTfjs();
  await useTfjsBackend('wasm');
  console.log(`kernels: ${variants.map((v) => `${v}${v === best.variant ? ` (in use by mm, ${best.mr}x${best.nr})` : ''}`).join(', ')}`);
  console.log(`    n  ${variants.map((v) => `${v}: A@B   A@B^T   A^T@B`.padStart(36)).join('')}    js 4x8   mm() median  tfjs-wasm median   (GFLOP/s, 1 thread)`);
  for (const n of sizes.length ? sizes : [256, 512, 1024]) {
    const a = random(n * n), b = random(n * n), c = new Float32Array(n * n);
    const budget = n >= 1024 ? 3000 : 1000;
    const gflops = (s: number): string => ((2 * n ** 3) / s / 1e9).toFixed(2).padStart(8);
    let line = String(n).padStart(5) + '  ';
    for (const v of variants) {
      useSgemmKernels(v);
      const nn = secondsPerCall(() => sgemmWasm(n, n, n, a, 0, n, 1, b, 0, n, 1, c, 0, n, 0), budget);
      const nt = secondsPerCall(() => sgemmWasm(n, n, n, a, 0, n, 1, b, 0, 1, n, c, 0, n, 0), budget);
      const tn = secondsPerCall(() => sgemmWasm(n, n, n, a, 0, 1, n, b, 0, n, 1, c, 0, n, 0), budget);
      line += `${' '.repeat(12)}${gflops(nn)}${gflops(nt)}${gflops(tn)}`;
    }
    useSgemmKernels('best');
    const js = n % 8 === 0 ? secondsPerCall(() => jsGemm4x8(n, n, n, a, b, c), budget) : NaN;
    const ours = mmMedianMs(n, budget) / 1000;
    const tf = measure(tfjsMatmul(n), { budgetMs: budget }).medianMs / 1000;
    console.log(`${line}  ${gflops(js)}     ${gflops(ours)}          ${gflops(tf)}   mm / tfjs-wasm ${(tf / ours).toFixed(2)}x`);
  }
  if (!sizes.length) {
    for (const v of variants) {
      useSgemmKernels(v);
      console.log(`\n${v}:`);
      mlpShapes();
    }
    useSgemmKernels('best');
  }
}

void main();
