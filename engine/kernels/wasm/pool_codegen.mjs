// Generates max pooling with a 2 x 2 window, stride 2, no padding, for the
// kernels module (see sgemm_module.mjs and Note [Max pooling in WebAssembly]
// in pool.ts). Addresses are in bytes; values float32, indices float64 (how
// the engine stores int64), planes contiguous (planes, h, w) -> (planes, oh, ow)
// with 2 * oh <= h and 2 * ow <= w.
//
//   maxPool2x2(src, planes, h, w, oh, ow, out, idx)
//     out = the window's maximum, idx = its flat position h * W + w in the
//     plane, with ATen's rule: scanning (0,0), (0,1), (1,0), (1,1), a value
//     is taken when it is greater than the maximum so far or NaN, so the
//     first of equal values and the last NaN win. Four windows per step:
//     each row's eight floats are split into even and odd columns by
//     shuffles, and the rule becomes compares and bit selects.
//   maxPool2x2Backward(gy, idx, planes, h, w, oh, ow, gx, flag)
//     gx = 0 + gy at each window's saved position, 0 elsewhere (the windows
//     do not overlap, so the scatter-add is a select). An index outside its
//     own window cannot come from the forward; if one is seen, the i32 at
//     `flag` is set to 1 (else 0) and the caller recomputes in TypeScript.
import { FunctionBuilder } from './wasm_writer.mjs';

/** Loops over planes and output rows: r0, r1 = the two input rows, q = the window's flat position, qv = four windows' positions. */
function forEachOutputRow(f, image, body) {
  f.get('h').get('w').op('i32.mul').i32(2).op('i32.shl').set('planeBytes');
  f.get('w').i32(2).op('i32.shl').set('rowBytes');
  f.get(image).set('plane').i32(0).set('p');
  f.while('planes', () => f.get('p').get('planes').op('i32.lt_u'), () => {
    f.i32(0).set('i');
    f.while('rows', () => f.get('i').get('oh').op('i32.lt_u'), () => {
      f.get('plane').get('i').get('rowBytes').op('i32.mul').i32(1).op('i32.shl').op('i32.add').tee('r0').get('rowBytes').op('i32.add').set('r1');
      f.get('i').get('w').op('i32.mul').i32(1).op('i32.shl').tee('q').op('i32x4.splat').i32x4([0, 2, 4, 6]).op('i32x4.add').set('qv');
      f.i32(0).set('j');
      body();
      f.inc('i');
    });
    f.inc('plane', 'planeBytes').inc('p');
  });
}

/** Declares the locals both functions share and sets the lane constants 1, w, w + 1 (and 8, for stepping qv). */
function commonLocals(f) {
  for (const n of ['planeBytes', 'rowBytes', 'plane', 'p', 'i', 'j', 'r0', 'r1', 'q']) f.local(n, 'i32');
  for (const n of ['qv', 'one', 'lw', 'lw1', 'eight']) f.local(n, 'v128');
  f.i32(1).op('i32x4.splat').set('one');
  f.get('w').op('i32x4.splat').set('lw');
  f.get('w').i32(1).op('i32.add').op('i32x4.splat').set('lw1');
  f.i32(8).op('i32x4.splat').set('eight');
}

/** while (j + 4 <= ow) vector(); while (j < ow) scalar(): four windows at a time, then one. */
function columns(f, vector, scalar) {
  f.while('vectors', () => f.get('j').i32(4).op('i32.add').get('ow').op('i32.le_u'), () => {
    vector();
    f.get('qv').get('eight').op('i32x4.add').set('qv');
    f.inc('q', 8).inc('r0', 32).inc('r1', 32).inc('j', 4);
  });
  f.while('tail', () => f.get('j').get('ow').op('i32.lt_u'), () => {
    scalar();
    f.inc('q', 2).inc('r0', 8).inc('r1', 8).inc('j');
  });
}

const EVEN = [0, 2, 4, 6];
const ODD = [1, 3, 5, 7];

export function maxPoolFunction(name) {
  const f = new FunctionBuilder(name, ['src', 'planes', 'h', 'w', 'oh', 'ow', 'out', 'idx'].map((n) => [n, 'i32']));
  commonLocals(f);
  for (const n of ['m', 'off', 'take', 'v', 'a', 'b']) f.local(n, 'v128');
  f.local('ms', 'f32').local('vs', 'f32').local('offs', 'i32').local('takes', 'i32');
  /** The rule for one more value (in local v / vs) whose offset in the window is `code` (a lane constant / an i32). */
  const vectorStep = (code) => {
    f.get('v').get('m').op('f32x4.gt').get('v').get('v').op('f32x4.ne').op('v128.or').set('take');
    f.get('v').get('m').get('take').op('v128.bitselect').set('m');
    f.get(code).get('off').get('take').op('v128.bitselect').set('off');
  };
  const scalarStep = (code) => {
    f.get('vs').get('ms').op('f32.gt').get('vs').get('vs').op('f32.ne').op('i32.or').set('takes');
    f.get('vs').get('ms').get('takes').op('select').set('ms');
    code();
    f.get('offs').get('takes').op('select').set('offs');
  };
  /** a, b = the eight floats at `row`; v = their even (or odd) columns. */
  const load = (row) => f.get(row).mem('v128.load').set('a').get(row).mem('v128.load', 16).set('b');
  const pick = (lanes) => f.get('a').get('b').shuffle32(lanes).set('v');
  forEachOutputRow(f, 'src', () => columns(f, () => {
    load('r0');
    pick(EVEN);
    f.get('v').set('m').v128zero().set('off');
    pick(ODD);
    vectorStep('one');
    load('r1');
    pick(EVEN);
    vectorStep('lw');
    pick(ODD);
    vectorStep('lw1');
    f.get('out').get('m').mem('v128.store');
    f.get('qv').get('off').op('i32x4.add').set('off');
    f.get('idx').get('off').op('f64x2.convert_low_i32x4_s').mem('v128.store');
    f.get('idx').get('off').get('off').shuffle32([2, 3, 2, 3]).op('f64x2.convert_low_i32x4_s').mem('v128.store', 16);
    f.inc('out', 16).inc('idx', 32);
  }, () => {
    f.get('r0').mem('f32.load').set('ms').i32(0).set('offs');
    f.get('r0').mem('f32.load', 4).set('vs');
    scalarStep(() => f.i32(1));
    f.get('r1').mem('f32.load').set('vs');
    scalarStep(() => f.get('w'));
    f.get('r1').mem('f32.load', 4).set('vs');
    scalarStep(() => f.get('w').i32(1).op('i32.add'));
    f.get('out').get('ms').mem('f32.store');
    f.get('idx').get('q').get('offs').op('i32.add').op('f64.convert_i32_s').mem('f64.store');
    f.inc('out', 4).inc('idx', 8);
  }));
  return f;
}

export function maxPoolBackwardFunction(name) {
  const f = new FunctionBuilder(name, ['gy', 'idx', 'planes', 'h', 'w', 'oh', 'ow', 'gx', 'flag'].map((n) => [n, 'i32']));
  commonLocals(f);
  for (const n of ['g', 'off', 'bad', 'e0', 'e1', 'e2', 'e3', 't0', 't1']) f.local(n, 'v128');
  f.local('gs', 'f32').local('offs', 'i32').local('bads', 'i32');
  // Rows and columns past the last window get no gradient.
  f.get('h').get('oh').i32(1).op('i32.shl').op('i32.ne').get('w').get('ow').i32(1).op('i32.shl').op('i32.ne').op('i32.or').if();
  f.get('gx').i32(0).get('planes').get('h').op('i32.mul').get('w').op('i32.mul').i32(2).op('i32.shl').op('memory.fill');
  f.end();
  f.v128zero().set('bad').i32(0).set('bads');
  /** Stores the two rows' four windows: the selected lanes of g, interleaved even/odd. */
  const storeRow = (row, even, odd) => {
    f.get('g').get(even).op('v128.and').set('t0').get('g').get(odd).op('v128.and').set('t1');
    f.get(row).get('t0').get('t1').shuffle32([0, 4, 1, 5]).mem('v128.store');
    f.get(row).get('t0').get('t1').shuffle32([2, 6, 3, 7]).mem('v128.store', 16);
  };
  const scalarStore = (row, at, code) => {
    f.get(row).get('gs').f32(0).get('offs');
    code();
    f.op('i32.eq').op('select').mem('f32.store', at);
  };
  forEachOutputRow(f, 'gx', () => columns(f, () => {
    // 0 + gy, as the scatter-add into zeros computes it (so -0 becomes +0).
    f.get('gy').mem('v128.load').v128zero().op('f32x4.add').set('g');
    f.get('idx').mem('v128.load').op('i32x4.trunc_sat_f64x2_s_zero').get('idx').mem('v128.load', 16).op('i32x4.trunc_sat_f64x2_s_zero').shuffle32([0, 1, 4, 5]);
    f.get('qv').op('i32x4.sub').set('off');
    f.get('off').v128zero().op('i32x4.eq').set('e0');
    f.get('off').get('one').op('i32x4.eq').set('e1');
    f.get('off').get('lw').op('i32x4.eq').set('e2');
    f.get('off').get('lw1').op('i32x4.eq').set('e3');
    f.get('bad').get('e0').get('e1').op('v128.or').get('e2').op('v128.or').get('e3').op('v128.or').op('v128.not').op('v128.or').set('bad');
    storeRow('r0', 'e0', 'e1');
    storeRow('r1', 'e2', 'e3');
    f.inc('gy', 16).inc('idx', 32);
  }, () => {
    f.get('gy').mem('f32.load').f32(0).op('f32.add').set('gs');
    f.get('idx').mem('f64.load').op('i32.trunc_sat_f64_s').get('q').op('i32.sub').set('offs');
    scalarStore('r0', 0, () => f.i32(0));
    scalarStore('r0', 4, () => f.i32(1));
    scalarStore('r1', 0, () => f.get('w'));
    scalarStore('r1', 4, () => f.get('w').i32(1).op('i32.add'));
    // bads |= offs not in {0, 1, w, w + 1}
    f.get('bads').get('offs').i32(0).op('i32.ne').get('offs').i32(1).op('i32.ne').op('i32.and');
    f.get('offs').get('w').op('i32.ne').op('i32.and').get('offs').get('w').i32(1).op('i32.add').op('i32.ne').op('i32.and').op('i32.or').set('bads');
    f.inc('gy', 4).inc('idx', 8);
  }));
  f.get('flag').get('bads').get('bad').op('v128.any_true').op('i32.or').mem('i32.store');
  return f;
}
