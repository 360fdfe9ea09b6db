// The elementwise loops (elementwise.ts) against index arithmetic, on a seeded
// draw of shapes over sizes 1, 7, 33, 257 and operands laid out contiguously,
// permuted, transposed or sliced with steps and offsets, broadcast against
// each other: mapUnary, mapBinary, mapTernary, updateInPlace (into a view),
// contiguousCopy and contiguousData. Results must also be dense: their
// strides a permutation of a contiguous layout.
import { describe, expect, it } from 'vitest';
import { tidy } from '../core/scope.ts';
import { Tensor } from '../core/tensor.ts';
import { contiguousCopy, contiguousData, mapBinary, mapTernary, mapUnary, updateInPlace } from './elementwise.ts';
import { broadcastIndex, indices, logicalValues, makeView, randomShape, seededPick, type Layout } from './view_test_helpers.ts';

const LAYOUTS: readonly Layout[] = ['contiguous', 'permuted', 'transposed', 'sliced'];

/** Whether the strides of t address each of its elements exactly once, with no gaps. */
function isDense(t: Tensor): boolean {
  const dims = t.shape.map((n, d) => ({ n, s: t.strides[d]! })).filter((x) => x.n > 1).sort((a, b) => a.s - b.s);
  let expected = 1;
  for (const { n, s } of dims) {
    if (s !== expected) return false;
    expected *= n;
  }
  return true;
}

/** A shape that broadcasts to `shape`: some dims set to 1, some leading dims dropped. */
function broadcastable(shape: readonly number[], pick: ReturnType<typeof seededPick>): number[] {
  const drop = pick([0, 0, 1]);
  return shape.slice(Math.min(drop, shape.length - 1)).map((n) => (pick([true, false, false]) ? 1 : n));
}

function expectValues(got: readonly number[], want: readonly number[], what: string): void {
  expect(got.length, what).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!(Object.is(got[i], want[i]) || Math.abs(got[i]! - want[i]!) <= 1e-6 * Math.max(1, Math.abs(want[i]!)))) {
      throw new Error(`${what}: [${i}] is ${got[i]}, want ${want[i]}`);
    }
  }
}

const f32 = Math.fround;

describe('elementwise loops against index arithmetic', () => {
  it('mapUnary on every layout, float32 and float64', () => {
    const pick = seededPick(101);
    for (let trial = 0; trial < 40; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const layout = pick(LAYOUTS);
        const dtype = pick(['float32', 'float64'] as const);
        const x = makeView(shape, layout, trial + 1, pick, dtype);
        const out = mapUnary(x, dtype, (v) => v * 3 - 1);
        const what = `${dtype} ${layout} [${shape}]`;
        expect(out.shape, what).toEqual(shape);
        expect(isDense(out), `${what}: dense result`).toBe(true);
        const round = dtype === 'float32' ? f32 : (v: number) => v;
        expectValues(logicalValues(out), logicalValues(x).map((v) => round(v * 3 - 1)), what);
        return [];
      });
    }
  });

  it('mapBinary with broadcasting between any two layouts', () => {
    const pick = seededPick(202);
    for (let trial = 0; trial < 60; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const [sa, sb] = pick([true, false]) ? [shape, broadcastable(shape, pick)] : [broadcastable(shape, pick), shape];
        const [la, lb] = [pick(LAYOUTS), pick(LAYOUTS)];
        const a = makeView(sa, la, 2 * trial + 1, pick);
        const b = makeView(sb, lb, 2 * trial + 2, pick);
        const out = mapBinary(a, b, 'float32', (x, y) => x * 2 + y);
        const what = `[${sa}] ${la} with [${sb}] ${lb}`;
        expect(out.shape, what).toEqual(shape);
        expect(isDense(out), `${what}: dense result`).toBe(true);
        const [va, vb] = [logicalValues(a), logicalValues(b)];
        const want = [...indices(shape)].map((idx) => f32(va[broadcastIndex(idx, sa)]! * 2 + vb[broadcastIndex(idx, sb)]!));
        expectValues(logicalValues(out), want, what);
        return [];
      });
    }
  });

  it('mapTernary with three broadcast layouts', () => {
    const pick = seededPick(303);
    for (let trial = 0; trial < 30; trial++) {
      tidy(() => {
        const shape = randomShape(pick, 3000);
        const shapes = [shape, broadcastable(shape, pick), broadcastable(shape, pick)];
        const ops = shapes.map((s, k) => makeView(s, pick(LAYOUTS), 3 * trial + k + 1, pick));
        const out = mapTernary(ops[0]!, ops[1]!, ops[2]!, 'float32', (x, y, z) => (z > 0 ? x : y));
        const vals = ops.map(logicalValues);
        const want = [...indices(shape)].map((idx) => {
          const [x, y, z] = shapes.map((s, k) => vals[k]![broadcastIndex(idx, s)]!);
          return z! > 0 ? x! : y!;
        });
        expectValues(logicalValues(out), want, `[${shapes.map((s) => `[${s}]`)}]`);
        return [];
      });
    }
  });

  it('updateInPlace into a view, from a broadcast view; elements outside the view stay', () => {
    const pick = seededPick(404);
    for (let trial = 0; trial < 40; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const dst = makeView(shape, pick(LAYOUTS), 2 * trial + 1, pick);
        const srcShape = broadcastable(shape, pick);
        const src = makeView(srcShape, pick(LAYOUTS), 2 * trial + 2, pick);
        const storageBefore = Array.from(dst.storage.data);
        const [vd, vs] = [logicalValues(dst), logicalValues(src)];
        updateInPlace(dst, src, (d, s) => d - 2 * s);
        const want = [...indices(shape)].map((idx, k) => f32(vd[k]! - 2 * vs[broadcastIndex(idx, srcShape)]!));
        expectValues(logicalValues(dst), want, `[${shape}] -= 2 * [${srcShape}]`);
        // Positions the view does not cover are untouched.
        const covered = new Set<number>();
        for (const idx of indices(shape)) covered.add(dst.offset + idx.reduce((a, i, d) => a + i * dst.strides[d]!, 0));
        storageBefore.forEach((v, i) => {
          if (!covered.has(i) && dst.storage.data[i] !== v) throw new Error(`storage[${i}] outside the view changed`);
        });
        return [];
      });
    }
  });

  it('contiguousCopy and contiguousData read any view in row-major order', () => {
    const pick = seededPick(505);
    for (let trial = 0; trial < 30; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const x = makeView(shape, pick(LAYOUTS), trial + 1, pick);
        const copy = contiguousCopy(x, 'float64');
        expect(copy.isContiguous()).toBe(true);
        expectValues(Array.from(copy.storage.data), logicalValues(x), `contiguousCopy [${shape}]`);
        expectValues(Array.from(contiguousData(x)), logicalValues(x), `contiguousData [${shape}]`);
        return [];
      });
    }
  });

  it('a 257x33 transposed view: unary result keeps the transposed layout', () => {
    tidy(() => {
      const x = makeView([257, 33], 'transposed', 9, seededPick(1));
      const out = mapUnary(x, 'float32', (v) => -v);
      expect(out.strides).toEqual([1, 257]);
      expectValues(logicalValues(out), logicalValues(x).map((v) => -v), '257x33 transposed');
      return [];
    });
  });
});
