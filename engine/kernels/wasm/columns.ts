// Convolution's column buffers in WebAssembly (see Note [Convolution columns
// in WebAssembly] in engine/kernels/conv.ts): an instance of the kernels module
// of its own, whose memory holds one convolution's tap table, one image and one
// group's columns, with im2col / col2im (columns_codegen.mjs) running there.
// The GEMM reads and writes the columns through a Float32Array view of this
// memory like any other operand; it grows only its own instance's memory, so
// the view stays valid while the convolution runs.
import { grow, instantiateKernels, type KernelsInstance } from './instance.ts';

/** What im2col / col2im need of a convolution's geometry (engine/kernels/conv.ts's Conv2dGeometry has it). */
export interface ColumnGeometry {
  h: number;
  w: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  oh: number;
  ow: number;
}

/** The workspace in floats: f32 is the whole memory; image and cols are float indices into it. */
export interface ColumnSpace {
  f32: Float32Array;
  image: number;
  cols: number;
}

let instance: KernelsInstance | null | undefined;

const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;

/**
 * Lays out the workspace: the tap table at address 0 (per kernel row, then per
 * kernel column: valid output range [lo, hi) and input offset, three i32 each),
 * then `imageFloats` for the image, then `colFloats` for the columns. The
 * previous workspace is overwritten. Null where WebAssembly SIMD is
 * unavailable or the memory cannot grow.
 */
export function columnSpace(taps: Int32Array, imageFloats: number, colFloats: number): ColumnSpace | null {
  if (instance === undefined) instance = instantiateKernels();
  if (instance === null) return null;
  const tableBytes = align16(taps.byteLength);
  const imageBytes = align16(imageFloats * 4);
  if (!grow(instance, tableBytes + imageBytes + colFloats * 4)) return null;
  new Int32Array(instance.memory.buffer, 0, taps.length).set(taps);
  return { f32: instance.f32, image: tableBytes / 4, cols: (tableBytes + imageBytes) / 4 };
}

/** The columns (K x L) from channels c0 .. c0 + cg of the image in the workspace. */
export function im2colWasm(space: ColumnSpace, g: ColumnGeometry, c0: number, cg: number): void {
  const plane = g.h * g.w * 4;
  instance!.im2col(space.image * 4 + c0 * plane, cg, plane, g.w, g.kh, g.kw, g.sh, g.sw, g.oh, g.ow, 0, space.cols * 4);
}

/** Channels c0 .. c0 + cg of the image in the workspace += the scatter of the columns. */
export function col2imWasm(space: ColumnSpace, g: ColumnGeometry, c0: number, cg: number): void {
  const plane = g.h * g.w * 4;
  instance!.col2im(space.cols * 4, cg, plane, g.w, g.kh, g.kw, g.sh, g.sw, g.oh, g.ow, 0, space.image * 4 + c0 * plane);
}
