// The TypeScript baseline of the tiny-op row (bench/python.ts): `add` on two
// one-element tensors, called straight from TypeScript, timed like the Python
// loop (the best of many short runs). bench/python.ts bundles it with esbuild
// as the CLI is bundled, so both sides run the engine as users get it.
import { add } from '../engine/ops/pointwise_binary.ts';
import { ones } from '../engine/ops/creation.ts';

const a = ones([1]);
const b = ones([1]);
function run(n: number): number {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) add(a, b).release();
  return ((performance.now() - t0) * 1000) / n;
}
run(20000);
let best = Infinity;
for (let r = 0; r < 400; r++) best = Math.min(best, run(500));
console.log(best);
