// The WebAssembly SGEMM (Note [WebAssembly SGEMM]) on both kernels variants:
// SGEMM_CASES (sgemm_cases.ts) against a float64 triple loop and against
// gemm.ts's TypeScript kernel. Vitest's Node 20 workers have baseline SIMD
// only, so where this process cannot run relaxed SIMD the cases run in a child
// Node started with --experimental-wasm-relaxed-simd (what Chromium has on).
import { afterAll, describe, expect, it } from 'vitest';
import { KERNELS_VARIANTS, kernelsVariantAvailable } from './instance.ts';
import { runCasesWithRelaxedSimd } from './relaxed_simd_child.ts';
import { sgemmKernels, sgemmWasmAvailable, useSgemmKernels } from './sgemm.ts';
import { SGEMM_CASES } from './sgemm_cases.ts';

describe('sgemmWasm', () => {
  it('is available in Node 20, baseline SIMD at least', () => {
    expect(sgemmWasmAvailable()).toBe(true);
    expect(kernelsVariantAvailable('simd')).toBe(true);
  });

  it('runs the best variant this runtime validates', () => {
    expect(sgemmKernels()!.variant).toBe(KERNELS_VARIANTS.find(kernelsVariantAvailable));
  });
});

describe.each(KERNELS_VARIANTS.filter(kernelsVariantAvailable))('sgemmWasm on the %s kernels', (variant) => {
  afterAll(() => {
    useSgemmKernels('best');
  });

  it.each(SGEMM_CASES)('%s', (_name, run) => {
    expect(useSgemmKernels(variant)).toBe(true);
    expect(sgemmKernels()!.variant).toBe(variant);
    run();
  });
});

if (!kernelsVariantAvailable('relaxed-simd')) {
  describe('sgemmWasm on the relaxed-simd kernels, in a Node with the flag', () => {
    it('passes every case', () => {
      const report = runCasesWithRelaxedSimd('sgemm');
      expect(report.failed).toEqual([]);
      expect(report.variant).toBe('relaxed-simd');
      expect(report.passed).toEqual(SGEMM_CASES.map(([name]) => name));
    });
  });
}
