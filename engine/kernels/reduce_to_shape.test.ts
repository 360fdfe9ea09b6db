// sumToShape against the plain per-element walk it replaces: each output
// element adds g's values in row-major order of g, rounding to the dtype after
// every addition. Awkward sizes, bias rows and columns, leading dimensions,
// and non-contiguous gradients; float32, float64 and int32.
import { describe, expect, it } from 'vitest';
import { castValue, type DType } from '../core/dtype.ts';
import { contiguousStrides, numel, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { forEachIndex } from './elementwise.ts';
import { sumToShape } from './reduce_to_shape.ts';

function gradient(shape: Shape, dtype: DType, transposed: boolean): Tensor {
  const n = numel(shape);
  const base = Tensor.empty([n], dtype);
  const d = base.storage.data;
  for (let i = 0; i < n; i++) d[i] = castValue(dtype, Math.sin(i * 12.9898) * 437.5453);
  const strides = transposed ? contiguousStrides([...shape].reverse()).reverse() : contiguousStrides(shape);
  return new Tensor(base.storage, shape, strides, 0);
}

/** One element at a time, accumulating in the output's own array. */
function reference(g: Tensor, shape: Shape): number[] {
  const out = Tensor.empty(shape, g.dtype);
  const lead = g.ndim - shape.length;
  const seen = g.shape.map((s, d) => (d < lead || (shape[d - lead] === 1 && s !== 1) ? 0 : out.strides[d - lead]!));
  const o = out.storage.data;
  forEachIndex(g.shape, [g.strides, seen], [g.offset, 0], (pos) => {
    o[pos[1]!] += g.storage.data[pos[0]!]!;
  });
  return Array.from(o);
}

const cases: [Shape, Shape][] = [];
for (const n of [1, 7, 33, 257]) {
  cases.push([[n, 7], [7]], [[n, 7], [1, 7]], [[7, n], [7, 1]], [[n], [1]], [[n], []], [[3, n, 5], [n, 1]], [[2, 7, 1, n], [7, 1, 1]], [[n, 3], [n, 3]]);
}

describe('sumToShape', () => {
  for (const [from, to] of cases) {
    it(`[${from}] -> [${to}]`, () => {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        for (const transposed of [false, true]) {
          const g = gradient(from, dtype, transposed);
          const out = sumToShape(g, to);
          expect(out.shape).toEqual(to);
          expect(Array.from(out.storage.data)).toEqual(reference(g, to));
        }
      }
    });
  }
});
