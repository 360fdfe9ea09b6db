// The headless runner: `npx tsx engine/runtime/cli.ts program.py [args...]`
// runs a Python program with `import torch` backed by the engine, as
// `python program.py` would: its stdout and stderr pass through unchanged, an
// uncaught exception prints CPython's traceback and exits with status 1.
// GLASSGRAD_TIMING=1 prints start-up and run times to stderr.
import fs from 'node:fs';
import path from 'node:path';
import { loadBundledRuntime } from './engine_bundle.ts';
import { startNodeRuntime, startupTimings } from './pyodide_node.ts';

async function main(argv: string[]): Promise<number> {
  const [file, ...args] = argv;
  if (!file || file === '-h' || file === '--help') {
    process.stderr.write('usage: npx tsx engine/runtime/cli.ts program.py [args...]\n');
    return 2;
  }
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    process.stderr.write(`cli.ts: can't open file '${path.resolve(file)}': ${(err as Error).message}\n`);
    return 2;
  }
  const t0 = performance.now();
  const runtime = await startNodeRuntime({ loadRuntimeModule: loadBundledRuntime });
  const t1 = performance.now();
  const status = runtime.runMain(source, file, [file, ...args]);
  if (process.env.GLASSGRAD_TIMING === '1') {
    const phases = Object.entries(startupTimings).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    // performance.now() counts from process start: t0 is what Node and tsx took before this file ran.
    process.stderr.write(
      `[glassgrad] node+tsx ${t0.toFixed(0)} ms; start ${(t1 - t0).toFixed(0)} ms (${phases}); run ${(performance.now() - t1).toFixed(0)} ms\n`,
    );
  }
  return status;
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`cli.ts: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
