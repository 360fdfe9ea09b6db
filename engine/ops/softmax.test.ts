// softmax / log_softmax: numerical stability (math_010), the implicit-dim
// warning (nn_013), PyTorch 2.x kernel errors, what they save, derivatives.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { formatTensor } from '../format/repr.ts';
import { ledger } from '../memory/ledger.ts';
import { div, mul } from './pointwise_binary.ts';
import { exp, log } from './pointwise_unary.ts';
import { sum } from './reduce.ts';
import { implicitSoftmaxDim, logSoftmax, softmax } from './softmax.ts';
import { captureWarnings, expectGradcheck, goldenLines, transposedCopy, tt } from './reduce_testing.ts';

const release = (...ts: (Tensor | null | undefined)[]) => ts.forEach((t) => t?.release());

describe('softmax / log_softmax', () => {
  it('stay finite where the naive formula overflows (math_010_softmax_log_softmax_stability)', () => {
    const golden = goldenLines('math_010_softmax_log_softmax_stability');
    const x = tt([1000, 1001, 1002]);
    const naive = div(exp(x), sum(exp(x)));
    const lines = [
      softmax(x, 0),
      logSoftmax(x, 0),
      naive,
      log(softmax(tt([0, 200]), 0)),
      logSoftmax(tt([0, 200]), 0),
    ].map((t) => formatTensor(t));
    expect(lines).toEqual(golden.slice(0, 5));
  });

  it('pick the legacy implicit dim with PyTorch\'s warning (nn_013_softmax_implicit_dim_warning)', () => {
    const golden = goldenLines('nn_013_softmax_implicit_dim_warning');
    const x = tt([[1, 2], [3, 5]]);
    const a = captureWarnings(() => softmax(x, implicitSoftmaxDim('softmax', x.ndim)));
    const v = tt([1, 2]);
    const b = captureWarnings(() => logSoftmax(v, implicitSoftmaxDim('log_softmax', v.ndim)));
    const out = [...a.warnings, formatTensor(a.result), ...b.warnings, formatTensor(b.result), formatTensor(softmax(x, 0)), formatTensor(softmax(x, 1))];
    expect(out.join('\n').split('\n')).toEqual(golden.slice(0, 9));
  });

  it('refuse integer inputs naming the ATen kernel, unless dtype= converts them', () => {
    const i = tt([[1, 2], [3, 5]], 'int64');
    expect(() => softmax(i, 1)).toThrow(`"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expect(() => softmax(i, 0)).toThrow(`"softmax_kernel_impl" not implemented for 'Long'`);
    expect(() => logSoftmax(i, -1)).toThrow(`"log_softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expect(() => logSoftmax(i, 0)).toThrow(`"log_softmax_kernel_impl" not implemented for 'Long'`);
    expect(() => softmax(tt(3, 'int64'), 0)).toThrow(`"softmax_lastdim_kernel_impl" not implemented for 'Long'`);
    expect(() => softmax(tt([1, 0], 'bool'), 0)).toThrow(`not implemented for 'Bool'`);
    expect(softmax(Tensor.empty([0], 'int64'), 0).dtype).toBe('int64');
    const f = softmax(i, 1, 'float32');
    expect([f.dtype, ...f.toArray()]).toEqual(['float32', ...[0.2689414213699951, 0.7310585786300049, 0.11920292202211755, 0.8807970779778823].map(Math.fround)]);
    expect(() => softmax(tt([[1, 2]]), 2)).toThrow('Dimension out of range (expected to be in range of [-2, 1], but got 2)');
  });

  it('are nan on rows of -inf, 1 on a 0-dim tensor, and empty on empty', () => {
    expect(softmax(tt([[-Infinity, -Infinity], [0, -Infinity]]), 1).toArray()).toEqual([NaN, NaN, 1, 0]);
    expect(logSoftmax(tt([[-Infinity, -Infinity], [0, -Infinity]]), 1).toArray()).toEqual([NaN, NaN, 0, -Infinity]);
    expect(softmax(tt(3), 0).toArray()).toEqual([1]);
    expect(logSoftmax(tt(3), -1).toArray()).toEqual([0]);
    expect(softmax(Tensor.empty([0, 3]), 1).shape).toEqual([0, 3]);
  });

  it('save only their result (SoftmaxBackward0 / LogSoftmaxBackward0)', () => {
    const before = ledger.allocated;
    const x = tt([[1, 2, 3], [0, 0, 1]], 'float32', true);
    const s = softmax(x, 1);
    const l = logSoftmax(x, 0, 'float64');
    expect([s.gradFn!.name, s.gradFn!.savedBytes(), s.gradFn!.saved.length]).toEqual(['SoftmaxBackward0', 24, 1]);
    expect([l.gradFn!.name, l.dtype, l.gradFn!.savedBytes()]).toEqual(['LogSoftmaxBackward0', 'float64', 48]);
    const g = tt([[1, 0, 0], [0, 0, 1]], 'float64');
    runBackward([l], [g]);
    expect(x.grad!.dtype).toBe('float32');
    release(s, l, g, x);
    expect(ledger.allocated).toBe(before);
  });

  it('derivatives along every dim, on non-contiguous inputs', () => {
    const x = transposedCopy(tt([[0.5, -1.2, 2], [0.3, 1.1, -0.7]], 'float64', true));
    const w = tt([[1, -2, 0.5], [0.25, 3, -1]], 'float64');
    for (const f of [softmax, logSoftmax]) {
      for (const dim of [0, 1, -1]) expectGradcheck((y) => sum(mul(f(y, dim), w)), x);
    }
    const x3 = tt([[[0.5, -1], [2, 0.25]], [[1, 1.5], [-0.5, 0]]], 'float64', true);
    expectGradcheck((y) => sum(mul(softmax(y, 1), x3)), x3);
    release(x, w, x3);
  });

});
