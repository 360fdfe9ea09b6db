// 2-D convolution: `convolution` (the primitive PyTorch records as
// ConvolutionBackward0, saving input and weight) and the composite `conv2d`
// (torch.nn.functional.conv2d), which adds unbatched (C, H, W) inputs through
// unsqueeze/squeeze and padding='same' / 'valid', as ATen's conv2d does.
//
// ConvolutionBackward0 runs `convolution_backward`, itself an op
// (ConvolutionBackwardBackward0), so create_graph records PyTorch's node; its
// own derivative (double backward through a convolution) is not implemented
// and says so.
import { castValue, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, notImplemented, runtimeError, scalarTypeName, warnOnce } from '../errors/errors.ts';
import { contiguousData } from '../kernels/elementwise.ts';
import {
  conv2dBackwardBias,
  conv2dBackwardInput,
  conv2dBackwardWeight,
  conv2dForward,
  conv2dGeometry,
  type Conv2dGeometry,
} from '../kernels/conv.ts';
import type { FloatArray } from '../kernels/gemm.ts';
import { defineOp, run1, type Sample } from './define.ts';
import { squeeze, unsqueeze } from './layout_dims.ts';
import { randomSample } from './samples.ts';

type Pair = [number, number];

export interface ConvAttrs {
  stride: Pair;
  padding: Pair;
  dilation: Pair;
  /** Always false and [0, 0]: transposed convolution is not implemented. Kept for PyTorch's signature. */
  transposed: boolean;
  outputPadding: Pair;
  groups: number;
}

/** caffe2's TypeMeta names, which the bias dtype message prints. */
const TYPE_META: Partial<Record<DType, string>> = { float32: 'float', float64: 'double', float16: 'c10::Half' };

/** ATen's convolution checks (check_shape_forward and friends), in their order, with their messages. */
function checkConvolution(x: Tensor, w: Tensor, b: Tensor | undefined, a: ConvAttrs): void {
  if (a.transposed) throw notImplemented('transposed convolution is not implemented in Glassgrad yet');
  if (a.groups <= 0) throw runtimeError('non-positive groups is not supported');
  if (w.ndim < 3) throw runtimeError('weight should have at least three dimensions');
  if (w.ndim !== 4) {
    throw runtimeError(
      `expected stride to be a single integer value or a list of ${w.ndim - 2} values to match the convolution dimensions, but got stride=${fmtShape(a.stride)}`,
    );
  }
  if (a.padding.some((p) => p < 0)) throw runtimeError('negative padding is not supported');
  if (a.stride.some((s) => s <= 0)) throw runtimeError('non-positive stride is not supported');
  if (a.dilation.some((d) => d <= 0)) throw runtimeError(`dilation should be greater than zero, but got ${fmtShape(a.dilation)}`);
  if (x.ndim !== 4) {
    throw runtimeError(`Expected 4-dimensional input for 4-dimensional weight ${fmtShape(w.shape)}, but got ${x.ndim}-dimensional input of size ${fmtShape(x.shape)} instead`);
  }
  const g = a.groups;
  if (w.shape[0]! < g) {
    throw runtimeError(`Given groups=${g}, expected weight to be at least ${g} at dimension 0, but got weight of size ${fmtShape(w.shape)} instead`);
  }
  if (w.shape[0]! % g !== 0) {
    throw runtimeError(`Given groups=${g}, expected weight to be divisible by ${g} at dimension 0, but got weight of size ${fmtShape(w.shape)} instead`);
  }
  if (x.shape[1] !== w.shape[1]! * g) {
    throw runtimeError(
      `Given groups=${g}, weight of size ${fmtShape(w.shape)}, expected input${fmtShape(x.shape)} to have ${w.shape[1]! * g} channels, but got ${x.shape[1]} channels instead`,
    );
  }
  if (b && !(b.ndim === 1 && b.shape[0] === w.shape[0])) {
    throw runtimeError(
      `Given weight of size ${fmtShape(w.shape)}, expected bias to be 1-dimensional with ${w.shape[0]} elements, but got bias of size ${fmtShape(b.shape)} instead`,
    );
  }
  const padded = [0, 1].map((i) => x.shape[i + 2]! + 2 * a.padding[i]!);
  const kernel = [0, 1].map((i) => a.dilation[i]! * (w.shape[i + 2]! - 1) + 1);
  if (padded[0]! < kernel[0]! || padded[1]! < kernel[1]!) {
    throw runtimeError(
      `Calculated padded input size per channel: (${padded.join(' x ')}). Kernel size: (${kernel.join(' x ')}). Kernel size can't be greater than actual input size`,
    );
  }
  if (x.dtype !== w.dtype) throw runtimeError(`expected scalar type ${scalarTypeName(x.dtype)} but found ${scalarTypeName(w.dtype)}`);
  if (b && b.dtype !== x.dtype) {
    throw runtimeError(`Input type (${TYPE_META[x.dtype] ?? x.dtype}) and bias type (${TYPE_META[b.dtype] ?? b.dtype}) should be the same`);
  }
  if (x.dtype === 'bool') throw runtimeError(`"slow_conv2d_cpu" not implemented for 'Bool'`);
}

const geometryOf = (x: { shape: readonly number[] }, w: { shape: readonly number[] }, a: ConvAttrs): Conv2dGeometry =>
  conv2dGeometry(x.shape, w.shape, a.stride, a.padding, a.dilation, a.groups);

/** The data of x as a float array the kernels take (integers computed in float64, then cast back). */
function floatData(x: Tensor): FloatArray {
  const d = contiguousData(x);
  return d instanceof Float32Array || d instanceof Float64Array ? d : Float64Array.from(d);
}

/** A float scratch for results of `dtype`, and how to store it into a tensor. */
function resultBuffer(shape: number[], dtype: DType): { t: Tensor; data: FloatArray; commit: () => void } {
  const t = Tensor.empty(shape, dtype);
  const d = t.storage.data;
  if ((d instanceof Float32Array || d instanceof Float64Array) && dtype !== 'float16' && dtype !== 'int64') {
    return { t, data: d, commit: () => {} };
  }
  const data = new Float64Array(t.numel);
  return {
    t,
    data,
    commit: () => {
      for (let i = 0; i < data.length; i++) d[i] = castValue(dtype, data[i]!);
    },
  };
}

export const convolutionOp = defineOp<ConvAttrs, { hasBias: boolean }>({
  name: 'convolution',
  signature: 'convolution(input, weight, bias, stride, padding, dilation, transposed, output_padding, groups)',
  gradFn: 'ConvolutionBackward0',
  doc: '2-D convolution of a (N, C, H, W) input (im2col + GEMM); what conv2d and nn.Conv2d run.',
  example: 'torch.convolution(torch.ones(1, 1, 3, 3), torch.ones(1, 1, 2, 2), None, [1, 1], [0, 0], [1, 1], False, [0, 0], 1)',
  forward: ([x, w, b], a) => {
    checkConvolution(x!, w!, b, a);
    const g = geometryOf(x!, w!, a);
    const out = resultBuffer([g.n, g.cout, g.oh, g.ow], x!.dtype);
    conv2dForward(floatData(x!), floatData(w!), b ? floatData(b) : null, g, out.data);
    out.commit();
    return { out: out.t, save: [x!, w!], extra: { hasBias: b !== undefined } };
  },
  backward: (ctx, [g]) => {
    const [x, w] = ctx.saved;
    const mask: [boolean, boolean, boolean] = [ctx.needsGrad(0), ctx.needsGrad(1), ctx.extra.hasBias && ctx.needsGrad(2)];
    const [gi, gw, gb] = convolutionBackwardOp([g!, x!, w!], { ...ctx.attrs, mask });
    return [mask[0] ? gi! : null, mask[1] ? gw! : null, mask[2] ? gb! : null];
  },
  samples: () => [
    { inputs: [randomSample([2, 3, 5, 5]), randomSample([2, 3, 3, 3]), randomSample([2])], attrs: convAttrs() },
    {
      inputs: [randomSample([1, 4, 6, 5]), randomSample([4, 2, 3, 2]), randomSample([4])],
      attrs: { ...convAttrs(), stride: [2, 1], padding: [1, 2], dilation: [1, 2], groups: 2 },
      label: 'stride, padding, dilation, groups',
    },
    { inputs: [randomSample([1, 2, 5, 4], undefined, { transposed: true }), randomSample([3, 2, 1, 1]), randomSample([3])], attrs: convAttrs(), label: 'non-contiguous, 1x1' },
  ],
});

function convAttrs(): ConvAttrs {
  return { stride: [1, 1], padding: [0, 0], dilation: [1, 1], transposed: false, outputPadding: [0, 0], groups: 1 };
}

export const convolutionBackwardOp = defineOp<ConvAttrs & { mask: [boolean, boolean, boolean] }>({
  name: 'convolution_backward',
  signature: 'convolution_backward(grad_output, input, weight, bias_sizes, stride, padding, dilation, transposed, output_padding, groups, output_mask)',
  gradFn: 'ConvolutionBackwardBackward0',
  doc: "convolution's derivative: gradients for input (col2im), weight (GEMM with the columns) and bias, as output_mask asks.",
  example: 'torch.ops.aten.convolution_backward',
  forward: ([gy, x, w], a) => {
    const g = geometryOf(x!, w!, a);
    const gyd = floatData(gy!);
    const dtype = gy!.dtype;
    const gi = a.mask[0] ? resultBuffer([...x!.shape], dtype) : null;
    const gw = a.mask[1] ? resultBuffer([...w!.shape], dtype) : null;
    const gb = a.mask[2] ? resultBuffer([g.cout], dtype) : null;
    if (gi) conv2dBackwardInput(gyd, floatData(w!), g, gi.data);
    if (gw) conv2dBackwardWeight(gyd, floatData(x!), g, gw.data);
    if (gb) conv2dBackwardBias(gyd, g, gb.data);
    const outs = [gi, gw, gb].map((r) => {
      if (!r) return Tensor.empty([0], dtype);
      r.commit();
      return r.t;
    });
    return { out: outs };
  },
  backward: () => {
    throw notImplemented('the derivative of convolution_backward (double backward through a convolution) is not implemented in Glassgrad yet');
  },
  noGradcheck: 'its own derivative (double backward through convolution) is not implemented; it raises NotImplementedError',
});

// ---------------------------------------------------------------------------
// conv2d: the functional form.

export type Conv2dPadding = number | readonly number[] | 'same' | 'valid';

export interface Conv2dOptions {
  stride?: number | readonly number[];
  padding?: Conv2dPadding;
  dilation?: number | readonly number[];
  groups?: number;
}

const SAME_WARNING =
  "Using padding='same' with even kernel lengths and odd dilation may require a zero-padded copy of the input be created";

function pairOf(v: number | readonly number[], name: string): Pair {
  const arr = typeof v === 'number' ? [v, v] : v.length === 1 ? [v[0]!, v[0]!] : [...v];
  if (arr.length !== 2) {
    throw runtimeError(`expected ${name} to be a single integer value or a list of 2 values to match the convolution dimensions, but got ${name}=${fmtShape(arr)}`);
  }
  return arr as Pair;
}

function conv2dImpl(x: Tensor, w: Tensor, b: Tensor | undefined, o: Conv2dOptions): Tensor {
  if (x.ndim !== 3 && x.ndim !== 4) {
    throw runtimeError(`Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: ${fmtShape(x.shape)}`);
  }
  const stride = pairOf(o.stride ?? 1, 'stride');
  const dilation = pairOf(o.dilation ?? 1, 'dilation');
  let padding: Pair;
  const pad = o.padding ?? 0;
  if (pad === 'valid') padding = [0, 0];
  else if (pad === 'same') {
    if (stride.some((s) => s !== 1)) throw runtimeError("padding='same' is not supported for strided convolutions");
    const total = [0, 1].map((i) => dilation[i]! * ((w.shape[i + 2] ?? 1) - 1));
    if (total.some((t) => t % 2 !== 0)) {
      warnOnce(SAME_WARNING);
      throw notImplemented("padding='same' with an even kernel (asymmetric padding) is not implemented in Glassgrad yet");
    }
    padding = [total[0]! / 2, total[1]! / 2];
  } else padding = pairOf(pad, 'padding');
  const attrs: ConvAttrs = { stride, padding, dilation, transposed: false, outputPadding: [0, 0], groups: o.groups ?? 1 };
  const batched = x.ndim === 4;
  const input = batched ? x : unsqueeze(x, 0);
  const out = run1(convolutionOp, b ? [input, w, b] : [input, w], attrs);
  return batched ? out : squeeze(out, 0);
}

type Conv2dAttrs = { stride: number[]; padding: number[] | 'same' | 'valid'; dilation: number[]; groups: number };

export const conv2dOp = defineOp<Conv2dAttrs>({
  name: 'conv2d',
  signature: 'conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1)',
  doc: "2-D convolution (torch.nn.functional.conv2d) of a (N, C, H, W) or unbatched (C, H, W) input; padding may be 'same' or 'valid'.",
  example: 'torch.nn.functional.conv2d(torch.ones(1, 1, 4, 4), torch.ones(2, 1, 3, 3), padding=1)',
  composite: true,
  forward: ([x, w, b], a) => ({ out: conv2dImpl(x!, w!, b, a) }),
  samples: (): Sample<Conv2dAttrs>[] => [
    { inputs: [randomSample([3, 5, 5]), randomSample([2, 3, 3, 3]), randomSample([2])], attrs: { stride: [1], padding: 'same', dilation: [1], groups: 1 }, label: 'unbatched, same' },
    { inputs: [randomSample([1, 2, 5, 5]), randomSample([2, 2, 2, 2])], attrs: { stride: [2], padding: [1], dilation: [1], groups: 1 }, label: 'no bias' },
  ],
});

/**
 * F.conv2d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1).
 * @example conv2d(x, w, b, { padding: 1 }) // ConvolutionBackward0
 */
export function conv2d(x: Tensor, w: Tensor, b?: Tensor | null, o: Conv2dOptions = {}): Tensor {
  const attrs: Conv2dAttrs = {
    stride: typeof o.stride === 'number' ? [o.stride] : [...(o.stride ?? [1])],
    padding: typeof o.padding === 'string' ? o.padding : typeof o.padding === 'number' ? [o.padding] : [...(o.padding ?? [0])],
    dilation: typeof o.dilation === 'number' ? [o.dilation] : [...(o.dilation ?? [1])],
    groups: o.groups ?? 1,
  };
  return run1(conv2dOp, b ? [x, w, b] : [x, w], attrs);
}
