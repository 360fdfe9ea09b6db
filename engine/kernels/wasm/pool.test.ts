// The WebAssembly 2 x 2 max pooling (Note [Max pooling in WebAssembly] in
// ../pool.ts) on both kernels variants: POOL_CASES (pool_cases.ts) against the
// TypeScript loop. Where this process cannot run relaxed SIMD, the cases run in
// a child Node with the flag (relaxed_simd_child.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { KERNELS_VARIANTS, kernelsVariantAvailable } from './instance.ts';
import { poolKernelsVariant, usePoolKernels } from './pool.ts';
import { POOL_CASES } from './pool_cases.ts';
import { runCasesWithRelaxedSimd } from './relaxed_simd_child.ts';

describe.each(KERNELS_VARIANTS.filter(kernelsVariantAvailable))('2 x 2 max pooling on the %s kernels', (variant) => {
  afterAll(() => {
    usePoolKernels('best');
  });

  it.each(POOL_CASES)('%s', (_name, run) => {
    expect(usePoolKernels(variant)).toBe(true);
    expect(poolKernelsVariant()).toBe(variant);
    run();
  });
});

if (!kernelsVariantAvailable('relaxed-simd')) {
  describe('2 x 2 max pooling on the relaxed-simd kernels, in a Node with the flag', () => {
    it('passes every case', () => {
      const report = runCasesWithRelaxedSimd('pool');
      expect(report.failed).toEqual([]);
      expect(report.variant).toBe('relaxed-simd');
      expect(report.passed).toEqual(POOL_CASES.map(([name]) => name));
    });
  });
}
