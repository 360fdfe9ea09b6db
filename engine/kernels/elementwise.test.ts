import { it, expect } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { mapUnary, mapBinary } from './elementwise.ts';
// Output strides recorded with PyTorch 1.13: torch.exp(x.t()).stride() == (1, 3), etc.
it('results follow the memory layout of their inputs, as TensorIterator lays them out', () => {
  const base = Tensor.empty([4, 3]); base.writeAll([...Array(12).keys()]);
  const x = new Tensor(base.storage, [3, 4], [1, 3], 0);
  const e = mapUnary(x, 'float32', (v) => v * 2);
  expect(e.strides).toEqual([1, 3]);
  expect(e.toArray()).toEqual(x.toArray().map((v) => v * 2));
  const c = Tensor.empty([3, 1]); c.writeAll([100, 200, 300]);
  const s = mapBinary(x, c, 'float32', (a, b) => a + b);
  expect(s.strides).toEqual([1, 3]);
  expect(s.toArray()).toEqual(x.toArray().map((v, i) => v + [100, 200, 300][Math.floor(i / 4)]!));
  const d = Tensor.empty([3, 4]); const s2 = mapBinary(d, x, 'float32', (a, b) => a + b); expect(s2.strides).toEqual([4, 1]);
  const b3 = Tensor.empty([2, 3, 4]); b3.writeAll([...Array(24).keys()]);
  const y = new Tensor(b3.storage, [4, 2, 3], [1, 12, 4], 0);
  const ey = mapUnary(y, 'float32', (v) => v); expect(ey.strides).toEqual([1, 12, 4]); expect(ey.toArray()).toEqual(y.toArray());
});
