// Sums a broadcast result back to one of its operands' shapes (the reverse of expand).
import { type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { forEachIndex } from './elementwise.ts';

export function sumToShape(g: Tensor, shape: Shape): Tensor {
  const out = Tensor.empty(shape, g.dtype);
  const o = out.storage.data;
  const lead = g.ndim - shape.length;
  // Output strides seen from g's dimensions: 0 on leading and broadcast dims.
  const outStrides = out.strides;
  const seen = g.shape.map((s, d) => {
    if (d < lead) return 0;
    const target = shape[d - lead]!;
    return target === 1 && s !== 1 ? 0 : outStrides[d - lead]!;
  });
  const gd = g.storage.data;
  forEachIndex(g.shape, [g.strides, seen], [g.offset, 0], (pos) => {
    o[pos[1]!] += gd[pos[0]!]!;
  });
  return out;
}
