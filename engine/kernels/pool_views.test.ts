// Pooling through the op table against real PyTorch (kernel_fixtures.json):
// max (values, indices and gradient) and average pooling (counted and uncounted
// padding, divisor_override, ceil_mode) and adaptive average pooling on inputs
// that are views (transposed, channels-last, sliced, stepped, 3-D permuted) of
// awkward sizes (1, 7, 33, 257).
import { describe, it } from 'vitest';
import { kernelCases, runKernelCase } from '../../test/fixtures/kernel_fixtures.ts';

describe('pooling on views matches PyTorch', () => {
  for (const c of kernelCases('pool')) it(c.name, () => runKernelCase(c));
});
