// The reduction loops (reduce.ts) against index arithmetic, on a seeded draw
// of shapes over sizes 1, 7, 33, 257 laid out contiguously, permuted,
// transposed or sliced: reduceDims over every subset of dims (sum, first
// argmax), forEachSlice's order (slices in row-major order of the kept dims,
// elements in row-major order of the reduced ones) and mapLines along any dim.
import { describe, expect, it } from 'vitest';
import { tidy } from '../core/scope.ts';
import { argExtremeSlice, forEachSlice, mapLines, reduceDims, sumSlice } from './reduce.ts';
import { indices, logicalValues, makeView, randomShape, seededPick, type Layout } from './view_test_helpers.ts';

const LAYOUTS: readonly Layout[] = ['contiguous', 'permuted', 'transposed', 'sliced'];

/** The slices of x's logical values reduced over `dims`, by index arithmetic. */
function slicesByDefinition(shape: readonly number[], values: readonly number[], dims: readonly number[]): number[][] {
  const kept = shape.map((_, d) => d).filter((d) => !dims.includes(d));
  const keptShape = kept.map((d) => shape[d]!);
  const count = keptShape.reduce((a, b) => a * b, 1);
  const slices: number[][] = Array.from({ length: count }, () => []);
  let k = 0;
  for (const idx of indices(shape)) {
    const slot = kept.reduce((acc, d, i) => acc * keptShape[i]! + idx[d]!, 0);
    slices[slot]!.push(values[k++]!);
  }
  return slices;
}

function subsets(nd: number): number[][] {
  const out: number[][] = [];
  for (let m = 0; m < 1 << nd; m++) out.push([...Array(nd).keys()].filter((d) => m & (1 << d)));
  return out;
}

describe('reduction loops against index arithmetic', () => {
  it('reduceDims (sum) over every subset of dims, kept or not', () => {
    const pick = seededPick(606);
    for (let trial = 0; trial < 30; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const layout = pick(LAYOUTS);
        const x = makeView(shape, layout, trial + 1, pick);
        const values = logicalValues(x);
        for (const dims of subsets(shape.length)) {
          const keepdim = pick([true, false]);
          const out = reduceDims(x, dims, keepdim, 'float64', sumSlice);
          const want = slicesByDefinition(shape, values, dims).map((s) => s.reduce((a, b) => a + b, 0));
          const what = `${layout} [${shape}] over [${dims}]`;
          expect(out.shape, what).toEqual(shape.flatMap((n, d) => (dims.includes(d) ? (keepdim ? [1] : []) : [n])));
          // Multiples of 1/32, at most 257 * 33 of them: every sum is exact.
          expect(Array.from(out.storage.data), what).toEqual(want);
          out.release();
        }
        return [];
      });
    }
  });

  it('forEachSlice hands each slice over in row-major order; argmax is the first maximum', () => {
    const pick = seededPick(707);
    for (let trial = 0; trial < 30; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const x = makeView(shape, pick(LAYOUTS), trial + 1, pick);
        const dims = pick(subsets(shape.length).filter((s) => s.length > 0));
        const want = slicesByDefinition(shape, logicalValues(x), dims);
        const seen: number[][] = [];
        const argmax: number[] = [];
        forEachSlice(x, dims, (data, start, n, step, k) => {
          expect(k).toBe(seen.length);
          seen.push(Array.from({ length: n }, (_, i) => data[start + i * step]!));
          argmax.push(argExtremeSlice(data, start, n, step, false));
        });
        expect(seen, `[${shape}] over [${dims}]`).toEqual(want);
        expect(argmax).toEqual(want.map((s) => s.indexOf(Math.max(...s))));
        return [];
      });
    }
  });

  it('mapLines writes each line along any dim (a running sum), for any layout', () => {
    const pick = seededPick(808);
    for (let trial = 0; trial < 30; trial++) {
      tidy(() => {
        const shape = randomShape(pick);
        const x = makeView(shape, pick(LAYOUTS), trial + 1, pick);
        const dim = pick([...shape.keys()]);
        const out = mapLines(x, dim, 'float64', (src, start, n, step, dst, d0, dstep) => {
          let acc = 0;
          for (let i = 0; i < n; i++) dst[d0 + i * dstep] = acc += src[start + i * step]!;
        });
        const values = logicalValues(x);
        const strides = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
        const want = [...indices(shape)].map((idx) => {
          let acc = 0;
          for (let i = 0; i <= idx[dim]!; i++) acc += values[idx.reduce((a, v, d) => a + (d === dim ? i : v) * strides[d]!, 0)]!;
          return acc;
        });
        expect(Array.from(out.storage.data), `[${shape}] along ${dim}`).toEqual(want);
        return [];
      });
    }
  });

  it('sums of a 257x33 transposed view along each dim and in full', () => {
    tidy(() => {
      const x = makeView([257, 33], 'transposed', 3, seededPick(2));
      const values = logicalValues(x);
      for (const dims of [[0], [1], [0, 1]]) {
        const out = reduceDims(x, dims, false, 'float64', sumSlice);
        expect(Array.from(out.storage.data)).toEqual(slicesByDefinition([257, 33], values, dims).map((s) => s.reduce((a, b) => a + b, 0)));
      }
      return [];
    });
  });
});
