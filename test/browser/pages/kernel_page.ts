// A bare page that starts the Python kernel (as the notebook will, at page
// load) and exposes it to browser tests as `window.kernelPage`, whose methods
// return plain data that page.evaluate can carry back.
import type { ExecuteOutcome, KernelStatus } from '../../../engine/runtime/protocol.ts';
import { WorkerKernelClient } from '../../../engine/runtime/worker_client.ts';

export interface CellRun {
  status: ExecuteOutcome['status'];
  durationMs: number;
  stdout: string;
  stderr: string;
  /** text/plain of each execute-result and display. */
  results: string[];
  error: { ename: string; evalue: string; traceback: string[] } | null;
  /** performance.now() when the run's promise settled. */
  endedAt: number;
}

export interface KernelPage {
  kernel: WorkerKernelClient;
  statuses: KernelStatus[];
  /** [phase, fraction, performance.now()] of each start-up step. */
  progress: Array<[string, number, number]>;
  /** performance.now() of the 'ready' (idle) status, first time. */
  readyAt: number | null;
  /** Runs a cell and resolves with its outputs. */
  run(code: string): Promise<CellRun>;
  /** Starts a cell without waiting; `wait(id)` resolves with its outputs. */
  start(code: string): number;
  wait(id: number): Promise<CellRun>;
  interrupt(): Promise<{ outcome: 'interrupted' | 'restarted'; at: number }>;
  restart(): Promise<void>;
  /** Resolves when the kernel is idle (or dead). */
  whenIdle(): Promise<KernelStatus>;
  /** The run of `?cell=<code>`, queued at page load as a notebook's first cell would be. */
  firstRun: Promise<CellRun> | null;
}

declare global {
  interface Window {
    kernelPage: KernelPage;
  }
}

const kernel = new WorkerKernelClient();
const statusText = document.getElementById('status')!;
let executionCount = 0;
const runs = new Map<number, Promise<CellRun>>();

function runCell(code: string): Promise<CellRun> {
  const out: Omit<CellRun, 'status' | 'durationMs' | 'endedAt'> = { stdout: '', stderr: '', results: [], error: null };
  executionCount++;
  return kernel
    .execute(
      { cellId: `cell-${executionCount}`, cellName: `<cell ${executionCount}>`, code, executionCount },
      {
        onStream: (name, text) => void (out[name] += text),
        onResult: (data) => void out.results.push(String(data['text/plain'])),
        onDisplay: (data) => void out.results.push(String(data['text/plain'])),
        onError: (e) => void (out.error = { ename: e.ename, evalue: e.evalue, traceback: e.traceback }),
      },
    )
    .then((outcome) => ({ ...out, ...outcome, endedAt: performance.now() }));
}

const page: KernelPage = {
  kernel,
  statuses: [kernel.status],
  progress: [],
  readyAt: null,
  firstRun: null,
  run: runCell,
  start(code) {
    const id = runs.size + 1;
    runs.set(id, runCell(code));
    return id;
  },
  wait: (id) => runs.get(id)!,
  async interrupt() {
    const outcome = await kernel.interrupt();
    return { outcome, at: performance.now() };
  },
  restart: () => kernel.restart(),
  whenIdle() {
    if (kernel.status === 'idle' || kernel.status === 'dead') return Promise.resolve(kernel.status);
    return new Promise((resolve) => {
      const off = kernel.onStatus((status) => {
        if (status === 'idle' || status === 'dead') {
          off();
          resolve(status);
        }
      });
    });
  },
};

kernel.onStatus((status) => {
  page.statuses.push(status);
  statusText.textContent = status;
  if (status === 'idle' && page.readyAt === null) page.readyAt = performance.now();
});
kernel.onStartupProgress((phase, fraction) => void page.progress.push([phase, fraction, performance.now()]));
const firstCell = new URLSearchParams(location.search).get('cell');
if (firstCell !== null) page.firstRun = runCell(firstCell);
window.kernelPage = page;
