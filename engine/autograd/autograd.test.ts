import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { tidy } from '../core/scope.ts';
import { ledger } from '../memory/ledger.ts';
import { add, mul } from '../ops/pointwise_binary.ts';
import { exp, unary } from '../ops/pointwise_unary.ts';
import { runBackward } from './backward.ts';

function leaf(values: number[], requiresGrad = true): Tensor {
  const t = Tensor.empty([values.length], 'float32');
  t.writeAll(values);
  t.leafRequiresGrad = requiresGrad;
  return t;
}

describe('autograd', () => {
  it('builds nodes with PyTorch names and accumulates gradients', () => {
    const x = leaf([1, 2, 3]);
    const y = mul(exp(x), 2);
    expect(y.gradFn?.name).toBe('MulBackward0');
    expect(y.gradFn?.next[0]?.node.name).toBe('ExpBackward0');
    const s = unary('sigmoid', y);
    const ones = Tensor.empty([3]);
    ones.storage.data.fill(1);
    runBackward([s], [ones]);
    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const expected = [1, 2, 3].map((v) => sig(2 * Math.exp(v)) * (1 - sig(2 * Math.exp(v))) * 2 * Math.exp(v));
    x.grad!.toArray().forEach((g, i) => expect(g).toBeCloseTo(expected[i]!, 5));
    expect(() => runBackward([s], [ones])).toThrow(/Trying to backward through the graph a second time/);
    for (const t of [x, y, s, ones]) t.release();
  });

  it('releases every byte once all owners are gone', () => {
    const before = ledger.allocated;
    const x = leaf([1, 2, 3]);
    const y = tidy(() => add(mul(x, x), x)); // the scope releases the temporary x*x
    expect(ledger.allocated).toBeGreaterThan(before);
    const g = tidy(() => mul(y, 0), () => []);
    runBackward([y], [g]);
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
    g.release();
    y.release();
    x.release();
    expect(ledger.allocated).toBe(before);
  });

  it('raises when a saved tensor was modified in place', () => {
    const x = leaf([0, 1, 2]);
    const s = unary('sigmoid', x);
    s.storage.data[0] = 5;
    s.version.value++;
    expect(() => runBackward([s], [s])).toThrow(
      'one of the variables needed for gradient computation has been modified by an inplace operation: [torch.FloatTensor [3]], which is output 0 of SigmoidBackward0, is at version 1; expected version 0 instead.',
    );
    s.release();
    x.release();
  });
});

describe('double backward', () => {
  it('differentiates derivatives that read a saved output (d2/dx2 exp(x) = exp(x))', () => {
    const x = leaf([0.5, -1, 2], true);
    const y = tidy(() => exp(x));
    const ones = Tensor.empty([3]);
    ones.storage.data.fill(1);
    const [g] = runBackward([y], [ones], { inputs: [x], createGraph: true });
    expect(g!.gradFn?.name).toBe('MulBackward0');
    const [gg] = runBackward([g!], [ones], { inputs: [x] });
    gg!.toArray().forEach((v, i) => expect(v).toBeCloseTo(Math.exp([0.5, -1, 2][i]!), 5));
    for (const t of [gg!, g!, ones, y, x]) t.release();
  });
});
