// torch.frombuffer's engine half: a tensor from the bytes of a Python buffer
// (bytes, bytearray, memoryview, array.array), read in one pass with no
// per-element crossing of the bridge. This is how datasets turn file contents
// into tensors (torchvision reads MNIST's IDX files this way).
//
// PyTorch's tensor shares the buffer's memory; ours is a copy, because the
// engine's storages are JavaScript typed arrays and the buffer lives in
// CPython's heap. The argument checks and their messages are in Python
// (torch/_creation.py), which sees the buffer's length before calling here.
import { allocArray, itemsize, type DType, type TypedArray } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';

/** A Python object with the buffer protocol, as Pyodide hands it to JavaScript (a PyProxy). */
export interface PyBufferSource {
  getBuffer(type?: string): { data: Uint8Array; release(): void };
}

/** IEEE half-precision bits to a number. */
function halfToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction ? NaN : sign * Infinity;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** Elements of `dtype` stored in native (little-endian) byte order, as the engine's array for that dtype. */
export function decodeNative(bytes: Uint8Array, dtype: DType, count: number): TypedArray {
  const aligned = bytes.slice().buffer; // a fresh ArrayBuffer at offset 0: every typed view is aligned
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(aligned, 0, count);
    case 'bool': {
      const out = new Uint8Array(aligned, 0, count);
      for (let i = 0; i < count; i++) out[i] = out[i] ? 1 : 0;
      return out;
    }
    case 'int8':
      return new Int8Array(aligned, 0, count);
    case 'int16':
      return new Int16Array(aligned, 0, count);
    case 'int32':
      return new Int32Array(aligned, 0, count);
    case 'float32':
      return new Float32Array(aligned, 0, count);
    case 'float64':
      return new Float64Array(aligned, 0, count);
    case 'int64': {
      const src = new BigInt64Array(aligned, 0, count);
      const out = allocArray('int64', count);
      for (let i = 0; i < count; i++) out[i] = Number(src[i]!);
      return out;
    }
    case 'float16': {
      const src = new Uint16Array(aligned, 0, count);
      const out = allocArray('float16', count);
      for (let i = 0; i < count; i++) out[i] = halfToNumber(src[i]!);
      return out;
    }
  }
}

export const bufferBridge = {
  /**
   * A 1-D tensor of `count` elements read from the buffer's bytes starting at
   * byte `offset` (already checked against the buffer's length by the caller).
   */
  fromBuffer(buffer: PyBufferSource, dtype: DType, count: number, offset: number): Tensor {
    const view = buffer.getBuffer('u8');
    try {
      const bytes = view.data.subarray(offset, offset + count * itemsize(dtype));
      return Tensor.fromData(decodeNative(bytes, dtype, count), [count], dtype);
    } finally {
      view.release();
    }
  },
};
