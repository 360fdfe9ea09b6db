// Losses: the PyTorch 2.x behaviour the 1.13-recorded fixtures cannot show
// (label smoothing's graph, newer checks), the conformance transcripts'
// texts, double backward, and memory. Values against PyTorch live in
// nn_fixtures.test.ts.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { TorchError } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';
import { crossEntropy, nllLoss } from './nn_loss.ts';
import { binaryCrossEntropy, mseLoss } from './nn_loss_elementwise.ts';
import { logSoftmax } from './softmax.ts';
import { captureWarnings, graphOf, leafOf, tensorOf } from './nn_test_helpers.ts';

const goldens = JSON.parse(readFileSync(new URL('../../test/conformance/goldens-torch2.11.json', import.meta.url), 'utf8')) as Record<string, { stdout: string }>;

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof TorchError) return `${e.pyType}: ${e.message}`;
    throw e;
  }
  throw new Error('expected an error');
}

const indices = (values: number[], shape = [values.length]) => tensorOf(values, shape, 'int64');

describe('cross_entropy and nll_loss, as PyTorch 2.x', () => {
  it('raises the errors nn_010_cross_entropy_target_errors shows, with its types and texts', () => {
    const logits = tensorOf([2.0, 0.5, -1.0, 0.1, 0.2, 0.3], [2, 3], 'float32');
    const int32 = tensorOf([0, 1], [2], 'int32');
    const three = indices([0, 1, 2]);
    const logp = logSoftmax(logits, 1);
    const bad = indices([0, 5]);
    const lines = [
      errorOf(() => crossEntropy(logits, int32)),
      errorOf(() => crossEntropy(logits, three)),
      errorOf(() => nllLoss(logp, bad)),
    ];
    for (const line of lines) expect(goldens.nn_010_cross_entropy_target_errors!.stdout).toContain(line);
    for (const t of [logits, int32, three, logp, bad]) t.release();
  });

  it('refuses a 1-D target for a 1-D input (a check PyTorch 2.x added)', () => {
    const x = tensorOf([-1, -2, -0.5], [3]);
    const t = indices([0, 1, 2]);
    expect(errorOf(() => nllLoss(x, t))).toBe('RuntimeError: Expected target to be 0D when input is 1D, but got target.dim =1');
    x.release();
    t.release();
  });

  it("builds label smoothing's 2.x graph: (1 - eps) * nll + eps / C * masked smooth loss", () => {
    const x = leafOf([1, 2, 0.5, -1, 0, 3], [2, 3]);
    const t = indices([0, 2]);
    const loss = crossEntropy(x, t, null, -100, 'mean', 0.1);
    expect(graphOf(loss, 8)).toBe(
      'AddBackward0(MulBackward1(NllLossBackward0(LogSoftmaxBackward0(AccumulateGrad))), MulBackward1(DivBackward0(SumBackward0(MaskedFillBackward0(NegBackward0(SumBackward1(LogSoftmaxBackward0(AccumulateGrad))))))))',
    );
    loss.release();
    x.release();
    t.release();
  });

  it('double backward runs through nll_loss_backward (NllLossBackwardBackward0 / NllLoss2DBackwardBackward0)', () => {
    const before = ledger.allocated;
    const cases: [number[], number[], string][] = [
      [[2, 3], [2], 'NllLossBackwardBackward0'],
      [[2, 3, 1, 2], [2, 1, 2], 'NllLoss2DBackwardBackward0'],
    ];
    for (const [shape, targetShape, name] of cases) {
      const n = shape.reduce((a, b) => a * b, 1);
      const x = leafOf(Array.from({ length: n }, (_, i) => -i / 4), shape);
      const t = indices(Array.from({ length: targetShape.reduce((a, b) => a * b, 1) }, (_, i) => i % 3), [...targetShape]);
      const loss = nllLoss(x, t, null, -100, 'none');
      const g = tensorOf(new Array<number>(loss.numel).fill(1), loss.shape);
      g.leafRequiresGrad = true;
      const [gx] = runBackward([loss], [g], { inputs: [x], createGraph: true });
      expect(gx!.gradFn?.name).toBe(name);
      // d<gx, u>/dg is nll_loss(u): -u at the targets.
      const u = tensorOf(Array.from({ length: n }, (_, i) => i + 1), shape);
      const [gg] = runBackward([gx!], [u], { inputs: [g] });
      const expected = nllLoss(u, t, null, -100, 'none');
      expect(gg!.toArray()).toEqual(expected.toArray());
      for (const r of [x, t, loss, g, gx!, u, gg!, expected]) r.release();
    }
    expect(ledger.allocated).toBe(before);
  });

  it('frees what NllLossBackward0 and LogSoftmaxBackward0 saved once backward has run', () => {
    const before = ledger.allocated;
    const x = leafOf([1, 2, 0.5, -1, 0, 3], [2, 3], 'float32');
    const t = indices([0, 2]);
    const loss = crossEntropy(x, t);
    const nll = loss.gradFn!;
    const lsm = nll.next[0]!.node;
    expect(nll.savedBytes()).toBe(24 + 16 + 4); // log-probabilities, target, total_weight
    expect(lsm.savedBytes()).toBe(24); // its result: the same storage
    runBackward([loss], [null as unknown as Tensor]);
    expect(nll.savedFreed && lsm.savedFreed).toBe(true);
    loss.release();
    t.release();
    x.release();
    expect(ledger.allocated).toBe(before);
  });

  it("warns about reduction='elementwise_mean' and treats it as 'mean'", () => {
    const x = tensorOf([1, 2], [2]);
    const y = tensorOf([0, 0], [2]);
    const { result, warnings } = captureWarnings(() => mseLoss(x, y, 'elementwise_mean'));
    expect(warnings).toEqual(["UserWarning: reduction='elementwise_mean' is deprecated. Please use reduction='mean' instead."]);
    expect(result!.toArray()).toEqual([2.5]);
    for (const t of [x, y, result!]) t.release();
  });
});

describe('binary_cross_entropy, as PyTorch 2.x', () => {
  it('checks the target range too', () => {
    const p = tensorOf([0.5, 0.5], [2], 'float32');
    const y = tensorOf([0, 2], [2], 'float32');
    expect(errorOf(() => binaryCrossEntropy(p, y))).toBe('RuntimeError: all elements of target should be between 0 and 1');
    p.release();
    y.release();
  });
});
