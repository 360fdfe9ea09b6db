// TensorFlow.js (core + the CPU and WASM backends) measured in the same
// process as our engine, so every benchmark figure is a ratio taken on the
// same machine. The WASM backend runs one thread (its SIMD build).
//
// tfjs-cpu's own convolution weight gradient is pathological (about 15 s per
// step here); like the baseline we express that gradient as a
// convolution through tf.customGrad, which is tfjs at its best.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type * as TF from '@tensorflow/tfjs-core';

type Tf = typeof TF & {
  setWasmPaths(prefix: string): void;
  setThreadsCount(n: number): void;
};
let tf: Tf;

export type TfjsBackend = 'cpu' | 'wasm';

/** Bundles tfjs-core (with its gradients) and both backends, then loads it. */
export async function initTfjs(): Promise<void> {
  const outfile = join(mkdtempSync(join(tmpdir(), 'glassgrad-bench-')), 'tfjs.cjs');
  await build({
    entryPoints: [new URL('./tfjs_entry.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'], // one copy of tfjs-core: its ESM build everywhere
    outfile,
    logLevel: 'silent',
  });
  const require = createRequire(import.meta.url);
  tf = require(outfile) as Tf;
  tf.setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  tf.setThreadsCount(1);
}

/** Makes `backend` the one the tfjs* functions below run on. */
export async function useTfjsBackend(backend: TfjsBackend): Promise<void> {
  if (!(await tf.setBackend(backend))) throw new Error(`tfjs backend ${backend} failed to initialise`);
  await tf.ready();
}
/**
 * C = A @ B on n x n tensors, as Glassgrad's mm() is timed: the product into a
 * new tensor of the library, released again. Both backends compute
 * synchronously, so no readback is needed to wait for the result; with
 * `readBack` the values are also copied out (dataSync), which on the WASM
 * backend allocates and fills a fresh n x n array that mm() does not pay for.
 */
export function tfjsMatmul(n: number, readBack = false): () => void {
  const a = tf.randomNormal([n, n]);
  const b = tf.randomNormal([n, n]);
  return () => {
    const c = tf.matMul(a, b);
    if (readBack) c.dataSync();
    c.dispose();
  };
}

/** a + b on n-element tensors, into a new tensor, released again (no readback, as tfjsMatmul). */
export function tfjsAdd(n: number): () => void {
  const a = tf.randomNormal([n]);
  const b = tf.randomNormal([n]);
  return () => {
    tf.add(a, b).dispose();
  };
}

/** conv2d (NHWC, valid, stride 1) whose filter gradient is itself a convolution. */
function convWithFastFilterGrad(x: TF.Tensor4D, w: TF.Tensor4D): TF.Tensor4D {
  const f = tf.customGrad((...args: (TF.Tensor | TF.GradSaveFunc)[]) => {
    const [x4, w4, save] = args as [TF.Tensor4D, TF.Tensor4D, TF.GradSaveFunc];
    save([x4, w4]);
    return {
      value: tf.conv2d(x4, w4, 1, 'valid'),
      gradFunc: (dy: TF.Tensor4D, saved: TF.Tensor[]) => {
        const [xs, ws] = saved as [TF.Tensor4D, TF.Tensor4D];
        const dy4 = dy;
        const dx = tf.conv2dTranspose(dy4, ws, xs.shape, 1, 'valid');
        // dW[kh,kw,ci,co] = sum over n,oh,ow of x[n,oh+kh,ow+kw,ci] dy[n,oh,ow,co]:
        // a convolution with the batch as channels.
        const xT = tf.transpose(xs, [3, 1, 2, 0]) as TF.Tensor4D;
        const dyT = tf.transpose(dy4, [1, 2, 0, 3]) as TF.Tensor4D;
        const dw = tf.transpose(tf.conv2d(xT, dyT, 1, 'valid'), [1, 2, 0, 3]);
        return [dx, dw];
      },
    };
  });
  return f(x, w) as TF.Tensor4D;
}

/** One SGD-momentum training step of the reference CNN on a 64x28x28x1 batch. */
export function tfjsCnnStep(batch: number): () => void {
  const init = (shape: number[], fanIn: number) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
  const w1 = init([5, 5, 1, 10], 25);
  const b1 = init([10], 25);
  const w2 = init([5, 5, 10, 20], 250);
  const b2 = init([20], 250);
  const w3 = init([320, 50], 320);
  const b3 = init([50], 320);
  const w4 = init([50, 10], 50);
  const b4 = init([10], 50);
  const x = tf.randomNormal([batch, 28, 28, 1]) as TF.Tensor4D;
  const labels = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  const opt = tf.train.momentum(0.01, 0.5);
  return () => {
    const cost = opt.minimize(() => {
      let h = tf.add(convWithFastFilterGrad(x, w1 as TF.Variable as unknown as TF.Tensor4D), b1) as TF.Tensor4D;
      h = tf.relu(tf.maxPool(h, 2, 2, 'valid'));
      h = tf.add(convWithFastFilterGrad(h, w2 as unknown as TF.Tensor4D), b2) as TF.Tensor4D;
      h = tf.dropout(h, 0.5, [batch, 1, 1, 20]) as TF.Tensor4D; // Dropout2d: whole channels
      h = tf.relu(tf.maxPool(h, 2, 2, 'valid'));
      let f = tf.reshape(h, [batch, 320]) as TF.Tensor2D;
      f = tf.relu(tf.add(tf.matMul(f, w3), b3)) as TF.Tensor2D;
      f = tf.dropout(f, 0.5) as TF.Tensor2D;
      const logits = tf.add(tf.matMul(f, w4), b4);
      const logp = tf.logSoftmax(logits);
      return tf.neg(tf.mean(tf.sum(tf.mul(logp, labels), 1))) as TF.Scalar;
    }, true);
    cost?.dataSync();
    cost?.dispose();
  };
}
