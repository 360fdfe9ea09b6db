// softmax and log_softmax along one dim. Both are primitives (not exp/sum
// composites) for numerical stability: each line is shifted by its max before
// exp, so softmax([1000., 1001.]) is finite where exp(x) / exp(x).sum() is nan.
// Both save only their result, as PyTorch's _softmax/_log_softmax do.
import { castValue, isFloating, type DType } from '../core/dtype.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError, scalarTypeName, warn } from '../errors/errors.ts';
import { contiguousCopy } from '../kernels/elementwise.ts';
import { mapLines, type LineFn } from '../kernels/reduce.ts';
import { defineOp, run1, type Op } from './define.ts';
import { mul, sub } from './pointwise_binary.ts';
import { exp } from './pointwise_unary.ts';
import { sum } from './reduce.ts';
import { resolveDim } from './reduce_common.ts';
import { randomSample } from './samples.ts';
import { reduceGrad } from './util.ts';

interface SoftmaxAttrs {
  dim: number;
  /** Convert the input to this dtype first (F.softmax(x, dim, dtype=...)). */
  dtype: DType | null;
}

type Kind = 'softmax' | 'log_softmax';

/** One line: (x - max), exp, sum; then exp(x - max) / sum, or x - max - log(sum). */
function softmaxLine(kind: Kind, outDtype: DType): LineFn {
  return (src, start, n, step, dst, ds, dstep) => {
    let m = -Infinity;
    for (let i = 0, p = start; i < n; i++, p += step) {
      const v = src[p]!;
      if (v > m || Number.isNaN(v)) m = v;
      if (Number.isNaN(v)) break;
    }
    let s = 0;
    for (let i = 0, p = start; i < n; i++, p += step) s += Math.exp(src[p]! - m);
    const logS = Math.log(s);
    for (let i = 0, p = start, q = ds; i < n; i++, p += step, q += dstep) {
      const shifted = src[p]! - m;
      dst[q] = castValue(outDtype, kind === 'softmax' ? Math.exp(shifted) / s : shifted - logS);
    }
  };
}

/** ATen's dispatch names: the last-dim kernel, or the general one. */
function kernelName(kind: Kind, x: Tensor, dim: number | undefined): string {
  const last = dim === undefined || dim === x.ndim - 1;
  return `${kind}${last ? '_lastdim' : ''}_kernel_impl`;
}

function softmaxForward(kind: Kind, x: Tensor, { dim, dtype }: SoftmaxAttrs): Tensor {
  const d = resolveDim(dim, x.ndim);
  const input = dtype !== null && dtype !== x.dtype ? contiguousCopy(x, dtype) : x;
  if (input.numel === 0) return contiguousCopy(input);
  if (!isFloating(input.dtype)) {
    throw runtimeError(`"${kernelName(kind, input, d)}" not implemented for '${scalarTypeName(input.dtype)}'`);
  }
  return mapLines(input, d ?? 0, input.dtype, softmaxLine(kind, input.dtype));
}

const softmaxSamples = () => [
  { inputs: [randomSample([3, 4])], attrs: { dim: 1, dtype: null } },
  { inputs: [randomSample([4, 3], undefined, { transposed: true })], attrs: { dim: 0, dtype: null }, label: 'non-contiguous' },
  { inputs: [randomSample([2, 3, 4])], attrs: { dim: -2, dtype: null }, label: 'middle dim' },
  { inputs: [randomSample([])], attrs: { dim: 0, dtype: null }, label: '0-dim' },
];

function defineSoftmax(kind: Kind): Op<SoftmaxAttrs, { dim: number }> {
  const gradFn = kind === 'softmax' ? 'SoftmaxBackward0' : 'LogSoftmaxBackward0';
  return defineOp<SoftmaxAttrs, { dim: number }>({
    name: kind,
    signature: `${kind}(input, dim, *, dtype=None)`,
    gradFn,
    doc:
      kind === 'softmax'
        ? 'exp(x) / exp(x).sum(dim), computed with the max subtracted first.'
        : 'x - log(exp(x).sum(dim)), computed stably (never log of an underflowed softmax).',
    example: `torch.${kind}(torch.tensor([1000., 1001., 1002.]), dim=0)`,
    forward: ([x], attrs) => {
      const out = softmaxForward(kind, x!, attrs);
      return { out, save: [out], extra: { dim: resolveDim(attrs.dim, x!.ndim) ?? 0 } };
    },
    backward: (ctx, [g]) => {
      const out = ctx.saved[0]!;
      const dim = ctx.extra.dim;
      // _softmax_backward_data: out * (g - sum(g * out)); _log_softmax_backward_data: g - exp(out) * sum(g).
      const grad =
        kind === 'softmax'
          ? mul(out, sub(g!, sum(mul(g!, out), [dim], true)))
          : sub(g!, mul(exp(out), sum(g!, [dim], true)));
      return [reduceGrad(grad, ctx.inputs[0]!)];
    },
    samples: softmaxSamples,
  });
}

export const softmaxOp = defineSoftmax('softmax');
export const logSoftmaxOp = defineSoftmax('log_softmax');

/** torch.softmax(x, dim, dtype=None). @example softmax(logits, -1) */
export const softmax = (x: Tensor, dim: number, dtype: DType | null = null): Tensor => run1(softmaxOp, [x], { dim, dtype });
/** torch.log_softmax(x, dim, dtype=None). @example logSoftmax(logits, 1) */
export const logSoftmax = (x: Tensor, dim: number, dtype: DType | null = null): Tensor => run1(logSoftmaxOp, [x], { dim, dtype });

/**
 * F.softmax / F.log_softmax / F.softmin called without dim: PyTorch's legacy
 * choice (_get_softmax_dim), with its deprecation warning.
 */
export function implicitSoftmaxDim(name: 'softmax' | 'log_softmax' | 'softmin', ndim: number): number {
  warn(`Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`);
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
