// Activations: what nn.fixtures.json (PyTorch's values, gradients and double
// backward) does not cover — the erf the engine computes GELU with, argument
// checks, and the double-backward node.
import { describe, expect, it } from 'vitest';
import { runBackward } from '../autograd/backward.ts';
import { ledger } from '../memory/ledger.ts';
import { erfScalar as erf, erfcScalar as erfc, gelu, hardtanh, leakyRelu, logSigmoid } from './nn_activation.ts';
import { leafOf, savedBytesOf, tensorOf } from './nn_test_helpers.ts';

// Python's math.erf / math.erfc (correctly rounded libm) at the same points.
const ERF_TABLE: [number, number, number][] = [
  [-6.5, -1.0, 2.0],
  [-4, -0.9999999845827421, 1.999999984582742],
  [-3, -0.9999779095030014, 1.9999779095030015],
  [-2.5, -0.999593047982555, 1.999593047982555],
  [-1, -0.8427007929497149, 1.842700792949715],
  [-0.5, -0.5204998778130465, 1.5204998778130465],
  [-0.001, -0.0011283787909692365, 1.0011283787909693],
  [0, 0.0, 1.0],
  [1e-8, 1.1283791670955126e-8, 0.9999999887162083],
  [0.25, 0.2763263901682369, 0.7236736098317631],
  [0.5, 0.5204998778130465, 0.4795001221869535],
  [0.75, 0.7111556336535151, 0.28884436634648486],
  [1, 0.8427007929497149, 0.15729920705028513],
  [1.5, 0.9661051464753108, 0.033894853524689274],
  [2, 0.9953222650189527, 0.004677734981047265],
  [2.9999, 0.9999778955735178, 2.210442648216091e-5],
  [3, 0.9999779095030014, 2.2090496998585438e-5],
  [3.5, 0.9999992569016276, 7.430983723414128e-7],
  [4.5, 0.9999999998033839, 1.9661604415428873e-10],
  [6, 1.0, 2.1519736712498916e-17],
  [7, 1.0, 4.183825607779414e-23],
];

describe('erf and erfc (GELU)', () => {
  it.each(ERF_TABLE)('erf(%d)', (x, e, ec) => {
    expect(Math.abs(erf(x) - e)).toBeLessThanOrEqual(4e-16 * Math.max(1, Math.abs(e)));
    // erfc keeps its relative accuracy in the tail, where 1 - erf(x) would be all rounding error.
    expect(Math.abs(erfc(x) - ec)).toBeLessThanOrEqual(1e-14 * Math.abs(ec));
  });
  it('passes NaN through', () => {
    expect(erf(NaN)).toBeNaN();
    expect(erfc(NaN)).toBeNaN();
  });
});

describe('activation arguments and nodes', () => {
  it('rejects min_val > max_val as torch.nn.functional.hardtanh does', () => {
    const x = tensorOf([0.5], [1]);
    expect(() => hardtanh(x, 1, -1)).toThrow('min_val cannot be greater than max_val');
    x.release();
  });

  it("rejects an unknown GELU approximation with ATen's text", () => {
    const x = tensorOf([0.5], [1]);
    expect(() => gelu(x, 'fast' as 'tanh')).toThrow('approximate argument must be either none or tanh.');
    x.release();
  });

  it('double backward of GELU goes through gelu_backward (GeluBackwardBackward0)', () => {
    const before = ledger.allocated;
    const x = leafOf([-1, 0.5, 2], [3]);
    const y = gelu(x);
    const ones = tensorOf([1, 1, 1], [3]);
    const [g] = runBackward([y], [ones], { inputs: [x], createGraph: true });
    expect(g!.gradFn?.name).toBe('GeluBackwardBackward0');
    // d2/dx2 gelu(x) = phi(x) (2 - x^2)
    const [gg] = runBackward([g!], [ones], { inputs: [x] });
    const phi = (v: number) => Math.exp(-0.5 * v * v) / Math.sqrt(2 * Math.PI);
    gg!.toArray().forEach((v, i) => expect(v).toBeCloseTo(phi([-1, 0.5, 2][i]!) * (2 - [-1, 0.5, 2][i]! ** 2), 12));
    for (const t of [x, y, ones, g!, gg!]) t.release();
    expect(ledger.allocated).toBe(before);
  });

  it('log_sigmoid keeps its buffer for backward (two saved tensors, as on the CPU)', () => {
    const x = leafOf([-2, 0, 3], [3], 'float32');
    const y = logSigmoid(x);
    expect(y.gradFn?.name).toBe('LogSigmoidBackward0');
    expect(savedBytesOf(y)).toEqual([12, 12]);
    y.release();
    x.release();
  });

  it('leaky_relu needs no grad graph for ints it refuses', () => {
    const x = tensorOf([1, 2], [2], 'int64');
    expect(() => leakyRelu(x)).toThrow(`"leaky_relu_cpu" not implemented for 'Long'`);
    x.release();
  });
});
