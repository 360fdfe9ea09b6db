// Convolution against real PyTorch (linalg.fixtures.json), plus grad_fn names,
// error messages (the channel error from the 2.11 goldens), what
// ConvolutionBackward0 saves, double backward saying "not implemented", the
// reference CNN's memory held in eval mode without no_grad, and gradcheck.
import { afterEach, describe, expect, it } from 'vitest';
import { setGemmSimd } from '../kernels/gemm.ts';
import { Tensor } from '../core/tensor.ts';
import { tidy } from '../core/scope.ts';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { opTable } from './define.ts';
import { conv2d } from './conv.ts';
import { maxPool2d } from './pool.ts';
import { linear } from './linalg.ts';
import { relu } from './pointwise_unary.ts';
import { view } from './layout_views.ts';
import { logSoftmax } from './softmax.ts';
import { nllLoss } from './nn_loss.ts';
import { fixtureCases, runFixture } from './linalg_fixtures.ts';
import { drawSamples, gradcheckSample, releaseSamples } from '../../test/gradcheck/gradcheck.ts';

const filled = (shape: number[], v = 1, requiresGrad = false, dtype: Tensor['dtype'] = 'float32') => {
  const x = Tensor.empty(shape, dtype);
  x.storage.data.fill(v);
  x.leafRequiresGrad = requiresGrad;
  return x;
};
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { pyType?: string }).pyType}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('convolution matches PyTorch', () => {
  for (const c of fixtureCases(['convolution', 'conv2d'])) it(c.name, () => runFixture(c));
});

describe('convolution matches PyTorch without WebAssembly SIMD (TypeScript im2col, col2im and micro-kernel)', () => {
  afterEach(() => setGemmSimd(true));
  for (const c of fixtureCases(['convolution', 'conv2d'])) {
    it(c.name, () => {
      setGemmSimd(false);
      runFixture(c);
    });
  }
});

describe('graph and saved tensors', () => {
  it('ConvolutionBackward0 saves input and weight; unbatched input adds SqueezeBackward1', () => {
    const x = filled([1, 3, 5, 5]);
    const w = filled([2, 3, 3, 3], 1, true);
    const y = conv2d(x, w, filled([2], 0, true));
    expect(y.gradFn!.name).toBe('ConvolutionBackward0');
    expect(y.gradFn!.saved.map((s) => s.unpack().storage)).toEqual([x.storage, w.storage]);
    expect(y.gradFn!.next.map((e) => e?.node.name ?? null)).toEqual([null, 'AccumulateGrad', 'AccumulateGrad']);
    const u = conv2d(filled([3, 5, 5], 1, true), w);
    expect(u.shape).toEqual([2, 3, 3]);
    expect(u.gradFn!.name).toBe('SqueezeBackward1');
    expect(u.gradFn!.next[0]!.node.name).toBe('ConvolutionBackward0');
    expect(u.gradFn!.next[0]!.node.next[0]!.node.name).toBe('UnsqueezeBackward0');
  });

  it('create_graph records ConvolutionBackwardBackward0, whose own derivative says it is not implemented', () => {
    const x = filled([1, 1, 4, 4], 1, true);
    const w = filled([1, 1, 2, 2], 1, true);
    const y = conv2d(x, w);
    const [gx] = runBackward([y], [filled([1, 1, 3, 3])], { inputs: [x], createGraph: true });
    expect(gx!.gradFn!.name).toBe('ConvolutionBackwardBackward0');
    expect(gx!.toArray()).toEqual([1, 2, 2, 1, 2, 4, 4, 2, 2, 4, 4, 2, 1, 2, 2, 1]);
    expect(message(() => runBackward([gx!], [filled([1, 1, 4, 4])], { inputs: [w] }))).toBe(
      'NotImplementedError: the derivative of convolution_backward (double backward through a convolution) is not implemented in Glassgrad yet',
    );
    gx!.release();
  });
});

describe('error messages', () => {
  const w = filled([2, 3, 3, 3]);
  it('channels (PyTorch 2.11 golden) and the other shape checks', () => {
    expect(message(() => conv2d(filled([1, 1, 5, 5]), w))).toBe(
      'RuntimeError: Given groups=1, weight of size [2, 3, 3, 3], expected input[1, 1, 5, 5] to have 3 channels, but got 1 channels instead',
    );
    expect(message(() => conv2d(filled([5, 5]), w))).toBe(
      'RuntimeError: Expected 3D (unbatched) or 4D (batched) input to conv2d, but got input of size: [5, 5]',
    );
    expect(message(() => conv2d(filled([1, 3, 2, 2]), w))).toBe(
      "RuntimeError: Calculated padded input size per channel: (2 x 2). Kernel size: (3 x 3). Kernel size can't be greater than actual input size",
    );
    expect(message(() => conv2d(filled([1, 4, 5, 5]), filled([3, 2, 3, 3]), null, { groups: 2 }))).toBe(
      'RuntimeError: Given groups=2, expected weight to be divisible by 2 at dimension 0, but got weight of size [3, 2, 3, 3] instead',
    );
    expect(message(() => conv2d(filled([1, 3, 5, 5]), w, filled([3])))).toBe(
      'RuntimeError: Given weight of size [2, 3, 3, 3], expected bias to be 1-dimensional with 2 elements, but got bias of size [3] instead',
    );
    expect(message(() => conv2d(filled([1, 3, 5, 5]), w, null, { stride: 0 }))).toBe('RuntimeError: non-positive stride is not supported');
    expect(message(() => conv2d(filled([1, 3, 5, 5]), w, null, { padding: -1 }))).toBe('RuntimeError: negative padding is not supported');
    expect(message(() => conv2d(filled([1, 3, 5, 5]), w, null, { groups: 0 }))).toBe('RuntimeError: non-positive groups is not supported');
    expect(message(() => conv2d(filled([1, 3, 5, 5]), w, null, { padding: 'same', stride: 2 }))).toBe(
      "RuntimeError: padding='same' is not supported for strided convolutions",
    );
    expect(message(() => conv2d(filled([1, 3, 5, 5], 1, false, 'float64'), w))).toBe('RuntimeError: expected scalar type Double but found Float');
    expect(message(() => conv2d(filled([1, 3, 5, 5]), w, filled([2], 0, false, 'float64')))).toBe(
      'RuntimeError: Input type (float) and bias type (double) should be the same',
    );
  });
});

describe('the reference CNN in eval mode without no_grad', () => {
  it('keeps exactly what PyTorch keeps: +3,170,304 bytes per validation batch', () => {
    const param = (shape: number[]) => filled(shape, 0.01, true);
    const [w1, b1, w2, b2] = [param([10, 1, 5, 5]), param([10]), param([20, 10, 5, 5]), param([20])];
    const [w3, b3, w4, b4] = [param([50, 320]), param([50]), param([10, 50]), param([10])];
    const x = Tensor.empty([64, 1, 28, 28], 'float32');
    for (let i = 0; i < x.numel; i++) x.storage.data[i] = Math.sin(i);
    const target = Tensor.empty([64], 'int64');
    for (let i = 0; i < 64; i++) target.storage.data[i] = i % 10;
    const before = ledger.allocatedBlocks;
    const loss = tidy(() => {
      let h = relu(maxPool2d(conv2d(x, w1, b1), 2));
      h = relu(maxPool2d(conv2d(h, w2, b2), 2));
      h = relu(linear(view(h, [-1, 320]), w3, b3));
      return nllLoss(logSoftmax(linear(h, w4, b4), 1), target);
    });
    // conv1 out (kept by max-pool) + int64 indices + relu out, the same for conv2, relu(fc1), log-softmax, total_weight, the loss.
    expect(ledger.allocatedBlocks - before).toBe(3_170_304);
    loss.release();
    expect(ledger.allocatedBlocks).toBe(before);
  });
});

describe('gradcheck over every sample (float64 central differences)', () => {
  for (const name of ['convolution', 'conv2d']) {
    it(name, () => {
      const spec = opTable.get(name)!;
      const samples = drawSamples(spec);
      for (const s of samples) expect(gradcheckSample(spec, s), `${name} [${s.label ?? ''}]`).toEqual([]);
      releaseSamples(samples);
    });
  }
});
