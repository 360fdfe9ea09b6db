// Dropout, as ATen runs it on the CPU (Dropout.cpp, `_dropout_impl`): a noise
// tensor of bernoulli(1 - p) draws divided by 1 - p, then `input * noise` —
// so the node is an ordinary MulBackward0 that saves the noise (the mask, in
// the input's dtype), exactly what PyTorch shows on the CPU. (The fused
// native_dropout kernel is CUDA-only.) Feature dropout (dropout1d/2d/3d)
// draws one value per channel: noise of shape [N, C, 1, ...], broadcast.
//
// Random draws: the noise is filled in row-major order with one
// `uniformDouble() < 1 - p` per element from the default generator (ATen's
// default bernoulli kernel, bernoulli_distribution<double>), so a seeded run
// gives the same masks as PyTorch builds without MKL's Intel-only fast path.
//
// In-place dropout (inplace=True) is `input.mul_(noise)` (Note [In-place ops]
// in inplace.ts): a leaf that requires grad is refused, otherwise MulBackward0
// becomes the input's grad_fn and its version goes up.
import { returnAlias, tidy } from '../core/scope.ts';
import { isFloating } from '../core/dtype.ts';
import { defaultGenerator, type Generator } from '../core/random.ts';
import { Tensor } from '../core/tensor.ts';
import { runtimeError, scalarTypeName, valueError, warn } from '../errors/errors.ts';
import { pyFloatRepr } from '../format/number_format.ts';
import { add, mul } from './pointwise_binary.ts';
import { add_, mul_ } from './inplace.ts';
import { squeeze, unsqueeze } from './layout_dims.ts';
import { rounder } from './nn_common.ts';

function checkProbability(p: number): void {
  if (p < 0 || p > 1) throw valueError(`dropout probability has to be between 0 and 1, but got ${pyFloatRepr(p)}`);
}

/** bernoulli(1 - p) / (1 - p) noise of `shape`, in `like`'s dtype (noise.bernoulli_(1 - p).div_(1 - p)). */
function dropoutNoise(like: Tensor, shape: number[], p: number, generator: Generator): Tensor {
  const noise = Tensor.empty(shape, like.dtype);
  const r = rounder(like.dtype);
  if (!isFloating(like.dtype)) {
    throw runtimeError(`result type Float can't be cast to the desired output type ${scalarTypeName(like.dtype)}`);
  }
  const keep = 1 - p;
  const scale = r(1 / r(keep));
  const d = noise.storage.data;
  for (let i = 0; i < d.length; i++) d[i] = generator.uniformDouble() < keep ? scale : 0;
  return noise;
}

/** ATen's make_feature_noise: one draw per (sample, channel). */
function featureShape(input: Tensor): number[] {
  if (input.ndim < 2) throw runtimeError('Feature dropout requires at least 2 dimensions in the input');
  return [input.shape[0]!, input.shape[1]!, ...new Array<number>(input.ndim - 2).fill(1)];
}

/** input * noise (MulBackward0, saving the noise); in place through mul_ (Note [In-place ops]). */
function multiply(input: Tensor, noise: Tensor, inplace: boolean): Tensor {
  return inplace ? returnAlias(mul_(input, noise)) : mul(input, noise);
}

interface DropoutKind {
  feature: boolean;
  alpha: boolean;
}

const SELU_ALPHA_PRIME = 1.7580993408473766;

/**
 * ATen's _dropout_impl. The noise and other temporaries go with a scope of
 * their own: releasing them by hand as well would release them twice when the
 * caller runs in a scope, and free the saved noise before backward reads it.
 */
function dropoutImpl(input: Tensor, p: number, training: boolean, inplace: boolean, kind: DropoutKind, generator: Generator): Tensor {
  checkProbability(p);
  if (p === 0 || !training || input.numel === 0) return returnAlias(input);
  return tidy(() => {
    if (p === 1) return multiply(input, Tensor.empty([], input.dtype), inplace);
    const shape = kind.feature ? featureShape(input) : [...input.shape];
    const noise = dropoutNoise(input, shape, p, generator);
    if (!kind.alpha) return multiply(input, noise, inplace);
    return alphaCombine(input, noise, p, inplace);
  });
}

/** Alpha dropout: b = (mask - 1) * alpha * a + alpha * a * p, then input * (mask * a) + b. */
function alphaCombine(input: Tensor, noise: Tensor, p: number, inplace: boolean): Tensor {
  const r = rounder(input.dtype);
  const a = 1 / Math.sqrt((SELU_ALPHA_PRIME * SELU_ALPHA_PRIME * p + 1) * (1 - p));
  const nd = noise.storage.data;
  const b = Tensor.empty(noise.shape, input.dtype);
  const bd = b.storage.data;
  for (let i = 0; i < nd.length; i++) {
    const kept = nd[i] !== 0 ? 1 : 0; // the noise holds 1/(1-p) where kept; alpha dropout uses the raw draws
    bd[i] = r(r(r(kept - 1) * r(SELU_ALPHA_PRIME * a)) + r(SELU_ALPHA_PRIME * a * p));
    nd[i] = r(kept * a);
  }
  if (inplace) return returnAlias(add_(mul_(input, noise), b));
  return add(mul(input, noise), b);
}

/**
 * F.dropout(input, p=0.5, training=True, inplace=False): zeroes each element
 * with probability p and scales the rest by 1/(1-p). In eval mode
 * (training=False) the input itself comes back.
 * @example dropout(x, 0.2) // MulBackward0 saving the mask
 */
export function dropout(input: Tensor, p = 0.5, training = true, inplace = false, generator: Generator = defaultGenerator): Tensor {
  return dropoutImpl(input, p, training, inplace, { feature: false, alpha: false }, generator);
}

/** F.alpha_dropout(input, p=0.5, training=False, inplace=False): dropout that keeps SELU's mean and variance. */
export function alphaDropout(input: Tensor, p = 0.5, training = false, inplace = false, generator: Generator = defaultGenerator): Tensor {
  return dropoutImpl(input, p, training, inplace, { feature: false, alpha: true }, generator);
}

/** torch.feature_dropout(input, p, train): one draw per channel of [N, C, ...]. */
export function featureDropout(input: Tensor, p: number, training: boolean, inplace = false, generator: Generator = defaultGenerator): Tensor {
  return dropoutImpl(input, p, training, inplace, { feature: true, alpha: false }, generator);
}

/** dropout1d/3d on an input without a batch dimension: unsqueeze(0), feature dropout, squeeze(0). */
function unbatched(input: Tensor, p: number, training: boolean, inplace: boolean, generator: Generator): Tensor {
  if (inplace) {
    // unsqueeze_(0) then squeeze_(0) leave the shape as it was: the noise is one draw per channel of input[C, ...].
    checkProbability(p);
    const shape = [input.shape[0]!, ...new Array<number>(input.ndim - 1).fill(1)];
    if (p === 0 || !training || input.numel === 0) return returnAlias(input);
    return tidy(() => multiply(input, p === 1 ? Tensor.empty([], input.dtype) : dropoutNoise(input, shape, p, generator), true));
  }
  return tidy(() => squeeze(featureDropout(unsqueeze(input, 0), p, training, false, generator), 0));
}

/**
 * F.dropout1d(input, p=0.5, training=True, inplace=False): zeroes whole channels of [N, C, L] or [C, L].
 */
export function dropout1d(input: Tensor, p = 0.5, training = true, inplace = false, generator: Generator = defaultGenerator): Tensor {
  checkProbability(p);
  if (input.ndim !== 2 && input.ndim !== 3) {
    throw runtimeError(
      `dropout1d: Expected 2D or 3D input, but received a ${input.ndim}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`,
    );
  }
  if (input.ndim === 2) return unbatched(input, p, training, inplace, generator);
  return featureDropout(input, p, training, inplace, generator);
}

/**
 * F.dropout2d(input, p=0.5, training=True, inplace=False): zeroes whole channels of [N, C, H, W]
 * (a 3-D input is taken as [N, C, L], with PyTorch's warning).
 * @example dropout2d(x, 0.5) // MulBackward0 saving a [N, C, 1, 1] mask
 */
export function dropout2d(input: Tensor, p = 0.5, training = true, inplace = false, generator: Generator = defaultGenerator): Tensor {
  checkProbability(p);
  const dim = input.ndim;
  if (dim !== 3 && dim !== 4) {
    warn(
      `dropout2d: Received a ${dim}-D input to dropout2d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout2d exists to provide channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 3D or 4D inputs).`,
    );
  }
  if (dim === 3) {
    warn(
      'dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D dropout behavior is desired - input is interpreted as shape (N, C, L), where C is the channel dim. This behavior will change in a future release to interpret the input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D channel-wise dropout behavior, please switch to using dropout1d instead.',
    );
  }
  return featureDropout(input, p, training, inplace, generator);
}

/** F.dropout3d(input, p=0.5, training=True, inplace=False): zeroes whole channels of [N, C, D, H, W] or [C, D, H, W]. */
export function dropout3d(input: Tensor, p = 0.5, training = true, inplace = false, generator: Generator = defaultGenerator): Tensor {
  checkProbability(p);
  const dim = input.ndim;
  if (dim !== 4 && dim !== 5) {
    warn(
      `dropout3d: Received a ${dim}-D input to dropout3d, which is deprecated and will result in an error in a future release. To retain the behavior and silence this warning, please use dropout instead. Note that dropout3d exists to provide channel-wise dropout on inputs with 3 spatial dimensions, a channel dimension, and an optional batch dimension (i.e. 4D or 5D inputs).`,
    );
  }
  if (dim !== 5) return unbatched(input, p, training, inplace, generator);
  return featureDropout(input, p, training, inplace, generator);
}
