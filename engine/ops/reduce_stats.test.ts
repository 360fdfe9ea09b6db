// var/std, vector norms and logsumexp: PyTorch 2.x warnings and messages,
// grad_fn names, what each saves, and their derivatives (central differences).
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { formatTensor } from '../format/repr.ts';
import { mul, pow } from './pointwise_binary.ts';
import { prod, sum } from './reduce.ts';
import { logsumexp, norm, std, variance, vectorNorm } from './reduce_stats.ts';
import { captureWarnings, expectGradcheck, expectGradgradcheck, goldenLines, transposedCopy, tt } from './reduce_testing.ts';

const release = (...ts: (Tensor | null | undefined)[]) => ts.forEach((t) => t?.release());
const DOF = 'degrees of freedom is <= 0. Correction should be strictly less than the reduction factor (input numel divided by output numel).';

describe('std / var', () => {
  it('match the conformance transcript, warning included (reduce_005_min_prod_std_var)', () => {
    const golden = goldenLines('reduce_005_min_prod_std_var');
    const x = tt([[2, 4], [4, 8]]);
    expect(`${formatTensor(prod(x))} ${formatTensor(prod(x, 1))}`).toBe(golden[3]);
    expect(`${formatTensor(std(x))} ${formatTensor(variance(x))}`).toBe(golden[4]);
    expect(`${formatTensor(std(x, 0))} ${formatTensor(variance(x, 1, false))}`).toBe(golden[5]);
    const { result, warnings } = captureWarnings(() => std(tt([5])));
    expect(warnings).toEqual([golden[6]]);
    expect(formatTensor(result)).toBe(golden[7]);
    expect(formatTensor(norm(x))).toBe(golden[8]!.split(' ')[0]);
  });

  it('warn about degrees of freedom as var() too, and return nan or inf', () => {
    const w = captureWarnings(() => [variance(tt([[1], [2]]), 1), variance(tt([1, 2]), null, 2), variance(Tensor.empty([0]))]);
    expect(w.warnings).toEqual([`UserWarning: var(): ${DOF}`, `UserWarning: var(): ${DOF}`, `UserWarning: var(): ${DOF}`]);
    expect(w.result.map((t) => t.toArray())).toEqual([[NaN, NaN], [Infinity], [NaN]]);
    expect(captureWarnings(() => std(tt([1, 2, 4]), 0)).warnings).toEqual([]);
  });

  it('refuse integer inputs', () => {
    expect(() => std(tt([1, 2], 'int64'))).toThrow('std and var only support floating point and complex dtypes');
    expect(() => variance(tt([1, 2], 'int32'), 0)).toThrow('std and var only support floating point and complex dtypes');
  });

  it('VarBackward0 saves self; StdBackward0 saves self and result', () => {
    const x = tt([[1, 2, 4], [3, 5, 8]], 'float32', true);
    const v = variance(x, 1);
    const s = std(x, null, 0);
    expect([v.gradFn!.name, v.gradFn!.savedBytes()]).toEqual(['VarBackward0', 24]);
    expect([s.gradFn!.name, s.gradFn!.savedBytes()]).toEqual(['StdBackward0', 24 + 4]);
    release(v, s, x);
  });

  it('derivatives: every dim, some dims, keepdim, corrections, and a zero std', () => {
    const x = transposedCopy(tt([[0.5, -1.2, 2, 0.1], [0.3, 1.1, -0.7, 1.5], [2, 0.25, -1, 0.75]], 'float64', true));
    const w = tt([[1], [-2], [0.5]], 'float64');
    for (const f of [std, variance]) {
      expectGradcheck((y) => f(y), x);
      expectGradcheck((y) => sum(mul(f(y, 1, 1, true), w)), x);
      expectGradcheck((y) => sum(f(y, [0, 1], 0)), x);
      expectGradcheck((y) => sum(mul(f(y, 1, 2), tt([1, -2, 0.5], 'float64'))), x);
    }
    expectGradgradcheck((y) => sum(pow(variance(y, 0), 3)), x, tt([[1, -2, 0.5, 2], [0.25, 3, -1, 1], [1, 1, -1, 0.5]], 'float64'));
    const flat = tt([[2, 2], [1, 3]], 'float64', true);
    const s = std(flat, 1);
    runBackward([s], [tt([1, 1], 'float64')]);
    expect(flat.grad!.toArray()).toEqual([0, 0, -1 / Math.SQRT2, 1 / Math.SQRT2].map((v) => expect.closeTo(v, 12)));
    release(x, w, flat, s);
  });
});

describe('vector norms', () => {
  it('torch.norm is linalg.vector_norm in PyTorch 2.x (LinalgVectorNormBackward0)', () => {
    const x = tt([[3, -4, 0], [0.5, 1, -2]], 'float32', true);
    for (const y of [norm(x), norm(x, 1), norm(x, Infinity, 1), norm(x, 'fro', [0, 1]), norm(x, null, 0, true)]) {
      expect(y.gradFn!.name).toBe('LinalgVectorNormBackward0');
      expect(y.gradFn!.saved.length).toBe(2);
      y.release();
    }
    expect(() => norm(x, 'nuc')).toThrow("norm(): matrix norms (p='nuc') are not implemented");
    expect(() => norm(Tensor.empty([2, 2, 2]), 'fro', [0, 1, 2])).toThrow('not implemented');
    x.release();
  });

  it('values of every ord, and PyTorch errors', () => {
    const x = tt([[3, -4, 0], [0.5, 1, -2]]);
    const at = (ord: number, dim: number | null = null) => vectorNorm(x, ord, dim).toArray();
    expect(at(2, 1)).toEqual([5, Math.fround(Math.sqrt(5.25))]);
    expect(at(Infinity)).toEqual([4]);
    expect(at(-Infinity, 1)).toEqual([0, 0.5]);
    expect(at(0, 1)).toEqual([2, 3]);
    expect(at(-1, 1)).toEqual([0, Math.fround(1 / (2 + 1 + 0.5))]);
    expect(vectorNorm(Tensor.empty([0])).toArray()).toEqual([0]);
    expect(() => vectorNorm(tt([1, 2], 'int64'))).toThrow('linalg.vector_norm: Expected a floating point or complex tensor as input. Got Long');
    expect(() => vectorNorm(Tensor.empty([0]), Infinity)).toThrow(
      'linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does not have an identity',
    );
    expect(() => vectorNorm(Tensor.empty([2, 0]), -1, 1)).toThrow(
      'linalg.vector_norm cannot compute the -1 norm on the dimension 1because this dimension is empty and the operation does not have an identity',
    );
    expect(vectorNorm(Tensor.empty([0, 2]), Infinity, 1).shape).toEqual([0]);
    expect(() => vectorNorm(x, 2, null, false, 'int64')).toThrow('linalg.vector_norm: dtype should be floating point or complex, but got Long');
    expect(() => vectorNorm(tt([1], 'float64'), 2, null, false, 'float32')).toThrow(
      'linalg.vector_norm: the dtype of the input (Double) should be convertible without narrowing to the specified dtype (Float)',
    );
    expect(vectorNorm(x, 2, null, false, 'float64').dtype).toBe('float64');
  });

  it('derivatives for each ord (ord=0 gives no gradient, as in PyTorch)', () => {
    const x = transposedCopy(tt([[3, -4, 0.5], [0.5, 1, -2], [1.5, -0.25, 2.5]], 'float64', true));
    const w = tt([1, -2, 0.5], 'float64');
    for (const ord of [2, 1, Infinity, -Infinity, 3, 1.5, 0.5, -1]) {
      expectGradcheck((y) => vectorNorm(y, ord), x);
      expectGradcheck((y) => sum(mul(vectorNorm(y, ord, 1), w)), x);
    }
    const z = tt([1, 0, 2], 'float32', true);
    const n0 = vectorNorm(z, 0);
    runBackward([n0], [null]);
    expect(z.grad).toBeNull();
    const zeros = tt([[0, 0], [3, 4]], 'float32', true);
    const n2 = vectorNorm(zeros, 2, 1);
    runBackward([n2], [tt([1, 1])]);
    expect(zeros.grad!.toArray()).toEqual([0, 0, 0.6, 0.8].map(Math.fround));
    release(x, w, z, n0, zeros, n2);
  });
});

describe('logsumexp', () => {
  it('is stable, handles infinities, and gives int inputs the default float dtype', () => {
    expect(logsumexp(tt([[1000, 1001, 1002]]), 1).toArray()).toEqual([Math.fround(1002 + Math.log(1 + Math.exp(-1) + Math.exp(-2)))]);
    expect(logsumexp(tt([[-Infinity, -Infinity], [Infinity, 1], [NaN, 1]]), 1).toArray()).toEqual([-Infinity, Infinity, NaN]);
    expect(logsumexp(tt([[1, 2], [3, 4]], 'int64'), 1).dtype).toBe('float32');
    expect(logsumexp(Tensor.empty([0, 3]), 0).toArray()).toEqual([-Infinity, -Infinity, -Infinity]);
    expect(logsumexp(tt([[0, 1], [2, 3]]), [0, 1]).shape).toEqual([]);
    // dim=() fails in PyTorch (1.13 and 2.x alike) unless keepdim: the [1, 1] max is added in place to the 0-dim sum.
    expect(() => logsumexp(tt([[0, 1], [2, 3]]), [])).toThrow("output with shape [] doesn't match the broadcast shape [1, 1]");
    expect(logsumexp(tt([[0, 1], [2, 3]]), [], true).shape).toEqual([1, 1]);
  });

  it('LogsumexpBackward0 saves self and result; softmax-weighted gradient', () => {
    const x = transposedCopy(tt([[0.5, -1.2, 2], [0.3, 1.1, -0.7]], 'float64', true));
    const y = logsumexp(x, 1);
    expect([y.gradFn!.name, y.gradFn!.savedBytes()]).toEqual(['LogsumexpBackward0', 48 + 16]);
    expectGradcheck((z) => sum(mul(logsumexp(z, 1), tt([1, -2], 'float64'))), x);
    expectGradcheck((z) => logsumexp(z, [0, 1]), x);
    expectGradcheck((z) => sum(logsumexp(z, 0, true)), x);
    release(x, y);
  });
});
