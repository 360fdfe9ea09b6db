// Runs SGEMM_CASES (sgemm_cases.ts) on one kernels variant and prints a JSON
// report, for sgemm.test.ts to run in a Node whose flags Vitest's workers lack:
//   node --experimental-wasm-relaxed-simd --import tsx engine/kernels/wasm/run_sgemm_cases.ts relaxed-simd
import { KERNELS_VARIANTS, type KernelsVariant } from './instance.ts';
import { sgemmKernels, useSgemmKernels } from './sgemm.ts';
import { SGEMM_CASES } from './sgemm_cases.ts';

const variant = process.argv[2] as KernelsVariant;
if (!KERNELS_VARIANTS.includes(variant)) throw new Error(`usage: run_sgemm_cases.ts ${KERNELS_VARIANTS.join(' | ')}`);
const report = { variant: useSgemmKernels(variant) ? sgemmKernels()!.variant : null, passed: [] as string[], failed: [] as string[] };
if (report.variant !== null) {
  for (const [name, run] of SGEMM_CASES) {
    try {
      run();
      report.passed.push(name);
    } catch (e) {
      report.failed.push(`${name}: ${(e as Error).message}`);
    }
  }
}
console.log(JSON.stringify(report));
