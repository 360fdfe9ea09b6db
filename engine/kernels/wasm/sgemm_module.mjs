// Generates the WebAssembly SIMD kernels module: the single-precision GEMM (see
// Note [WebAssembly SGEMM] in sgemm.ts) and convolution's im2col / col2im (see
// columns_codegen.mjs). Build time only: scripts/build-wasm.mjs encodes the
// result as base64 into sgemm_wasm.gen.ts.
//
// Functions (all but `kernel` and the scalar edge packers are exported):
//   kernel(a, b, c, kc, ldc, accumulate)
//     The MR x NR tile of C at byte address c (rows ldc bytes apart) gets, or
//     with accumulate != 0 gets added, packed A sliver x packed B sliver: A is
//     kc steps of MR floats, B kc steps of NR floats. Accumulators are f32x4
//     locals: MR rows x NR/4 vectors. Each k step loads NR/4 vectors of B,
//     broadcasts each of the MR values of A (v128.load32_splat) and does a
//     mul + add per accumulator (no FMA in baseline SIMD).
//     The k loop is deliberately not unrolled: V8's TurboFan schedules all the
//     loads of an unrolled body first (they are ordered on the effect chain,
//     the arithmetic floats), so the loaded values outlive the 16 xmm registers
//     and spill; unrolling 2 or 4 times measured 25-50% slower.
//   block(mPanels, nPanels, kc, a, b, c, ldc, accumulate)
//     All tiles of an (mPanels * MR) x (nPanels * NR) block of C: B panel
//     outer (its kc x NR sliver stays in L1), A panels inner (the packed A
//     block stays in L2), as in BLIS's jr / ir loops. Packed panels are
//     consecutive: A panel p at a + p * kc * MR * 4, B panel q at b + q * kc * NR * 4.
//   packA(src, ld, kMajor, m, kc, dst), packB(src, ld, kMajor, n, kc, dst)
//     Pack a staged block of A (B) into MR-row (NR-column) panels; see pack_codegen.mjs.
//   im2col(...), col2im(...): see columns_codegen.mjs.
//   mem: the linear memory.
import { col2imFunction, im2colFunction } from './columns_codegen.mjs';
import { packFunction, scalarPanel } from './pack_codegen.mjs';
import { FunctionBuilder, encodeModule } from './wasm_writer.mjs';

/** @param {{ mr: number, nr: number }} shape */
export function buildSgemmModule({ mr, nr }) {
  if (nr % 4 !== 0) throw new Error('nr must be a multiple of 4');
  const nv = nr / 4;
  const acc = (i, j) => `acc${i}_${j}`;

  const kernel = new FunctionBuilder('kernel', [['a', 'i32'], ['b', 'i32'], ['c', 'i32'], ['kc', 'i32'], ['ldc', 'i32'], ['accumulate', 'i32']]);
  for (let i = 0; i < mr; i++) for (let j = 0; j < nv; j++) kernel.local(acc(i, j), 'v128');
  for (let j = 0; j < nv; j++) kernel.local(`b${j}`, 'v128');
  kernel.local('av', 'v128');
  kernel.local('bEnd', 'i32');

  for (let i = 0; i < mr; i++) for (let j = 0; j < nv; j++) kernel.v128zero().set(acc(i, j));
  // One k step per iteration: see the note on unrolling above.
  kernel.get('b').get('kc').i32(nr * 4).op('i32.mul').op('i32.add').set('bEnd');
  kernel.while('k', () => kernel.get('b').get('bEnd').op('i32.ne'), () => {
    for (let j = 0; j < nv; j++) kernel.get('b').mem('v128.load', 16 * j).set(`b${j}`);
    for (let i = 0; i < mr; i++) {
      kernel.get('a').mem('v128.load32_splat', 4 * i).set('av');
      for (let j = 0; j < nv; j++) kernel.get(acc(i, j)).get('av').get(`b${j}`).op('f32x4.mul').op('f32x4.add').set(acc(i, j));
    }
    kernel.inc('a', mr * 4).inc('b', nr * 4);
  });
  // Write the tile.
  kernel.get('accumulate').if();
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nv; j++) kernel.get('c').get('c').mem('v128.load', 16 * j).get(acc(i, j)).op('f32x4.add').mem('v128.store', 16 * j);
    if (i < mr - 1) kernel.get('c').get('ldc').op('i32.add').set('c');
  }
  kernel.else();
  for (let i = 0; i < mr; i++) {
    for (let j = 0; j < nv; j++) kernel.get('c').get(acc(i, j)).mem('v128.store', 16 * j);
    if (i < mr - 1) kernel.get('c').get('ldc').op('i32.add').set('c');
  }
  kernel.end();

  const block = new FunctionBuilder('block', [
    ['mPanels', 'i32'], ['nPanels', 'i32'], ['kc', 'i32'], ['a', 'i32'], ['b', 'i32'], ['c', 'i32'], ['ldc', 'i32'], ['accumulate', 'i32'],
  ]);
  block.local('aStride', 'i32').local('cRowStep', 'i32').local('q', 'i32').local('p', 'i32').local('ap', 'i32').local('cp', 'i32');
  block.get('kc').i32(mr * 4).op('i32.mul').set('aStride');
  block.get('ldc').i32(mr).op('i32.mul').set('cRowStep');
  // Callers guarantee mPanels, nPanels >= 1, so both loops test at the bottom.
  block.i32(0).set('q');
  block.loop('cols');
  {
    block.get('a').set('ap');
    block.get('c').set('cp');
    block.i32(0).set('p');
    block.loop('rows');
    block.get('ap').get('b').get('cp').get('kc').get('ldc').get('accumulate').call(0);
    block.get('ap').get('aStride').op('i32.add').set('ap');
    block.get('cp').get('cRowStep').op('i32.add').set('cp');
    block.get('p').i32(1).op('i32.add').tee('p').get('mPanels').op('i32.lt_u').brIf('rows');
    block.end();
    block.get('b').get('kc').i32(nr * 4).op('i32.mul').op('i32.add').set('b');
    block.get('c').i32(nr * 4).op('i32.add').set('c');
    block.get('q').i32(1).op('i32.add').tee('q').get('nPanels').op('i32.lt_u').brIf('cols');
  }
  block.end();

  // Function indices: kernel 0 (called by block), block 1, panelA 2, panelB 3, packA 4, packB 5, im2col 6, col2im 7.
  const functions = [
    kernel, block, scalarPanel('panelA', mr), scalarPanel('panelB', nr), packFunction('packA', mr, 2), packFunction('packB', nr, 3),
    im2colFunction('im2col'), col2imFunction('col2im'),
  ];
  return encodeModule({ functions, exported: ['block', 'packA', 'packB', 'im2col', 'col2im'], memory: { name: 'mem', minPages: 1 } });
}
