// The WebAssembly SGEMM's correctness cases, as plain functions that throw on
// the first wrong result, so that the same cases run in Vitest (sgemm.test.ts,
// once per kernels variant) and in a child Node started with relaxed SIMD
// switched on (run_kernel_cases.ts), which Vitest's Node 20 workers lack.
// Oracles: a float64 triple loop, and gemm.ts's TypeScript kernel.
import { gemm, mat, setGemmSimd, type MatView } from '../gemm.ts';
import { seededRandom } from '../../../test/support/seeded_random.ts';
import { sgemmWasm } from './sgemm.ts';

/** Values uniform in [-1, 1). */
function rng(seed: number): () => number {
  const uniform = seededRandom(seed);
  return () => uniform() * 2 - 1;
}

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

type Layout = 'contiguous' | 'transposed' | 'strided';
const LAYOUTS: Layout[] = ['contiguous', 'transposed', 'strided'];

/** A rows x cols matrix stored in the given layout, with junk (from `junk`) around it. */
function makeOperand(rows: number, cols: number, layout: Layout, next: () => number, junk = next): MatView<Float32Array> {
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
  for (let i = 0; i < data.length; i++) data[i] = junk() * 1000; // wrong if read
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[offset + i * rs + j * cs] = next();
  return mat(data, offset, rs, cs);
}

/** The oracle: a naive triple loop in float64; also returns sum |a||b| per element for the error bound. */
function reference(m: number, n: number, k: number, a: MatView, b: MatView, c0: Float32Array, cOff: number, ldc: number, beta: 0 | 1) {
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

/** One sgemmWasm product against the triple loop: every element of C, and nothing outside C changed. */
function check(m: number, n: number, k: number, la: Layout, lb: Layout, beta: 0 | 1, seed: number): void {
  const next = rng(seed);
  const a = makeOperand(m, k, la, next);
  const b = makeOperand(k, n, lb, next);
  const cOff = 3, ldc = n + 2;
  const c = new Float32Array(cOff + m * ldc + 4);
  for (let i = 0; i < c.length; i++) c[i] = beta ? next() : NaN; // beta = 0 must not read C
  const before = c.slice();
  const { ref, scale } = reference(m, n, k, a, b, before, cOff, ldc, beta);
  const what = `${m}x${n}x${k} A ${la} B ${lb} beta ${beta}`;
  assert(sgemmWasm(m, n, k, a.data, a.offset, a.rs, a.cs, b.data, b.offset, b.rs, b.cs, c, cOff, ldc, beta), `${what}: sgemmWasm declined`);
  for (let i = 0; i < c.length; i++) {
    const row = Math.floor((i - cOff) / ldc), col = (i - cOff) % ldc;
    const inside = i >= cOff && row < m && col >= 0 && col < n;
    if (!inside) {
      assert(Object.is(c[i], before[i]), `${what}: wrote outside C at ${i}`);
      continue;
    }
    const want = ref[row * n + col]!, tol = 1e-4 * scale[row * n + col]! + 1e-6;
    assert(Math.abs(c[i]! - want) <= tol, `${what}: C[${row}, ${col}] is ${c[i]}, expected ${want}`);
  }
}

const AWKWARD = [1, 7, 33, 257];
/** Around the edges of both variants' tiles (6 x 8 with a 4-row edge kernel, and 2 x 16) and their multiples. */
const TILE_ROWS = [1, 2, 3, 5, 6, 7, 10, 12, 13, 16];
const TILE_COLS = [7, 8, 9, 15, 16, 17, 24, 33];

function cGemmView(m: number, n: number, layout: 'row' | 'col' | 'strided', next: () => number): MatView<Float32Array> {
  const view = layout === 'row' ? mat(new Float32Array(m * n), 0, n, 1)
    : layout === 'col' ? mat(new Float32Array(m * n), 0, 1, m)
      : mat(new Float32Array(3 + m * (n + 2) * 2), 3, (n + 2) * 2, 2);
  for (let i = 0; i < view.data.length; i++) view.data[i] = next();
  return view;
}

/**
 * gemm() on float32 with the SGEMM against gemm() with the TypeScript kernel
 * (which sums in double): within float32 rounding of sum |a||b|.
 */
function compareWithTypeScript(m: number, n: number, k: number, la: Layout, lb: Layout, lc: 'row' | 'col' | 'strided', alpha: number, beta: number, seed: number): void {
  const next = rng(seed);
  const a = makeOperand(m, k, la, next);
  const b = makeOperand(k, n, lb, next);
  const c = cGemmView(m, n, lc, next);
  const c0 = c.data.slice();
  const at = (v: MatView, i: number, j: number) => v.data[v.offset + i * v.rs + j * v.cs]!;
  try {
    setGemmSimd(false);
    gemm(m, n, k, alpha, a, b, beta, c);
  } finally {
    setGemmSimd(true);
  }
  const want = c.data.slice();
  c.data.set(c0);
  gemm(m, n, k, alpha, a, b, beta, c);
  const what = `gemm ${m}x${n}x${k} A ${la} B ${lb} C ${lc} alpha ${alpha} beta ${beta}`;
  const inside = new Uint8Array(c.data.length);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let scale = Math.abs(beta * c0[c.offset + i * c.rs + j * c.cs]!);
      for (let p = 0; p < k; p++) scale += Math.abs(alpha * at(a, i, p) * at(b, p, j));
      const o = c.offset + i * c.rs + j * c.cs;
      inside[o] = 1;
      assert(Math.abs(c.data[o]! - want[o]!) <= 1e-6 * k * scale + 1e-30, `${what}: C[${i}, ${j}] is ${c.data[o]}, the TypeScript kernel gives ${want[o]}`);
    }
  }
  for (let i = 0; i < c.data.length; i++) {
    assert(inside[i] === 1 || Object.is(c.data[i], want[i]), `${what}: wrote outside C at ${i}`);
  }
}

/** [name, run]: each throws an Error naming the first wrong element. */
export const SGEMM_CASES: readonly (readonly [string, () => void])[] = [
  ['matches a float64 triple loop on awkward sizes (every m, n, k in 1, 7, 33, 257)', () => {
    let seed = 1;
    for (const m of AWKWARD) for (const n of AWKWARD) for (const k of AWKWARD) check(m, n, k, 'contiguous', 'contiguous', 0, seed++);
  }],
  ['matches it around the tile edges of both micro-kernels', () => {
    let seed = 600;
    for (const m of TILE_ROWS) {
      for (const n of TILE_COLS) {
        check(m, n, 3, 'contiguous', 'contiguous', 0, seed++);
        check(m, n, 19, 'transposed', 'transposed', 1, seed++);
      }
    }
  }],
  ['reads transposed and strided operands in place', () => {
    let seed = 100;
    for (const la of LAYOUTS) {
      for (const lb of LAYOUTS) {
        check(33, 7, 257, la, lb, 0, seed++);
        check(7, 33, 33, la, lb, 1, seed++);
        check(257, 33, 7, la, lb, 0, seed++);
      }
    }
  }],
  ['adds to C with beta = 1 and ignores NaN in C with beta = 0', () => {
    let seed = 200;
    for (const [m, n, k] of [[1, 1, 1], [7, 257, 33], [257, 7, 1], [33, 33, 257]] as const) {
      check(m, n, k, 'contiguous', 'transposed', 1, seed++);
      check(m, n, k, 'strided', 'contiguous', 0, seed++);
    }
  }],
  ['reads broadcast operands (stride 0), as expand() makes them', () => {
    const next = rng(500);
    const [m, n, k] = [9, 35, 20];
    const row = Float32Array.from({ length: k }, next); // A: one row repeated m times
    const col = Float32Array.from({ length: k }, next); // B: one column repeated n times
    const c = new Float32Array(m * n);
    assert(sgemmWasm(m, n, k, row, 0, 0, 1, col, 0, 1, 0, c, 0, n, 0), 'sgemmWasm declined');
    let dot = 0;
    for (let p = 0; p < k; p++) dot += row[p]! * col[p]!;
    for (const v of c) assert(Math.abs(v - dot) < 1e-5, `broadcast: ${v}, expected ${dot}`);
  }],
  ['crosses every cache block boundary (k, rows and columns split)', () => {
    check(300, 40, 600, 'contiguous', 'contiguous', 1, 301); // k in three blocks, rows in three
    check(5, 4200, 9, 'transposed', 'contiguous', 0, 302); // columns in two blocks
    check(2, 3, 1000, 'contiguous', 'transposed', 1, 303);
    check(129, 17, 513, 'strided', 'contiguous', 0, 304); // one row and one k step past a block
    check(3, 2100, 2100, 'transposed', 'contiguous', 1, 305); // packed B over its budget: columns in two blocks
    check(140, 300, 520, 'strided', 'transposed', 1, 306); // columns in two passes over k, the second partial
    check(20, 530, 300, 'transposed', 'contiguous', 0, 307); // three passes, A packed once for all of them
  }],
  ['gives bit-identical results whatever the layouts of A and B', () => {
    for (const [m, n, k] of [[7, 33, 257], [257, 17, 300], [130, 9, 513]] as const) {
      const products = LAYOUTS.flatMap((la) => LAYOUTS.map((lb) => {
        const next = rng(900), junk = rng(901); // the same values in every layout
        const a = makeOperand(m, k, la, next, junk);
        const b = makeOperand(k, n, lb, next, junk);
        const c = new Float32Array(m * n);
        assert(sgemmWasm(m, n, k, a.data, a.offset, a.rs, a.cs, b.data, b.offset, b.rs, b.cs, c, 0, n, 0), 'sgemmWasm declined');
        return [`A ${la} B ${lb}`, c] as const;
      }));
      const [, first] = products[0]!;
      for (const [what, c] of products) {
        const i = c.findIndex((v, j) => !Object.is(v, first[j]));
        assert(i < 0, `${m}x${n}x${k} ${what}: C[${i}] is ${c[i]}, contiguous operands give ${first[i]}`);
      }
    }
  }],
  ['reuses its memory across calls of different sizes', () => {
    check(257, 257, 257, 'contiguous', 'contiguous', 0, 401);
    check(3, 5, 2, 'contiguous', 'contiguous', 1, 402);
    check(129, 65, 513, 'transposed', 'transposed', 0, 403);
  }],
  ['handles empty products', () => {
    const c = new Float32Array([1, 2, 3, 4]);
    const none = new Float32Array(0);
    assert(sgemmWasm(2, 2, 0, none, 0, 0, 1, none, 0, 2, 1, c, 0, 2, 1) && c.join() === '1,2,3,4', 'k = 0, beta = 1 must leave C');
    assert(sgemmWasm(2, 2, 0, none, 0, 0, 1, none, 0, 2, 1, c, 0, 2, 0) && c.join() === '0,0,0,0', 'k = 0, beta = 0 must zero C');
    assert(sgemmWasm(0, 2, 3, none, 0, 3, 1, new Float32Array(6), 0, 2, 1, c, 0, 2, 0), 'm = 0 declined');
  }],
  ['computes the documented example', () => {
    const a = new Float32Array([1, 2, 3, 4, 5, 6]);
    const bt = new Float32Array([1, 0, 1, 0, 1, 0]);
    const c = new Float32Array(4);
    sgemmWasm(2, 2, 3, a, 0, 3, 1, bt, 0, 1, 3, c, 0, 2, 0);
    assert(c.join() === '4,2,10,5', `example gives ${c.join()}`);
  }],
  ['gemm() on it agrees with the TypeScript kernel on every m, n, k in 1, 7, 33, 257, over transposed and strided operands', () => {
    let i = 0;
    for (const m of AWKWARD) {
      for (const n of AWKWARD) {
        for (const k of AWKWARD) {
          compareWithTypeScript(m, n, k, LAYOUTS[i % 3]!, LAYOUTS[Math.floor(i / 3) % 3]!, 'row', 1, 0, 700 + i);
          i++;
        }
      }
    }
  }],
  ['gemm() on it agrees with the TypeScript kernel however C is laid out and whatever alpha and beta are', () => {
    let seed = 800;
    for (const lc of ['row', 'col', 'strided'] as const) {
      for (const [alpha, beta] of [[1, 0], [1, 1], [2.5, 0], [-1, 0.5]] as const) {
        compareWithTypeScript(33, 257, 7, 'contiguous', 'transposed', lc, alpha, beta, seed++);
        compareWithTypeScript(257, 7, 33, 'transposed', 'strided', lc, alpha, beta, seed++); // narrow C: computed transposed
        compareWithTypeScript(257, 33, 257, 'strided', 'contiguous', lc, alpha, beta, seed++);
      }
    }
  }],
];
