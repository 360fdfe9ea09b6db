// Runtimes restored from the start-up snapshot (Note [Start-up snapshot] in
// engine/runtime/pyodide_node.ts) must not share state that a fresh Python
// would draw anew: `random` is seeded from the OS at import, so two programs
// print different numbers, as two `python3` processes do.
import { describe, expect, it } from 'vitest';
import { startNodeRuntime } from '../../engine/runtime/pyodide_node.ts';

async function firstRandom(): Promise<number> {
  const runtime = await startNodeRuntime({ snapshot: true, io: { stdout: () => undefined, stderr: () => undefined } });
  return runtime.eval<number>('import random\nrandom.random()');
}

describe('the start-up snapshot', () => {
  it('does not replay random numbers: each runtime draws its own', async () => {
    const draws = [await firstRandom(), await firstRandom(), await firstRandom()];
    expect(new Set(draws).size).toBe(3);
  }, 120_000);
});
