// Advanced indexing against values and messages from PyTorch (1.13 run locally;
// error texts as PyTorch 2.11 prints them in test/conformance/goldens-torch2.11.json).
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { ledger } from '../memory/ledger.ts';
import { runBackward } from '../autograd/backward.ts';
import { arange, tensor, zeros } from './creation.ts';
import { mul } from './pointwise_binary.ts';
import { view } from './layout_views.ts';
import { gather, index, indexPut, indexPut_, indexSelect, longTensor, maskedSelect, nonzero, scatter, scatterAdd } from './indexing.ts';

import { gt } from './compare.ts';

function balanced(fn: (keep: <T extends Tensor>(t: T) => T) => void): void {
  const before = ledger.allocated;
  const kept: Tensor[] = [];
  fn((t) => (kept.push(t), t));
  for (const t of kept) t.release();
  expect(ledger.allocated).toBe(before);
}

function raises(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
  return 'did not raise';
}

const f32 = (v: number[], requiresGrad = false) => tensor(v, { hasFloat: true, requiresGrad });
const bools = (v: boolean[], shape: number[]) => {
  const t = Tensor.empty(shape, 'bool');
  t.writeAll(v.map(Number));
  return t;
};
const range = (n: number, shape: number[]) => {
  const a = arange(n, null, 1, { dtype: 'float32' });
  const v = view(a, shape);
  a.release();
  return v;
};
const cube = () => range(24, [2, 3, 4]);

describe('index (x[indices])', () => {
  it('puts adjacent advanced dims in place and separated ones first', () => {
    balanced((k) => {
      const x = k(cube());
      const a = k(index(x, [null, k(longTensor([2, 0]))]));
      expect(a.shape).toEqual([2, 2, 4]);
      expect(a.toArray()).toEqual([8, 9, 10, 11, 0, 1, 2, 3, 20, 21, 22, 23, 12, 13, 14, 15]);
      const b = k(index(x, [k(longTensor([1, 0])), null, k(longTensor([3, -1]))]));
      expect(b.shape).toEqual([2, 3]);
      expect(b.toArray()).toEqual([15, 19, 23, 3, 7, 11]);
      const c = k(index(x, [k(longTensor([1, 0], [2, 1])), k(longTensor([0, 2]))]));
      expect(c.shape).toEqual([2, 2, 4]);
      expect(c.gradFn).toBeNull();
    });
  });

  it('takes masks as their nonzero() coordinates', () => {
    balanced((k) => {
      const m = k(range(6, [2, 3]));
      const mask = k(gt(m, 2));
      expect(k(index(m, [mask])).toArray()).toEqual([3, 4, 5]);
      const cols = k(bools([false, true, true], [3]));
      expect(k(index(m, [null, cols])).toArray()).toEqual([1, 2, 4, 5]);
      expect(k(nonzero(mask)).toArray()).toEqual([1, 0, 1, 1, 1, 2]);
    });
  });

  it("raises PyTorch's IndexErrors", () => {
    balanced((k) => {
      const x = k(zeros([2, 3]));
      expect(raises(() => index(x, [k(bools([true, false, true], [3]))]))).toBe(
        'IndexError: The shape of the mask [3] at index 0 does not match the shape of the indexed tensor [2, 3] at index 0',
      );
      expect(raises(() => index(x, [k(f32([0, 1]))]))).toBe('IndexError: tensors used as indices must be long, int, byte or bool tensors');
      expect(raises(() => index(k(zeros([3])), [k(longTensor([0, 5]))]))).toBe('IndexError: index 5 is out of bounds for dimension 0 with size 3');
      expect(raises(() => index(x, [null, k(longTensor([-4]))]))).toBe('IndexError: index -4 is out of bounds for dimension 1 with size 3');
      expect(raises(() => index(x, [k(longTensor([0])), k(longTensor([0])), k(longTensor([0]))]))).toBe(
        'IndexError: too many indices for tensor of dimension 2 (got 3)',
      );
      expect(raises(() => index(x, [k(longTensor([0, 1])), k(longTensor([0, 1, 0]))]))).toBe(
        'IndexError: shape mismatch: indexing tensors could not be broadcast together with shapes [2], [3]',
      );
    });
  });

  it('backward accumulates repeated indices (IndexBackward0 saves the indices)', () => {
    balanced((k) => {
      const w = k(tensor([0, 1, 2, 3, 4, 5], { dtype: 'float32', requiresGrad: true }));
      const w2 = k(view(w, [2, 3]));
      const i0 = k(longTensor([0, 0, 1]));
      const i1 = k(longTensor([2, 2, 0]));
      const o = k(index(w2, [i0, i1]));
      expect(o.gradFn?.name).toBe('IndexBackward0');
      runBackward([o], [k(f32([1, 2, 3]))]);
      expect(w.grad!.toArray()).toEqual([0, 0, 3, 3, 0, 0]);
    });
  });
});

describe('index_put / index_put_', () => {
  it('writes, accumulates and broadcasts values', () => {
    balanced((k) => {
      const y = k(zeros([2, 3]));
      indexPut_(y, [k(bools([true, false, true, false, true, false], [2, 3]))], 7);
      expect([y.toArray(), y.version.value]).toEqual([[7, 0, 7, 0, 7, 0], 1]);
      const z = k(zeros([5]));
      indexPut_(z, [k(longTensor([0, 0, 3]))], k(f32([1, 2, 3])), true);
      expect(z.toArray()).toEqual([3, 0, 0, 3, 0]);
      const r = k(indexPut(k(zeros([3])), [k(longTensor([0, 0, 1]))], k(f32([1]))));
      expect(r.toArray()).toEqual([1, 1, 0]);
    });
  });

  it("raises PyTorch's errors", () => {
    balanced((k) => {
      const x = k(zeros([2, 3]));
      expect(raises(() => indexPut_(x, [k(longTensor([0, 1]))], k(f32([1, 2, 3, 4]))))).toBe(
        'RuntimeError: shape mismatch: value tensor of shape [4] cannot be broadcast to indexing result of shape [2, 3]',
      );
      expect(raises(() => indexPut_(x, [k(longTensor([0, 1]))], k(tensor([1, 2]))))).toBe(
        'RuntimeError: Index put requires the source and destination dtypes match, got Float for the destination and Long for the source.',
      );
      expect(raises(() => indexPut_(k(zeros([3])), [k(longTensor([3]))], 1, true))).toBe('IndexError: index 3 is out of bounds for dimension 0 with size 3');
      expect(x.version.value).toBe(0);
    });
  });

  it('records IndexPutBackward0 and sends gradients to self and values', () => {
    balanced((k) => {
      const a = k(tensor([0, 0, 0], { dtype: 'float32', requiresGrad: true }));
      const b = k(mul(a, 1));
      const v = k(tensor([5, 6], { dtype: 'float32', requiresGrad: true }));
      indexPut_(b, [k(longTensor([0, 2]))], v);
      expect([b.gradFn?.name, b.version.value, b.toArray()]).toEqual(['IndexPutBackward0', 1, [5, 0, 6]]);
      runBackward([b], [k(f32([1, 2, 3]))]);
      expect([a.grad!.toArray(), v.grad!.toArray()]).toEqual([[0, 2, 0], [1, 3]]);
    });
  });
});

describe('gather, scatter, index_select, masked_select', () => {
  it('match PyTorch', () => {
    balanced((k) => {
      const x = k(range(6, [2, 3]));
      expect(k(gather(x, 1, k(longTensor([2, 0, 1, 1], [2, 2])))).toArray()).toEqual([2, 0, 4, 4]);
      expect(k(indexSelect(x, 1, k(longTensor([2, 0])))).toArray()).toEqual([2, 0, 5, 3]);
      expect(k(maskedSelect(x, k(gt(x, 3)))).toArray()).toEqual([4, 5]);
      const src = k(f32([10, 20, 30, 40], false));
      const s = k(scatter(k(zeros([2, 3])), 1, k(longTensor([2, 0, 1, 1], [2, 2])), k(view(src, [2, 2]))));
      expect(s.toArray()).toEqual([20, 0, 10, 0, 40, 0]);
      const sa = k(scatterAdd(k(zeros([3])), 0, k(longTensor([0, 0])), k(f32([1, 1]))));
      expect(sa.toArray()).toEqual([2, 0, 0]);
    });
  });

  it('raise PyTorch errors', () => {
    balanced((k) => {
      const y = k(zeros([2, 3]));
      expect(raises(() => gather(y, 1, k(longTensor([5], [1, 1]))))).toBe('RuntimeError: index 5 is out of bounds for dimension 1 with size 3');
      expect(raises(() => indexSelect(y, 0, k(longTensor([5]))))).toBe('IndexError: index out of range in self');
      expect(raises(() => gather(y, 1, k(longTensor([0]))))).toBe('RuntimeError: Index tensor must have the same number of dimensions as input tensor');
      expect(raises(() => maskedSelect(y, k(longTensor([1, 0, 1]))))).toBe('RuntimeError: masked_select: expected BoolTensor or ByteTensor for mask');
    });
  });
});
