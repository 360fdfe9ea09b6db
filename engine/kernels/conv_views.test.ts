// Convolution through the op table against real PyTorch (kernel_fixtures.json):
// inputs and weights that are views (channels-last permutes, transposes,
// slices, stepped columns, an offset batch), awkward sizes, forward and the
// gradients of input, weight and bias, on every kernel path.
import { describe, it } from 'vitest';
import { KERNEL_PATHS, kernelCases, onKernelPath, runKernelCase } from '../../test/fixtures/kernel_fixtures.ts';

for (const path of KERNEL_PATHS) {
  describe(`convolution on views matches PyTorch: ${path.name}`, () => {
    for (const c of kernelCases('conv')) it(c.name, () => onKernelPath(path, () => runKernelCase(c)));
  });
}
