// The memory figures PyTorch 2.11 measured on CUDA for the pitfall scenarios
// (../shared/memory-reference/, 512-byte blocks), reproduced by the ledger from
// the engine's TypeScript API. Python names map to explicit releases here:
// `del out, loss` is out.release(); rebinding running_loss releases the old one.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../../engine/core/tensor.ts';
import { tidy } from '../../engine/core/scope.ts';
import type { Node } from '../../engine/autograd/node.ts';
import { runBackward } from '../../engine/autograd/backward.ts';
import { noGrad } from '../../engine/autograd/grad_mode.ts';
import { ledger } from '../../engine/memory/ledger.ts';
import { add } from '../../engine/ops/pointwise_binary.ts';
import { nllLoss } from '../../engine/ops/nn_loss.ts';
import { randn } from '../../engine/ops/creation_random.ts';
import { transpose } from '../../engine/ops/layout_dims.ts';
import { reshape, view } from '../../engine/ops/layout_views.ts';
import { contiguous } from '../../engine/ops/layout_copy.ts';
import { batches, referenceCnn } from '../support/reference_cnn.ts';
import { sgdStep } from '../support/sgd.ts';

/** Autograd nodes reachable from t.grad_fn, each once (scenarios.py's graph_nodes). */
function graphNodes(t: Tensor | null): number {
  if (!t?.gradFn) return 0;
  const seen = new Set<Node>();
  const stack: Node[] = [t.gradFn];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const e of n.next) if (e) stack.push(e.node);
  }
  return seen.size;
}

interface Row {
  bytes: number;
  nodes: number;
}

function runScenario(opts: { train: boolean; accumulate: 'tensor' | 'item'; noGrad: boolean; iters?: number }): Row[] {
  const start = ledger.allocated;
  const model = referenceCnn(0);
  model.training = opts.train;
  const data = batches(opts.iters ?? 8);
  const buffers = new Map<Tensor, Tensor>();
  const base = ledger.allocatedBlocks;
  let runningLoss: Tensor | null = null; // the Python int 0 until the first `+=`
  const rows: Row[] = [];
  for (const [x, y] of data) {
    const step = () => {
      for (const p of Object.values(model.params)) {
        p.grad?.release(); // opt.zero_grad(): grads become None
        p.grad = null;
      }
      const out = model.forward(x);
      const loss = tidy(() => nllLoss(out, y));
      if (opts.train) {
        runBackward([loss], [null]);
        sgdStep(model, buffers);
      }
      if (opts.accumulate === 'tensor') {
        const next: Tensor = tidy(() => (runningLoss ? add(runningLoss, loss) : add(loss, 0)));
        runningLoss?.release();
        runningLoss = next;
      }
      out.release(); // del out, loss
      loss.release();
    };
    if (opts.noGrad) noGrad(step);
    else step();
    rows.push({ bytes: ledger.allocatedBlocks - base, nodes: graphNodes(runningLoss) });
  }
  (runningLoss as Tensor | null)?.release();
  for (const b of buffers.values()) b.release();
  for (const [x, y] of data) {
    x.release();
    y.release();
  }
  model.release();
  expect(ledger.allocated, 'the scenario released everything it made').toBe(start);
  return rows;
}

describe('reference CNN memory, as PyTorch 2.11 measured it (512-byte blocks)', () => {
  it('validation without no_grad, running_loss += loss: +3,170,304 bytes and +15 nodes per iteration', () => {
    const rows = runScenario({ train: false, accumulate: 'tensor', noGrad: false });
    // PyTorch: 3,170,304, 6,340,096, ... 25,358,848 — i.e. 3,169,792 per iteration
    // plus the 512-byte block of the accumulator itself.
    expect(rows.map((r) => r.bytes)).toEqual([
      3_170_304, 6_340_096, 9_509_888, 12_679_680, 15_849_472, 19_019_264, 22_189_056, 25_358_848,
    ]);
    expect(rows.map((r) => r.nodes)).toEqual([23, 38, 53, 68, 83, 98, 113, 128]);
  });

  it('validation with .item(): nothing kept', () => {
    const rows = runScenario({ train: false, accumulate: 'item', noGrad: false });
    expect(rows.map((r) => r.bytes)).toEqual(new Array(8).fill(0));
  });

  it('validation under no_grad: only the 512-byte accumulator, no graph', () => {
    const rows = runScenario({ train: false, accumulate: 'tensor', noGrad: true });
    expect(rows.map((r) => r.bytes)).toEqual(new Array(8).fill(512));
    expect(rows.map((r) => r.nodes)).toEqual(new Array(8).fill(0));
  });

  it('training with running_loss += loss: bytes flat (backward freed the saved tensors), +17 nodes per iteration', () => {
    const rows = runScenario({ train: true, accumulate: 'tensor', noGrad: false });
    expect(rows.map((r) => r.bytes)).toEqual(new Array(8).fill(179_712));
    expect(rows.map((r) => r.nodes)).toEqual([25, 42, 59, 76, 93, 110, 127, 144]);
  });

  it('training with .item(): grads and momentum only', () => {
    const rows = runScenario({ train: true, accumulate: 'item', noGrad: false });
    expect(rows.map((r) => r.bytes)).toEqual(new Array(8).fill(179_200));
  });
});

describe('views, reshape and contiguous of a 64x20x4x4 float tensor', () => {
  it('view is free; reshape and contiguous of a transposed tensor each copy 81,920 bytes', () => {
    const x = randn([64, 20, 4, 4]);
    const b0 = ledger.allocated;
    const v = view(x, [64, 320]);
    expect(ledger.allocated - b0).toBe(0);
    const t = transpose(x, 1, 2);
    expect(ledger.allocated - b0).toBe(0);
    const r = reshape(t, [64, 320]);
    expect(ledger.allocated - b0).toBe(81_920);
    expect(r.storage).not.toBe(x.storage);
    const c = contiguous(t);
    expect(ledger.allocated - b0).toBe(2 * 81_920);
    const c2 = contiguous(c);
    expect(ledger.allocated - b0).toBe(2 * 81_920);
    expect(c2.storage).toBe(c.storage);
    expect(v.storage).toBe(x.storage);
    for (const z of [c2, c, r, t, v, x]) z.release();
    expect(ledger.allocated).toBe(b0 - 81_920);
  });
});
