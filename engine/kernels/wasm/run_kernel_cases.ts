// Runs one suite of kernel cases (sgemm_cases.ts or pool_cases.ts) on one
// kernels variant and prints a JSON report, for the tests next to them to run
// in a Node whose flags Vitest's workers lack:
//   node --experimental-wasm-relaxed-simd --import tsx engine/kernels/wasm/run_kernel_cases.ts sgemm relaxed-simd
import { KERNELS_VARIANTS, type KernelsVariant } from './instance.ts';
import { poolKernelsVariant, usePoolKernels } from './pool.ts';
import { POOL_CASES } from './pool_cases.ts';
import { sgemmKernels, useSgemmKernels } from './sgemm.ts';
import { SGEMM_CASES } from './sgemm_cases.ts';

/** Each suite: its cases, how to switch its kernels to a variant, and which variant it then runs. */
const SUITES = {
  sgemm: { cases: SGEMM_CASES, use: useSgemmKernels, variant: () => sgemmKernels()?.variant ?? null },
  pool: { cases: POOL_CASES, use: usePoolKernels, variant: poolKernelsVariant },
} as const;

const [suiteName, variant] = process.argv.slice(2) as [keyof typeof SUITES, KernelsVariant];
const suite = SUITES[suiteName];
if (!suite || !KERNELS_VARIANTS.includes(variant)) throw new Error(`usage: run_kernel_cases.ts ${Object.keys(SUITES).join(' | ')} ${KERNELS_VARIANTS.join(' | ')}`);
const report = { variant: suite.use(variant) ? suite.variant() : null, passed: [] as string[], failed: [] as string[] };
if (report.variant !== null) {
  for (const [name, run] of suite.cases) {
    try {
      run();
      report.passed.push(name);
    } catch (e) {
      report.failed.push(`${name}: ${(e as Error).message}`);
    }
  }
}
console.log(JSON.stringify(report));
