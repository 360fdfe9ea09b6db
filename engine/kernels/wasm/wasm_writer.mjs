// A minimal WebAssembly binary writer: just what the hand-scheduled kernels in
// this folder need (i32, f32 and v128 locals, structured control flow, loads and
// stores, bulk memory, a few dozen opcodes). It runs at build time only, from
// scripts/build-wasm.mjs; nothing here ships to the browser.
//
// Functions are written with named locals and named labels, so the generators
// read like WAT:   f.get('a').i32(16).op('i32.add').set('a')

export const I32 = 0x7f;
export const V128 = 0x7b;

/** Unsigned LEB128. */
export function uleb(n) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`uleb: bad value ${n}`);
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 (32-bit range). */
export function sleb(n) {
  const out = [];
  n |= 0;
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const simd = (code) => [0xfd, ...uleb(code)];

/** Opcodes without immediates, by their WAT names. */
const PLAIN = {
  'i32.eqz': [0x45], 'i32.eq': [0x46], 'i32.ne': [0x47],
  'i32.lt_s': [0x48], 'i32.lt_u': [0x49], 'i32.gt_s': [0x4a], 'i32.gt_u': [0x4b],
  'i32.le_s': [0x4c], 'i32.le_u': [0x4d], 'i32.ge_s': [0x4e], 'i32.ge_u': [0x4f],
  'i32.add': [0x6a], 'i32.sub': [0x6b], 'i32.mul': [0x6c], 'i32.and': [0x71], 'i32.or': [0x72], 'i32.shl': [0x74], 'i32.shr_u': [0x76],
  'i32.xor': [0x73],
  'select': [0x1b], 'drop': [0x1a], 'return': [0x0f],
  'f32.ne': [0x5c], 'f32.gt': [0x5e], 'f32.add': [0x92],
  'f64.convert_i32_s': [0xb7], 'i32.trunc_sat_f64_s': [0xfc, 0x02],
  // Bulk memory (dst, value or src, bytes on the stack), memory 0.
  'memory.copy': [0xfc, 0x0a, 0x00, 0x00], 'memory.fill': [0xfc, 0x0b, 0x00],
  'f32x4.splat': simd(0x13), 'f32x4.add': simd(0xe4), 'f32x4.sub': simd(0xe5), 'f32x4.mul': simd(0xe6),
  'f32x4.ne': simd(0x42), 'f32x4.gt': simd(0x44),
  'i32x4.splat': simd(0x11), 'i32x4.eq': simd(0x37), 'i32x4.add': simd(0xae), 'i32x4.sub': simd(0xb1),
  'v128.not': simd(0x4d), 'v128.and': simd(0x4e), 'v128.or': simd(0x50), 'v128.bitselect': simd(0x52), 'v128.any_true': simd(0x53),
  'f64x2.convert_low_i32x4_s': simd(0xfe), 'i32x4.trunc_sat_f64x2_s_zero': simd(0xfc),
  // Relaxed SIMD: a * b + c, fused or not as the hardware prefers.
  'f32x4.relaxed_madd': simd(0x105),
};

/** Memory access opcodes: [prefix..., natural alignment as log2]. */
const MEM = {
  'f32.load': [[0x2a], 2], 'f32.store': [[0x38], 2], 'i32.load': [[0x28], 2], 'i32.store': [[0x36], 2],
  'i64.load': [[0x29], 3], 'i64.store': [[0x37], 3], 'f64.load': [[0x2b], 3], 'f64.store': [[0x39], 3],
  'v128.load': [simd(0x00), 4], 'v128.store': [simd(0x0b), 4], 'v128.load32_splat': [simd(0x09), 2],
};

const VALTYPE = { i32: I32, f32: 0x7d, v128: V128 };

export class FunctionBuilder {
  /**
   * @param {string} name export name
   * @param {[string, 'i32' | 'f32' | 'v128'][]} params
   */
  constructor(name, params) {
    this.name = name;
    this.params = params.map(([, t]) => VALTYPE[t]);
    this.localIndex = new Map(params.map(([n], i) => [n, i]));
    this.localTypes = [];
    this.code = [];
    this.labels = [];
  }

  /** Declares a local (after the parameters). */
  local(name, type) {
    if (this.localIndex.has(name)) throw new Error(`duplicate local ${name}`);
    this.localIndex.set(name, this.params.length + this.localTypes.length);
    this.localTypes.push(VALTYPE[type]);
    return this;
  }

  idx(name) {
    const i = this.localIndex.get(name);
    if (i === undefined) throw new Error(`unknown local ${name}`);
    return i;
  }

  emit(...bytes) {
    this.code.push(...bytes);
    return this;
  }

  get(name) { return this.emit(0x20, ...uleb(this.idx(name))); }
  set(name) { return this.emit(0x21, ...uleb(this.idx(name))); }
  tee(name) { return this.emit(0x22, ...uleb(this.idx(name))); }
  i32(v) { return this.emit(0x41, ...sleb(v)); }
  v128zero() { return this.emit(...simd(0x0c), ...new Array(16).fill(0)); }
  /** v128.const of four i32 lanes. */
  i32x4(lanes) {
    if (lanes.length !== 4) throw new Error('i32x4 takes four lanes');
    return this.emit(...simd(0x0c), ...new Uint8Array(Int32Array.from(lanes).buffer));
  }
  /** f32.const. */
  f32(v) { return this.emit(0x43, ...new Uint8Array(Float32Array.of(v).buffer)); }

  /** v128.store64_lane: stores 64-bit lane `lane` of the vector on the stack (address below it) at a constant byte offset. */
  storeLane64(offset, lane) {
    return this.emit(...simd(0x5b), 3, ...uleb(offset), lane);
  }

  /** i8x16.shuffle of the two vectors on the stack, given as four f32 lanes (0-3 first, 4-7 second). */
  shuffle32(lanes) {
    if (lanes.length !== 4) throw new Error('shuffle32 takes four lanes');
    return this.emit(...simd(0x0d), ...lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
  }

  /**
   * while (cond) body — cond and body are callbacks that emit code; cond leaves an i32.
   * Unlike a bare loop/br_if pair this tests before the first iteration.
   */
  while(label, cond, body) {
    this.block(`${label}:exit`).loop(label);
    cond();
    this.op('i32.eqz').brIf(`${label}:exit`);
    body();
    this.br(label).end().end();
    return this;
  }

  /** name += delta (delta a constant or the name of a local). */
  inc(name, delta = 1) {
    this.get(name);
    if (typeof delta === 'number') this.i32(delta);
    else this.get(delta);
    return this.op('i32.add').set(name);
  }

  op(name) {
    const bytes = PLAIN[name];
    if (!bytes) throw new Error(`unknown opcode ${name}`);
    return this.emit(...bytes);
  }

  /** A load or store with a constant byte offset (the address is on the stack). */
  mem(name, offset = 0) {
    const entry = MEM[name];
    if (!entry) throw new Error(`unknown memory opcode ${name}`);
    const [bytes, align] = entry;
    return this.emit(...bytes, ...uleb(align), ...uleb(offset));
  }

  call(index) { return this.emit(0x10, ...uleb(index)); }

  // Structured control flow with named labels: block/loop/if push a label, end pops it.
  block(label) { this.labels.push(label); return this.emit(0x02, 0x40); }
  loop(label) { this.labels.push(label); return this.emit(0x03, 0x40); }
  if(label = '') { this.labels.push(label); return this.emit(0x04, 0x40); }
  else() { return this.emit(0x05); }
  end() { this.labels.pop(); return this.emit(0x0b); }

  depth(label) {
    const i = this.labels.lastIndexOf(label);
    if (i < 0) throw new Error(`unknown label ${label}`);
    return this.labels.length - 1 - i;
  }
  br(label) { return this.emit(0x0c, ...uleb(this.depth(label))); }
  brIf(label) { return this.emit(0x0d, ...uleb(this.depth(label))); }

  /** The code-section entry: locals (run-length encoded) and the body. */
  encodeBody() {
    if (this.labels.length) throw new Error(`${this.name}: unclosed ${this.labels.join(', ')}`);
    const runs = [];
    for (const t of this.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === t) last[0]++;
      else runs.push([1, t]);
    }
    const body = [...uleb(runs.length), ...runs.flatMap(([n, t]) => [...uleb(n), t]), ...this.code, 0x0b];
    return [...uleb(body.length), ...body];
  }
}

const vec = (items) => [...uleb(items.length), ...items.flat()];
const section = (id, body) => [id, ...uleb(body.length), ...body];
const utf8 = (s) => { const b = [...new TextEncoder().encode(s)]; return [...uleb(b.length), ...b]; };

/**
 * A module of functions with no results, and one exported memory.
 * @param {{ functions: FunctionBuilder[], exported: string[], memory: { name: string, minPages: number } }} spec
 */
export function encodeModule({ functions, exported, memory }) {
  const sigs = [];
  const sigKey = (f) => f.params.join(',');
  const typeOf = functions.map((f) => {
    let i = sigs.findIndex((s) => sigKey(s) === sigKey(f));
    if (i < 0) i = sigs.push(f) - 1;
    return i;
  });
  const exports = exported.map((name) => {
    const i = functions.findIndex((f) => f.name === name);
    if (i < 0) throw new Error(`no function ${name}`);
    return [...utf8(name), 0x00, ...uleb(i)];
  });
  exports.push([...utf8(memory.name), 0x02, 0]);
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(sigs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]))),
    ...section(3, vec(typeOf.map((i) => uleb(i)))),
    ...section(5, vec([[0x00, ...uleb(memory.minPages)]])),
    ...section(7, vec(exports)),
    ...section(10, vec(functions.map((f) => f.encodeBody()))),
  ]);
}
