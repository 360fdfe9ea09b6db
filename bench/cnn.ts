// One training step (forward + backward + SGD with momentum) of the reference
// CNN on a 64x1x28x28 batch, as `npm run bench` times it: Glassgrad with every
// WebAssembly kernel, with the 2 x 2 max pooling in TypeScript instead (Note
// [Max pooling in WebAssembly]), and with the TypeScript kernels alone, against
// tfjs-wasm (one thread, the convolution weight gradient via tf.customGrad).
// The variants run interleaved, round after round, and each keeps its best
// round, so load from other processes on a shared machine hits them alike.
// Run with `node --experimental-wasm-relaxed-simd --import tsx bench/cnn.ts [rounds]`.
import { setGemmSimd } from '../engine/kernels/gemm.ts';
import { setConvColumnsWasm } from '../engine/kernels/conv.ts';
import { setPoolWasm } from '../engine/kernels/pool.ts';
import { glassgradCnnStep } from './cnn_step.ts';
import { initTfjs, tfjsCnnStep, useTfjsBackend } from './tfjs_baseline.ts';

const batch = 64;

/** Runs fn with the WebAssembly kernels switched as given, then switches them all back on. */
function withKernels(on: { gemm: boolean; columns: boolean; pool: boolean }, fn: () => void): () => void {
  return () => {
    setGemmSimd(on.gemm);
    setConvColumnsWasm(on.columns);
    setPoolWasm(on.pool);
    try {
      fn();
    } finally {
      setGemmSimd(true);
      setConvColumnsWasm(true);
      setPoolWasm(true);
    }
  };
}

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 12);
  await initTfjs();
  await useTfjsBackend('wasm');
  const ours = glassgradCnnStep(batch);
  const variants: [string, () => void, number][] = [
    ['Glassgrad, WebAssembly kernels', withKernels({ gemm: true, columns: true, pool: true }, ours), 3],
    ['Glassgrad, max pooling in TypeScript', withKernels({ gemm: true, columns: true, pool: false }, ours), 3],
    ['Glassgrad, TypeScript kernels only', withKernels({ gemm: false, columns: false, pool: false }, ours), 1],
    ['tfjs-wasm', tfjsCnnStep(batch), 3],
  ];
  const best = variants.map(() => Infinity);
  for (const [, step] of variants) step(); // warm up
  for (let r = 0; r < rounds; r++) {
    variants.forEach(([, step, steps], i) => {
      for (let s = 0; s < steps; s++) {
        const t0 = performance.now();
        step();
        best[i] = Math.min(best[i]!, performance.now() - t0);
      }
    });
  }
  const tfjs = best[variants.length - 1]!;
  console.log(`Reference CNN training step, batch ${batch}, best of ${rounds} interleaved rounds (1 thread)`);
  variants.forEach(([name], i) => {
    const ms = best[i]!;
    console.log(`${name.padEnd(38)} ${ms.toFixed(1).padStart(7)} ms  ${((batch * 1000) / ms).toFixed(0).padStart(6)} samples/s  ${(tfjs / ms).toFixed(2)}x tfjs-wasm`);
  });
}

void main();
