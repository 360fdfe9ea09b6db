// Quick GEMM timing against tfjs-wasm (one thread), in one process: Glassgrad's
// mm() (what `npm run bench` times: the WebAssembly SGEMM, Note [WebAssembly
// SGEMM], into a new tensor), gemm() on the TypeScript kernel in float32
// (setGemmSimd(false)), and tfjs-wasm's matMul into a new tensor, also with
// the readback (dataSync) that `npm run bench` used to time on tfjs's side
// only; then a few non-square shapes. The variants run interleaved, round
// after round, each keeping its best round, so that load from other processes
// on a shared machine hits them alike.
// Run with `node --experimental-wasm-relaxed-simd --import tsx bench/matmul.ts [rounds] [sizes]`,
// sizes comma-separated (default 256,512,1024).
import { gemm, mat, setGemmSimd } from '../engine/kernels/gemm.ts';
import { randn } from '../engine/ops/creation_random.ts';
import { mm } from '../engine/ops/linalg.ts';
import { initTfjs, tfjsMatmul, useTfjsBackend } from './tfjs_baseline.ts';

function random(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.random() * 2 - 1;
  return x;
}

/** Best milliseconds per call of each function, over interleaved rounds of about `roundMs` each. */
function interleavedBest(fns: (() => void)[], rounds: number, roundMs: number): number[] {
  const calls = fns.map((fn) => {
    fn(); // warm up (JIT, wasm tier-up, scratch growth)
    const t0 = performance.now();
    fn();
    return Math.max(1, Math.round(roundMs / Math.max(performance.now() - t0, 0.01)));
  });
  const best = fns.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    fns.forEach((fn, i) => {
      const t0 = performance.now();
      for (let c = 0; c < calls[i]!; c++) fn();
      best[i] = Math.min(best[i]!, (performance.now() - t0) / calls[i]!);
    });
  }
  return best;
}

/** gemm() on float32 C (m x n) = A (m x k) @ B, B given as its transpose when bT, on the SGEMM or (simd false) the TypeScript kernel. */
function f32Gemm(m: number, n: number, k: number, bT: boolean, simd: boolean): () => void {
  const a = random(m * k), b = random(k * n), c = new Float32Array(m * n);
  const B = bT ? mat(b, 0, 1, k) : mat(b, 0, n, 1);
  return () => {
    setGemmSimd(simd);
    try {
      gemm(m, n, k, 1, mat(a, 0, k, 1), B, 0, mat(c, 0, n, 1));
    } finally {
      setGemmSimd(true);
    }
  };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 15);
  const sizes = (process.argv[3] ?? '256,512,1024').split(',').map(Number);
  await initTfjs();
  await useTfjsBackend('wasm');
  const rate = (flops: number, ms: number) => (flops / ms / 1e6).toFixed(2).padStart(8);
  console.log(`GFLOP/s, 1 thread, best of ${rounds} interleaved rounds`);
  console.log('    n   mm() f32  TS f32   tfjs-wasm  +readback   mm / tfjs-wasm  mm / (tfjs-wasm + readback)');
  for (const n of sizes) {
    const flops = 2 * n ** 3;
    const a = randn([n, n]), b = randn([n, n]);
    const [ours, ts, tf, tfRead] = interleavedBest([
      () => mm(a, b).release(), f32Gemm(n, n, n, false, false), tfjsMatmul(n), tfjsMatmul(n, true),
    ], rounds, n >= 1024 ? 150 : 60);
    a.release();
    b.release();
    console.log(`${String(n).padStart(5)}  ${rate(flops, ours!)}${rate(flops, ts!)}  ${rate(flops, tf!)}   ${rate(flops, tfRead!)}      ${(tf! / ours!).toFixed(2)}x            ${(tfRead! / ours!).toFixed(2)}x`);
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
    const [simd, ts] = interleavedBest([f32Gemm(m, n, k, bT, true), f32Gemm(m, n, k, bT, false)], Math.min(rounds, 5), 20);
    console.log(`${`${name} (${m}x${n}x${k})`.padEnd(38)} ${rate(flops, simd!)}  ${rate(flops, ts!)}`);
  }
}

void main();
