// 2-D pooling: max_pool2d (with indices), avg_pool2d, adaptive_avg_pool2d, and
// their backward ops, so that double backward records PyTorch's nodes too.
//
// max_pool2d_with_indices saves its input and the int64 indices it returns
// (MaxPool2DWithIndicesBackward0: self, result1); avg_pool2d and
// _adaptive_avg_pool2d save their input. Inputs are (C, H, W) or (N, C, H, W);
// the kernels see (planes, H, W).
import { isFloating } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { fmtShape, indexError, runtimeError, scalarTypeName } from '../errors/errors.ts';
import { contiguousData } from '../kernels/elementwise.ts';
import {
  adaptiveAvgPool2dBackward,
  adaptiveAvgPool2dForward,
  avgPool2dBackward,
  avgPool2dForward,
  maxPool2dBackward,
  maxPool2dForward,
  poolOutputSize,
  type Pool2dGeometry,
} from '../kernels/pool.ts';
import { defineOp, run1, type Op } from './define.ts';
import { mean } from './reduce.ts';
import { randomIndices, randomSample } from './samples.ts';

type Pair = [number, number];
export type IntOrPair = number | readonly number[];

export interface MaxPoolAttrs {
  kernelSize: Pair;
  /** [] means "same as kernelSize", as PyTorch's stride=None. */
  stride: number[];
  padding: Pair;
  dilation: Pair;
  ceilMode: boolean;
}

export interface AvgPoolAttrs {
  kernelSize: Pair;
  stride: number[];
  padding: Pair;
  ceilMode: boolean;
  countIncludePad: boolean;
  divisorOverride: number | null;
}

function pair(v: IntOrPair, op: string, what: string, allowEmpty = false): number[] {
  const arr = typeof v === 'number' ? [v] : [...v];
  if (arr.length === 1) return [arr[0]!, arr[0]!];
  if (arr.length === 2 || (allowEmpty && arr.length === 0)) return arr;
  throw runtimeError(
    what === 'stride'
      ? `${op}: stride must either be omitted, a single int, or a tuple of two ints`
      : what === 'dilation'
        ? `${op}: dilation must be either a single int, or a tuple of two ints`
        : `${op}: ${what} must either be a single int, or a tuple of two ints`,
  );
}

/** The rank checks that come before the geometry: max_pool2d's meta function, avg_pool2d's size(-3). */
function checkRank(x: Tensor, op: 'max_pool2d' | 'avg_pool2d'): void {
  if (op === 'max_pool2d' && x.ndim !== 3 && x.ndim !== 4) throw runtimeError('non-empty 3D or 4D (batch mode) tensor expected for input');
  if (op === 'avg_pool2d' && x.ndim < 3) {
    const n = Math.max(x.ndim, 1);
    throw indexError(`Dimension out of range (expected to be in range of [${-n}, ${n - 1}], but got -3)`);
  }
}

function checkDtype(x: Tensor, op: string): void {
  if (!isFloating(x.dtype)) throw runtimeError(`"${op}" not implemented for '${scalarTypeName(x.dtype)}'`);
}

/** ATen's pooling_output_shape + pool2d_shape_check, with their messages, in their order. */
function geometry(x: Tensor, k: Pair, strideIn: number[], pad: Pair, dil: Pair, ceilMode: boolean): Pool2dGeometry {
  const [kh, kw] = k;
  const [sh, sw] = strideIn.length === 0 ? k : (strideIn as Pair);
  const [ph, pw] = pad;
  const [dh, dw] = dil;
  const nd = x.ndim;
  const [h, w] = [x.shape[nd - 2] ?? 0, x.shape[nd - 1] ?? 0];
  const planes = x.numel / Math.max(h * w, 1);
  const outSize = (size: number, kk: number, p: number, s: number, d: number) => {
    if (s === 0) throw runtimeError('stride should not be zero');
    if (p < 0) throw runtimeError(`pad must be non-negative, but got pad: ${p}`);
    if (p > Math.floor(((kk - 1) * d + 1) / 2)) {
      throw runtimeError(`pad should be at most half of effective kernel size, but got pad=${p}, kernel_size=${kk} and dilation=${d}`);
    }
    return poolOutputSize(size, kk, p, s, d, ceilMode);
  };
  const oh = outSize(h, kh, ph, sh, dh);
  const ow = outSize(w, kw, pw, sw, dw);
  if (kw <= 0 || kh <= 0) throw runtimeError(`kernel size should be greater than zero, but got kH: ${kh} kW: ${kw}`);
  if (sw <= 0 || sh <= 0) throw runtimeError(`stride should be greater than zero, but got dH: ${sh} dW: ${sw}`);
  if (dh <= 0 || dw <= 0) throw runtimeError(`dilation should be greater than zero, but got dilationH: ${dh} dilationW: ${dw}`);
  const validDims = x.shape[1] !== 0 && x.shape[2] !== 0;
  if (!((nd === 3 && x.shape[0] !== 0 && validDims) || (nd === 4 && validDims && x.shape[3] !== 0))) {
    throw runtimeError(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${fmtShape(x.shape)}`);
  }
  const c = x.shape[nd - 3]!;
  if (oh < 1 || ow < 1) {
    throw runtimeError(`Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${oh}x${ow}). Output size is too small`);
  }
  return { planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

const outShape = (x: Tensor | { shape: readonly number[] }, oh: number, ow: number) => [...x.shape.slice(0, -2), oh, ow];

export const maxPool2dWithIndicesOp = defineOp<MaxPoolAttrs, Pool2dGeometry>({
  name: 'max_pool2d_with_indices',
  signature: 'max_pool2d_with_indices(input, kernel_size, stride=[], padding=0, dilation=1, ceil_mode=False)',
  gradFn: 'MaxPool2DWithIndicesBackward0',
  doc: 'Max over each window, and the flat position (h * W + w) of each maximum in its plane.',
  example: 'torch.nn.functional.max_pool2d(torch.arange(16.).view(1, 1, 4, 4), 2, return_indices=True)',
  nonDifferentiableOutputs: [1],
  forward: ([x], a) => {
    checkRank(x!, 'max_pool2d');
    const g = geometry(x!, a.kernelSize, a.stride, a.padding, a.dilation, a.ceilMode);
    checkDtype(x!, 'max_pool2d');
    const shape = outShape(x!, g.oh, g.ow);
    const out = Tensor.empty(shape, x!.dtype);
    const idx = Tensor.empty(shape, 'int64');
    maxPool2dForward(contiguousData(x!), g, out.storage.data, idx.storage.data);
    return { out: [out, idx], save: [x!, idx], extra: g };
  },
  backward: (ctx, [g]) => [maxPool2dWithIndicesBackward(g!, ctx.saved[0]!, ctx.saved[1]!, ctx.attrs)],
  samples: () => [
    { inputs: [randomSample([2, 2, 5, 5])], attrs: maxAttrs(2) },
    { inputs: [randomSample([2, 6, 5])], attrs: { ...maxAttrs(3), stride: [2, 1], padding: [1, 1] }, label: '3-D, stride, padding' },
    { inputs: [randomSample([1, 2, 7, 6])], attrs: { ...maxAttrs(2), dilation: [2, 1], ceilMode: true }, label: 'dilation, ceil_mode' },
    { inputs: [randomSample([1, 2, 6, 5], undefined, { transposed: true })], attrs: maxAttrs(2), label: 'non-contiguous' },
  ],
});

function maxAttrs(k: number): MaxPoolAttrs {
  return { kernelSize: [k, k], stride: [], padding: [0, 0], dilation: [1, 1], ceilMode: false };
}

export const maxPool2dWithIndicesBackwardOp = defineOp<MaxPoolAttrs>({
  name: 'max_pool2d_with_indices_backward',
  signature: 'max_pool2d_with_indices_backward(grad_output, input, kernel_size, stride, padding, dilation, ceil_mode, indices)',
  gradFn: 'MaxPool2DWithIndicesBackwardBackward0',
  doc: "max_pool2d's derivative: each output gradient added at the position its maximum came from.",
  example: 'torch.ops.aten.max_pool2d_with_indices_backward',
  differentiable: [0],
  forward: ([gy, x, idx], a) => {
    const g = geometry(x!, a.kernelSize, a.stride, a.padding, a.dilation, a.ceilMode);
    const gx = Tensor.empty(x!.shape, gy!.dtype);
    maxPool2dBackward(contiguousData(gy!), contiguousData(idx!), g, gx.storage.data);
    return { out: gx, save: [idx!] };
  },
  // max_pool_double_backward: the incoming gradient read back at the saved indices.
  backward: (ctx, [gg]) => [gatherAtIndices(gg!, ctx.saved[0]!)],
  samples: () => [
    { inputs: [randomSample([1, 2, 2, 2]), randomSample([1, 2, 4, 4]), randomIndices([1, 2, 2, 2], 16)], attrs: maxAttrs(2) },
  ],
});

/** out[p, o] = src[p, idx[p, o]] (the plane of src is H * W long). */
function gatherAtIndices(src: Tensor, idx: Tensor): Tensor {
  const out = Tensor.empty(idx.shape, src.dtype);
  const s = contiguousData(src);
  const ix = contiguousData(idx);
  const hw = src.shape[src.ndim - 1]! * src.shape[src.ndim - 2]!;
  const L = idx.shape[idx.ndim - 1]! * idx.shape[idx.ndim - 2]!;
  const o = out.storage.data;
  for (let i = 0; i < o.length; i++) o[i] = s[Math.floor(i / L) * hw + ix[i]!]!;
  return out;
}

const maxPool2dWithIndicesBackward = (gy: Tensor, x: Tensor, idx: Tensor, a: MaxPoolAttrs): Tensor =>
  run1(maxPool2dWithIndicesBackwardOp, [gy, x, idx], a);

export const avgPool2dOp: Op<AvgPoolAttrs> = defineOp<AvgPoolAttrs>({
  name: 'avg_pool2d',
  signature: 'avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None)',
  gradFn: 'AvgPool2DBackward0',
  doc: 'Mean over each window; count_include_pad counts the zero padding in the divisor.',
  example: 'torch.nn.functional.avg_pool2d(torch.arange(16.).view(1, 1, 4, 4), 2)',
  forward: ([x], a) => {
    checkRank(x!, 'avg_pool2d');
    if (a.divisorOverride === 0) throw runtimeError('divisor must be not zero');
    const g = geometry(x!, a.kernelSize, a.stride, a.padding, [1, 1], a.ceilMode);
    checkDtype(x!, 'avg_pool2d');
    const out = Tensor.empty(outShape(x!, g.oh, g.ow), x!.dtype);
    avgPool2dForward(contiguousData(x!), g, a, out.storage.data);
    return { out, save: [x!] };
  },
  backward: (ctx, [g]) => [run1(avgPool2dBackwardOp, [g!, ctx.saved[0]!], ctx.attrs)],
  samples: () => [
    { inputs: [randomSample([2, 2, 5, 5])], attrs: avgAttrs(2) },
    { inputs: [randomSample([2, 5, 6])], attrs: { ...avgAttrs(3), stride: [2, 2], padding: [1, 1], countIncludePad: false }, label: '3-D, padding not counted' },
    { inputs: [randomSample([1, 1, 5, 5])], attrs: { ...avgAttrs(2), padding: [1, 1], ceilMode: true, divisorOverride: 3 }, label: 'ceil_mode, divisor_override' },
    { inputs: [randomSample([1, 2, 6, 5], undefined, { transposed: true })], attrs: avgAttrs(2), label: 'non-contiguous' },
  ],
});

function avgAttrs(k: number): AvgPoolAttrs {
  return { kernelSize: [k, k], stride: [], padding: [0, 0], ceilMode: false, countIncludePad: true, divisorOverride: null };
}

export const avgPool2dBackwardOp: Op<AvgPoolAttrs> = defineOp<AvgPoolAttrs>({
  name: 'avg_pool2d_backward',
  signature: 'avg_pool2d_backward(grad_output, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override)',
  gradFn: 'AvgPool2DBackwardBackward0',
  doc: "avg_pool2d's derivative: each output gradient spread evenly over its window.",
  example: 'torch.ops.aten.avg_pool2d_backward',
  differentiable: [0],
  forward: ([gy, x], a) => {
    const g = geometry(x!, a.kernelSize, a.stride, a.padding, [1, 1], a.ceilMode);
    const gx = Tensor.empty(x!.shape, gy!.dtype);
    avgPool2dBackward(contiguousData(gy!), g, a, gx.storage.data);
    return { out: gx };
  },
  backward: (ctx, [gg]) => [run1(avgPool2dOp, [gg!], ctx.attrs), null],
  samples: () => [{ inputs: [randomSample([1, 2, 3, 3]), randomSample([1, 2, 5, 5])], attrs: { ...avgAttrs(2), padding: [1, 1] } }],
});

type AdaptiveAttrs = { outputSize: Pair };

export const adaptiveAvgPool2dOp: Op<AdaptiveAttrs> = defineOp<AdaptiveAttrs>({
  name: '_adaptive_avg_pool2d',
  signature: '_adaptive_avg_pool2d(input, output_size)',
  gradFn: 'AdaptiveAvgPool2DBackward0',
  doc: 'Average pooling to a given output size: cell i covers rows floor(i*H/oh) to ceil((i+1)*H/oh).',
  example: 'torch.nn.functional.adaptive_avg_pool2d(torch.arange(16.).view(1, 1, 4, 4), 3)',
  forward: ([x], { outputSize: [oh, ow] }) => {
    const { planes, h, w } = adaptiveDims(x!);
    const out = Tensor.empty(outShape(x!, oh, ow), x!.dtype);
    adaptiveAvgPool2dForward(contiguousData(x!), planes, h, w, oh, ow, out.storage.data);
    return { out, save: [x!] };
  },
  backward: (ctx, [g]) => [run1(adaptiveAvgPool2dBackwardOp, [g!, ctx.saved[0]!], {})],
  samples: () => [
    { inputs: [randomSample([2, 2, 5, 7])], attrs: { outputSize: [3, 2] } },
    { inputs: [randomSample([2, 6, 5], undefined, { transposed: true })], attrs: { outputSize: [4, 4] }, label: '3-D, non-contiguous, upsampling' },
  ],
});

export const adaptiveAvgPool2dBackwardOp: Op<Record<string, never>> = defineOp<Record<string, never>>({
  name: '_adaptive_avg_pool2d_backward',
  signature: '_adaptive_avg_pool2d_backward(grad_output, self)',
  gradFn: 'AdaptiveAvgPool2DBackwardBackward0',
  doc: "adaptive_avg_pool2d's derivative: each output gradient spread evenly over its cell.",
  example: 'torch.ops.aten._adaptive_avg_pool2d_backward',
  differentiable: [0],
  forward: ([gy, x]) => {
    const { planes, h, w } = adaptiveDims(x!);
    const [oh, ow] = [gy!.shape[gy!.ndim - 2]!, gy!.shape[gy!.ndim - 1]!];
    const gx = Tensor.empty(x!.shape, gy!.dtype);
    adaptiveAvgPool2dBackward(contiguousData(gy!), planes, h, w, oh, ow, gx.storage.data);
    return { out: gx };
  },
  backward: (ctx, [gg]) => {
    const gy = ctx.inputs[0]!.shape;
    return [run1(adaptiveAvgPool2dOp, [gg!], { outputSize: [gy[gy.length - 2]!, gy[gy.length - 1]!] as Pair }), null];
  },
  samples: () => [{ inputs: [randomSample([1, 2, 2, 3]), randomSample([1, 2, 5, 5])], attrs: {} }],
});

function adaptiveDims(x: Tensor): { planes: number; h: number; w: number } {
  const h = x.shape[x.ndim - 2]!;
  const w = x.shape[x.ndim - 1]!;
  return { planes: x.numel / Math.max(h * w, 1), h, w };
}

// ---------------------------------------------------------------------------
// The functional forms (torch.nn.functional).

export interface MaxPool2dOptions {
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  dilation?: IntOrPair;
  ceilMode?: boolean;
  returnIndices?: boolean;
}

function maxPoolAttrs(kernelSize: IntOrPair, o: MaxPool2dOptions): MaxPoolAttrs {
  return {
    kernelSize: pair(kernelSize, 'max_pool2d', 'kernel_size') as Pair,
    stride: o.stride === null || o.stride === undefined ? [] : pair(o.stride, 'max_pool2d', 'stride', true),
    padding: pair(o.padding ?? 0, 'max_pool2d', 'padding') as Pair,
    dilation: pair(o.dilation ?? 1, 'max_pool2d', 'dilation') as Pair,
    ceilMode: o.ceilMode ?? false,
  };
}

/**
 * F.max_pool2d_with_indices: [output, indices] (MaxPool2DWithIndicesBackward0).
 * @example maxPool2dWithIndices(x, 2) // [values, int64 flat positions]
 */
export function maxPool2dWithIndices(x: Tensor, kernelSize: IntOrPair, o: MaxPool2dOptions = {}): [Tensor, Tensor] {
  const [out, idx] = maxPool2dWithIndicesOp([x], maxPoolAttrs(kernelSize, o));
  return [out!, idx!];
}

/**
 * F.max_pool2d(x, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False).
 * Runs max_pool2d_with_indices, as PyTorch does when the input requires grad.
 * @example maxPool2d(x, 2) // MaxPool2DWithIndicesBackward0
 */
export function maxPool2d(x: Tensor, kernelSize: IntOrPair, o: MaxPool2dOptions = {}): Tensor {
  const [out, idx] = maxPool2dWithIndices(x, kernelSize, o);
  idx.release();
  return out;
}

export const maxPool2dOp = defineOp<MaxPoolAttrs & { returnIndices: boolean }>({
  name: 'max_pool2d',
  signature: 'max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False)',
  doc: 'Max pooling over 2-D windows (torch.nn.functional.max_pool2d); with return_indices, also the positions.',
  example: 'torch.nn.functional.max_pool2d(torch.arange(16.).view(1, 1, 4, 4), 2)',
  composite: true,
  forward: ([x], { returnIndices, ...a }) => {
    const [out, idx] = maxPool2dWithIndicesOp([x!], a);
    if (returnIndices) return { out: [out!, idx!] };
    idx!.release();
    return { out: out! };
  },
  samples: () => [{ inputs: [randomSample([1, 2, 4, 4])], attrs: { ...maxAttrs(2), returnIndices: false } }],
});

export interface AvgPool2dOptions {
  stride?: IntOrPair | null;
  padding?: IntOrPair;
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number | null;
}

/**
 * F.avg_pool2d(x, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None).
 * @example avgPool2d(x, 2) // AvgPool2DBackward0
 */
export function avgPool2d(x: Tensor, kernelSize: IntOrPair, o: AvgPool2dOptions = {}): Tensor {
  return run1(avgPool2dOp, [x], {
    kernelSize: pair(kernelSize, 'avg_pool2d', 'kernel_size') as Pair,
    stride: o.stride === null || o.stride === undefined ? [] : pair(o.stride, 'avg_pool2d', 'stride', true),
    padding: pair(o.padding ?? 0, 'avg_pool2d', 'padding') as Pair,
    ceilMode: o.ceilMode ?? false,
    countIncludePad: o.countIncludePad ?? true,
    divisorOverride: o.divisorOverride ?? null,
  });
}

function adaptiveAvgPool2dImpl(x: Tensor, size: readonly (number | null)[]): Tensor {
  if (x.ndim !== 3 && x.ndim !== 4) throw runtimeError(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${fmtShape(x.shape)}`);
  for (let d = 1; d < x.ndim; d++) {
    if (x.shape[d] === 0) {
      throw runtimeError(
        `adaptive_avg_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${fmtShape(x.shape)} with dimension ${d} being empty`,
      );
    }
  }
  checkDtype(x, 'adaptive_avg_pool2d');
  const oh = size[0] ?? x.shape[x.ndim - 2]!;
  const ow = size[1] ?? x.shape[x.ndim - 1]!;
  // PyTorch computes a 1x1 output as a mean (MeanBackward1).
  if (oh === 1 && ow === 1) return mean(x, [-1, -2], true);
  return run1(adaptiveAvgPool2dOp, [x], { outputSize: [oh, ow] as Pair });
}

export const adaptiveAvgPool2dCompositeOp = defineOp<{ outputSize: (number | null)[] }>({
  name: 'adaptive_avg_pool2d',
  signature: 'adaptive_avg_pool2d(input, output_size)',
  doc: 'Average pooling to a fixed output size (None keeps that input size); 1x1 is a mean over H and W.',
  example: 'torch.nn.functional.adaptive_avg_pool2d(torch.arange(16.).view(1, 1, 4, 4), 1)',
  composite: true,
  forward: ([x], { outputSize }) => ({ out: adaptiveAvgPool2dImpl(x!, outputSize) }),
  samples: () => [
    { inputs: [randomSample([1, 2, 5, 4])], attrs: { outputSize: [2, 3] } },
    { inputs: [randomSample([2, 3, 3])], attrs: { outputSize: [1, 1] }, label: 'global average' },
  ],
});

/**
 * F.adaptive_avg_pool2d(x, output_size).
 * @example adaptiveAvgPool2d(x, 1) // MeanBackward1, as PyTorch
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: number | readonly (number | null)[]): Tensor {
  const size = typeof outputSize === 'number' ? [outputSize, outputSize] : [...outputSize];
  if (size.length !== 2) throw runtimeError('adaptive_avg_pool2d: output_size must be 2');
  return run1(adaptiveAvgPool2dCompositeOp, [x], { outputSize: size });
}
