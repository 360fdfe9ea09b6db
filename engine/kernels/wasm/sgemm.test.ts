import { describe, expect, it } from 'vitest';
import { sgemmWasm, sgemmWasmAvailable } from './sgemm.ts';

/** A deterministic generator (mulberry32), values uniform in [-1, 1). */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

type Layout = 'contiguous' | 'transposed' | 'strided';

/** A rows x cols matrix stored in the given layout, with junk around it. */
interface Operand {
  data: Float32Array;
  offset: number;
  rs: number;
  cs: number;
}

function makeOperand(rows: number, cols: number, layout: Layout, next: () => number): Operand {
  let offset = 0, rs = cols, cs = 1, size = rows * cols;
  if (layout === 'transposed') {
    rs = 1;
    cs = rows;
  } else if (layout === 'strided') {
    // Every other column of every third row, after 5 junk floats: a sliced view.
    offset = 5;
    cs = 2;
    rs = 3 * 2 * cols + 1;
    size = offset + rows * rs;
  }
  const data = new Float32Array(Math.max(size, 1));
  for (let i = 0; i < data.length; i++) data[i] = next() * 1000; // junk: wrong if read
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[offset + i * rs + j * cs] = next();
  return { data, offset, rs, cs };
}

/** The oracle: a naive triple loop in float64; also returns sum |a||b| per element for the error bound. */
function reference(m: number, n: number, k: number, a: Operand, b: Operand, c0: Float32Array, cOff: number, ldc: number, beta: 0 | 1) {
  const ref = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = beta ? c0[cOff + i * ldc + j]! : 0;
      let abs = beta ? Math.abs(s) : 0;
      for (let p = 0; p < k; p++) {
        const x = a.data[a.offset + i * a.rs + p * a.cs]! * b.data[b.offset + p * b.rs + j * b.cs]!;
        s += x;
        abs += Math.abs(x);
      }
      ref[i * n + j] = s;
      scale[i * n + j] = abs;
    }
  }
  return { ref, scale };
}

/** Runs one product and checks every element of C, and that nothing outside C changed. */
function check(m: number, n: number, k: number, la: Layout, lb: Layout, beta: 0 | 1, seed: number): void {
  const next = rng(seed);
  const a = makeOperand(m, k, la, next);
  const b = makeOperand(k, n, lb, next);
  const cOff = 3, ldc = n + 2;
  const c = new Float32Array(cOff + m * ldc + 4);
  for (let i = 0; i < c.length; i++) c[i] = beta ? next() : NaN; // beta = 0 must not read C
  const before = c.slice();
  const { ref, scale } = reference(m, n, k, a, b, before, cOff, ldc, beta);
  expect(sgemmWasm(m, n, k, a.data, a.offset, a.rs, a.cs, b.data, b.offset, b.rs, b.cs, c, cOff, ldc, beta)).toBe(true);
  let bad = 0;
  for (let i = 0; i < c.length; i++) {
    const row = Math.floor((i - cOff) / ldc), col = (i - cOff) % ldc;
    const inside = i >= cOff && row < m && col >= 0 && col < n;
    if (!inside) {
      if (!Object.is(c[i], before[i])) bad++;
      continue;
    }
    const want = ref[row * n + col]!, tol = 1e-4 * scale[row * n + col]! + 1e-6;
    if (!(Math.abs(c[i]! - want) <= tol)) bad++;
  }
  expect(bad, `${m}x${n}x${k} A ${la} B ${lb} beta ${beta}`).toBe(0);
}

const SIZES = [1, 7, 33, 257];
const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'strided'];

describe('sgemmWasm', () => {
  it('is available in Node 20', () => {
    expect(sgemmWasmAvailable()).toBe(true);
  });

  it('matches a float64 triple loop on awkward sizes (every m, n, k in 1, 7, 33, 257)', () => {
    let seed = 1;
    for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) check(m, n, k, 'contiguous', 'contiguous', 0, seed++);
  });

  it('reads transposed and strided operands in place', () => {
    let seed = 100;
    for (const la of LAYOUTS) {
      for (const lb of LAYOUTS) {
        check(33, 7, 257, la, lb, 0, seed++);
        check(7, 33, 33, la, lb, 1, seed++);
        check(257, 33, 7, la, lb, 0, seed++);
      }
    }
  });

  it('adds to C with beta = 1 and ignores NaN in C with beta = 0', () => {
    let seed = 200;
    for (const [m, n, k] of [[1, 1, 1], [7, 257, 33], [257, 7, 1], [33, 33, 257]] as const) {
      check(m, n, k, 'contiguous', 'transposed', 1, seed++);
      check(m, n, k, 'strided', 'contiguous', 0, seed++);
    }
  });

  it('reads broadcast operands (stride 0), as expand() makes them', () => {
    const next = rng(500);
    const [m, n, k] = [9, 35, 20];
    const row = Float32Array.from({ length: k }, next); // A: one row repeated m times
    const col = Float32Array.from({ length: k }, next); // B: one column repeated n times
    const c = new Float32Array(m * n);
    expect(sgemmWasm(m, n, k, row, 0, 0, 1, col, 0, 1, 0, c, 0, n, 0)).toBe(true);
    let dot = 0;
    for (let p = 0; p < k; p++) dot += row[p]! * col[p]!;
    for (const v of c) expect(v).toBeCloseTo(dot, 5);
  });

  it('crosses every cache block boundary (k, rows and columns split)', () => {
    check(300, 40, 600, 'contiguous', 'contiguous', 1, 301); // k in three blocks, rows in three
    check(5, 4200, 9, 'transposed', 'contiguous', 0, 302); // columns in two blocks
    check(2, 3, 1000, 'contiguous', 'transposed', 1, 303);
  });

  it('reuses its memory across calls of different sizes', () => {
    check(257, 257, 257, 'contiguous', 'contiguous', 0, 401);
    check(3, 5, 2, 'contiguous', 'contiguous', 1, 402);
    check(129, 65, 513, 'transposed', 'transposed', 0, 403);
  });

  it('handles empty products', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    const none = new Float32Array(0);
    expect(sgemmWasm(2, 2, 0, none, 0, 0, 1, none, 0, 2, 1, c, 0, 2, 1)).toBe(true);
    expect([...c]).toEqual([1, 2, 3, 4]);
    expect(sgemmWasm(2, 2, 0, none, 0, 0, 1, none, 0, 2, 1, c, 0, 2, 0)).toBe(true);
    expect([...c]).toEqual([0, 0, 0, 0]);
    expect(sgemmWasm(0, 2, 3, none, 0, 3, 1, new Float32Array(6), 0, 2, 1, c, 0, 2, 0)).toBe(true);
  });

  it('computes the documented example', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    const bt = new Float32Array([1, 0, 1, 0, 1, 0]);
    const c = new Float32Array(4);
    sgemmWasm(2, 2, 3, a, 0, 3, 1, bt, 0, 1, 3, c, 0, 2, 0);
    expect([...c]).toEqual([4, 2, 10, 5]);
  });
});
