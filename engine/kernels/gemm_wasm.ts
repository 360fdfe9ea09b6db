// The WebAssembly SIMD half of the GEMM (see Note [GEMM micro-kernels] in
// gemm.ts): a few dozen opcodes assembled at load time into one module with,
// per precision, the macro-kernel, four packing routines, and im2col/col2im for
// convolution. Plain JavaScript cannot use SIMD registers, and moving data in
// WebAssembly avoids the per-element cost of JavaScript loops over typed arrays.
//
// Memory, all inside the module's own memory: at the bottom, regions callers
// reserve (reserveWasm: convolution's image and columns); above them, gemm's
// scratch: packed A panels (MR rows, k-major), packed B panels (NR columns,
// k-major), the C block the kernels accumulate into, and a staging area where
// the driver memcpy's rows or columns of an operand before packing them.

/** Rows of A per micro-tile; columns per tile are 8 (float32) or 4 (float64). */
export const MR = 4;

const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const sleb = (n: number): number[] => {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
};
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];

const I32 = 0x7f;
const V128 = 0x7b;

/**
 * A function body under construction: i32 parameters and locals by name, v128
 * locals by name, and the handful of instructions the kernels use.
 */
class Fn {
  readonly code: number[] = [];
  private readonly i32s: string[];
  private readonly v128s: string[] = [];
  private readonly nParams: number;

  constructor(params: string[], i32Locals: string[]) {
    this.nParams = params.length;
    this.i32s = [...params, ...i32Locals];
  }
  v128(...names: string[]): this {
    this.v128s.push(...names);
    return this;
  }
  private index(n: string): number {
    const i = this.i32s.indexOf(n);
    if (i >= 0) return i;
    const v = this.v128s.indexOf(n);
    if (v < 0) throw new Error(`gemm_wasm: no local ${n}`);
    return this.i32s.length + v;
  }
  get(n: string): this {
    this.code.push(0x20, ...uleb(this.index(n)));
    return this;
  }
  set(n: string): this {
    this.code.push(0x21, ...uleb(this.index(n)));
    return this;
  }
  tee(n: string): this {
    this.code.push(0x22, ...uleb(this.index(n)));
    return this;
  }
  i32(v: number): this {
    this.code.push(0x41, ...sleb(v));
    return this;
  }
  raw(...bytes: number[]): this {
    this.code.push(...bytes);
    return this;
  }
  simd(op: number, ...imm: number[]): this {
    this.code.push(0xfd, ...uleb(op), ...imm);
    return this;
  }
  add(): this {
    return this.raw(0x6a);
  }
  mul(): this {
    return this.raw(0x6c);
  }
  /** n += amount, where amount is pushed by `push`. */
  inc(n: string, push: (f: this) => void): this {
    this.get(n);
    push(this);
    return this.add().set(n);
  }
  /** A counted loop: counter from 0 while < limit (a local), stepping by `step`; body runs at least once. */
  loop(counter: string, limit: string, step: number, body: () => void): this {
    this.i32(0).set(counter).raw(0x03, 0x40);
    body();
    return this.get(counter).i32(step).add().tee(counter).get(limit).raw(0x48, 0x0d, 0x00, 0x0b);
  }
  /** for (counter = from; counter < limit; counter += step) body — may run zero times. */
  forRange(counter: string, from: string, limit: string, step: number | string, body: () => void): this {
    this.get(from).set(counter).raw(0x02, 0x40, 0x03, 0x40); // block, loop
    this.get(counter).get(limit).raw(0x4e, 0x0d, 0x01); // i32.ge_s, br_if 1
    body();
    this.get(counter);
    if (typeof step === 'number') this.i32(step);
    else this.get(step);
    return this.add().set(counter).raw(0x0c, 0x00, 0x0b, 0x0b); // br 0, end, end
  }
  load32(off: number): this {
    return this.raw(0x28, 2, ...uleb(off));
  }
  /** memory.fill(dst, 0, n) with dst and n already pushed as `dst` then `n` by the callbacks. */
  zero(dst: (f: this) => void, n: (f: this) => void): this {
    dst(this);
    this.i32(0);
    n(this);
    return this.raw(0xfc, 0x0b, 0x00);
  }
  bytes(): number[] {
    const locals = vec([
      [...uleb(this.i32s.length - this.nParams), I32],
      [...uleb(this.v128s.length), V128],
    ]);
    const body = [...locals, ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

interface Precision {
  es: number;
  nr: number;
  /** Vectors per tile row. */
  nv: number;
  load: (off: number) => number[];
  store: (off: number) => number[];
  splat: (off: number) => number[];
  scalarLoad: number[];
  scalarStore: number[];
  vadd: number;
  vmul: number;
  scalarAdd: number;
}

const v128Load = (off: number) => [0xfd, 0x00, 4, ...uleb(off)];
const v128Store = (off: number) => [0xfd, 0x0b, 4, ...uleb(off)];
const F32: Precision = {
  es: 4, nr: 8, nv: 2, load: v128Load, store: v128Store,
  splat: (off) => [0xfd, 0x09, 2, ...uleb(off)],
  scalarLoad: [0x2a, 2, 0], scalarStore: [0x38, 2, 0], vadd: 0xe4, vmul: 0xe6, scalarAdd: 0x92,
};
const F64: Precision = {
  es: 8, nr: 4, nv: 2, load: v128Load, store: v128Store,
  splat: (off) => [0xfd, 0x0a, 3, ...uleb(off)],
  scalarLoad: [0x2b, 3, 0], scalarStore: [0x39, 3, 0], vadd: 0xf0, vmul: 0xf2, scalarAdd: 0xa0,
};

/**
 * macro(pa, pb, mc, nc, kc, c, ldc, accumulate): for each MR x NR tile of the
 * mc x nc block at byte address c (rows ldc bytes apart), tile = (accumulate ?
 * tile : 0) + packed A panel times packed B panel.
 */
function macroKernel(P: Precision): number[] {
  const f = new Fn(['pa', 'pb', 'mc', 'nc', 'kc', 'c', 'ldc', 'accumulate'], ['p', 'ir', 'jr', 'aPtr', 'bPtr', 'aPanel', 'bPanel', 'cCol', 'cPtr', 'row', 'aStep', 'bStep']);
  const acc = (r: number, v: number) => `acc${r}_${v}`;
  const accs: string[] = [];
  for (let r = 0; r < MR; r++) for (let v = 0; v < P.nv; v++) accs.push(acc(r, v));
  f.v128(...accs, 'b0', 'b1', 'a');
  f.get('kc').i32(MR * P.es).mul().set('aStep');
  f.get('kc').i32(P.nr * P.es).mul().set('bStep');
  f.get('pb').set('bPanel').get('c').set('cCol');
  f.loop('jr', 'nc', P.nr, () => {
    f.get('pa').set('aPanel').get('cCol').set('cPtr');
    f.loop('ir', 'mc', MR, () => {
      f.get('aPanel').set('aPtr').get('bPanel').set('bPtr');
      for (const a of accs) f.simd(0x0c, ...new Array<number>(16).fill(0)).set(a);
      f.loop('p', 'kc', 1, () => {
        for (let v = 0; v < P.nv; v++) f.get('bPtr').raw(...P.load(v * 16)).set(`b${v}`);
        for (let r = 0; r < MR; r++) {
          f.get('aPtr').raw(...P.splat(r * P.es)).set('a');
          for (let v = 0; v < P.nv; v++) f.get(acc(r, v)).get('a').get(`b${v}`).simd(P.vmul).simd(P.vadd).set(acc(r, v));
        }
        f.inc('aPtr', (g) => g.i32(MR * P.es)).inc('bPtr', (g) => g.i32(P.nv * 16));
      });
      // Store (or add into) the tile, row by row.
      f.get('cPtr').set('row');
      f.get('accumulate').raw(0x04, 0x40); // if accumulate
      for (let r = 0; r < MR; r++) {
        for (let v = 0; v < P.nv; v++) f.get('row').get('row').raw(...P.load(v * 16)).get(acc(r, v)).simd(P.vadd).raw(...P.store(v * 16));
        f.inc('row', (g) => g.get('ldc'));
      }
      f.raw(0x05); // else
      for (let r = 0; r < MR; r++) {
        for (let v = 0; v < P.nv; v++) f.get('row').get(acc(r, v)).raw(...P.store(v * 16));
        f.inc('row', (g) => g.get('ldc'));
      }
      f.raw(0x0b); // end if
      f.inc('aPanel', (g) => g.get('aStep'));
      f.inc('cPtr', (g) => g.get('ldc').i32(MR).mul());
    });
    f.inc('bPanel', (g) => g.get('bStep')).inc('cCol', (g) => g.i32(P.nr * P.es));
  });
  return f.bytes();
}

/** packB from rows: element (p, j) at src + (p * ld + j) * es; panels of nr columns, k-major. */
function packBRows(P: Precision): number[] {
  const f = new Fn(['src', 'ld', 'kc', 'nc', 'dst'], ['jp', 'p', 's', 'ldBytes']);
  f.get('ld').i32(P.es).mul().set('ldBytes');
  f.loop('jp', 'nc', P.nr, () => {
    f.get('src').get('jp').i32(P.es).mul().add().set('s');
    f.loop('p', 'kc', 1, () => {
      for (let v = 0; v < P.nv; v++) f.get('dst').get('s').raw(...P.load(v * 16)).raw(...P.store(v * 16));
      f.inc('dst', (g) => g.i32(P.nv * 16)).inc('s', (g) => g.get('ldBytes'));
    });
  });
  return f.bytes();
}

/** packB from columns: element (p, j) at src + (j * ld + p) * es. */
function packBCols(P: Precision): number[] {
  const f = new Fn(['src', 'ld', 'kc', 'nc', 'dst'], ['jp', 'p', 'col', 't', 'ldBytes']);
  f.get('ld').i32(P.es).mul().set('ldBytes');
  f.loop('jp', 'nc', P.nr, () => {
    f.get('src').get('jp').get('ldBytes').mul().add().set('col');
    f.loop('p', 'kc', 1, () => {
      f.get('col').get('p').i32(P.es).mul().add().set('t');
      for (let c = 0; c < P.nr; c++) {
        f.get('dst').get('t').raw(...P.scalarLoad).raw(P.scalarStore[0]!, P.scalarStore[1]!, ...uleb(c * P.es));
        if (c < P.nr - 1) f.inc('t', (g) => g.get('ldBytes'));
      }
      f.inc('dst', (g) => g.i32(P.nr * P.es));
    });
  });
  return f.bytes();
}

/** packA from rows: element (i, p) at src + (i * ld + p) * es; panels of MR rows, k-major. */
function packARows(P: Precision): number[] {
  const f = new Fn(['src', 'ld', 'mc', 'kc', 'dst'], ['ip', 'p', 'rowBase', 't', 'ldBytes']);
  f.get('ld').i32(P.es).mul().set('ldBytes');
  f.loop('ip', 'mc', MR, () => {
    f.get('src').get('ip').get('ldBytes').mul().add().set('rowBase');
    f.loop('p', 'kc', 1, () => {
      f.get('rowBase').get('p').i32(P.es).mul().add().set('t');
      for (let r = 0; r < MR; r++) {
        f.get('dst').get('t').raw(...P.scalarLoad).raw(P.scalarStore[0]!, P.scalarStore[1]!, ...uleb(r * P.es));
        if (r < MR - 1) f.inc('t', (g) => g.get('ldBytes'));
      }
      f.inc('dst', (g) => g.i32(MR * P.es));
    });
  });
  return f.bytes();
}

/** packA from columns: element (i, p) at src + (p * ld + i) * es (MR contiguous values per step). */
function packACols(P: Precision): number[] {
  const f = new Fn(['src', 'ld', 'mc', 'kc', 'dst'], ['ip', 'p', 't', 'ldBytes']);
  f.get('ld').i32(P.es).mul().set('ldBytes');
  const vectors = (MR * P.es) / 16;
  f.loop('ip', 'mc', MR, () => {
    f.get('src').get('ip').i32(P.es).mul().add().set('t');
    f.loop('p', 'kc', 1, () => {
      for (let v = 0; v < vectors; v++) f.get('dst').get('t').raw(...P.load(v * 16)).raw(...P.store(v * 16));
      f.inc('dst', (g) => g.i32(MR * P.es)).inc('t', (g) => g.get('ldBytes'));
    });
  });
  return f.bytes();
}

const COLUMN_PARAMS = ['src', 'cg', 'planeBytes', 'w', 'kh', 'kw', 'sh', 'sw', 'oh', 'ow', 'table', 'dst'];
const COLUMN_LOCALS = ['c', 'ki', 'kj', 'o', 'q', 'plane', 't', 'ohLo', 'ohHi', 'offH', 'owLo', 'owHi', 'offW', 'd', 's', 'rowBytes', 'owBytes', 'step', 'end'];

/**
 * The kernel-tap loops shared by im2col and col2im. `table` holds, per kernel
 * row ki, the valid output rows [ohLo, ohHi) and the input row offset offH, then
 * per kernel column kj the same for columns: 12 bytes (three i32) per entry.
 */
function forEachTap(f: Fn, plane: () => void, tap: () => void): void {
  f.get('oh').get('ow').mul().get('es').mul().set('rowBytes');
  f.get('ow').get('es').mul().set('owBytes');
  f.loop('c', 'cg', 1, () => {
    plane();
    f.loop('ki', 'kh', 1, () => {
      f.get('table').get('ki').i32(12).mul().add().set('t');
      f.get('t').load32(0).set('ohLo').get('t').load32(4).set('ohHi').get('t').load32(8).set('offH');
      f.loop('kj', 'kw', 1, () => {
        f.get('table').get('kh').get('kj').add().i32(12).mul().add().set('t');
        f.get('t').load32(0).set('owLo').get('t').load32(4).set('owHi').get('t').load32(8).set('offW');
        tap();
      });
    });
  });
}

/** The byte address of input row (o * sh + offH), column offW, in the current plane: into local `s`. */
function inputRow(f: Fn): void {
  f.get('plane').get('o').get('sh').mul().get('offH').add().get('w').mul().get('offW').add().get('es').mul().add().set('s');
}

/** im2col(src, ...): columns (K x L, K = cg*kh*kw rows) at dst from cg planes of the image at src. */
function im2col(P: Precision): number[] {
  const f = new Fn(COLUMN_PARAMS, [...COLUMN_LOCALS, 'es']);
  f.i32(P.es).set('es');
  forEachTap(
    f,
    () => f.get('src').get('c').get('planeBytes').mul().add().set('plane'),
    () => {
      // Rows of the output outside [ohLo, ohHi) read padding.
      f.zero((g) => g.get('dst'), (g) => g.get('ohLo').get('owBytes').mul());
      f.zero((g) => g.get('dst').get('ohHi').get('owBytes').mul().add(), (g) => g.get('oh').get('ohHi').raw(0x6b).get('owBytes').mul());
      f.forRange('o', 'ohLo', 'ohHi', 1, () => {
        f.get('dst').get('o').get('owBytes').mul().add().set('d');
        inputRow(f);
        f.zero((g) => g.get('d'), (g) => g.get('owLo').get('es').mul());
        f.zero((g) => g.get('d').get('owHi').get('es').mul().add(), (g) => g.get('ow').get('owHi').raw(0x6b).get('es').mul());
        f.get('sw').i32(1).raw(0x46, 0x04, 0x40); // if sw == 1: one memory.copy
        f.get('d').get('owLo').get('es').mul().add();
        f.get('s').get('owLo').get('es').mul().add();
        f.get('owHi').get('owLo').raw(0x6b).get('es').mul();
        f.raw(0xfc, 0x0a, 0x00, 0x00);
        f.raw(0x05); // else: element by element
        f.get('sw').get('es').mul().set('step');
        f.get('s').get('owLo').get('step').mul().add().set('s');
        f.forRange('q', 'owLo', 'owHi', 1, () => {
          f.get('d').get('q').get('es').mul().add().get('s').raw(...P.scalarLoad).raw(...P.scalarStore);
          f.inc('s', (g) => g.get('step'));
        });
        f.raw(0x0b);
      });
      f.inc('dst', (g) => g.get('rowBytes'));
    },
  );
  return f.bytes();
}

/** col2im(src, ...): the image at dst (cg planes) += the scatter of the columns at src. */
function col2im(P: Precision): number[] {
  const f = new Fn(COLUMN_PARAMS, [...COLUMN_LOCALS, 'es']);
  f.i32(P.es).set('es');
  forEachTap(
    f,
    () => f.get('dst').get('c').get('planeBytes').mul().add().set('plane'),
    () => {
      f.get('sw').get('es').mul().set('step');
      f.forRange('o', 'ohLo', 'ohHi', 1, () => {
        inputRow(f);
        f.get('s').get('owLo').get('step').mul().add().set('s');
        f.get('src').get('o').get('owBytes').mul().add().get('owLo').get('es').mul().add().set('d');
        f.forRange('q', 'owLo', 'owHi', 1, () => {
          f.get('s').get('s').raw(...P.scalarLoad).get('d').raw(...P.scalarLoad).raw(P.scalarAdd).raw(...P.scalarStore);
          f.inc('s', (g) => g.get('step')).inc('d', (g) => g.get('es'));
        });
      });
      f.inc('src', (g) => g.get('rowBytes'));
    },
  );
  return f.bytes();
}

const FUNCTIONS = ['macro', 'packBRows', 'packBCols', 'packARows', 'packACols', 'im2col', 'col2im'] as const;

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const sig8 = [0x60, ...vec(new Array<number[]>(8).fill([I32])), 0];
  const sig5 = [0x60, ...vec(new Array<number[]>(5).fill([I32])), 0];
  const sig12 = [0x60, ...vec(new Array<number[]>(12).fill([I32])), 0];
  const bodies: number[][] = [];
  const types: number[][] = [];
  const exports: number[][] = [];
  [F32, F64].forEach((P, k) => {
    const gens = [macroKernel, packBRows, packBCols, packARows, packACols, im2col, col2im];
    gens.forEach((gen, i) => {
      bodies.push(gen(P));
      types.push([i === 0 ? 0 : i >= 5 ? 2 : 1]);
      exports.push([...name(`${FUNCTIONS[i]}${k === 0 ? '32' : '64'}`), 0, ...uleb(bodies.length - 1)]);
    });
  });
  exports.push([...name('mem'), 2, 0]);
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([sig8, sig5, sig12])),
    ...section(3, vec(types)),
    ...section(5, vec([[0x00, ...uleb(1)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(bodies)),
  ]);
}

type Fn5 = (a: number, b: number, c: number, d: number, e: number) => void;
type Fn12 = (...args: [number, number, number, number, number, number, number, number, number, number, number, number]) => void;
export interface Kernels {
  macro: (pa: number, pb: number, mc: number, nc: number, kc: number, c: number, ldc: number, accumulate: number) => void;
  packBRows: Fn5;
  packBCols: Fn5;
  packARows: Fn5;
  packACols: Fn5;
  im2col: Fn12;
  col2im: Fn12;
}
export interface GemmWasm {
  f32: Kernels;
  f64: Kernels;
  memory: WebAssembly.Memory;
}

let loaded: GemmWasm | null | undefined;

/** The kernels, or null where WebAssembly SIMD is unavailable (the scalar path runs instead). */
export function loadGemmWasm(): GemmWasm | null {
  if (loaded !== undefined) return loaded;
  try {
    const bytes = moduleBytes();
    if (typeof WebAssembly === 'undefined' || !WebAssembly.validate(bytes)) return (loaded = null);
    const ex = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as Record<string, unknown>;
    const pick = (suffix: string) => Object.fromEntries(FUNCTIONS.map((f) => [f, ex[`${f}${suffix}`]])) as unknown as Kernels;
    loaded = { f32: pick('32'), f64: pick('64'), memory: ex.mem as WebAssembly.Memory };
  } catch {
    loaded = null;
  }
  return loaded;
}

// ---------------------------------------------------------------------------
// Regions callers reserve at the bottom of the memory (a stack: release in
// reverse order). gemm's scratch starts at reservedTop.

let reservedTop = 0;

/** Reserves `bytes` (16-aligned) and returns their byte address; the memory grows as needed. */
export function reserveWasm(w: GemmWasm, bytes: number): number {
  const base = reservedTop;
  reservedTop = base + Math.ceil(bytes / 16) * 16;
  ensureWasmBytes(w, reservedTop);
  return base;
}

/** Gives back the region reserved at `base` (and everything reserved after it). */
export function releaseWasm(base: number): void {
  reservedTop = base;
}

/** Where gemm's scratch starts. */
export function scratchBase(): number {
  return reservedTop;
}

export function ensureWasmBytes(w: GemmWasm, bytes: number): void {
  const have = w.memory.buffer.byteLength;
  if (have < bytes) w.memory.grow(Math.ceil((bytes - have) / 65536));
}
