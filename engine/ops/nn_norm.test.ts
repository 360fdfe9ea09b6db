// batch_norm: the module_013 transcript (train, eval, train again), running
// statistics updated without a version bump, and the double backward that is
// not implemented yet saying so. Values and gradients against PyTorch are in
// nn_fixtures.test.ts.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { batchNorm } from './nn_norm.ts';
import { expectClose, leafOf, savedBytesOf, tensorOf } from './nn_test_helpers.ts';

describe('batch_norm', () => {
  it('reproduces module_013_batchnorm_train_vs_eval', () => {
    const before = ledger.allocated;
    const rm = tensorOf([0, 0], [2], 'float32');
    const rv = tensorOf([1, 1], [2], 'float32');
    const w = leafOf([1, 1], [2], 'float32');
    const b = leafOf([0, 0], [2], 'float32');
    const x = tensorOf([1, 10, 3, 30], [2, 2], 'float32');
    const train = batchNorm(x, rm, rv, w, b, true);
    expect(train.gradFn?.name).toBe('NativeBatchNormBackward0');
    expectClose(train.toArray(), [-1, -1, 1, 1], 'train', 1e-4);
    expectClose(rm.toArray(), [0.2, 2], 'running_mean');
    expectClose(rv.toArray(), [1.1, 20.9], 'running_var');
    const evalOut = batchNorm(x, rm, rv, w, b, false);
    expect(evalOut.gradFn?.name).toBe('NativeBatchNormBackward0');
    expectClose(evalOut.toArray(), [0.7628, 1.7499, 2.6697, 6.1247], 'eval', 1e-4, 0);
    const again = batchNorm(x, rm, rv, w, b, true);
    expectClose(rm.toArray(), [0.38, 3.8], 'running_mean after two steps');
    for (const t of [train, evalOut, again, x, w, b, rm, rv]) t.release();
    expect(ledger.allocated).toBe(before);
  });

  it('updates the running statistics in place without bumping their version, as ATen does', () => {
    const rm = tensorOf([0, 0, 0], [3]);
    const rv = tensorOf([1, 1, 1], [3]);
    const x = tensorOf(Array.from({ length: 12 }, (_, i) => i), [4, 3]);
    const out = batchNorm(x, rm, rv, null, null, true, 0.5);
    expect(rm.version.value).toBe(0);
    expect(rv.version.value).toBe(0);
    // mean of column c is 4.5 + c; unbiased variance 15.
    expect(rm.toArray()).toEqual([2.25, 2.75, 3.25]);
    expect(rv.toArray()).toEqual([8, 8, 8]);
    for (const t of [out, x, rm, rv]) t.release();
  });

  it('saves input, weight, running stats and save_mean/save_invstd (empty in eval mode)', () => {
    const rm = tensorOf([0, 0], [2], 'float32');
    const rv = tensorOf([1, 1], [2], 'float32');
    const w = leafOf([1, 2], [2], 'float32');
    const x = leafOf([1, 2, 3, 4, 5, 6], [3, 2], 'float32');
    const train = batchNorm(x, rm, rv, w, null, true);
    expect(savedBytesOf(train)).toEqual([8, 8, 8, 8, 8, 24]);
    const evalOut = batchNorm(x, rm, rv, w, null, false);
    expect(savedBytesOf(evalOut)).toEqual([0, 0, 8, 8, 8, 24]);
    for (const t of [train, evalOut, x, w, rm, rv]) t.release();
  });

  it('says double backward is not implemented instead of returning a wrong gradient', () => {
    const x = leafOf([1, 2, 4, 8, 3, 5], [3, 2]);
    const out = batchNorm(x, null, null, null, null, true);
    const w = tensorOf([1, -1, 2, 0.5, -2, 1], [3, 2]);
    const [g] = runBackward([out], [w], { inputs: [x], createGraph: true });
    expect(g!.gradFn?.name).toBe('NativeBatchNormBackwardBackward0');
    const ones = tensorOf(new Array<number>(6).fill(1), [3, 2]);
    expect(() => runBackward([g!], [ones], { inputs: [x] })).toThrow(/native_batch_norm_backward .* is not implemented/);
    for (const t of [out, w, g!, ones, x]) t.release();
  });

  it("raises PyTorch's errors", () => {
    const x = tensorOf([1, 2, 3], [1, 3]);
    const rm = tensorOf([0, 0, 0], [3]);
    const rv = tensorOf([1, 1, 1], [3]);
    expect(() => batchNorm(x, rm, rv, null, null, true)).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(() => batchNorm(x, null, null, null, null, false)).toThrow('running_mean must be defined in evaluation mode');
    const short = tensorOf([0, 0], [2]);
    expect(() => batchNorm(x, rm, rv, short, null, false)).toThrow('weight should contain 3 elements not 2');
    const ints = tensorOf([1, 2, 3, 4, 5, 6], [2, 3], 'int64');
    expect(() => batchNorm(ints, rm, rv, null, null, false)).toThrow(`"batch_norm" not implemented for 'Long'`);
    for (const t of [x, rm, rv, short, ints] as Tensor[]) t.release();
  });
});
