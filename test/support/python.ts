// Python in tests: one Pyodide for the calling test file (started in
// beforeAll), snippets run as programs with their output captured.
//
//   const py = usePython();
//   it('adds', () => expect(py.stdoutOf('import torch\nprint(torch.ones(2) + 1)')).toBe('tensor([2., 2.])\n'));
import { beforeAll } from 'vitest';
import { startNodeRuntime } from '../../engine/runtime/pyodide_node.ts';
import type { PythonRuntime } from '../../engine/runtime/python_runtime.ts';

export interface ProgramRun {
  status: number;
  stdout: string;
  stderr: string;
}

export interface PythonHarness {
  /** The runtime (after beforeAll). */
  readonly runtime: PythonRuntime;
  /** Runs a snippet as a program named `filename`; returns its exit status and output. */
  run(source: string, filename?: string): ProgramRun;
  /** Runs a snippet; returns its stdout, throwing with its traceback if it raised. */
  stdoutOf(source: string): string;
  /** The value a snippet prints as JSON on its last line. */
  jsonOf<T>(source: string): T;
}

export function usePython(options: { before?: () => void } = {}): PythonHarness {
  let runtime: PythonRuntime | null = null;
  let out = '';
  let err = '';
  const decoder = new TextDecoder();

  beforeAll(async () => {
    options.before?.();
    runtime = await startNodeRuntime({
      io: { stdout: (b) => void (out += decoder.decode(b)), stderr: (b) => void (err += decoder.decode(b)) },
    });
  }, 120_000);

  const harness: PythonHarness = {
    get runtime(): PythonRuntime {
      if (!runtime) throw new Error('usePython(): the runtime starts in beforeAll');
      return runtime;
    },
    run(source, filename = 'snippet.py') {
      out = '';
      err = '';
      const status = harness.runtime.runMain(source, filename);
      return { status, stdout: out, stderr: err };
    },
    stdoutOf(source) {
      const r = harness.run(source);
      if (r.status !== 0) throw new Error(`snippet failed:\n${r.stderr}`);
      return r.stdout;
    },
    jsonOf<T>(source: string): T {
      return JSON.parse(harness.stdoutOf(source).trimEnd().split('\n').at(-1)!) as T;
    },
  };
  return harness;
}
