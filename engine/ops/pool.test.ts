// Pooling against real PyTorch (linalg.fixtures.json and the 2.11 golden of
// nn_005_maxpool2d), plus grad_fn names, what each node saves, double backward
// nodes, error messages and gradcheck.
import { describe, expect, it } from 'vitest';
import { Tensor } from '../core/tensor.ts';
import { runBackward } from '../autograd/backward.ts';
import { opTable } from './define.ts';
import { adaptiveAvgPool2d, avgPool2d, maxPool2d, maxPool2dWithIndices } from './pool.ts';
import { fixtureCases, runFixture } from './linalg_fixtures.ts';
import { drawSamples, gradcheckSample, releaseSamples } from '../../test/gradcheck/gradcheck.ts';

const from = (values: number[], shape: number[], requiresGrad = false) => {
  const t = Tensor.fromData(Float32Array.from(values), shape, 'float32');
  t.leafRequiresGrad = requiresGrad;
  return t;
};
const arange = (n: number, shape: number[], requiresGrad = false) => from(Array.from({ length: n }, (_, i) => i), shape, requiresGrad);
const message = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return `${(e as { pyType?: string }).pyType}: ${(e as Error).message}`;
  }
  return 'no error';
};

describe('pooling matches PyTorch', () => {
  for (const c of fixtureCases(['max_pool2d_with_indices', 'avg_pool2d', '_adaptive_avg_pool2d', 'adaptive_avg_pool2d'])) {
    it(c.name, () => runFixture(c));
  }

  it('nn_005_maxpool2d (PyTorch 2.11 golden)', () => {
    const x = from([1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, -16], [1, 1, 4, 4]);
    expect(maxPool2d(x, 2).toArray()).toEqual([4, 8, 12, 15]);
    expect(maxPool2d(x, 2, { stride: 1 }).toArray()).toEqual([4, 7, 8, 10, 13, 14, 12, 15, 15]);
    expect(maxPool2d(x, 3, { stride: 1, padding: 1 }).shape).toEqual([1, 1, 4, 4]);
    const [, idx] = maxPool2dWithIndices(x, 2);
    expect(idx.dtype).toBe('int64');
    expect(idx.toArray()).toEqual([5, 7, 13, 14]);
    expect(maxPool2d(arange(25, [1, 1, 5, 5]), 3, { stride: 1 }).toArray()).toEqual([12, 13, 14, 17, 18, 19, 22, 23, 24]);
    // 2x2 / stride 2 with ceil_mode: the last windows hang over the edge.
    expect(maxPool2d(arange(25, [1, 1, 5, 5]), 2, { ceilMode: true }).toArray()).toEqual([6, 8, 9, 16, 18, 19, 21, 23, 24]);
  });
});

describe('graph and saved tensors', () => {
  it('MaxPool2DWithIndicesBackward0 saves the input and the int64 indices', () => {
    const x = arange(16, [1, 1, 4, 4], true);
    const [y, idx] = maxPool2dWithIndices(x, 2);
    expect(y.gradFn!.name).toBe('MaxPool2DWithIndicesBackward0');
    expect(idx.requiresGrad).toBe(false);
    const saved = y.gradFn!.saved.map((s) => s.unpack());
    expect(saved[0]!.storage).toBe(x.storage);
    expect(saved[1]!.storage).toBe(idx.storage);
    expect(maxPool2d(arange(12, [3, 2, 2], true), 2).gradFn!.name).toBe('MaxPool2DWithIndicesBackward0');
  });

  it('AvgPool2DBackward0 and AdaptiveAvgPool2DBackward0 save the input; 1x1 adaptive is a mean (MeanBackward1)', () => {
    const x = arange(16, [1, 1, 4, 4], true);
    const a = avgPool2d(x, 2);
    expect(a.gradFn!.name).toBe('AvgPool2DBackward0');
    expect(a.gradFn!.saved.map((s) => s.unpack().storage)).toEqual([x.storage]);
    expect(adaptiveAvgPool2d(x, 3).gradFn!.name).toBe('AdaptiveAvgPool2DBackward0');
    const m = adaptiveAvgPool2d(x, 1);
    expect(m.gradFn!.name).toBe('MeanBackward1');
    expect(m.shape).toEqual([1, 1, 1, 1]);
    expect(m.toArray()).toEqual([7.5]);
  });

  it('double backward records the *BackwardBackward0 nodes, with the right second derivatives', () => {
    const x = from([1, 2, 5, 6, 3, 4, 7, 8, 9, 10, 13, 14, 11, 12, 15, -16], [1, 1, 4, 4], true);
    const y = maxPool2d(x, 2);
    const gy = from([1, 2, 3, 4], [1, 1, 2, 2], true);
    const [gx] = runBackward([y], [gy], { inputs: [x], createGraph: true });
    expect(gx!.gradFn!.name).toBe('MaxPool2DWithIndicesBackwardBackward0');
    expect(gx!.toArray()).toEqual([0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 4, 0]);
    // d(sum(gx * w)) / d gy reads w at the argmax positions.
    const w = arange(16, [1, 1, 4, 4]);
    const [ggy] = runBackward([gx!], [w], { inputs: [gy] });
    expect(ggy!.toArray()).toEqual([5, 7, 13, 14]);
    gx!.release();
    ggy!.release();

    const a = avgPool2d(x, 2);
    const [ga] = runBackward([a], [gy], { inputs: [x], createGraph: true });
    expect(ga!.gradFn!.name).toBe('AvgPool2DBackwardBackward0');
    ga!.release();
  });
});

describe('error messages', () => {
  const x = arange(25, [1, 1, 5, 5]);
  it('max_pool2d and avg_pool2d', () => {
    expect(message(() => maxPool2d(x, 2, { padding: 2 }))).toBe(
      'RuntimeError: pad should be at most half of effective kernel size, but got pad=2, kernel_size=2 and dilation=1',
    );
    expect(message(() => maxPool2d(arange(1, [1, 1, 1, 1]), 2))).toBe(
      'RuntimeError: Given input size: (1x1x1). Calculated output size: (1x0x0). Output size is too small',
    );
    expect(message(() => maxPool2d(arange(25, [5, 5]), 2))).toBe('RuntimeError: non-empty 3D or 4D (batch mode) tensor expected for input');
    expect(message(() => maxPool2d(x, 2, { stride: 0 }))).toBe('RuntimeError: stride should not be zero');
    expect(message(() => maxPool2d(x, 2, { dilation: 0 }))).toBe(
      'RuntimeError: dilation should be greater than zero, but got dilationH: 0 dilationW: 0',
    );
    expect(message(() => maxPool2d(Tensor.empty([1, 0, 5, 5]), 2))).toBe(
      'RuntimeError: Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:[1, 0, 5, 5]',
    );
    expect(message(() => avgPool2d(arange(25, [5, 5]), 2))).toBe('IndexError: Dimension out of range (expected to be in range of [-2, 1], but got -3)');
    expect(message(() => avgPool2d(x, 2, { divisorOverride: 0 }))).toBe('RuntimeError: divisor must be not zero');
    expect(message(() => adaptiveAvgPool2d(arange(25, [5, 5]), 2))).toBe('RuntimeError: adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got [5, 5]');
  });
});

describe('gradcheck over every sample (float64 central differences)', () => {
  const names = [
    'max_pool2d_with_indices', 'max_pool2d_with_indices_backward', 'avg_pool2d', 'avg_pool2d_backward',
    '_adaptive_avg_pool2d', '_adaptive_avg_pool2d_backward', 'max_pool2d', 'adaptive_avg_pool2d',
  ];
  for (const name of names) {
    it(name, () => {
      const spec = opTable.get(name)!;
      const samples = drawSamples(spec);
      for (const s of samples) expect(gradcheckSample(spec, s), `${name} [${s.label ?? ''}]`).toEqual([]);
      releaseSamples(samples);
    });
  }
});
