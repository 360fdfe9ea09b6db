// The reduction and along-dim loops (reduce.ts) through the op table against
// real PyTorch (kernel_fixtures.json): full and per-dim sums, means, max/min
// with indices, amax, var, logsumexp, softmax, log_softmax and cumsum over
// sizes 1, 7, 33, 257 and 257x33 transposed, permuted and stepped views;
// values and gradients.
import { describe, it } from 'vitest';
import { kernelCases, runKernelCase } from '../../test/fixtures/kernel_fixtures.ts';

describe('reductions on views match PyTorch', () => {
  for (const c of kernelCases('reduce')) it(c.name, () => runKernelCase(c));
});
