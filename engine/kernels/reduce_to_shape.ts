// Sums a broadcast result back to one of its operands' shapes (the reverse of expand).
//
// Each output element accumulates its inputs in row-major order of g, rounded
// to g's dtype after every addition (the output array holds the running sum),
// whichever loop runs.
import { type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { RowCursor } from './elementwise.ts';

/** Output strides seen from g's dimensions: 0 on leading and broadcast dimensions. */
function outStridesSeenFrom(g: Tensor, out: Tensor): number[] {
  const lead = g.ndim - out.ndim;
  return g.shape.map((s, d) => {
    if (d < lead) return 0;
    return out.shape[d - lead] === 1 && s !== 1 ? 0 : out.strides[d - lead]!;
  });
}

export function sumToShape(g: Tensor, shape: Shape): Tensor {
  const out = Tensor.empty(shape, g.dtype);
  const o = out.storage.data;
  const gd = g.storage.data;
  const cur = new RowCursor(g.shape, [g.strides, outStridesSeenFrom(g, out)], [g.offset, 0]);
  const len = cur.len;
  const tg = cur.step[0]!;
  const to = cur.step[1]!;
  const dtype = g.dtype;
  for (let r = 0; r < cur.rows; r++, cur.next()) {
    let pg = cur.pos[0]!;
    let po = cur.pos[1]!;
    // A row summed into one element keeps its running sum in a local, rounded as the array rounds it.
    if (to === 0 && dtype === 'float32') {
      let s = o[po]!;
      for (let i = 0; i < len; i++, pg += tg) s = Math.fround(s + gd[pg]!);
      o[po] = s;
    } else if (to === 0 && dtype === 'float64') {
      let s = o[po]!;
      for (let i = 0; i < len; i++, pg += tg) s += gd[pg]!;
      o[po] = s;
    } else {
      for (let i = 0; i < len; i++, pg += tg, po += to) o[po] += gd[pg]!;
    }
  }
  return out;
}
