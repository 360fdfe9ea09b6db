// Runs a suite of kernel cases (run_kernel_cases.ts) on the relaxed-SIMD
// kernels in a child Node started with --experimental-wasm-relaxed-simd, which
// Vitest's Node 20 workers lack (Chromium has relaxed SIMD on).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface CasesReport {
  variant: string | null;
  passed: string[];
  failed: string[];
}

/** The child's report; throws with its stderr when it printed any (a crash or a failed import). */
export function runCasesWithRelaxedSimd(suite: 'sgemm' | 'pool'): CasesReport {
  const script = fileURLToPath(new URL('./run_kernel_cases.ts', import.meta.url));
  const root = fileURLToPath(new URL('../../..', import.meta.url)); // where tsx resolves
  const child = spawnSync(process.execPath, ['--experimental-wasm-relaxed-simd', '--import', 'tsx', script, suite, 'relaxed-simd'], { cwd: root, encoding: 'utf8' });
  if (child.stderr !== '') throw new Error(`run_kernel_cases.ts ${suite} relaxed-simd: ${child.stderr}`);
  return JSON.parse(child.stdout) as CasesReport;
}
