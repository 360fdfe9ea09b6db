// Generates the packing functions of the SGEMM module (see sgemm_module.mjs).
//
// The caller first copies ("stages") a block of an operand into wasm memory
// with TypedArray.set, one contiguous run at a time, so the staged block S is
// dense in one of two orientations:
//   laneMajor: S[lane][p] at src + lane * ld + p * 4   (rows of A, or rows of B^T)
//   kMajor:    S[p][lane] at src + p * ld + lane * 4   (rows of B, or rows of A^T)
// pack<w>(src, ld, kMajor, lanes, kc, dst) then writes ceil(lanes / w) panels
// of kc x w floats, dst[panel][p][lane], zero-filling the lanes past `lanes`:
// kMajor rows are copied w floats at a time; laneMajor rows are transposed 4 x 4
// (or interleaved in pairs when w is 2 or 6) with shuffles. Ragged edges go
// through a scalar loop.
import { FunctionBuilder } from './wasm_writer.mjs';

/**
 * panel(s, laneStride, kStride, lanes, count, d): one panel, scalar, for the
 * edges: d[p][c] = c < lanes ? S(c, p) : 0 for p < count, c < w (strides in bytes).
 */
export function scalarPanel(name, w) {
  const f = new FunctionBuilder(name, [['s', 'i32'], ['laneStride', 'i32'], ['kStride', 'i32'], ['lanes', 'i32'], ['count', 'i32'], ['d', 'i32']]);
  f.local('c', 'i32').local('sp', 'i32');
  f.while('p', () => f.get('count'), () => {
    f.get('s').set('sp').i32(0).set('c');
    f.while('copy', () => f.get('c').get('lanes').op('i32.lt_u'), () => {
      f.get('d').get('c').i32(2).op('i32.shl').op('i32.add').get('sp').mem('f32.load').mem('f32.store');
      f.inc('sp', 'laneStride').inc('c');
    });
    f.while('zero', () => f.get('c').i32(w).op('i32.lt_u'), () => {
      f.get('d').get('c').i32(2).op('i32.shl').op('i32.add').i32(0).mem('i32.store');
      f.inc('c');
    });
    f.inc('s', 'kStride').inc('d', w * 4).inc('count', -1);
  });
  return f;
}

/** Copies w floats from the address in local `from` to the one in `to`. */
function copyRow(f, w, from, to) {
  let off = 0;
  for (; off + 16 <= w * 4; off += 16) f.get(to).get(from).mem('v128.load', off).mem('v128.store', off);
  for (; off + 8 <= w * 4; off += 8) f.get(to).get(from).mem('i64.load', off).mem('i64.store', off);
  for (; off < w * 4; off += 4) f.get(to).get(from).mem('f32.load', off).mem('f32.store', off);
}

/**
 * pack<w>(src, ld, kMajor, lanes, kc, dst), exported as `name`; `panelIndex`
 * is the index of the scalarPanel(w) function in the module.
 */
export function packFunction(name, w, panelIndex) {
  if (w % 2 !== 0) throw new Error(`pack: unsupported panel width ${w}`);
  const g = w % 4 === 0 ? 4 : 2; // lanes per shuffle group
  const f = new FunctionBuilder(name, [['src', 'i32'], ['ld', 'i32'], ['kMajor', 'i32'], ['lanes', 'i32'], ['kc', 'i32'], ['dst', 'i32']]);
  for (const n of ['laneStride', 'kStride', 'sp', 'dp', 'p', 'group', 'row', 'out', 'tail']) f.local(n, 'i32');
  for (let i = 0; i < g; i++) f.local(`r${i}`, 'i32');
  for (let i = 0; i < g; i++) f.local(`v${i}`, 'v128');
  for (let i = 0; i < g; i++) f.local(`t${i}`, 'v128');

  f.get('kMajor').if();
  f.i32(4).set('laneStride').get('ld').set('kStride');
  f.else();
  f.get('ld').set('laneStride').i32(4).set('kStride');
  f.end();

  // Whole panels.
  f.while('panels', () => f.get('lanes').i32(w).op('i32.ge_u'), () => {
    f.get('kMajor').if();
    {
      // Copy w floats per k step.
      f.get('src').set('sp').get('dst').set('dp').get('kc').set('p');
      f.while('rows', () => f.get('p'), () => {
        copyRow(f, w, 'sp', 'dp');
        f.inc('sp', 'ld').inc('dp', w * 4).inc('p', -1);
      });
    }
    f.else();
    {
      // Transpose g lanes x 4 k steps at a time.
      f.get('src').set('row').get('dst').set('out').i32(0).set('group');
      f.while('groups', () => f.get('group').i32(w / g).op('i32.lt_u'), () => {
        f.get('row').set('r0');
        for (let i = 1; i < g; i++) f.get(`r${i - 1}`).get('ld').op('i32.add').set(`r${i}`);
        f.get('out').set('dp').get('kc').i32(2).op('i32.shr_u').set('p');
        f.while('steps', () => f.get('p'), () => {
          for (let i = 0; i < g; i++) f.get(`r${i}`).mem('v128.load').set(`v${i}`);
          if (g === 2 && w === 2) {
            f.get('dp').get('v0').get('v1').shuffle32([0, 4, 1, 5]).mem('v128.store', 0);
            f.get('dp').get('v0').get('v1').shuffle32([2, 6, 3, 7]).mem('v128.store', 16);
          } else if (g === 2) {
            // Two lanes of four k steps, into rows w floats apart.
            f.get('v0').get('v1').shuffle32([0, 4, 1, 5]).set('t0');
            f.get('v0').get('v1').shuffle32([2, 6, 3, 7]).set('t1');
            f.get('dp').get('t0').storeLane64(0, 0);
            f.get('dp').get('t0').storeLane64(w * 4, 1);
            f.get('dp').get('t1').storeLane64(2 * w * 4, 0);
            f.get('dp').get('t1').storeLane64(3 * w * 4, 1);
          } else {
            f.get('v0').get('v1').shuffle32([0, 4, 1, 5]).set('t0');
            f.get('v0').get('v1').shuffle32([2, 6, 3, 7]).set('t1');
            f.get('v2').get('v3').shuffle32([0, 4, 1, 5]).set('t2');
            f.get('v2').get('v3').shuffle32([2, 6, 3, 7]).set('t3');
            f.get('dp').get('t0').get('t2').shuffle32([0, 1, 4, 5]).mem('v128.store', 0);
            f.get('dp').get('t0').get('t2').shuffle32([2, 3, 6, 7]).mem('v128.store', w * 4);
            f.get('dp').get('t1').get('t3').shuffle32([0, 1, 4, 5]).mem('v128.store', 2 * w * 4);
            f.get('dp').get('t1').get('t3').shuffle32([2, 3, 6, 7]).mem('v128.store', 3 * w * 4);
          }
          for (let i = 0; i < g; i++) f.inc(`r${i}`, 16);
          f.inc('dp', 4 * w * 4).inc('p', -1);
        });
        f.get('row').get('ld').i32(g).op('i32.mul').op('i32.add').set('row');
        f.inc('out', g * 4).inc('group');
      });
      // The last kc % 4 steps, scalar.
      f.get('kc').i32(3).op('i32.and').tee('tail').if();
      f.get('kc').get('tail').op('i32.sub').set('p');
      f.get('src').get('p').i32(2).op('i32.shl').op('i32.add'); // s
      f.get('ld').i32(4).i32(w).get('tail'); // laneStride, kStride, lanes, count
      f.get('dst').get('p').i32(w * 4).op('i32.mul').op('i32.add'); // d
      f.call(panelIndex);
      f.end();
    }
    f.end();
    f.get('src').get('laneStride').i32(w).op('i32.mul').op('i32.add').set('src');
    f.get('dst').get('kc').i32(w * 4).op('i32.mul').op('i32.add').set('dst');
    f.inc('lanes', -w);
  });
  // The last, partial panel.
  f.get('lanes').if();
  f.get('src').get('laneStride').get('kStride').get('lanes').get('kc').get('dst').call(panelIndex);
  f.end();
  return f;
}
