// Expected values, dtypes and messages come from real PyTorch (2.11 goldens
// where messages changed; values checked with torch 1.13).
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { setDefaultDtype } from '../core/dtype.ts';
import { ledger } from '../memory/ledger.ts';
import { setWarningSink } from '../errors/errors.ts';
import { restoreGradMode, setInferenceMode, withGradMode } from '../autograd/grad_mode.ts';
import { arange, empty, emptyLike, eye, full, fullLike, linspace, ones, onesLike, scalarTo, tensor, zeros, zerosLike } from './creation.ts';

/** Runs fn and checks every byte it allocated is released once its tensors are. */
function balanced(fn: (keep: (t: Tensor) => Tensor) => void): void {
  const before = ledger.allocated;
  const kept: Tensor[] = [];
  fn((t) => (kept.push(t), t));
  for (const t of kept) t.release();
  expect(ledger.allocated).toBe(before);
}

const err = (fn: () => unknown): { type: string; message: string } => {
  try {
    fn();
  } catch (e) {
    return { type: (e as Error).name, message: (e as Error).message };
  }
  throw new Error('did not raise');
};

describe('tensor()', () => {
  it('infers dtypes as PyTorch (create_001, dtype_001)', () => {
    balanced((k) => {
      expect(k(tensor([1, 2, 3])).dtype).toBe('int64');
      expect(k(tensor([1.5, 2])).dtype).toBe('float32');
      expect(k(tensor([1, 2], { hasFloat: true })).dtype).toBe('float32'); // [1.0, 2.0]
      expect(k(tensor([true, false])).dtype).toBe('bool');
      expect(k(tensor([true, 2])).toArray()).toEqual([1, 2]);
      expect(k(tensor([true, 2])).dtype).toBe('int64');
      const m = k(tensor([[1, 2], [3, 4]]));
      expect([m.shape, m.toArray()]).toEqual([[2, 2], [1, 2, 3, 4]]);
      expect([k(tensor(7)).shape, k(tensor(7)).dtype]).toEqual([[], 'int64']);
      expect(k(tensor(3.5)).dtype).toBe('float32');
      expect(k(tensor([[1.5]])).shape).toEqual([1, 1]);
      expect(k(tensor([0.1, 0.7])).toArray()).toEqual([0.10000000149011612, 0.699999988079071]);
    });
  });

  it('follows the default dtype for floats and empty lists', () => {
    setDefaultDtype('float64');
    try {
      balanced((k) => {
        expect(k(tensor([1.5])).dtype).toBe('float64');
        expect(k(tensor([])).dtype).toBe('float64');
      });
    } finally {
      setDefaultDtype('float32');
    }
  });

  it('builds empty tensors (create_008)', () => {
    balanced((k) => {
      expect([k(tensor([])).shape, k(tensor([])).dtype]).toEqual([[0], 'float32']);
      expect(k(tensor([[]])).shape).toEqual([1, 0]);
      expect(k(tensor([[], []])).shape).toEqual([2, 0]);
      expect(k(tensor([[], [1]])).shape).toEqual([2, 0]); // nothing is stored, so nothing is checked
      expect(k(tensor([], { dtype: 'int64' })).dtype).toBe('int64');
    });
  });

  it('takes one-element tensors as scalars, with their dtype', () => {
    balanced((k) => {
      const a = k(tensor(1, { hasFloat: true }));
      const b = k(tensor(2.5, { dtype: 'float64' }));
      const t = k(tensor([a, b]));
      expect([t.dtype, t.toArray()]).toEqual(['float64', [1, 2.5]]);
      const pair = k(tensor([1, 2], { hasFloat: true }));
      expect(err(() => tensor([pair, pair]))).toEqual({ type: 'ValueError', message: 'only one element tensors can be converted to Python scalars' });
    });
  });

  it('raises PyTorch errors for ragged and foreign data (create_007)', () => {
    const before = ledger.allocated;
    expect(err(() => tensor([[1, 2], [3]]))).toEqual({ type: 'ValueError', message: 'expected sequence of length 2 at dim 1 (got 1)' });
    expect(err(() => tensor([[1, 2], [3, 4, 5]]))).toEqual({ type: 'ValueError', message: 'expected sequence of length 2 at dim 1 (got 3)' });
    expect(err(() => tensor([[[1, 2], [3, 4]], [[1, 2], [3]]]))).toEqual({ type: 'ValueError', message: 'expected sequence of length 2 at dim 2 (got 1)' });
    expect(err(() => tensor([1, 'a' as unknown as number]))).toEqual({ type: 'TypeError', message: "new(): invalid data type 'str'" });
    expect(err(() => tensor([[1, 2], 3]))).toEqual({ type: 'TypeError', message: 'not a sequence' });
    expect(err(() => tensor([1, [2, 3]]))).toEqual({ type: 'TypeError', message: "'list' object cannot be interpreted as an integer" });
    expect(err(() => tensor([1.5, [2]]))).toEqual({ type: 'TypeError', message: 'must be real number, not list' });
    expect(err(() => tensor([1, null as unknown as number]))).toEqual({ type: 'RuntimeError', message: 'Could not infer dtype of NoneType' });
    expect(err(() => tensor([1, 'a' as unknown as number], { dtype: 'float32' }))).toEqual({ type: 'TypeError', message: 'must be real number, not str' });
    expect(ledger.allocated).toBe(before);
  });

  it('converts to a given dtype with PyTorch overflow checks', () => {
    balanced((k) => {
      expect(k(tensor([-1], { dtype: 'uint8' })).toArray()).toEqual([255]);
      expect(k(tensor([1.7, -1.7], { dtype: 'int64' })).toArray()).toEqual([1, -1]);
      expect(k(tensor([0, 2, 0.5], { dtype: 'bool' })).toArray()).toEqual([0, 1, 1]);
      expect(k(tensor([true, false], { dtype: 'int32' })).toArray()).toEqual([1, 0]);
    });
    expect(err(() => tensor([300], { dtype: 'uint8' })).message).toBe('value cannot be converted to type uint8 without overflow');
    expect(err(() => tensor([-1.5], { dtype: 'uint8' })).message).toBe('value cannot be converted to type uint8 without overflow');
    expect(err(() => tensor([200], { dtype: 'int8' })).message).toBe('value cannot be converted to type int8 without overflow');
    expect(err(() => tensor([NaN], { dtype: 'int64' })).message).toBe('value cannot be converted to type int64 without overflow');
    expect(err(() => tensor([2 ** 63])).message).toBe('Overflow when unpacking long');
    expect(err(() => tensor([1, 2], { requiresGrad: true })).message).toBe('Only Tensors of floating point and complex dtype can require gradients');
  });

  it('copies a tensor with PyTorch warning', () => {
    const warnings: string[] = [];
    setWarningSink((_c, m) => warnings.push(m));
    try {
      balanced((k) => {
        const src = k(tensor([1.5, 2]));
        const t = k(tensor(src, { dtype: 'int64' }));
        expect([t.toArray(), t.storage === src.storage]).toEqual([[1, 2], false]);
      });
    } finally {
      setWarningSink(() => {});
    }
    expect(warnings[0]).toMatch(/^To copy construct from a tensor, it is recommended to use sourceTensor.clone\(\).detach\(\)/);
  });

  it('makes leaves that require grad', () => {
    balanced((k) => {
      const t = k(tensor([1, 2], { hasFloat: true, requiresGrad: true }));
      expect([t.requiresGrad, t.isLeaf]).toEqual([true, true]);
    });
  });
});

describe('zeros, ones, full, empty', () => {
  it('fill with the right dtype (create_002, create_004)', () => {
    balanced((k) => {
      expect(k(zeros([2, 3])).toArray()).toEqual([0, 0, 0, 0, 0, 0]);
      expect(k(ones([3], { dtype: 'int32' })).dtype).toBe('int32');
      expect(k(ones([2, 2], { dtype: 'bool' })).toArray()).toEqual([1, 1, 1, 1]);
      expect(k(ones([])).shape).toEqual([]);
      expect(k(zeros([0])).shape).toEqual([0]);
      expect(k(zeros([2, 0])).numel).toBe(0);
      expect(k(empty([2, 3])).shape).toEqual([2, 3]);
      expect([k(full([2, 2], 7)).dtype, k(full([2], 1.5)).dtype, k(full([2], true)).dtype]).toEqual(['int64', 'float32', 'bool']);
      expect(k(full([2], 3, { hasFloat: true })).dtype).toBe('float32'); // full((2,), 3.0)
      expect(k(full([1, 3], -2, { dtype: 'float64' })).toArray()).toEqual([-2, -2, -2]);
      expect(k(full([2], -1, { dtype: 'uint8' })).toArray()).toEqual([255, 255]);
      expect(k(full([2], 2, { dtype: 'bool' })).toArray()).toEqual([1, 1]);
      expect(k(ones([2], { requiresGrad: true })).requiresGrad).toBe(true);
    });
  });

  it('raise PyTorch errors', () => {
    expect(err(() => zeros([2, -1])).message).toBe('Trying to create tensor with negative dimension -1: [2, -1]');
    expect(err(() => full([-1], 2)).message).toBe('Trying to create tensor with negative dimension -1: [-1]');
    expect(err(() => full([2], 300, { dtype: 'uint8' })).message).toBe('value cannot be converted to type uint8_t without overflow');
    expect(err(() => full([2], 1e10, { dtype: 'int32' })).message).toBe('value cannot be converted to type int without overflow');
    expect(err(() => full([2], NaN, { dtype: 'int64' })).message).toBe('value cannot be converted to type int64_t without overflow');
    expect(err(() => full([2], 1e6, { dtype: 'float16' })).message).toBe('value cannot be converted to type at::Half without overflow');
  });

  it('marks tensors created in inference mode', () => {
    balanced((k) => {
      expect(k(zeros([1])).isInference).toBe(false);
      const prev = setInferenceMode(true);
      try {
        expect([k(zeros([1])).isInference, k(tensor([1])).isInference, k(arange(3)).isInference]).toEqual([true, true, true]);
      } finally {
        restoreGradMode(prev);
      }
    });
  });
});

describe('*_like', () => {
  it('keep shape and dtype unless overridden (create_005)', () => {
    balanced((k) => {
      const x = k(tensor([[1, 2, 3], [4, 5, 6]]));
      expect([k(zerosLike(x)).dtype, k(zerosLike(x)).toArray()]).toEqual(['int64', [0, 0, 0, 0, 0, 0]]);
      expect(k(zerosLike(x, { dtype: 'float32' })).dtype).toBe('float32');
      expect(k(fullLike(x, 2.7)).toArray()).toEqual([2, 2, 2, 2, 2, 2]);
      const f = k(tensor([1.5, -2.5], { dtype: 'float64' }));
      expect(k(fullLike(f, 2.7)).toArray()).toEqual([2.7, 2.7]);
      expect(k(onesLike(f)).toArray()).toEqual([1, 1]);
      const e = k(emptyLike(x));
      expect([e.shape, e.dtype]).toEqual([[2, 3], 'int64']);
      const g = k(tensor(3, { hasFloat: true, requiresGrad: true }));
      expect(k(onesLike(g)).requiresGrad).toBe(false);
    });
  });

  it('preserve the layout of dense inputs (memory_format=preserve)', () => {
    balanced((k) => {
      const base = k(zeros([2, 3]));
      const t = k(new Tensor(base.storage, [3, 2], [1, 3], 0)); // base.t()
      expect(k(zerosLike(t)).strides).toEqual([1, 3]);
      const expanded = k(new Tensor(base.storage, [2, 3], [0, 1], 0));
      expect(k(emptyLike(expanded)).strides).toEqual([3, 1]);
      const big = k(zeros([4, 4]));
      const sliced = k(new Tensor(big.storage, [4, 2], [4, 2], 0)); // big[:, ::2]
      expect(k(onesLike(sliced)).strides).toEqual([2, 1]);
    });
  });
});

describe('arange', () => {
  it('computes length and dtype as ATen (create_010)', () => {
    balanced((k) => {
      expect(k(arange(5)).toArray()).toEqual([0, 1, 2, 3, 4]);
      expect(k(arange(5)).dtype).toBe('int64');
      expect(k(arange(0, 10, 4)).toArray()).toEqual([0, 4, 8]);
      expect(k(arange(-5, 5, 3)).toArray()).toEqual([-5, -2, 1, 4]);
      expect(k(arange(10, 0, -3)).toArray()).toEqual([10, 7, 4, 1]);
      expect(k(arange(0, 0)).shape).toEqual([0]);
      expect(k(arange(0, 1, 0.1)).toArray()).toEqual([
        0.0, 0.10000000149011612, 0.20000000298023224, 0.30000001192092896, 0.4000000059604645, 0.5, 0.6000000238418579, 0.699999988079071,
        0.800000011920929, 0.8999999761581421,
      ]);
      expect(k(arange(1, 2.5, 0.5)).toArray()).toEqual([1, 1.5, 2]);
      expect(k(arange(1, -1, -0.5)).toArray()).toEqual([1, 0.5, 0, -0.5]);
      expect(k(arange(5, undefined, 1, { hasFloat: true })).dtype).toBe('float32'); // arange(5.0)
      expect(k(arange(0.5, 5, 1, { dtype: 'int64' })).toArray()).toEqual([0, 1, 2, 3, 4]);
      expect(k(arange(-0.5, 3, 1, { dtype: 'int8' })).toArray()).toEqual([0, 1, 2, 3]);
      expect(k(arange(0, 3, 0.3, { dtype: 'float16' })).toArray()).toEqual([
        0.0, 0.300048828125, 0.60009765625, 0.89990234375, 1.2001953125, 1.5, 1.7998046875, 2.099609375, 2.400390625, 2.69921875,
      ]);
      expect(k(arange(3, undefined, 1, { hasFloat: true, requiresGrad: true })).requiresGrad).toBe(true);
    });
  });

  it('raises PyTorch errors', () => {
    expect(err(() => arange(0, 10, 0)).message).toBe('step must be nonzero');
    expect(err(() => arange(0, 10, -1)).message).toBe('upper bound and lower bound inconsistent with step sign');
    expect(err(() => arange(0, Infinity)).message).toBe('unsupported range: 0 -> inf');
    expect(err(() => arange(0, NaN)).message).toBe('unsupported range: 0 -> nan');
    expect(err(() => arange(2, undefined, 1, { dtype: 'bool' })).message).toBe(`"arange_cpu" not implemented for 'Bool'`);
  });
});

describe('linspace and eye', () => {
  it('linspace counts up to halfway, then down from end (create_004)', () => {
    balanced((k) => {
      expect(k(linspace(0, 1, 5)).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(k(linspace(-1, 1, 3)).toArray()).toEqual([-1, 0, 1]);
      expect(k(linspace(0, 1, 1)).toArray()).toEqual([0]);
      expect(k(linspace(0, 1, 0)).shape).toEqual([0]);
      expect(k(linspace(0, 10, 4)).toArray()).toEqual([0.0, 3.3333332538604736, 6.6666669845581055, 10.0]);
      expect(k(linspace(-1.3, 2.9, 7)).toArray()).toEqual([
        -1.2999999523162842, -0.5999999642372131, 0.10000002384185791, 0.8000001311302185, 1.5000001192092896, 2.200000047683716, 2.9000000953674316,
      ]);
      expect(k(linspace(0.5, 3.7, 4, { dtype: 'int32' })).toArray()).toEqual([0, 1, 2, 3]);
      expect(k(linspace(0, -10, 4, { dtype: 'int64' })).toArray()).toEqual([0, -3, -6, -10]);
    });
    expect(err(() => linspace(0, 1, -1)).message).toBe('number of steps must be non-negative');
    expect(err(() => linspace(0, 1, 3, { dtype: 'bool' })).message).toBe(`"linspace_cpu" not implemented for 'Bool'`);
  });

  it('eye puts ones on the diagonal', () => {
    balanced((k) => {
      expect(k(eye(3)).toArray()).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
      const r = k(eye(2, 3));
      expect([r.shape, r.toArray()]).toEqual([[2, 3], [1, 0, 0, 0, 1, 0]]);
      expect(k(eye(2, undefined, { dtype: 'int64' })).dtype).toBe('int64');
      expect(k(eye(0)).shape).toEqual([0, 0]);
    });
    expect(err(() => eye(-1)).message).toBe('n must be greater or equal to 0, got -1');
    expect(err(() => eye(2, -1)).message).toBe('m must be greater or equal to 0, got -1');
  });
});

describe('scalarTo (Scalar::to<T>)', () => {
  it('checks Python ints the C++ way and floats by range', () => {
    expect(scalarTo('uint8', -1)).toBe(255);
    expect(scalarTo('int8', 1.5, true)).toBe(1);
    expect(scalarTo('bool', 7)).toBe(1);
    expect(scalarTo('float32', Infinity)).toBe(Infinity);
    expect(() => scalarTo('uint8', -1, true)).toThrow('value cannot be converted to type uint8_t without overflow');
    expect(() => scalarTo('float32', 1e39)).toThrow('value cannot be converted to type float without overflow');
  });
});

describe('grad mode', () => {
  it('creation never records a graph', () => {
    balanced((k) => {
      const t = withGradMode(true, () => k(ones([2], { requiresGrad: true })));
      expect(t.gradFn).toBeNull();
    });
  });
});
