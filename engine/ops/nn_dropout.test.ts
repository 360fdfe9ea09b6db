// Dropout: the conformance cases' properties (dropout_*), the node and the
// mask it saves, in-place rules, and a fixed-mask gradient check. Seeded
// masks against PyTorch are in nn_fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import { defaultGenerator, Generator } from '../core/random.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { withGradMode } from '../autograd/grad_mode.ts';
import { ledger } from '../memory/ledger.ts';
import { dropout, dropout2d } from './nn_dropout.ts';
import { mul } from './pointwise_binary.ts';
import { captureWarnings, leafOf, savedBytesOf, tensorOf } from './nn_test_helpers.ts';

const ones = (shape: number[], dtype: 'float32' | 'float64' = 'float32') => {
  const t = Tensor.empty(shape, dtype);
  t.storage.data.fill(1);
  return t;
};

describe('dropout', () => {
  it('keeps values 0 or 1/(1-p) at about the rate 1-p (dropout_002, dropout_007)', () => {
    defaultGenerator.manualSeed(0);
    for (const p of [0.2, 0.5, 0.75]) {
      const x = ones([20000]);
      const out = dropout(x, p);
      const values = out.toArray();
      const scale = Math.fround(1 / Math.fround(1 - p));
      expect(values.every((v) => v === 0 || v === scale)).toBe(true);
      const zeros = values.filter((v) => v === 0).length / values.length;
      expect(Math.abs(zeros - p)).toBeLessThan(0.02);
      x.release();
      out.release();
    }
    // dropout_007 prints these scales: 3.7500, 6., 12. for x = 3.
    expect([0.2, 0.5, 0.75].map((p) => Math.fround(3 * Math.fround(1 / Math.fround(1 - p))))).toEqual([3.75, 6, 12]);
  });

  it('gives the same mask for the same seed (dropout_013)', () => {
    const x = ones([64]);
    defaultGenerator.manualSeed(123);
    const a = dropout(x);
    defaultGenerator.manualSeed(123);
    const b = dropout(x);
    const c = dropout(x);
    expect(a.toArray()).toEqual(b.toArray());
    expect(c.toArray()).not.toEqual(b.toArray());
    for (const t of [x, a, b, c]) t.release();
  });

  it('returns the input itself in eval mode and for p=0: no node, no copy (dropout_001)', () => {
    const x = leafOf([1, 2, 3], [3], 'float32');
    const refs = x.refCount;
    const out = dropout(x, 0.5, false);
    expect(out).toBe(x);
    expect(x.refCount).toBe(refs + 1);
    out.release();
    expect(dropout(x, 0)).toBe(x);
    x.release();
    x.release();
  });

  it('is MulBackward0 saving the mask in the input dtype; the gradient is the mask (dropout_010)', () => {
    const before = ledger.allocated;
    defaultGenerator.manualSeed(0);
    const x = leafOf(new Array<number>(1000).fill(1), [1000], 'float32');
    const out = dropout(x, 0.2);
    expect(out.gradFn?.name).toBe('MulBackward0');
    expect(savedBytesOf(out)).toEqual([4000]);
    const g = ones([1000]);
    runBackward([out], [g]);
    expect(x.grad!.toArray()).toEqual(out.toArray());
    expect(new Set(x.grad!.toArray())).toEqual(new Set([0, 1.25]));
    g.release();
    out.release();
    x.release();
    expect(ledger.allocated).toBe(before);
  });

  it('gradient: out = x * mask / (1 - p) for a fixed mask, checked by central differences', () => {
    const values = [0.3, -1.2, 2.5, 0.7, -0.4, 1.1];
    const x = leafOf(values, [2, 3]);
    const gen = () => new Generator(7);
    const out = dropout(x, 0.4, true, false, gen());
    const w = tensorOf([1, -2, 0.5, 3, -1, 2], [2, 3]);
    runBackward([out], [w]);
    const loss = (vals: number[]) =>
      withGradMode(false, () => {
        const t = tensorOf(vals, [2, 3]);
        const o = dropout(t, 0.4, true, false, gen());
        const s = o.toArray().reduce((a, v, i) => a + v * w.toArray()[i]!, 0);
        t.release();
        o.release();
        return s;
      });
    const eps = 1e-6;
    const numeric = values.map((_, i) => {
      const hi = [...values];
      const lo = [...values];
      hi[i]! += eps;
      lo[i]! -= eps;
      return (loss(hi) - loss(lo)) / (2 * eps);
    });
    x.grad!.toArray().forEach((g, i) => expect(g).toBeCloseTo(numeric[i]!, 8));
    for (const t of [x, out, w]) t.release();
  });

  it('p=1 multiplies by a 0-dim zero (all zeros, MulBackward0 saving 4 bytes)', () => {
    const x = leafOf([1, 2], [2], 'float32');
    const out = dropout(x, 1);
    expect(out.toArray()).toEqual([0, 0]);
    expect(savedBytesOf(out)).toEqual([4]);
    out.release();
    x.release();
  });

  it('raises ValueError for p outside [0, 1]', () => {
    const x = ones([2]);
    expect(() => dropout(x, 1.5)).toThrow('dropout probability has to be between 0 and 1, but got 1.5');
    expect(() => dropout(x, -0.25)).toThrow('dropout probability has to be between 0 and 1, but got -0.25');
    x.release();
  });
});

describe('in-place dropout', () => {
  it('changes the input itself and bumps its version (dropout_011)', () => {
    defaultGenerator.manualSeed(0);
    const x = ones([1000]);
    const version = x.version.value;
    const out = dropout(x, 0.5, true, true);
    expect(out).toBe(x);
    expect(x.toArray().some((v) => v === 0)).toBe(true);
    expect(x.version.value).toBe(version + 1);
    out.release();
    x.release();
  });

  it('refuses a leaf that requires grad', () => {
    const x = leafOf([1, 2], [2], 'float32');
    expect(() => dropout(x, 0.5, true, true)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    x.release();
  });

  it('rebases a non-leaf: MulBackward0 becomes its grad_fn, and the gradient is the mask', () => {
    defaultGenerator.manualSeed(1);
    const x = leafOf([1, 2, 3, 4, 5, 6], [6], 'float32');
    const y = mul(x, 2);
    const out = dropout(y, 0.5, true, true);
    expect(out).toBe(y);
    expect(y.gradFn?.name).toBe('MulBackward0');
    expect(y.gradFn?.next[0]?.node.name).toBe('MulBackward0');
    const mask = y.toArray().map((v, i) => v / (2 * (i + 1)));
    const g = ones([6]);
    runBackward([y], [g]);
    expect(x.grad!.toArray()).toEqual(mask.map((m) => 2 * m));
    for (const t of [g, out, y, x]) t.release();
  });
});

describe('dropout2d', () => {
  it('zeroes whole channels (dropout_008)', () => {
    defaultGenerator.manualSeed(0);
    const x = ones([8, 32, 4, 4]);
    const out = dropout2d(x, 0.5);
    const v = out.toArray();
    let dropped = 0;
    for (let c = 0; c < 8 * 32; c++) {
      const channel = new Set(v.slice(c * 16, (c + 1) * 16));
      expect(channel.size).toBe(1);
      expect([0, 2]).toContain([...channel][0]);
      if (channel.has(0)) dropped++;
    }
    expect(dropped / 256).toBeGreaterThan(0.4);
    expect(dropped / 256).toBeLessThan(0.6);
    x.release();
    out.release();
  });

  it('saves a [N, C, 1, 1] mask', () => {
    const x = leafOf(new Array<number>(2 * 3 * 4).fill(1), [2, 3, 2, 2], 'float32');
    const out = dropout2d(x, 0.3);
    expect(savedBytesOf(out)).toEqual([2 * 3 * 4]);
    out.release();
    x.release();
  });

  it('warns for inputs that are not 3-D or 4-D', () => {
    const x = ones([3, 4]);
    const { result, warnings } = captureWarnings(() => dropout2d(x, 0.5));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^UserWarning: dropout2d: Received a 2-D input to dropout2d, which is deprecated/);
    result!.release();
    x.release();
  });
});
