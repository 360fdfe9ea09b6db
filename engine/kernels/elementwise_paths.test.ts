// The elementwise loops against a reference that walks every element on its
// own (logical index -> storage offset per operand, then castValue), on
// awkward sizes and on contiguous, broadcast (bias row, column, scalar),
// transposed, sliced and expanded operands: every loop must give the same
// bits, float32 rounding, bool and int64 casts included.
import { describe, expect, it } from 'vitest';
import { castValue, type DType } from '../core/dtype.ts';
import { broadcastAll, contiguousStrides, expandStrides, numel, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import { coalesceLoop, contiguousData, forEachIndex, mapBinary, mapTernary, mapUnary, RowCursor, updateInPlace } from './elementwise.ts';

const SIZES = [1, 7, 33, 257];

let seed = 12345;
/** Deterministic values with signs, zeros (both), and a NaN now and then. */
function nextValue(): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  const r = seed / 2147483648;
  if (r < 0.03) return NaN;
  if (r < 0.08) return r < 0.055 ? 0 : -0;
  return (r - 0.5) * 20;
}

function filledStorage(dtype: DType, n: number): Tensor {
  const t = Tensor.empty([n], dtype);
  const d = t.storage.data;
  for (let i = 0; i < n; i++) d[i] = castValue(dtype, dtype === 'bool' ? (nextValue() > 0 ? 1 : 0) : nextValue());
  return t;
}

type Layout = 'contiguous' | 'transposed' | 'sliced' | 'expanded';

/** A tensor of `shape` laid out as asked, over a fresh storage with values in every slot. */
function operand(shape: Shape, layout: Layout, dtype: DType = 'float32'): Tensor {
  const n = numel(shape);
  if (layout === 'contiguous' || shape.length === 0) {
    const base = filledStorage(dtype, n);
    return new Tensor(base.storage, shape, contiguousStrides(shape), 0);
  }
  if (layout === 'transposed') {
    const rev = [...shape].reverse();
    const base = filledStorage(dtype, n);
    return new Tensor(base.storage, shape, contiguousStrides(rev).reverse(), 0);
  }
  if (layout === 'sliced') {
    // Every other element of a larger buffer, starting at offset 3.
    const base = filledStorage(dtype, 2 * n + 3);
    return new Tensor(base.storage, shape, contiguousStrides(shape).map((s) => 2 * s), 3);
  }
  // Expanded: the first dimension broadcast from size 1 (stride 0).
  const inner = shape.slice(1);
  const base = filledStorage(dtype, numel(inner));
  return new Tensor(base.storage, shape, [0, ...contiguousStrides(inner)], 0);
}

/** Logical elements of each operand broadcast to `shape`, read one index at a time. */
function broadcastValues(t: Tensor, shape: Shape): number[] {
  const strides = expandStrides(t.shape, t.strides, shape);
  const out: number[] = [];
  const idx = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < numel(shape); k++) {
    let p = t.offset;
    for (let d = 0; d < shape.length; d++) p += idx[d]! * strides[d]!;
    out.push(t.storage.data[p]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return out;
}

/** Values as text, so that NaN, 0 and -0 compare exactly. */
const bits = (values: ArrayLike<number>) => Array.from(values, (v) => (Object.is(v, -0) ? '-0' : String(v)));

function reference(operands: Tensor[], outDtype: DType, f: (...v: number[]) => number): string[] {
  const shape = broadcastAll(operands.map((t) => t.shape));
  const cols = operands.map((t) => broadcastValues(t, shape));
  return bits(Array.from({ length: numel(shape) }, (_, i) => castValue(outDtype, f(...cols.map((c) => c[i]!)))));
}

const binaryF = (x: number, y: number) => x * y + 0.1; // rounds differently in float32 and float64
const ternaryF = (k: number, x: number, y: number) => (k ? x : y * 1.5);

describe('mapUnary', () => {
  for (const n of SIZES) {
    for (const layout of ['contiguous', 'transposed', 'sliced', 'expanded'] as const) {
      it(`${layout} [${n}, 3] into float32, float64, bool and int64`, () => {
        const x = operand([n, 3], layout);
        for (const dtype of ['float32', 'float64', 'bool', 'int64'] as const) {
          const f = (v: number) => v * 3.3;
          expect(bits(mapUnary(x, dtype, f).toArray())).toEqual(reference([x], dtype, f));
          expect(bits(mapUnary(x, dtype, f, 'contiguous').toArray())).toEqual(reference([x], dtype, f));
        }
      });
    }
  }
});

describe('mapBinary', () => {
  const pairs: [string, (n: number) => [Tensor, Tensor]][] = [
    ['same shape, contiguous', (n) => [operand([n, 5], 'contiguous'), operand([n, 5], 'contiguous')]],
    ['a bias row', (n) => [operand([n, 7], 'contiguous'), operand([7], 'contiguous')]],
    ['a bias column', (n) => [operand([3, n], 'contiguous'), operand([3, 1], 'contiguous')]],
    ['a per-channel [N, C, 1, 1] factor', (n) => [operand([2, n, 3, 3], 'contiguous'), operand([2, n, 1, 1], 'contiguous')]],
    ['a 0-dim tensor', (n) => [operand([n, 2], 'contiguous'), operand([], 'contiguous')]],
    ['a 0-dim tensor first', (n) => [operand([], 'contiguous'), operand([n, 2], 'sliced')]],
    ['a [1] tensor', (n) => [operand([n], 'contiguous'), operand([1], 'contiguous')]],
    ['transposed and contiguous', (n) => [operand([n, 4], 'transposed'), operand([n, 4], 'contiguous')]],
    ['sliced and expanded', (n) => [operand([4, n], 'sliced'), operand([4, n], 'expanded')]],
    ['transposed and a bias row', (n) => [operand([5, n], 'transposed'), operand([n], 'sliced')]],
    ['outer product of a column and a row', (n) => [operand([n, 1], 'contiguous'), operand([1, 6], 'contiguous')]],
  ];
  for (const n of SIZES) {
    for (const [label, make] of pairs) {
      it(`${label}, n=${n}`, () => {
        const [a, b] = make(n);
        for (const dtype of ['float32', 'float64', 'bool', 'int64'] as const) {
          expect(bits(mapBinary(a, b, dtype, binaryF).toArray())).toEqual(reference([a, b], dtype, binaryF));
        }
      });
    }
  }

  it('a Python number enters float32 arithmetic as a float32 value, in every loop', () => {
    const x = operand([33, 7], 'transposed');
    const s = Tensor.empty([], 'float64');
    s.storage.data[0] = 0.1;
    s.wrappedNumber = true;
    const expected = bits(x.toArray().map((v) => Math.fround(v + Math.fround(0.1))));
    expect(bits(mapBinary(x, s, 'float32', (p, q) => p + q).toArray())).toEqual(expected);
  });
});

describe('mapTernary', () => {
  for (const n of SIZES) {
    it(`where-like selection with a bool condition, broadcast and non-contiguous, n=${n}`, () => {
      const c = operand([n, 1], 'contiguous', 'bool');
      const a = operand([n, 6], 'transposed');
      const b = operand([], 'contiguous');
      const d = operand([n, 6], 'sliced');
      for (const dtype of ['float32', 'float64', 'int64'] as const) {
        expect(bits(mapTernary(c, a, b, dtype, ternaryF).toArray())).toEqual(reference([c, a, b], dtype, ternaryF));
        expect(bits(mapTernary(c, d, a, dtype, ternaryF).toArray())).toEqual(reference([c, d, a], dtype, ternaryF));
      }
      const same = [operand([n], 'contiguous', 'bool'), operand([n], 'contiguous'), operand([n], 'contiguous')] as const;
      expect(bits(mapTernary(...same, 'float32', ternaryF).toArray())).toEqual(reference([...same], 'float32', ternaryF));
    });
  }
});

describe('updateInPlace', () => {
  for (const n of SIZES) {
    for (const layout of ['contiguous', 'transposed', 'sliced'] as const) {
      it(`${layout} destination [${n}, 4] with a broadcast row, n=${n}`, () => {
        for (const dtype of ['float32', 'int64', 'bool'] as const) {
          const dst = operand([n, 4], layout, dtype);
          const src = operand([4], 'sliced');
          const expected = reference([dst, src], dtype, (d, s) => d * 0.7 + s);
          updateInPlace(dst, src, (d, s) => d * 0.7 + s);
          expect(bits(dst.toArray())).toEqual(expected);
        }
      });
    }
  }
});

it('contiguousData reads any layout in row-major order', () => {
  for (const n of SIZES) {
    for (const layout of ['contiguous', 'transposed', 'sliced', 'expanded'] as const) {
      const x = operand([3, n, 2], layout);
      expect(bits(contiguousData(x))).toEqual(bits(x.toArray()));
    }
  }
});

describe('loop nests', () => {
  it('coalescing merges only dimensions that every operand walks as one run', () => {
    // [N, C, H, W] times a per-channel [N, C, 1, 1]: H and W merge, and N with C.
    expect(coalesceLoop([64, 20, 8, 8], [[1280, 64, 8, 1], [20, 1, 0, 0]])).toEqual({ shape: [1280, 64], strides: [[64, 1], [1, 0]] });
    // A bias row cannot merge with the batch dimension.
    expect(coalesceLoop([64, 50], [[50, 1], [0, 1]])).toEqual({ shape: [64, 50], strides: [[50, 1], [0, 1]] });
    expect(coalesceLoop([1, 7, 1], [[7, 1, 1]])).toEqual({ shape: [7], strides: [[1]] });
  });

  it('a row cursor visits the same offsets, in the same order, as forEachIndex', () => {
    const layouts: [number[], number[][], number[]][] = [
      [[3, 7, 33], [[231, 33, 1], [0, 1, 0], [1, 3, 21]], [0, 5, 2]],
      [[2, 1, 257], [[514, 257, 1], [1, 9, 2]], [4, 0]],
      [[7, 1], [[1, 1], [0, 0]], [0, 1]],
      [[], [[], []], [3, 8]],
      [[4, 0, 3], [[0, 3, 1]], [0]],
      [[5, 4, 3, 2], [[24, 6, 2, 1], [1, 5, 20, 60], [0, 2, 0, 1]], [1, 2, 3]],
    ];
    for (const [shape, strides, offsets] of layouts) {
      const expected: number[][] = [];
      forEachIndex(shape, strides, offsets, (pos) => expected.push([...pos]));
      const seen: number[][] = [];
      const cur = new RowCursor(shape, strides, offsets);
      for (let r = 0; r < cur.rows; r++, cur.next()) {
        for (let i = 0; i < cur.len; i++) seen.push(cur.pos.map((p, o) => p + i * cur.step[o]!));
      }
      expect(seen).toEqual(expected);
    }
  });
});
