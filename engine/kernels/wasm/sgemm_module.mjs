// Generates the WebAssembly SIMD kernels module: the single-precision GEMM (see
// Note [WebAssembly SGEMM] in sgemm.ts), convolution's im2col / col2im (see
// columns_codegen.mjs) and 2 x 2 max pooling (pool_codegen.mjs). Build time
// only: scripts/build-wasm.mjs encodes the result as base64 into sgemm_wasm.gen.ts.
//
// Functions (all but `kernel` and the scalar edge packers are exported):
//   kernel(a, b, c, kc, ldc, accumulate)
//     The MR x NR tile of C at byte address c (rows ldc bytes apart) gets, or
//     with accumulate != 0 gets added, packed A sliver x packed B sliver: A is
//     kc steps of MR floats, B kc steps of NR floats. Accumulators are f32x4
//     locals: MR rows x NR/4 vectors. Each k step loads NR/4 vectors of B,
//     broadcasts each of the MR values of A (v128.load32_splat) and does a
//     mul + add per accumulator (baseline SIMD has no FMA), or with `fma` one
//     f32x4.relaxed_madd (the relaxed-SIMD variant of the module).
//     The k loop is deliberately not unrolled: V8's TurboFan schedules all the
//     loads of an unrolled body first (they are ordered on the effect chain,
//     the arithmetic floats), so the loaded values outlive the 16 xmm registers
//     and spill; unrolling 2 or 4 times measured 25-50% slower (mul + add).
//   edgeKernel(a, b, c, kc, ldc, accumulate), in modules built with edgeRows
//     The kernel for the first edgeRows (< MR) rows of an MR-wide A panel: a
//     last row panel that short (m = 10 with MR = 6) then costs its own rows,
//     not MR rows of padding.
//   block(mPanels, nPanels, kc, a, b, c, ldc, accumulate, lastRows)
//     All tiles of an (mPanels * MR) x (nPanels * NR) block of C: B panel
//     outer (its kc x NR sliver stays in L1), A panels inner (the packed A
//     block stays in L2), as in BLIS's jr / ir loops. Packed panels are
//     consecutive: A panel p at a + p * kc * MR * 4, B panel q at b + q * kc * NR * 4.
//     The last row panel holds lastRows real rows (the edge kernel's cue).
//   packA(src, ld, kMajor, m, kc, dst), packB(src, ld, kMajor, n, kc, dst)
//     Pack a staged block of A (B) into MR-row (NR-column) panels; see pack_codegen.mjs.
//   im2col(...), col2im(...): see columns_codegen.mjs.
//   maxPool2x2(...), maxPool2x2Backward(...): see pool_codegen.mjs.
//   mem: the linear memory.
import { col2imFunction, im2colFunction } from './columns_codegen.mjs';
import { packFunction, scalarPanel } from './pack_codegen.mjs';
import { maxPoolBackwardFunction, maxPoolFunction } from './pool_codegen.mjs';
import { FunctionBuilder, encodeModule } from './wasm_writer.mjs';

/**
 * The micro-kernel: MR x NR tile of C (+)= packed A sliver x packed B sliver.
 * The A sliver is `panel` floats wide (default MR): an edge kernel computes
 * only the first MR rows of a wider panel.
 * @param {{ mr: number, nr: number, fma: boolean, panel?: number }} shape
 */
export function kernelFunction({ mr, nr, fma, panel = mr }) {
  if (nr % 4 !== 0) throw new Error('nr must be a multiple of 4');
  const nv = nr / 4;
  const acc = (i, j) => `acc${i}_${j}`;

  const kernel = new FunctionBuilder(panel === mr ? 'kernel' : 'edgeKernel', [['a', 'i32'], ['b', 'i32'], ['c', 'i32'], ['kc', 'i32'], ['ldc', 'i32'], ['accumulate', 'i32']]);
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
      for (let j = 0; j < nv; j++) {
        if (fma) kernel.get('av').get(`b${j}`).get(acc(i, j)).op('f32x4.relaxed_madd').set(acc(i, j));
        else kernel.get(acc(i, j)).get('av').get(`b${j}`).op('f32x4.mul').op('f32x4.add').set(acc(i, j));
      }
    }
    kernel.inc('a', panel * 4).inc('b', nr * 4);
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
  return kernel;
}

/**
 * The block function over every tile of a block of C; calls function 0 (the
 * kernel) and, for a last row panel of at most `edgeRows` rows, function
 * `edgeIndex` (an edge kernel computing edgeRows rows of an MR-wide panel).
 * @param {{ mr: number, nr: number, edgeRows?: number, edgeIndex?: number }} shape
 */
export function blockFunction({ mr, nr, edgeRows = 0, edgeIndex = 0 }) {
  const block = new FunctionBuilder('block', [
    ['mPanels', 'i32'], ['nPanels', 'i32'], ['kc', 'i32'], ['a', 'i32'], ['b', 'i32'], ['c', 'i32'], ['ldc', 'i32'], ['accumulate', 'i32'], ['lastRows', 'i32'],
  ]);
  block.local('aStride', 'i32').local('cRowStep', 'i32').local('q', 'i32').local('p', 'i32').local('ap', 'i32').local('cp', 'i32').local('last', 'i32');
  block.get('kc').i32(mr * 4).op('i32.mul').set('aStride');
  block.get('ldc').i32(mr).op('i32.mul').set('cRowStep');
  // Which kernel the last row panel takes: the edge kernel when it has few enough rows.
  block.get('lastRows').i32(edgeRows).op('i32.le_u').set('last');
  // Callers guarantee mPanels, nPanels >= 1: the column loop tests at the bottom,
  // the row loop runs the mPanels - 1 full panels, then the last one.
  block.i32(0).set('q');
  block.loop('cols');
  {
    block.get('a').set('ap');
    block.get('c').set('cp');
    block.get('mPanels').i32(1).op('i32.sub').set('p');
    block.while('rows', () => block.get('p'), () => {
      block.get('ap').get('b').get('cp').get('kc').get('ldc').get('accumulate').call(0);
      block.get('ap').get('aStride').op('i32.add').set('ap');
      block.get('cp').get('cRowStep').op('i32.add').set('cp');
      block.inc('p', -1);
    });
    const lastTile = (kernel) => block.get('ap').get('b').get('cp').get('kc').get('ldc').get('accumulate').call(kernel);
    if (edgeRows > 0) {
      block.get('last').if();
      lastTile(edgeIndex);
      block.else();
      lastTile(0);
      block.end();
    } else lastTile(0);
    block.get('b').get('kc').i32(nr * 4).op('i32.mul').op('i32.add').set('b');
    block.get('c').i32(nr * 4).op('i32.add').set('c');
    block.get('q').i32(1).op('i32.add').tee('q').get('nPanels').op('i32.lt_u').brIf('cols');
  }
  block.end();
  return block;
}

/**
 * @param {{ mr: number, nr: number, fma: boolean, edgeRows?: number }} shape
 * edgeRows: rows of the edge kernel for short last row panels (0: none).
 */
export function buildSgemmModule(shape) {
  const { mr, nr, fma, edgeRows = 0 } = shape;
  // Function indices: kernel 0 (called by block), block 1, panelA 2, panelB 3, packA 4, packB 5, im2col 6, col2im 7,
  // maxPool2x2 8, maxPool2x2Backward 9, edgeKernel 10.
  const functions = [
    kernelFunction(shape), blockFunction({ mr, nr, edgeRows, edgeIndex: 10 }), scalarPanel('panelA', mr), scalarPanel('panelB', nr),
    packFunction('packA', mr, 2), packFunction('packB', nr, 3), im2colFunction('im2col'), col2imFunction('col2im'),
    maxPoolFunction('maxPool2x2'), maxPoolBackwardFunction('maxPool2x2Backward'),
  ];
  if (edgeRows > 0) functions.push(kernelFunction({ mr: edgeRows, nr, fma, panel: mr }));
  const exported = ['block', 'packA', 'packB', 'im2col', 'col2im', 'maxPool2x2', 'maxPool2x2Backward'];
  return encodeModule({ functions, exported, memory: { name: 'mem', minPages: 1 } });
}
