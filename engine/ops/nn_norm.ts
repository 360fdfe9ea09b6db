// Batch normalization, as ATen's native_batch_norm runs it on the CPU.
//
// Inputs: [input, weight?, bias?, running_mean?, running_var?] (the attrs say
// which optional ones are there); outputs: [output, save_mean, save_invstd].
// In training the batch statistics normalize the input, and the running
// statistics are updated in place with the unbiased variance — without a
// version bump, as in PyTorch, whose kernel writes them directly. In eval
// mode the running statistics normalize and save_mean/save_invstd are empty.
// NativeBatchNormBackward0 saves input, weight, running_mean, running_var,
// save_mean and save_invstd, as derivatives.yaml says.
import { isFloating, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { notImplemented, runtimeError, scalarTypeName, valueError } from '../errors/errors.ts';
import { contiguousData } from '../kernels/elementwise.ts';
import { defineOp, runOp, type Sample } from './define.ts';
import { fmtSize, rounder } from './nn_common.ts';
import { randomSample } from './samples.ts';

export interface BatchNormAttrs {
  training: boolean;
  momentum: number;
  eps: number;
  hasWeight: boolean;
  hasBias: boolean;
  hasRunningMean: boolean;
  hasRunningVar: boolean;
}

interface BatchNormInputs {
  input: Tensor;
  weight?: Tensor;
  bias?: Tensor;
  runningMean?: Tensor;
  runningVar?: Tensor;
}

function unpack(ts: readonly Tensor[], a: BatchNormAttrs): BatchNormInputs {
  let k = 1;
  const take = (present: boolean) => (present ? ts[k++] : undefined);
  return { input: ts[0]!, weight: take(a.hasWeight), bias: take(a.hasBias), runningMean: take(a.hasRunningMean), runningVar: take(a.hasRunningVar) };
}

/** [N, C, M]: batch, channels, and the product of the other sizes. */
function channelLayout(shape: readonly number[]): { n: number; c: number; m: number } {
  return { n: shape[0] ?? 1, c: shape[1] ?? 1, m: shape.slice(2).reduce((a, b) => a * b, 1) };
}

function vectorOf(t: Tensor | undefined, c: number, fill: number): ArrayLike<number> {
  return t ? contiguousData(t) : new Float64Array(c).fill(fill);
}

function batchNormForward(x: BatchNormInputs, a: BatchNormAttrs): Tensor[] {
  const { input } = x;
  if (!isFloating(input.dtype)) throw runtimeError(`"batch_norm" not implemented for '${scalarTypeName(input.dtype)}'`);
  const dtype = input.dtype;
  const r = rounder(dtype);
  const { n, c, m } = channelLayout(input.shape);
  const count = n * m;
  const data = contiguousData(input);
  const w = vectorOf(x.weight, c, 1);
  const b = vectorOf(x.bias, c, 0);
  const out = Tensor.empty(input.shape, dtype);
  const o = out.storage.data;
  const saveMean = Tensor.empty(a.training ? [c] : [0], dtype);
  const saveInvstd = Tensor.empty(a.training ? [c] : [0], dtype);
  const rm = x.runningMean ? x.runningMean : undefined;
  const rv = x.runningVar ? x.runningVar : undefined;
  const rmData = rm ? contiguousData(rm) : null;
  const rvData = rv ? contiguousData(rv) : null;
  for (let ch = 0; ch < c; ch++) {
    let mean: number;
    let invstd: number;
    if (a.training) {
      let total = 0;
      for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) total += data[(i * c + ch) * m + j]!;
      mean = r(total / count);
      let squares = 0;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const d = data[(i * c + ch) * m + j]! - mean;
          squares += d * d;
        }
      }
      invstd = r(1 / Math.sqrt(squares / count + a.eps));
      saveMean.storage.data[ch] = mean;
      saveInvstd.storage.data[ch] = invstd;
      if (rm) writeChannel(rm, ch, r(a.momentum * mean + (1 - a.momentum) * rmData![ch]!));
      if (rv) writeChannel(rv, ch, r(a.momentum * (squares / (count - 1)) + (1 - a.momentum) * rvData![ch]!));
    } else {
      mean = rmData![ch]!;
      invstd = r(1 / Math.sqrt(rvData![ch]! + a.eps));
    }
    // ATen: alpha = invstd * weight, beta = bias - mean * alpha, out = x * alpha + beta.
    const alpha = r(invstd * w[ch]!);
    const beta = r(b[ch]! - r(mean * alpha));
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const p = (i * c + ch) * m + j;
        o[p] = r(r(data[p]! * alpha) + beta);
      }
    }
  }
  return [out, saveMean, saveInvstd];
}

/** Writes element `i` of a 1-D tensor through its strides (running stats may be views). */
function writeChannel(t: Tensor, i: number, v: number): void {
  t.storage.data[t.offset + i * (t.strides[0] ?? 1)] = v;
}

function checkFeatures(name: string, expected: number, t: Tensor | undefined): void {
  if (t && t.numel !== expected) throw runtimeError(`${name} should contain ${expected} elements not ${t.numel}`);
}

export const nativeBatchNormOp = defineOp<BatchNormAttrs>({
  name: 'native_batch_norm',
  signature: 'native_batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps)',
  gradFn: 'NativeBatchNormBackward0',
  doc: 'Batch normalization over dim 1: (x - mean) / sqrt(var + eps) * weight + bias, with batch statistics (training, updating the running ones) or the running ones (eval). Returns (output, save_mean, save_invstd).',
  example: 'torch.nn.functional.batch_norm(torch.tensor([[1., 10.], [3., 30.]]), torch.zeros(2), torch.ones(2), training=True)',
  differentiable: [0, 1, 2],
  nonDifferentiableOutputs: [1, 2],
  forward: (inputs, attrs) => {
    const x = unpack(inputs, attrs);
    if (!attrs.training && (!x.runningMean || !x.runningVar)) {
      throw runtimeError(`${x.runningMean ? 'running_var' : 'running_mean'} must be defined in evaluation mode`);
    }
    const [out, saveMean, saveInvstd] = batchNormForward(x, attrs);
    const save = [x.input, ...(x.weight ? [x.weight] : []), ...(x.runningMean ? [x.runningMean] : []), ...(x.runningVar ? [x.runningVar] : []), saveMean!, saveInvstd!];
    return { out: [out!, saveMean!, saveInvstd!], save };
  },
  backward: (ctx, [g]) => {
    const a = ctx.attrs;
    let k = 0;
    const input = ctx.saved[k++]!;
    const weight = a.hasWeight ? ctx.saved[k++] : undefined;
    const runningMean = a.hasRunningMean ? ctx.saved[k++] : undefined;
    const runningVar = a.hasRunningVar ? ctx.saved[k++] : undefined;
    const saveMean = ctx.saved[k++]!;
    const saveInvstd = ctx.saved[k++]!;
    const wIndex = a.hasWeight ? 1 : -1;
    const bIndex = a.hasBias ? (a.hasWeight ? 2 : 1) : -1;
    const mask = [ctx.needsGrad(0), wIndex > 0 && ctx.needsGrad(wIndex), bIndex > 0 && ctx.needsGrad(bIndex)];
    const inputs = [g!, input, ...(weight ? [weight] : []), ...(runningMean ? [runningMean] : []), ...(runningVar ? [runningVar] : []), saveMean, saveInvstd];
    const [gi, gw, gb] = runOp(nativeBatchNormBackwardOp.spec, inputs, {
      training: a.training,
      eps: a.eps,
      hasWeight: a.hasWeight,
      hasRunningMean: a.hasRunningMean,
      hasRunningVar: a.hasRunningVar,
      outputMask: mask,
    });
    const grads: (Tensor | null)[] = new Array<Tensor | null>(ctx.inputs.length).fill(null);
    grads[0] = mask[0] ? gi! : null;
    if (mask[1]) grads[wIndex] = gw!;
    if (mask[2]) grads[bIndex] = gb!;
    return grads;
  },
  samples: () => {
    const attrs = (training: boolean): BatchNormAttrs => ({ training, momentum: 0.1, eps: 1e-5, hasWeight: true, hasBias: true, hasRunningMean: true, hasRunningVar: true });
    const stats = () => [randomSample([3]), randomSample([3], 'positive')];
    const affine = () => [randomSample([3], 'positive'), randomSample([3])];
    return [
      { inputs: [randomSample([4, 3]), ...affine(), ...stats()], attrs: attrs(true), label: 'training' },
      { inputs: [randomSample([2, 3, 2, 2]), ...affine(), ...stats()], attrs: attrs(false), label: 'eval, 4-D' },
      { inputs: [randomSample([2, 3, 4], undefined, { transposed: true }), ...affine(), ...stats()], attrs: attrs(true), label: 'training, 3-D non-contiguous' },
      {
        inputs: [randomSample([5, 3])],
        attrs: { ...attrs(true), hasWeight: false, hasBias: false, hasRunningMean: false, hasRunningVar: false },
        label: 'training, no affine, no running stats',
      },
    ] as Sample<BatchNormAttrs>[];
  },
});

type BackwardAttrs = Omit<BatchNormAttrs, 'momentum' | 'hasBias'> & { outputMask: boolean[] };

/** ATen's batch_norm_cpu_backward: (grad_input, grad_weight, grad_bias), computed where outputMask asks. */
export const nativeBatchNormBackwardOp = defineOp<BackwardAttrs>({
  name: 'native_batch_norm_backward',
  signature: 'native_batch_norm_backward(grad_out, input, weight, running_mean, running_var, save_mean, save_invstd, train, eps, output_mask)',
  gradFn: 'NativeBatchNormBackwardBackward0',
  doc: "batch_norm's derivative (what NativeBatchNormBackward0 runs): gradients for input, weight and bias.",
  example: 'torch.ops.aten.native_batch_norm_backward',
  differentiable: [0, 1],
  forward: (inputs, a) => {
    let k = 0;
    const g = inputs[k++]!;
    const input = inputs[k++]!;
    const weight = a.hasWeight ? inputs[k++] : undefined;
    const runningMean = a.hasRunningMean ? inputs[k++] : undefined;
    const runningVar = a.hasRunningVar ? inputs[k++] : undefined;
    const saveMean = inputs[k++]!;
    const saveInvstd = inputs[k++]!;
    const outs = batchNormBackwardKernel(g, input, weight, a.training ? saveMean : runningMean!, a.training ? saveInvstd : runningVar!, a);
    const save = [g, input, ...(weight ? [weight] : []), ...(runningMean ? [runningMean] : []), ...(runningVar ? [runningVar] : []), saveMean, saveInvstd];
    return { out: outs, save };
  },
  backward: () => {
    throw notImplemented('the derivative of native_batch_norm_backward (double backward through batch_norm) is not implemented in Glassgrad yet');
  },
  noGradcheck: 'double backward through batch_norm is not implemented (its backward raises NotImplementedError)',
});

function batchNormBackwardKernel(g: Tensor, input: Tensor, weight: Tensor | undefined, meanT: Tensor, statT: Tensor, a: BackwardAttrs): Tensor[] {
  const dtype: DType = input.dtype;
  const r = rounder(dtype);
  const { n, c, m } = channelLayout(input.shape);
  const count = n * m;
  const x = contiguousData(input);
  const dy = contiguousData(g);
  const w = vectorOf(weight, c, 1);
  const means = contiguousData(meanT);
  const stats = contiguousData(statT);
  const gi = Tensor.empty(a.outputMask[0] ? input.shape : [0], dtype);
  const gw = Tensor.empty(a.outputMask[1] ? [c] : [0], dtype);
  const gb = Tensor.empty(a.outputMask[2] ? [c] : [0], dtype);
  for (let ch = 0; ch < c; ch++) {
    const mean = means[ch]!;
    // training: the saved invstd; eval: 1 / sqrt(running_var + eps).
    const invstd = a.training ? stats[ch]! : r(1 / Math.sqrt(stats[ch]! + a.eps));
    let sum = 0;
    let dotp = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        const p = (i * c + ch) * m + j;
        sum += dy[p]!;
        dotp += (x[p]! - mean) * dy[p]!;
      }
    }
    if (a.outputMask[0]) {
      const o = gi.storage.data;
      const scale = invstd * w[ch]!;
      const k = (dotp * invstd * invstd) / count;
      const gradMean = sum / count;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < m; j++) {
          const p = (i * c + ch) * m + j;
          o[p] = a.training ? r((dy[p]! - gradMean - (x[p]! - mean) * k) * scale) : r(dy[p]! * scale);
        }
      }
    }
    if (a.outputMask[1]) gw.storage.data[ch] = r(dotp * invstd);
    if (a.outputMask[2]) gb.storage.data[ch] = r(sum);
  }
  return [gi, gw, gb];
}

/**
 * F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-05).
 * @example batchNorm(x, runningMean, runningVar, weight, bias, true) // NativeBatchNormBackward0
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  weight: Tensor | null = null,
  bias: Tensor | null = null,
  training = false,
  momentum = 0.1,
  eps = 1e-5,
): Tensor {
  if (training) {
    // torch.nn.functional._verify_batch_size
    let values = input.shape[0] ?? 1;
    for (let i = 2; i < input.ndim; i++) values *= input.shape[i]!;
    if (values === 1) throw valueError(`Expected more than 1 value per channel when training, got input size ${fmtSize(input.shape)}`);
  }
  const features = input.shape[1] ?? 0;
  checkFeatures('running_mean', features, runningMean ?? undefined);
  if (!runningMean && !training) throw runtimeError('running_mean must be defined in evaluation mode');
  checkFeatures('running_var', features, runningVar ?? undefined);
  if (!runningVar && !training) throw runtimeError('running_var must be defined in evaluation mode');
  checkFeatures('weight', features, weight ?? undefined);
  checkFeatures('bias', features, bias ?? undefined);
  const inputs = [input, weight, bias, runningMean, runningVar].filter((t): t is Tensor => t !== null && t !== undefined);
  const [out, saveMean, saveInvstd] = runOp(nativeBatchNormOp.spec, inputs, {
    training,
    momentum,
    eps,
    hasWeight: !!weight,
    hasBias: !!bias,
    hasRunningMean: !!runningMean,
    hasRunningVar: !!runningVar,
  });
  saveMean!.release();
  saveInvstd!.release();
  return out!;
}
