// The WebAssembly 2 x 2 max pooling's correctness cases (Note [Max pooling in
// WebAssembly] in ../pool.ts), as plain functions that throw on the first wrong
// result, so that the same cases run in Vitest (pool.test.ts, once per kernels
// variant) and in a child Node with relaxed SIMD on (run_kernel_cases.ts).
// The oracle is the TypeScript loop in ../pool.ts; results must be identical:
// the same float bits (NaN for NaN) and the same indices.
import { maxPool2dBackward, maxPool2dForward, setPoolWasm, type Pool2dGeometry } from '../pool.ts';
import { seededRandom } from '../../../test/support/seeded_random.ts';
import { maxPool2x2BackwardWasm, maxPool2x2Wasm } from './pool.ts';

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}

/** Values that stress the rule: few distinct ones (ties), NaN, both infinities, both zeros. */
const SPECIAL = [NaN, -Infinity, Infinity, 0, -0];

function values(n: number, next: () => number, specials: number): Float32Array {
  return Float32Array.from({ length: n }, () => (next() < specials ? SPECIAL[Math.floor(next() * SPECIAL.length)]! : Math.floor(next() * 4) - 2));
}

function geometry(planes: number, h: number, w: number): Pool2dGeometry {
  return { planes, h, w, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1, oh: Math.floor(h / 2), ow: Math.floor(w / 2) };
}

/** The TypeScript loops' results. */
function reference(x: Float32Array, gy: Float32Array, g: Pool2dGeometry) {
  const count = g.planes * g.oh * g.ow;
  const out = new Float32Array(count), idx = new Float64Array(count), gx = new Float32Array(x.length);
  setPoolWasm(false);
  try {
    maxPool2dForward(x, g, out, idx);
    maxPool2dBackward(gy, idx, g, gx);
  } finally {
    setPoolWasm(true);
  }
  return { out, idx, gx };
}

function sameArrays(what: string, got: ArrayLike<number>, want: ArrayLike<number>): void {
  assert(got.length === want.length, `${what}: length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < want.length; i++) assert(Object.is(got[i], want[i]), `${what}[${i}] is ${got[i]}, the TypeScript loop gives ${want[i]}`);
}

/** Forward and backward in WebAssembly against the TypeScript loops. */
function check(planes: number, h: number, w: number, seed: number, specials = 0.15): void {
  const next = seededRandom(seed);
  const g = geometry(planes, h, w);
  const x = values(planes * h * w, next, specials);
  const count = planes * g.oh * g.ow;
  const gy = values(count, next, specials);
  const want = reference(x, gy, g);
  const what = `${planes} planes of ${h} x ${w}`;
  const out = new Float32Array(count), idx = new Float64Array(count), gx = new Float32Array(x.length).fill(7);
  assert(maxPool2x2Wasm(x, planes, h, w, g.oh, g.ow, out, idx), `${what}: maxPool2x2Wasm declined`);
  sameArrays(`${what}: values`, out, want.out);
  sameArrays(`${what}: indices`, idx, want.idx);
  assert(maxPool2x2BackwardWasm(gy, idx, planes, h, w, g.oh, g.ow, gx), `${what}: maxPool2x2BackwardWasm declined`);
  sameArrays(`${what}: gradient`, gx, want.gx);
}

const AWKWARD = [1, 7, 33, 257];

/** [name, run]: each throws an Error naming the first wrong element. */
export const POOL_CASES: readonly (readonly [string, () => void])[] = [
  ['matches the TypeScript loop on awkward planes and widths (1, 7, 33, 257) and odd heights', () => {
    let seed = 1;
    for (const planes of AWKWARD) for (const w of [...AWKWARD, 2, 8, 9, 16]) for (const h of [1, 2, 3, 7]) check(planes, h, w, seed++);
  }],
  ['matches it on the reference CNN layers (640 planes of 24 x 24, 1280 of 8 x 8)', () => {
    check(640, 24, 24, 100, 0.01);
    check(1280, 8, 8, 101, 0.01);
  }],
  ['takes the first of equal values and the last NaN of a window', () => {
    // Windows of one 2 x 4 plane (two windows of four), scanned (0,0), (0,1), (1,0), (1,1).
    const cases: [number[], number, number][] = [
      // values (row 0, then row 1, of one window), expected value, expected position in the window
      [[1, 1, 1, 1], 1, 0],
      [[0, 2, 2, 1], 2, 1],
      [[-0, 0, 0, -0], -0, 0],
      [[-Infinity, -Infinity, -Infinity, -Infinity], -Infinity, 0],
      [[NaN, 5, 1, 1], NaN, 0],
      [[1, NaN, NaN, 9], NaN, 2],
      [[3, 1, 2, NaN], NaN, 3],
      [[-Infinity, NaN, Infinity, 1], NaN, 1],
    ];
    for (const [window, value, at] of cases) {
      // Four copies of the window side by side, so the vector loop (four windows a step) runs, then one more for the scalar tail.
      const copies = 5, w = 2 * copies;
      const x = new Float32Array(2 * w);
      for (let c = 0; c < copies; c++) {
        x.set([window[0]!, window[1]!], 2 * c);
        x.set([window[2]!, window[3]!], w + 2 * c);
      }
      const out = new Float32Array(copies), idx = new Float64Array(copies);
      assert(maxPool2x2Wasm(x, 1, 2, w, 1, copies, out, idx), 'maxPool2x2Wasm declined');
      for (let c = 0; c < copies; c++) {
        const position = 2 * c + (at & 1) + (at >> 1) * w;
        assert(Object.is(out[c], value) && idx[c] === position, `window [${window.join(', ')}] copy ${c}: ${out[c]} at ${idx[c]}, expected ${value} at ${position}`);
      }
    }
  }],
  ['writes no negative zero gradient, as the scatter-add into zeros does', () => {
    const g = geometry(1, 2, 10);
    const x = Float32Array.from({ length: 20 }, (_, i) => i % 7);
    const gy = new Float32Array(5).fill(-0);
    const want = reference(x, gy, g);
    const gx = new Float32Array(20), idx = new Float64Array(5);
    assert(maxPool2x2Wasm(x, 1, 2, 10, 1, 5, new Float32Array(5), idx), 'maxPool2x2Wasm declined');
    assert(maxPool2x2BackwardWasm(gy, idx, 1, 2, 10, 1, 5, gx), 'maxPool2x2BackwardWasm declined');
    sameArrays('gradient of -0', gx, want.gx);
    assert(gx.every((v) => Object.is(v, 0)), 'a -0 gradient must land as +0');
  }],
  ['declines indices outside their window (the forward never makes them), vector and scalar loops', () => {
    // 2 planes of 4 x 10: 5 windows per row, four in the vector loop and one in the scalar tail.
    const count = 2 * 2 * 5;
    for (const [o, index] of [[1, 0], [4, 0], [4, 7], [12, 39], [0, -1], [0, 1e12]] as const) {
      const idx = new Float64Array(count);
      for (let p = 0, k = 0; p < 2; p++) for (let i = 0; i < 2; i++) for (let j = 0; j < 5; j++) idx[k++] = 2 * i * 10 + 2 * j;
      idx[o] = index;
      assert(!maxPool2x2BackwardWasm(new Float32Array(count).fill(1), idx, 2, 4, 10, 2, 5, new Float32Array(80)), `index ${index} at output ${o} was accepted`);
    }
    // Through maxPool2dBackward (big enough to try WebAssembly first) the TypeScript loop then scatters them.
    const big = geometry(64, 8, 8), n = 64 * 16;
    const idx = new Float64Array(n);
    for (let p = 0, k = 0; p < 64; p++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) idx[k++] = 2 * i * 8 + 2 * j;
    idx[5] = 0; // output 5 of plane 0 sends its gradient to position 0, which output 0 also does
    const gx = new Float32Array(64 * 64);
    maxPool2dBackward(new Float32Array(n).fill(1), idx, big, gx);
    assert(gx[0] === 2 && gx[idx[6]!] === 1, `scatter with a shared index gives ${gx[0]}, expected 2`);
  }],
  ['reuses its memory across calls of different sizes', () => {
    check(257, 7, 33, 201);
    check(1, 2, 2, 202);
    check(33, 9, 257, 203);
  }],
];
