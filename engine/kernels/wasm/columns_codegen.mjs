// Generates im2col and col2im for the kernels module (see sgemm_module.mjs and
// Note [Convolution columns in WebAssembly] in engine/kernels/conv.ts).
//
// Both take (src, cg, planeBytes, w, kh, kw, sh, sw, oh, ow, table, dst), all
// addresses in bytes, float32 data:
//   im2col: the columns at dst (K x L, K = cg * kh * kw rows in (channel, ki,
//     kj) order, L = oh * ow) from cg image planes of w-float rows at src.
//   col2im: the image planes at dst += the scatter of the columns at src.
// `table` holds, per kernel row ki, three i32: the valid output rows [ohLo,
// ohHi) and the input row offset offH (ki * dilation - padding); then per
// kernel column kj the same for columns. Output positions outside the valid
// range read padding (zero in im2col, skipped in col2im), so the loops carry
// no bounds tests. Rows of a tap are copied with memory.copy when the column
// stride is 1 (im2col) or added four floats at a time (col2im).
import { FunctionBuilder } from './wasm_writer.mjs';

const PARAMS = ['src', 'cg', 'planeBytes', 'w', 'kh', 'kw', 'sh', 'sw', 'oh', 'ow', 'table', 'dst'];
const LOCALS = ['c', 'ki', 'kj', 'o', 'q', 'plane', 't', 'ohLo', 'ohHi', 'offH', 'owLo', 'owHi', 'offW', 'd', 's', 'rowBytes', 'owBytes', 'step'];

function columnFunction(name) {
  const f = new FunctionBuilder(name, PARAMS.map((p) => [p, 'i32']));
  for (const l of LOCALS) f.local(l, 'i32');
  return f;
}

/** for (counter = 0; counter < limit; counter++) body */
function count(f, counter, limit, body) {
  f.i32(0).set(counter);
  f.while(counter, () => f.get(counter).get(limit).op('i32.lt_s'), () => {
    body();
    f.inc(counter);
  });
}

/** memory.fill(dst, 0, bytes), with dst and bytes pushed by the callbacks. */
function zero(f, dst, bytes) {
  dst();
  f.i32(0);
  bytes();
  f.op('memory.fill');
}

/**
 * The tap loops shared by im2col and col2im: for each channel (`plane` set to
 * its byte address in the image at `image`), kernel row and kernel column, load
 * the tap's ranges from the table and run `tap`, then advance `cols` by one
 * column row (L floats).
 */
function forEachTap(f, image, cols, tap) {
  f.get('oh').get('ow').op('i32.mul').i32(2).op('i32.shl').set('rowBytes');
  f.get('ow').i32(2).op('i32.shl').set('owBytes');
  f.get('sw').i32(2).op('i32.shl').set('step');
  count(f, 'c', 'cg', () => {
    f.get(image).get('c').get('planeBytes').op('i32.mul').op('i32.add').set('plane');
    count(f, 'ki', 'kh', () => {
      f.get('table').get('ki').i32(12).op('i32.mul').op('i32.add').set('t');
      f.get('t').mem('i32.load', 0).set('ohLo').get('t').mem('i32.load', 4).set('ohHi').get('t').mem('i32.load', 8).set('offH');
      count(f, 'kj', 'kw', () => {
        f.get('table').get('kh').get('kj').op('i32.add').i32(12).op('i32.mul').op('i32.add').set('t');
        f.get('t').mem('i32.load', 0).set('owLo').get('t').mem('i32.load', 4).set('owHi').get('t').mem('i32.load', 8).set('offW');
        tap();
        f.inc(cols, 'rowBytes');
      });
    });
  });
}

/** s = the byte address of image element (o * sh + offH, owLo * sw + offW) in the current plane. */
function imageAddress(f) {
  f.get('o').get('sh').op('i32.mul').get('offH').op('i32.add').get('w').op('i32.mul').get('offW').op('i32.add').i32(2).op('i32.shl');
  f.get('plane').op('i32.add').get('owLo').get('step').op('i32.mul').op('i32.add').set('s');
}

export function im2colFunction(name) {
  const f = columnFunction(name);
  forEachTap(f, 'src', 'dst', () => {
    // Output rows above ohLo and from ohHi on read padding.
    zero(f, () => f.get('dst'), () => f.get('ohLo').get('owBytes').op('i32.mul'));
    zero(f, () => f.get('dst').get('ohHi').get('owBytes').op('i32.mul').op('i32.add'), () => f.get('oh').get('ohHi').op('i32.sub').get('owBytes').op('i32.mul'));
    f.get('ohLo').set('o');
    f.while('rows', () => f.get('o').get('ohHi').op('i32.lt_s'), () => {
      f.get('dst').get('o').get('owBytes').op('i32.mul').op('i32.add').set('d');
      zero(f, () => f.get('d'), () => f.get('owLo').i32(2).op('i32.shl'));
      zero(f, () => f.get('d').get('owHi').i32(2).op('i32.shl').op('i32.add'), () => f.get('ow').get('owHi').op('i32.sub').i32(2).op('i32.shl'));
      imageAddress(f);
      f.get('d').get('owLo').i32(2).op('i32.shl').op('i32.add').set('d');
      f.get('sw').i32(1).op('i32.eq').if();
      f.get('d').get('s').get('owHi').get('owLo').op('i32.sub').i32(2).op('i32.shl').op('memory.copy');
      f.else();
      f.get('owLo').set('q');
      f.while('gather', () => f.get('q').get('owHi').op('i32.lt_s'), () => {
        f.get('d').get('s').mem('f32.load').mem('f32.store');
        f.inc('s', 'step').inc('d', 4).inc('q');
      });
      f.end();
      f.inc('o');
    });
  });
  return f;
}

export function col2imFunction(name) {
  const f = columnFunction(name);
  forEachTap(f, 'dst', 'src', () => {
    f.get('ohLo').set('o');
    f.while('rows', () => f.get('o').get('ohHi').op('i32.lt_s'), () => {
      imageAddress(f);
      f.get('src').get('o').get('owBytes').op('i32.mul').op('i32.add').get('owLo').i32(2).op('i32.shl').op('i32.add').set('d');
      f.get('owLo').set('q');
      f.get('sw').i32(1).op('i32.eq').if();
      f.while('vectors', () => f.get('q').i32(4).op('i32.add').get('owHi').op('i32.le_s'), () => {
        f.get('s').get('s').mem('v128.load').get('d').mem('v128.load').op('f32x4.add').mem('v128.store');
        f.inc('s', 16).inc('d', 16).inc('q', 4);
      });
      f.end();
      f.while('scatter', () => f.get('q').get('owHi').op('i32.lt_s'), () => {
        f.get('s').get('s').mem('f32.load').get('d').mem('f32.load').op('f32.add').mem('f32.store');
        f.inc('s', 'step').inc('d', 4).inc('q');
      });
      f.inc('o');
    });
  });
  return f;
}
