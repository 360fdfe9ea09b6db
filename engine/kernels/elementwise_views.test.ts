// The elementwise loops (elementwise.ts) through the op table against real
// PyTorch (kernel_fixtures.json): sizes 1, 7, 33, 257 and a 257x33 transposed
// view, broadcasting, permuted, sliced and stepped operands, in-place updates
// into views; values and gradients.
import { describe, it } from 'vitest';
import { kernelCases, runKernelCase } from '../../test/fixtures/kernel_fixtures.ts';

describe('elementwise ops on views match PyTorch', () => {
  for (const c of kernelCases('elementwise')) it(c.name, () => runKernelCase(c));
});
