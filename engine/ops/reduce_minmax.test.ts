// max/min, amax/amin, argmax/argmin: PyTorch's errors for empty inputs, NaN
// and ties, what each derivative saves (max(dim) only its int64 indices), and
// the conformance transcripts.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { formatTensor } from '../format/repr.ts';
import { ledger } from '../memory/ledger.ts';
import { eq } from './compare.ts';
import { mul, pow } from './pointwise_binary.ts';
import { sum, mean } from './reduce.ts';
import { amax, amin, argmax, argmin, max, maxDim, min, minDim } from './reduce_minmax.ts';
import { expectGradcheck, expectGradgradcheck, goldenLines, transposedCopy, tt } from './reduce_testing.ts';

const release = (...ts: (Tensor | null | undefined)[]) => ts.forEach((t) => t?.release());
const nan = NaN;

describe('max / min', () => {
  it('refuse an empty tensor without a dim, and an empty dim', () => {
    const e = Tensor.empty([0, 3]);
    expect(() => max(e)).toThrow(
      "max(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.",
    );
    expect(() => min(e)).toThrow("min(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    expect(() => maxDim(e, 0)).toThrow('max(): Expected reduction dim 0 to have non-zero size.');
    expect(() => maxDim(e, -2)).toThrow('max(): Expected reduction dim 0 to have non-zero size.');
    const [v, i] = maxDim(e, 1);
    expect([v.shape, i.shape, i.dtype]).toEqual([[0], [0], 'int64']);
    try {
      max(e);
    } catch (err) {
      expect((err as { pyType: string }).pyType).toBe('RuntimeError');
    }
    try {
      maxDim(e, 0);
    } catch (err) {
      expect((err as { pyType: string }).pyType).toBe('IndexError');
    }
  });

  it('propagate NaN and pick the first of ties (reduce_007_nan_inf_in_reductions)', () => {
    const golden = goldenLines('reduce_007_nan_inf_in_reductions');
    const x = tt([1, nan, 3]);
    expect([sum(x), max(x), min(x), argmax(x), mean(x)].map((t) => formatTensor(t)).join(' ')).toBe(golden[0]);
    const y = tt([1, Infinity, -2]);
    expect([sum(y), max(y), argmax(y), mean(y)].map((t) => formatTensor(t)).join(' ')).toBe(golden[2]);
    expect(formatTensor(max(tt([Infinity, -Infinity])))).toBe('tensor(inf)');
    const [v, i] = maxDim(tt([[7, 0, 7], [1, nan, nan]]), 1);
    expect([v.toArray(), i.toArray()]).toEqual([[7, nan], [0, 1]]);
    expect(max(tt([0, 1], 'bool')).dtype).toBe('bool');
  });

  it('min and min(dim) as PyTorch prints them (reduce_005_min_prod_std_var)', () => {
    const golden = goldenLines('reduce_005_min_prod_std_var');
    const x = tt([[2, 4], [4, 8]]);
    const [values, indices] = minDim(x, 0);
    expect(golden.slice(0, 3)).toEqual([
      `${formatTensor(min(x))} torch.return_types.min(`,
      `values=${formatTensor(values)},`,
      `indices=${formatTensor(indices)})`,
    ]);
  });

  it('max(): MaxBackward1 saves self and result and splits ties evenly', () => {
    const x = tt([[1, 5, 2], [5, -1, 5]], 'float32', true);
    const m = max(x);
    expect(m.gradFn!.name).toBe('MaxBackward1');
    expect(m.gradFn!.savedBytes()).toBe(24 + 4);
    runBackward([m], [null]);
    expect(x.grad!.toArray()).toEqual([0, 1 / 3, 0, 1 / 3, 0, 1 / 3].map(Math.fround));
    release(m, x);
  });

  it('max(dim): MaxBackward0 saves only the int64 indices, which stay alive without the caller', () => {
    const before = ledger.allocated;
    const x = tt([[1, 5, 2], [5, -1, 5]], 'float32', true);
    const [values, indices] = maxDim(x, 1);
    expect([values.gradFn!.name, indices.gradFn, indices.requiresGrad]).toEqual(['MaxBackward0', null, false]);
    expect(values.gradFn!.savedBytes()).toBe(2 * 8);
    const held = ledger.allocated;
    indices.release();
    expect(ledger.allocated, 'the saved indices keep their storage').toBe(held);
    const ones = tt([1, 1]);
    const afterOnes = ledger.allocated;
    runBackward([values], [ones]);
    expect(x.grad!.toArray()).toEqual([0, 1, 0, 1, 0, 0]);
    // Backward frees the saved indices (16 bytes) and adds x.grad (24 bytes).
    expect(ledger.allocated).toBe(afterOnes - 16 + 24);
    release(values, x, ones);
    expect(ledger.allocated).toBe(before);
  });

  it('min(dim) gradients and their own derivatives (scatter, then gather)', () => {
    const x = transposedCopy(tt([[0.5, -1.2, 2], [0.3, 1.1, -0.7]], 'float64', true));
    const w = tt([[2, -1]], 'float64');
    expectGradcheck((y) => sum(mul(minDim(y, 0, true)[0], tt([[1, 2, 3]], 'float64'))), x);
    expectGradgradcheck((y) => sum(pow(maxDim(y, 1)[0], 3)), x, tt([[1, -2, 0.5], [0.25, 3, -1]], 'float64'));
    expectGradgradcheck((y) => sum(pow(maxDim(y, 1, true)[0], 3)), x, tt([[1, -2, 0.5], [0.25, 3, -1]], 'float64'));
    release(x, w);
  });
});

describe('amax / amin', () => {
  it('refuse empty reductions with the dim as written', () => {
    const e = Tensor.empty([0, 3]);
    expect(() => amax(e)).toThrow("amax(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.");
    expect(() => amax(e, -2)).toThrow('amax(): Expected reduction dim -2 to have non-zero size.');
    expect(() => amin(e, [1, -2])).toThrow('amin(): Expected reduction dim -2 to have non-zero size.');
    expect(amax(e, 1).shape).toEqual([0]);
  });

  it('AmaxBackward0 saves self and result; ties share the gradient', () => {
    const x = tt([[1, 5, 2], [5, -1, 5]], 'float32', true);
    const a = amax(x, 1, true);
    expect([a.gradFn!.name, a.gradFn!.savedBytes(), a.shape]).toEqual(['AmaxBackward0', 24 + 8, [2, 1]]);
    runBackward([a], [tt([[1], [1]])]);
    expect(x.grad!.toArray()).toEqual([0, 1, 0, 0.5, 0, 0.5]);
    const b = amin(tt([[1, 2], [3, 0]]), [0, 1]);
    expect(b.toArray()).toEqual([0]);
    release(a, x, b);
  });
});

describe('argmax / argmin', () => {
  it('match the conformance transcript (reduce_004_argmax_argmin)', () => {
    const golden = goldenLines('reduce_004_argmax_argmin');
    const x = tt([[1, 5, 2], [7, 0, 7]]);
    expect(formatTensor(argmax(x))).toBe(golden[0]);
    expect(formatTensor(argmax(x, 1))).toBe(golden[1]);
    expect(formatTensor(argmax(x, 0, true))).toBe(golden[2]);
    expect(`${formatTensor(argmin(x))} ${formatTensor(argmin(x, 1))}`).toBe(golden[3]);
    expect(`${formatTensor(argmax(tt([3, 3, 1, 3], 'int64')))} ${formatTensor(argmin(tt([1, 0, 0], 'int64')))}`).toBe(golden[4]);
    expect(argmax(x, 1).dtype).toBe('int64');
    const logits = tt([[0.2, 0.7, 0.1], [0.9, 0.05, 0.05]]);
    const right = eq(argmax(logits, 1), tt([1, 2], 'int64'));
    expect(right.toArray()).toEqual([1, 0]);
    expect(argmax(x, null, true).shape).toEqual([1, 1]);
  });

  it('raise as PyTorch does', () => {
    const golden = goldenLines('reduce_010_dim_out_of_range');
    expect(() => argmax(Tensor.empty([2, 3]), -3)).toThrow(golden[3]!.replace('IndexError: ', ''));
    expect(() => argmax(Tensor.empty([0, 3]))).toThrow('argmax(): Expected reduction dim to be specified for input.numel() == 0.');
    expect(() => argmin(Tensor.empty([0, 3]), -2)).toThrow('argmin(): Expected reduction dim 0 to have non-zero size.');
    expect(() => argmax(tt([1, 0], 'bool'))).toThrow(`"argmax_cpu" not implemented for 'Bool'`);
    expect(argmax(tt(3), 0).toArray()).toEqual([0]);
  });
});
