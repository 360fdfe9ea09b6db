// One training step (forward + backward) of the reference CNN on a 64x1x28x28
// batch, ours (WebAssembly kernels, and the TypeScript kernels alone) against
// tfjs-cpu: wall-clock and CPU-time medians.
// Run with `npx tsx bench/cnn.ts`. (`npm run bench` is the official figure.)
import { Tensor } from '../engine/core/tensor.ts';
import { tidy } from '../engine/core/scope.ts';
import { runBackward } from '../engine/autograd/backward.ts';
import { conv2d } from '../engine/ops/conv.ts';
import { maxPool2d } from '../engine/ops/pool.ts';
import { linear } from '../engine/ops/linalg.ts';
import { relu } from '../engine/ops/pointwise_unary.ts';
import { view } from '../engine/ops/layout_views.ts';
import { logSoftmax } from '../engine/ops/softmax.ts';
import { nllLoss } from '../engine/ops/nn_loss.ts';
import { setConvColumnsWasm } from '../engine/kernels/conv.ts';
import { setGemmSimd } from '../engine/kernels/gemm.ts';
import { measure } from './timing.ts';
import { initTfjs, tfjsCnnStep } from './tfjs_baseline.ts';

function param(shape: number[], fanIn: number): Tensor {
  const t = Tensor.empty(shape, 'float32');
  const b = 1 / Math.sqrt(fanIn);
  for (let i = 0; i < t.numel; i++) t.storage.data[i] = (Math.random() * 2 - 1) * b;
  t.leafRequiresGrad = true;
  return t;
}

const batch = 64;
const w1 = param([10, 1, 5, 5], 25), b1 = param([10], 25);
const w2 = param([20, 10, 5, 5], 250), b2 = param([20], 250);
const w3 = param([50, 320], 320), b3 = param([50], 320);
const w4 = param([10, 50], 50), b4 = param([10], 50);
const params = [w1, b1, w2, b2, w3, b3, w4, b4];
const x = Tensor.empty([batch, 1, 28, 28], 'float32');
for (let i = 0; i < x.numel; i++) x.storage.data[i] = Math.random();
const target = Tensor.empty([batch], 'int64');
for (let i = 0; i < batch; i++) target.storage.data[i] = Math.floor(Math.random() * 10);

function step(): void {
  tidy(() => {
    let h = relu(maxPool2d(conv2d(x, w1, b1), 2));
    h = relu(maxPool2d(conv2d(h, w2, b2), 2));
    h = view(h, [-1, 320]);
    h = relu(linear(h, w3, b3));
    const loss = nllLoss(logSoftmax(linear(h, w4, b4), 1), target);
    runBackward([loss], [null]);
    for (const p of params) {
      // SGD without momentum, in place: p -= 0.01 * grad.
      const d = p.storage.data, g = p.grad!.storage.data;
      for (let i = 0; i < d.length; i++) d[i] -= 0.01 * g[i]!;
      p.grad!.release();
      p.grad = null;
    }
    return [];
  });
}

/** Median CPU time (user + system) of fn: steadier than wall time when the machine is shared. */
function cpuMedian(fn: () => void, runs: number): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    times.push((c.user + c.system) / 1000);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

async function main(): Promise<void> {
  const ours = measure(step, { warmup: 3, budgetMs: 3000 });
  const oursCpu = cpuMedian(step, 20);
  setGemmSimd(false);
  setConvColumnsWasm(false);
  const ts = measure(step, { warmup: 1, budgetMs: 1500 });
  setGemmSimd(true);
  setConvColumnsWasm(true);
  await initTfjs();
  const tfStep = tfjsCnnStep(batch);
  const theirs = measure(tfStep, { warmup: 2, budgetMs: 6000 });
  const theirsCpu = cpuMedian(tfStep, 5);
  const ratio = (a: number, b: number) => `x${(a / b).toFixed(1)}`;
  console.log(`CNN step, batch ${batch} (wall, median): ours ${ours.medianMs.toFixed(1)} ms, tfjs-cpu ${theirs.medianMs.toFixed(1)} ms, ${ratio(theirs.medianMs, ours.medianMs)}`);
  console.log(`CNN step, batch ${batch} (CPU time):     ours ${oursCpu.toFixed(1)} ms, tfjs-cpu ${theirsCpu.toFixed(1)} ms, ${ratio(theirsCpu, oursCpu)}`);
  console.log(`CNN step, batch ${batch} (wall, median), TypeScript kernels only: ${ts.medianMs.toFixed(1)} ms, ${ratio(theirs.medianMs, ts.medianMs)} vs tfjs-cpu`);
}

void main();
