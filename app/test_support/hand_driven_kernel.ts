// An in-memory KernelClient that tests drive by hand: each execute waits until
// the test calls finish(), and the test sends the outputs through the run's
// handlers. It lets the session, commands and views be tested without Pyodide.
import type { Completion, ExecuteHandlers, ExecuteOutcome, KernelClient, KernelStatus, VariableInfo } from '../../engine/runtime/protocol.ts';

/** A kernel the test drives by hand: each execute waits until the test finishes it. */
export class HandDrivenKernel implements KernelClient {
  status: KernelStatus = 'idle';
  runs: { code: string; cellName: string; executionCount: number; handlers: ExecuteHandlers; finish(o: ExecuteOutcome): void }[] = [];
  interruptResult: 'interrupted' | 'restarted' = 'interrupted';
  private statusListeners = new Set<(s: KernelStatus) => void>();
  private variableListeners = new Set<(v: VariableInfo[]) => void>();

  setStatus(status: KernelStatus) {
    this.status = status;
    for (const l of this.statusListeners) l(status);
  }
  publishVariables(v: VariableInfo[]) {
    for (const l of this.variableListeners) l(v);
  }
  onStatus(l: (s: KernelStatus) => void) {
    this.statusListeners.add(l);
    return () => this.statusListeners.delete(l);
  }
  private progressListeners = new Set<(phase: string, fraction: number) => void>();
  onStartupProgress(l: (phase: string, fraction: number) => void) {
    this.progressListeners.add(l);
    return () => this.progressListeners.delete(l);
  }
  progress(phase: string, fraction: number) {
    for (const l of this.progressListeners) l(phase, fraction);
  }
  onVariables(l: (v: VariableInfo[]) => void) {
    this.variableListeners.add(l);
    return () => this.variableListeners.delete(l);
  }
  execute(request: { cellId: string; cellName: string; code: string; executionCount: number }, handlers: ExecuteHandlers): Promise<ExecuteOutcome> {
    return new Promise((finish) => this.runs.push({ ...request, handlers, finish }));
  }
  async interrupt() {
    const run = this.runs.shift();
    run?.handlers.onError?.({ type: 'error', runId: 0, ename: 'KeyboardInterrupt', evalue: '', traceback: ['KeyboardInterrupt'], frames: [] });
    run?.finish({ status: this.interruptResult === 'interrupted' ? 'interrupted' : 'dead', durationMs: 1 });
    return this.interruptResult;
  }
  restarts = 0;
  async restart() {
    this.restarts++;
    for (const run of this.runs.splice(0)) run.finish({ status: 'dead', durationMs: 0 });
  }
  async complete(): Promise<{ items: Completion[]; from: number }> {
    return { items: [{ label: 'ones', type: 'function', detail: '(*size)' }], from: 6 };
  }
  async variables() {
    return [];
  }
  disposed = false;
  dispose() {
    this.disposed = true;
  }
  /** Finishes the oldest pending run. */
  async finish(outcome: ExecuteOutcome['status'] = 'ok') {
    this.runs.shift()!.finish({ status: outcome, durationMs: 7 });
    await new Promise((r) => setTimeout(r, 0));
  }
}
