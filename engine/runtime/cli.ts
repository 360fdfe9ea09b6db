// The headless runner behind `npx glassgrad run program.py [args...]`
// (bin/glassgrad.mjs loads this file bundled; Note [CLI bundle] there). It runs
// a Python program with `import torch` backed by the engine, as `python3
// program.py` would: stdout and stderr pass through unchanged, warnings print
// as Python formats them, an uncaught exception prints CPython's traceback and
// exits with status 1. GLASSGRAD_TIMING=1 prints start-up and run times;
// GLASSGRAD_FULL_TRACEBACK=1 keeps the engine's frames in tracebacks.
// `glassgrad check LESSON.md [--verify]` runs a lesson's checks (lessons/check).
import fs from 'node:fs';
import path from 'node:path';
import { startNodeRuntime, startupTimings } from './pyodide_node.ts';

const USAGE = 'usage: glassgrad run program.py [args...]\n       glassgrad check LESSON.md|LESSON.ipynb [--solutions | --verify [--isolate]] [--output]\n';

export async function runCli(argv: readonly string[]): Promise<number> {
  const [command, file, ...args] = argv;
  if (command === '-h' || command === '--help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command === 'check') {
    const { runLessonCli } = await import('../../lessons/check/run_lesson.ts');
    return runLessonCli(argv.slice(1));
  }
  if (command !== 'run' || !file) {
    process.stderr.write(USAGE);
    return 2;
  }
  let source: string;
  try {
    source = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    process.stderr.write(`glassgrad: can't open file '${path.resolve(file)}': [Errno ${e.errno ?? ''}] ${e.code ?? e.message}\n`);
    return 2;
  }
  const t0 = performance.now();
  const runtime = await startNodeRuntime();
  if (process.env.GLASSGRAD_FULL_TRACEBACK === '1') runtime.eval('import _glassgrad_runner\n_glassgrad_runner._FULL = True');
  const t1 = performance.now();
  const status = runtime.runMain(source, file, [file, ...args]);
  if (process.env.GLASSGRAD_TIMING === '1') {
    const phases = Object.entries(startupTimings).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(', ');
    // performance.now() counts from process start: t0 is what Node took before the runtime began loading.
    process.stderr.write(
      `[glassgrad] node ${t0.toFixed(0)} ms; start ${(t1 - t0).toFixed(0)} ms (${phases}); run ${(performance.now() - t1).toFixed(0)} ms\n`,
    );
  }
  return status;
}
