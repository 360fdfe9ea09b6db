// F.pad with mode='constant': ATen's constant_pad_nd. `pad` lists
// (before, after) pairs starting from the last dimension; negative amounts
// crop. ConstantPadNdBackward0 saves nothing: its derivative is constant_pad_nd
// of the gradient with the pads negated, which is differentiable in turn.
import { castValue } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { notImplemented, runtimeError } from '../errors/errors.ts';
import { forEachIndex } from '../kernels/elementwise.ts';
import { defineOp, run1, type Op } from './define.ts';
import { randomSample } from './samples.ts';

type PadAttrs = { pad: number[]; value: number };

/** For dim d of x: how many to add before and after (negative: crop). */
function padsPerDim(ndim: number, pad: readonly number[]): [number, number][] {
  const out: [number, number][] = Array.from({ length: ndim }, () => [0, 0]);
  for (let k = 0; k < pad.length / 2; k++) out[ndim - 1 - k] = [pad[2 * k]!, pad[2 * k + 1]!];
  return out;
}

export const constantPadNdOp: Op<PadAttrs> = defineOp<PadAttrs>({
  name: 'constant_pad_nd',
  signature: 'constant_pad_nd(input, pad, value=0)',
  gradFn: 'ConstantPadNdBackward0',
  doc: 'Pads (or, with negative amounts, crops) the last len(pad)/2 dims with `value`; pad = (last_before, last_after, ...).',
  example: 'torch.nn.functional.pad(torch.ones(2, 2), (1, 0, 0, 1), value=9.)',
  forward: ([x], { pad, value }) => {
    const input = x!;
    if (pad.length % 2 !== 0) throw runtimeError(`Length of pad must be even but instead it equals ${pad.length}`);
    if (pad.length / 2 > input.ndim) {
      throw runtimeError(
        `Length of pad should be no more than twice the number of dimensions of the input. Pad length is ${pad.length}while the input has ${input.ndim}dimensions.`,
      );
    }
    const pads = padsPerDim(input.ndim, pad);
    const lDiff = input.ndim - pad.length / 2;
    // ATen crops first, narrowing dim by dim (before, then after).
    for (let d = lDiff; d < input.ndim; d++) {
      let size = input.shape[d]!;
      for (const amount of pads[d]!) {
        if (amount >= 0) continue;
        size += amount;
        if (size < 0) throw runtimeError('narrow(): length must be non-negative.');
      }
    }
    const shape = input.shape.map((n, d) => {
      const size = n + pads[d]![0] + pads[d]![1];
      if (d >= lDiff && size <= 0 && pads.some(([a, b]) => a > 0 || b > 0)) {
        throw runtimeError(
          `The input size ${n}, plus negative padding ${pads[d]![0]} and ${pads[d]![1]} resulted in a negative output size, which is invalid. Check dimension ${d} of your input.`,
        );
      }
      return Math.max(size, 0);
    });
    const out = Tensor.empty(shape, input.dtype);
    out.storage.data.fill(castValue(input.dtype, value));
    // The overlap of input and output: input index i lands at i + before.
    const region = input.shape.map((n, d) => Math.max(0, n - Math.max(-pads[d]![0], 0) - Math.max(-pads[d]![1], 0)));
    const srcStart = input.offset + pads.reduce((acc, [before], d) => acc + Math.max(-before, 0) * input.strides[d]!, 0);
    const dstStart = pads.reduce((acc, [before], d) => acc + Math.max(before, 0) * out.strides[d]!, 0);
    const src = input.storage.data;
    const dst = out.storage.data;
    forEachIndex(region, [input.strides, out.strides], [srcStart, dstStart], (pos) => {
      dst[pos[1]!] = src[pos[0]!]!;
    });
    return { out };
  },
  backward: (ctx, [g]) => [run1(constantPadNdOp, [g!], { pad: ctx.attrs.pad.map((p) => -p), value: 0 })],
  samples: () => [
    { inputs: [randomSample([3, 4])], attrs: { pad: [1, 2], value: 0 } },
    { inputs: [randomSample([2, 3, 4], undefined, { transposed: true })], attrs: { pad: [1, 0, 0, 2], value: 1.5 }, label: 'two dims, non-contiguous' },
    { inputs: [randomSample([3, 4])], attrs: { pad: [-1, 2, 1, -1], value: -1 }, label: 'negative (crop)' },
    { inputs: [randomSample([3, 4])], attrs: { pad: [-1, -1], value: 0 }, label: 'crop only' },
  ],
});

/**
 * F.pad(input, pad, mode='constant', value=None). Only mode='constant' is implemented.
 * @example pad(x, [1, 1]) // ConstantPadNdBackward0
 */
export function pad(input: Tensor, padding: readonly number[], mode = 'constant', value: number | null = null): Tensor {
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) throw notImplemented(`Unrecognised padding mode ${mode}`);
  if (padding.length % 2 !== 0) throw runtimeError('Padding length must be divisible by 2');
  if (padding.length > input.ndim * 2) throw runtimeError('Padding length too large');
  if (mode !== 'constant') {
    if (value !== null && value !== undefined && value !== 0) throw runtimeError(`Padding mode "${mode}" doesn't take in value argument`);
    throw notImplemented(`pad with mode='${mode}' is not implemented in Glassgrad yet (only mode='constant')`);
  }
  return run1(constantPadNdOp, [input], { pad: [...padding], value: value ?? 0 });
}
