// Every registered fast row loop against its own scalar function run through
// the generic loop (Note [Fast elementwise rows]): the same values, -0 and NaN
// included, on NaN, ±inf, ±0, float32 and float64 denormals, ints and bools,
// awkward sizes (and every remainder of the 4-way unrolled loops), contiguous,
// scalar-broadcast, bias-row, per-channel,
// transposed, sliced and expanded operands, out of place and in place.
import { describe, expect, it } from 'vitest';
import { castValue, type DType } from '../core/dtype.ts';
import { broadcastAll, contiguousStrides, numel, sameShape, type Shape } from '../core/shape.ts';
import { Tensor } from '../core/tensor.ts';
import '../ops/all.ts';
import '../ops/inplace.ts';
import '../ops/layout_kernels.ts';
import '../autograd/grad_math.ts';
import { mapBinary, mapTernary, mapUnary, updateInPlace } from './elementwise.ts';
import { binaryRowsFor, registeredFastRows, ternaryRowsFor, unaryRowsFor } from './elementwise_fast.ts';

const SIZES = [1, 7, 33, 257];

const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, 1e-40, -3e-42, 5e-324, -5e-324, 3e38, -1e300, 1, -1, 2, 0.5, 7, -128, 255, 65537];

/** Deterministic values: specials a third of the time, else fractions and integers of both signs. */
function valuesFor(seed: number): () => number {
  let s = seed >>> 0;
  const next = () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  return () => {
    const r = next();
    if (r < 0.33) return SPECIAL[Math.floor(next() * SPECIAL.length)]!;
    if (r < 0.66) return Math.round((next() - 0.5) * 40);
    return (next() - 0.5) * 20;
  };
}

/** NaNs that arithmetic does not make: a negative one and one with a payload, every 11th and 13th slot. */
function plantNaNs(data: Float32Array | Float64Array): void {
  const words = new Int32Array(data.buffer, data.byteOffset, data.byteLength / 4);
  const high = data instanceof Float32Array ? 1 : 2; // the int32 word holding the sign and exponent
  for (let i = 5; i < data.length; i += 11) words[i * high + high - 1] = data instanceof Float32Array ? 0xffc00000 | 0 : 0xfff80000 | 0;
  for (let i = 8; i < data.length; i += 13) words[i * high + high - 1] = data instanceof Float32Array ? 0x7fa00001 : 0x7ff40000;
}

type Layout = 'contiguous' | 'transposed' | 'sliced' | 'expanded';

/** A tensor of `shape` laid out as asked; the same seed gives the same tensor. */
function operand(shape: Shape, layout: Layout, dtype: DType, seed: number): Tensor {
  const value = valuesFor(seed);
  const n = numel(shape);
  const filled = (size: number) => {
    const t = Tensor.empty([size], dtype);
    const data = t.storage.data;
    for (let i = 0; i < size; i++) data[i] = castValue(dtype, dtype === 'bool' ? (value() > 0 ? 1 : 0) : value());
    if (data instanceof Float32Array || data instanceof Float64Array) plantNaNs(data);
    return t.storage;
  };
  if (layout === 'contiguous' || shape.length === 0) return new Tensor(filled(n), shape, contiguousStrides(shape), 0);
  if (layout === 'transposed') return new Tensor(filled(n), shape, contiguousStrides([...shape].reverse()).reverse(), 0);
  if (layout === 'sliced') return new Tensor(filled(2 * n + 3), shape, contiguousStrides(shape).map((s) => 2 * s), 3);
  const inner = shape.slice(1);
  return new Tensor(filled(numel(inner)), shape, [0, ...contiguousStrides(inner)], 0);
}

/** A Python number as the bridge passes it: a 0-dim float64 wrapped number. */
function wrappedNumber(v: number): Tensor {
  const t = Tensor.empty([], 'float64');
  t.storage.data[0] = v;
  t.wrappedNumber = true;
  return t;
}

const text = (v: number) => (Object.is(v, -0) ? '-0' : String(v));

/** Equal element by element as values: NaN equals NaN, -0 differs from 0. */
function expectSameValues(actual: ArrayLike<number>, expected: ArrayLike<number>, context: string): void {
  expect(actual.length, context).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) expect(`${context}: [${i}] = ${text(actual[i]!)}`).toBe(`${context}: [${i}] = ${text(expected[i]!)}`);
  }
}

type Make = (n: number, da: DType, db: DType, seed: number) => [Tensor, Tensor];
const PAIRS: [string, Make][] = [
  ['same shape, contiguous', (n, da, db, s) => [operand([n, 5], 'contiguous', da, s), operand([n, 5], 'contiguous', db, s + 1)]],
  ['same shape, 2n elements', (n, da, db, s) => [operand([n, 2], 'contiguous', da, s), operand([n, 2], 'contiguous', db, s + 1)]],
  ['same shape, 4n elements', (n, da, db, s) => [operand([4, n], 'contiguous', da, s), operand([4, n], 'contiguous', db, s + 1)]],
  ['a 0-dim tensor', (n, da, db, s) => [operand([n, 3], 'contiguous', da, s), operand([], 'contiguous', db, s + 1)]],
  ['a 0-dim tensor first', (n, da, db, s) => [operand([], 'contiguous', da, s), operand([n, 3], 'contiguous', db, s + 1)]],
  ['a wrapped number', (n, da, _db, s) => [operand([n, 3], 'contiguous', da, s), wrappedNumber(valuesFor(s + 1)())]],
  ['a bias row', (n, da, db, s) => [operand([4, n], 'contiguous', da, s), operand([n], 'contiguous', db, s + 1)]],
  ['a per-channel factor', (n, da, db, s) => [operand([2, n, 3, 3], 'contiguous', da, s), operand([2, n, 1, 1], 'contiguous', db, s + 1)]],
  ['transposed and contiguous', (n, da, db, s) => [operand([n, 4], 'transposed', da, s), operand([n, 4], 'contiguous', db, s + 1)]],
  ['sliced and expanded', (n, da, db, s) => [operand([3, n], 'sliced', da, s), operand([3, n], 'expanded', db, s + 1)]],
  ['a column and a row', (n, da, db, s) => [operand([n, 1], 'contiguous', da, s), operand([1, 6], 'sliced', db, s + 1)]],
];

/** (a, b, out) dtypes: plain stores of every array type, mixed operands, bool, and the cast stores (int64, float16). */
const BINARY_DTYPES: [DType, DType, DType][] = [
  ['float32', 'float32', 'float32'],
  ['float32', 'float64', 'float32'],
  ['float64', 'float64', 'float64'],
  ['float32', 'float32', 'float64'],
  ['int32', 'int32', 'int32'],
  ['int16', 'int8', 'int16'],
  ['uint8', 'uint8', 'uint8'],
  ['int8', 'int8', 'int8'],
  ['float32', 'float32', 'bool'],
  ['bool', 'bool', 'bool'],
  ['int64', 'int64', 'int64'],
  ['float32', 'float32', 'float16'],
];

/** (input, out) dtypes: the same, and the conversions a converting copy makes (identity's rows). */
const UNARY_DTYPES: [DType, DType][] = [
  ...BINARY_DTYPES.map(([a, , o]) => [a, o] as [DType, DType]),
  ['float64', 'float32'],
  ['float64', 'int32'],
  ['float32', 'uint8'],
  ['float32', 'int8'],
  ['int32', 'float32'],
  ['bool', 'float32'],
];

/** The loops' parameter: alpha, an exponent, a negative slope. */
const PARAMS = [1, -0.01, 3.1, 2, 0.5, -1.5];

const { unary, binary, ternary } = registeredFastRows();

describe('registered fast rows', () => {
  it('cover the hot scalar functions of the ops', () => {
    const names = (entries: { rows: { name: string } }[]) => entries.map((e) => e.rows.name).sort();
    expect(names(unary)).toEqual(['expRows', 'identityRows', 'leakyReluRows', 'logRows', 'negRows', 'powRows', 'reluRows', 'sqrtRows']);
    expect(names(binary)).toEqual(
      [
        'addRows', 'addRows', 'addRoundedRows', 'addScaledRows', 'addScaledRoundedRows', 'assignRows', 'divRows', 'divRoundedRows',
        'eqRows', 'geRows', 'gtRows', 'leRows', 'ltRows', 'mulRows', 'mulRoundedRows', 'neRows', 'squaredDifferenceRows', 'subScaledRows',
        'subScaledRoundedRows',
      ].sort(),
    );
    expect(names(ternary)).toEqual(['whereRows']);
  });

  it('are picked for plain stores, for bool stores only when f gives 0 or 1, never for cast stores', () => {
    const add = binary.find((e) => e.rows.name === 'addRows')!;
    const gt = binary.find((e) => e.rows.name === 'gtRows')!;
    expect(binaryRowsFor(add.f, 'plain')).toBe(add.rows);
    expect(binaryRowsFor(add.f, 'bool')).toBeNull();
    expect(binaryRowsFor(add.f, 'cast')).toBeNull();
    expect(binaryRowsFor(gt.f, 'bool')).toBe(gt.rows);
    expect(binaryRowsFor((x, y) => x + y, 'plain')).toBeNull();
    expect(unaryRowsFor(unary[0]!.f, 'cast')).toBeNull();
    expect(ternaryRowsFor(ternary[0]!.f, 'plain')).toBe(ternary[0]!.rows);
  });
});

describe.each(binary.map((e) => [e.rows.name, e] as const))('%s', (_name, entry) => {
  const generic = (x: number, y: number, p: number) => entry.f(x, y, p); // unregistered: the generic loop
  for (const n of SIZES) {
    it(`out of place and in place, n=${n}`, () => {
      let seed = n * 7919;
      for (const [label, make] of PAIRS) {
        for (const [da, db, dout] of BINARY_DTYPES) {
          const p = PARAMS[seed % PARAMS.length]!;
          seed += 2;
          const [a, b] = make(n, da, db, seed);
          const context = `${label}, ${da} ${db} -> ${dout}, p=${p}`;
          expectSameValues(mapBinary(a, b, dout, entry.f, p).toArray(), mapBinary(a, b, dout, generic, p).toArray(), context);
          if (!sameShape(broadcastAll([a.shape, b.shape]), a.shape)) continue; // in place, dst holds the broadcast shape
          const [fastDst] = make(n, da, db, seed);
          const [genericDst] = make(n, da, db, seed);
          updateInPlace(fastDst!, b, entry.f, p);
          updateInPlace(genericDst!, b, generic, p);
          expectSameValues(fastDst!.storage.data, genericDst!.storage.data, `in place, ${context}`);
        }
      }
    });
  }
});

describe('binary rows in place, the source a stride-0 view of the destination', () => {
  // The generic loop rereads the source after each store, so a value it wrote can feed later ones.
  for (const entry of binary) {
    const generic = (x: number, y: number, p: number) => entry.f(x, y, p);
    it(entry.rows.name, () => {
      for (const dtype of ['float32', 'float64', 'int32'] as const) {
        for (const n of SIZES) {
          const dsts = [operand([n, 4], 'contiguous', dtype, n), operand([n, 4], 'contiguous', dtype, n)];
          const srcs = dsts.map((d) => new Tensor(d.storage, [n, 4], [0, 0], Math.min(2, 4 * n - 1)));
          updateInPlace(dsts[0]!, srcs[0]!, entry.f, -0.01);
          updateInPlace(dsts[1]!, srcs[1]!, generic, -0.01);
          expectSameValues(dsts[0]!.storage.data, dsts[1]!.storage.data, `${dtype}, n=${n}`);
        }
      }
    });
  }
});

describe.each(unary.map((e) => [e.rows.name, e] as const))('%s', (_name, entry) => {
  const generic = (x: number, p: number) => entry.f(x, p);
  for (const n of SIZES) {
    it(`every layout and store, n=${n}`, () => {
      let seed = n * 104729;
      for (const [layout, cols] of [['contiguous', 3], ['contiguous', 2], ['contiguous', 4], ['transposed', 3], ['sliced', 3], ['expanded', 3]] as const) {
        for (const [din, dout] of UNARY_DTYPES) {
          const p = PARAMS[seed % PARAMS.length]!;
          const x = operand([n, cols], layout, din, seed++);
          const context = `${layout} [${n}, ${cols}], ${din} -> ${dout}, p=${p}`;
          expectSameValues(mapUnary(x, dout, entry.f, 'preserve', p).toArray(), mapUnary(x, dout, generic, 'preserve', p).toArray(), context);
          expectSameValues(mapUnary(x, dout, entry.f, 'contiguous', p).toArray(), mapUnary(x, dout, generic, 'contiguous', p).toArray(), context);
        }
      }
    });
  }
});

describe.each(ternary.map((e) => [e.rows.name, e] as const))('%s', (_name, entry) => {
  const generic = (x: number, y: number, z: number) => entry.f(x, y, z);
  const conditions: DType[] = ['bool', 'uint8', 'float32', 'float64'];
  const values: [DType, DType, DType][] = [
    ['float32', 'float32', 'float32'],
    ['float32', 'float64', 'float32'],
    ['float64', 'float64', 'float64'],
    ['int32', 'int32', 'int32'],
    ['float32', 'float32', 'int64'],
  ];
  for (const n of SIZES) {
    it(`conditions of every dtype, broadcast and strided values, n=${n}`, () => {
      let seed = n * 31;
      for (const dc of conditions) {
        for (const [db, dd, dout] of values) {
          for (const [cLayout, bShape, bLayout, dShape] of [
            ['contiguous', [n, 3], 'contiguous', [n, 3]],
            ['contiguous', [n, 3], 'contiguous', []],
            ['transposed', [n, 3], 'sliced', [3]],
            ['expanded', [1, 3], 'contiguous', [n, 1]],
          ] as const) {
            const c = operand([n, 3], cLayout, dc, seed++);
            const b = operand([...bShape], bLayout, db, seed++);
            const d = operand([...dShape], 'contiguous', dd, seed++);
            const context = `${dc} ${cLayout} [${n}, 3], ${db} ${bLayout} [${bShape.join(', ')}], ${dd} [${dShape.join(', ')}] -> ${dout}`;
            expectSameValues(mapTernary(c, b, d, dout, entry.f).toArray(), mapTernary(c, b, d, dout, generic).toArray(), context);
          }
        }
      }
    });
  }
});
