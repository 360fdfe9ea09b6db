// sum, mean, prod, cumsum, count_nonzero (and all/any): PyTorch's errors, grad_fn
// graphs, saved tensors and their memory, double backward, and the
// conformance transcripts (values from real PyTorch; see also
// reduce_fixtures.test.ts for the recorded cases).
import { describe, expect, it } from 'vitest';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { formatTensor } from '../format/repr.ts';
import { ledger } from '../memory/ledger.ts';
import { mul, pow } from './pointwise_binary.ts';
import { countNonzero, cumsum, mean, prod, sum } from './reduce.ts';
import { all, any } from './reduce_minmax.ts';
import { expectGradcheck, expectGradgradcheck, goldenLines, transposedCopy, tt } from './reduce_testing.ts';

const release = (...ts: (Tensor | null | undefined)[]) => ts.forEach((t) => t?.release());

describe('sum', () => {
  it('reduces every dim, some dims, or none of a 0-dim tensor (reduce_001_sum_dims)', () => {
    const golden = goldenLines('reduce_001_sum_dims');
    const x = tt([[0, 1, 2], [3, 4, 5]]);
    const shown = [sum(x), sum(x, 0), sum(x, 1), sum(x, 1, true), sum(x, [0, 1]), sum(x, -1)];
    expect(shown.map((t) => formatTensor(t)).join('\n').split('\n')).toEqual(golden.slice(0, 7));
    expect(sum(x, 0).shape).toEqual([3]);
    expect(sum(x, 0, true).shape).toEqual([1, 3]);
    expect(formatTensor(sum(x, []))).toBe(golden[8]);
    expect(sum(tt(2.5), 0, true).shape).toEqual([]);
  });

  it('sums integers and bools to int64, and casts first for dtype=', () => {
    expect(sum(tt([1, 2, 3], 'int32')).dtype).toBe('int64');
    expect(sum(tt([1, 0, 1], 'bool')).toArray()).toEqual([2]);
    const s = sum(tt([1.5, 2.5]), null, false, 'int64');
    expect([s.dtype, ...s.toArray()]).toEqual(['int64', 3]);
    expect(sum(tt([0.1, 0.2], 'float32'), null, false, 'float64').dtype).toBe('float64');
  });

  it('accumulates float32 in float64: 1e4 copies of 0.1 sum to float32(1000)', () => {
    const x = Tensor.empty([10000], 'float32');
    x.storage.data.fill(0.1);
    expect(sum(x).toArray()[0]).toBe(Math.fround(Math.fround(0.1) * 10000));
  });

  it('raises PyTorch errors for bad dims (reduce_010_dim_out_of_range)', () => {
    const golden = goldenLines('reduce_010_dim_out_of_range');
    const x = Tensor.empty([2, 3]);
    expect(sum(x, -2).shape).toEqual([3]);
    expect(() => sum(x, 2)).toThrow(golden[1]!.replace('IndexError: ', ''));
    expect(() => mean(x, [0, 0])).toThrow(golden[2]!.replace('RuntimeError: ', ''));
    expect(() => sum(tt(1), 1)).toThrow('Dimension out of range (expected to be in range of [-1, 0], but got 1)');
  });

  it('names its nodes SumBackward0 / SumBackward1 and saves nothing', () => {
    const x = tt([[1, 2], [3, 4]], 'float32', true);
    const a = sum(x);
    const b = sum(x, 1);
    const c = sum(x, null, false, 'float64');
    expect([a.gradFn!.name, b.gradFn!.name, c.gradFn!.name]).toEqual(['SumBackward0', 'SumBackward1', 'SumBackward0']);
    expect(a.gradFn!.next[0]!.node.name).toBe('AccumulateGrad');
    expect([a, b, c].map((t) => t.gradFn!.savedBytes())).toEqual([0, 0, 0]);
    runBackward([c], [null]);
    expect([x.grad!.dtype, ...x.grad!.toArray()]).toEqual(['float32', 1, 1, 1, 1]);
    release(a, b, c, x);
  });

  it('gradients match PyTorch (grad_005_sum_mean_grads)', () => {
    const golden = goldenLines('grad_005_sum_mean_grads');
    const x = tt([[0, 1, 2], [3, 4, 5]], 'float32', true);
    const grads: string[] = [];
    const step = (y: Tensor) => {
      runBackward([y], [null]);
      grads.push(formatTensor(x.grad!));
      x.grad!.release();
      x.grad = null;
      y.release();
    };
    step(sum(x));
    step(mean(x));
    step(sum(mean(x, 1)));
    const w = tt([[1, 2, 3]]);
    step(sum(mul(sum(x, 0, true), w)));
    expect(grads.join('\n').split('\n')).toEqual(golden.slice(0, 8));
    release(w, x);
  });

  it('is differentiable twice through its expand-based derivative', () => {
    const x = transposedCopy(tt([[0.5, -1.2, 2], [0.3, 1.1, -0.7]], 'float64', true));
    const v = tt([[1, -2, 0.5], [0.25, 3, -1]], 'float64');
    // The gradient reaching sum requires grad (pow saves its input), so backward records expand.
    expectGradgradcheck((y) => sum(pow(sum(y, 0, true), 3)), x, v);
    expectGradgradcheck((y) => sum(pow(sum(y), 3)), x, v);
    expectGradgradcheck((y) => sum(pow(mean(y, 1), 3)), x, v);
    release(x, v);
  });
});

describe('mean', () => {
  it('refuses integer inputs with PyTorch 2.x text', () => {
    expect(() => mean(tt([1, 2], 'int64'))).toThrow(
      'mean(): could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: Long',
    );
    expect(() => mean(tt([1, 0], 'bool'), 0)).toThrow('Got: Bool');
    expect(() => mean(tt([1, 2]), null, false, 'int64')).toThrow(
      'mean(): could not infer output dtype. Optional dtype must be either a floating point or complex dtype. Got: Long',
    );
    expect(mean(tt([1, 2], 'int64'), null, false, 'float32').toArray()).toEqual([1.5]);
  });

  it('prints as PyTorch does (reduce_002_mean_dims, reduce_008_keepdim_pitfall)', () => {
    const golden = goldenLines('reduce_002_mean_dims');
    const x = tt([[1, 2, 4], [3, 5, 8]]);
    const shown = [mean(x), mean(x, 0), mean(x, 1, true)].map((t) => formatTensor(t));
    expect(shown.join('\n').split('\n')).toEqual(golden.slice(0, 4));
    expect(mean(x, [0, 1], true).shape).toEqual([1, 1]);
    expect(formatTensor(mean(x, -1))).toBe(golden[5]);
    expect(mean(tt([[1, 2], [3, 5], [0, 4]]), 1, true).shape).toEqual([3, 1]);
  });

  it('is nan over nothing, MeanBackward0/1, and divides the expanded gradient', () => {
    expect(mean(Tensor.empty([0, 3])).toArray()).toEqual([NaN]);
    expect(mean(Tensor.empty([0, 3]), 0).toArray()).toEqual([NaN, NaN, NaN]);
    const x = transposedCopy(tt([[1, 2], [3, 4], [5, 6]], 'float64', true));
    const y = mean(x, 0);
    expect(y.gradFn!.name).toBe('MeanBackward1');
    expectGradcheck((z) => sum(mul(mean(z, [0, 1], true), 3)), x);
    expectGradcheck((z) => mean(mul(z, z)), x);
    release(x, y);
  });
});

describe('prod', () => {
  it('saves self and result (ProdBackward0/1)', () => {
    const x = tt([[1.5, 2], [3, 4]], 'float32', true);
    const p = prod(x);
    const q = prod(x, 1, true);
    expect([p.gradFn!.name, q.gradFn!.name]).toEqual(['ProdBackward0', 'ProdBackward1']);
    // x's storage (16 bytes) and the result's (4, and 8 with keepdim): PyTorch's _saved_self, _saved_result.
    expect([p.gradFn!.savedBytes(), q.gradFn!.savedBytes()]).toEqual([16 + 4, 16 + 8]);
    expect(p.gradFn!.saved.length).toBe(2);
    release(p, q, x);
  });

  it('integer and bool products are int64; the empty product is 1', () => {
    expect(prod(tt([[1, 2], [3, 4]], 'int64')).toArray()).toEqual([24]);
    expect(prod(tt([1, 1], 'bool')).dtype).toBe('int64');
    expect(prod(Tensor.empty([0])).toArray()).toEqual([1]);
    expect(prod(tt([[2, 4], [4, 8]])).toArray()).toEqual([256]);
  });

  it('differentiates through zeros as the product of the other elements', () => {
    for (const values of [
      [[1.5, 0, 2], [-1, 3, 0.5]],
      [[1.5, 0, 2], [-1, 0, 0.5]],
      [[0.5, 1.25, 2], [-1, 3, 0.5]],
    ]) {
      const x = tt(values, 'float64', true);
      expectGradcheck((y) => prod(y), x);
      expectGradcheck((y) => sum(mul(prod(y, 1), tt([2, -1], 'float64'))), x);
      expectGradcheck((y) => sum(prod(y, 0, true)), x);
      release(x);
    }
  });

  it('says out loud that its derivative with zeros is not differentiable again', () => {
    const z = tt([[0.5, 0, 2]], 'float64', true);
    const [g] = runBackward([sum(pow(prod(z, 1), 2))], [null], { inputs: [z], createGraph: true });
    expect(() => runBackward([sum(g!)], [null])).toThrow(
      "the derivative of prod's gradient (double backward) is not implemented when the input contains zeros",
    );
    release(z, g);
  });
});

describe('cumsum', () => {
  it('accumulates integers to int64 and honours dtype', () => {
    expect(cumsum(tt([1, 0, 1], 'bool'), 0).toArray()).toEqual([1, 1, 2]);
    const c = cumsum(tt([[1, 2], [3, 4]], 'int64'), 1, 'float32');
    expect([c.dtype, ...c.toArray()]).toEqual(['float32', 1, 3, 3, 7]);
    expect(cumsum(tt(3.5), 0).shape).toEqual([]);
  });

  it('has the reversed cumulative sum as derivative, itself differentiable', () => {
    const x = transposedCopy(tt([[0.5, -1.2, 2], [0.3, 1.1, -0.7]], 'float64', true));
    const w = tt([[1, 2, 3], [-1, 0.5, 2]], 'float64');
    const y = cumsum(x, 1);
    expect([y.gradFn!.name, y.gradFn!.savedBytes()]).toEqual(['CumsumBackward0', 0]);
    expectGradcheck((z) => sum(mul(cumsum(z, 1), w)), x);
    expectGradgradcheck((z) => sum(pow(cumsum(z, 1), 3)), x, w);
    release(x, w, y);
  });
});

describe('all / any / count_nonzero', () => {
  it('return bool (uint8 for uint8) and are never differentiable', () => {
    const b = tt([[1, 0, 1], [1, 1, 1]], 'bool');
    expect(all(b).toArray()).toEqual([0]);
    expect(all(b, 1).toArray()).toEqual([0, 1]);
    expect(any(tt([[0, 0], [0, 1]], 'uint8'), 0).dtype).toBe('uint8');
    expect(all(Tensor.empty([0, 2])).toArray()).toEqual([1]);
    expect(any(Tensor.empty([0, 2])).toArray()).toEqual([0]);
    const x = tt([[0.5, 0]], 'float32', true);
    const a = any(x, 1, true);
    expect([a.dtype, a.shape, a.gradFn]).toEqual(['bool', [1, 1], null]);
    const c = countNonzero(tt([[0, 1, 2], [0, 0, 3]], 'int64'), 0);
    expect([c.dtype, ...c.toArray()]).toEqual(['int64', 0, 1, 2]);
    expect(countNonzero(tt([[0, 1, 2], [0, 0, 3]], 'int64')).toArray()).toEqual([3]);
    release(b, x, a, c);
  });
});

describe('memory', () => {
  it('a forward and backward through every op here releases every byte', () => {
    const before = ledger.allocated;
    const x = tt([[0.5, -1.2, 2], [0.3, 1.1, -0.7]], 'float32', true);
    const [y, z] = tidy(() => [sum(mul(mean(x, 0, true), prod(x, 1, true))), sum(cumsum(x, 1), [0, 1])]);
    runBackward([y, z], [null, null]);
    expect(x.grad).not.toBeNull();
    release(y, z, x);
    expect(ledger.allocated).toBe(before);
  });
});
