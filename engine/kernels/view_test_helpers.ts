// Random strided views for the elementwise and reduction reference tests: a
// logical shape over sizes 1, 7, 33, 257, laid out contiguously, permuted,
// sliced with steps and an offset, or reversed in memory order; and the
// logical values of any view read by index arithmetic alone (no iterator).
import { Storage } from '../core/storage.ts';
import { Tensor } from '../core/tensor.ts';
import type { DType } from '../core/dtype.ts';
import { lcgValues } from '../../test/fixtures/kernel_fixtures.ts';

export type Rng = <T>(xs: readonly T[]) => T;

export function seededPick(seed: number): Rng {
  let s = seed >>> 0;
  return <T,>(xs: readonly T[]): T => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return xs[(s >>> 16) % xs.length]!;
  };
}

/** A shape of 1 to 3 dims from the awkward sizes, at most `maxNumel` elements. */
export function randomShape(pick: Rng, maxNumel = 9000): number[] {
  for (;;) {
    const shape = Array.from({ length: pick([1, 2, 2, 3]) }, () => pick([1, 7, 33, 257]));
    if (shape.reduce((a, b) => a * b, 1) <= maxNumel) return shape;
  }
}

export type Layout = 'contiguous' | 'permuted' | 'sliced' | 'transposed';

/** A tensor of `shape` laid out as `layout` over a storage of generated values (seed). */
export function makeView(shape: readonly number[], layout: Layout, seed: number, pick: Rng, dtype: DType = 'float32'): Tensor {
  const nd = shape.length;
  let physical = [...shape];
  let order = shape.map((_, i) => i); // physical dim d holds logical dim order[d]
  let steps = shape.map(() => 1);
  let starts = shape.map(() => 0);
  if (layout === 'permuted' && nd > 1) {
    order = [...order].sort(() => (pick([0, 1]) ? 1 : -1));
    if (order.every((d, i) => d === i)) order.reverse();
  } else if (layout === 'transposed' && nd > 1) {
    order = [...order];
    [order[nd - 1], order[nd - 2]] = [order[nd - 2]!, order[nd - 1]!];
  } else if (layout === 'sliced') {
    steps = shape.map(() => pick([1, 2, 3]));
    starts = shape.map(() => pick([0, 1, 2]));
  }
  physical = order.map((d) => starts[d]! + (shape[d]! - 1) * steps[d]! + 1 + pick([0, 1]));
  const size = physical.reduce((a, b) => a * b, 1);
  const contiguous = new Array<number>(nd);
  for (let d = nd - 1, s = 1; d >= 0; d--) {
    contiguous[d] = s;
    s *= physical[d]!;
  }
  const strides = new Array<number>(nd);
  let offset = 0;
  order.forEach((logical, d) => {
    strides[logical] = contiguous[d]! * steps[logical]!;
    offset += contiguous[d]! * starts[logical]!;
  });
  const storage = Storage.allocate(dtype, size);
  storage.data.set(lcgValues(seed, size));
  return new Tensor(storage, shape, strides, offset);
}

/** The values of t in row-major logical order, by index arithmetic over its storage. */
export function logicalValues(t: Tensor): number[] {
  const out: number[] = [];
  const idx = t.shape.map(() => 0);
  const n = t.shape.reduce((a, b) => a * b, 1);
  for (let k = 0; k < n; k++) {
    out.push(t.storage.data[t.offset + idx.reduce((acc, i, d) => acc + i * t.strides[d]!, 0)]!);
    for (let d = t.ndim - 1; d >= 0; d--) {
      if (++idx[d]! < t.shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** The row-major position in `shape` of logical index `idx` of a broadcast operand of shape `from`. */
export function broadcastIndex(idx: readonly number[], from: readonly number[]): number {
  const lead = idx.length - from.length;
  let flat = 0;
  for (let d = 0; d < from.length; d++) flat = flat * from[d]! + (from[d] === 1 ? 0 : idx[lead + d]!);
  return flat;
}

/** Every logical index of `shape`, row-major. */
export function* indices(shape: readonly number[]): Generator<number[]> {
  const n = shape.reduce((a, b) => a * b, 1);
  const idx = shape.map(() => 0);
  for (let k = 0; k < n; k++) {
    yield [...idx];
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}
