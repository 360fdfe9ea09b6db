// Connects the live kernel client to the store: queued cells go to the kernel
// one at a time and their outputs land in the notebook slice as they stream in.
// The store holds only what the UI shows; the client object lives here.
import type { ExecuteOutcome, KernelClient } from '../../engine/runtime/protocol.ts';
import type { TraceEvent } from '../../engine/trace/events.ts';
import type { AppStore } from '../store/store.ts';
import type { ActiveRun, QueuedRun } from './run_queue.ts';

export interface KernelSessionOptions {
  /** The clock for run start times (performance.now by default). */
  now?: () => number;
  /** Receives each run's engine trace batches (the graph and memory views' feed). */
  onTrace?: (events: TraceEvent[]) => void;
}

export class KernelSession {
  /** Bumped by a restart: a run loop from an older session stops after its current await. */
  private generation = 0;
  private pumping = -1;
  private readonly unsubscribe: (() => void)[];
  private readonly now: () => number;
  private readonly onTrace?: (events: TraceEvent[]) => void;

  constructor(
    private readonly store: AppStore,
    readonly client: KernelClient,
    options: KernelSessionOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.onTrace = options.onTrace;
    const state = () => store.getState();
    state().setKernelStatus(client.status);
    this.unsubscribe = [
      client.onStatus((status) => {
        const was = state().kernel.status;
        state().setKernelStatus(status);
        if (status === 'dead' && was !== 'dead') {
          state().clearQueue();
          state().notify({
            kind: 'error',
            text: 'The Python kernel stopped working. Your notebook is safe; restart the kernel to go on (variables will need to be computed again).',
            action: { label: 'Restart kernel', command: 'restart-kernel' },
          });
        }
      }),
      client.onStartupProgress((phase, fraction) => state().setStartupProgress(phase, fraction)),
      client.onVariables((variables) => state().setVariables(variables)),
    ];
  }

  /**
   * Runs cells in order, as Jupyter does: code cells are queued, Markdown cells
   * are rendered, empty code cells just lose their outputs.
   */
  run(cellIds: string[]): void {
    const state = this.store.getState();
    if (state.kernel.status === 'dead') {
      state.notify({ kind: 'error', text: 'The kernel is not running. Restart it to run cells.', action: { label: 'Restart kernel', command: 'restart-kernel' } });
      return;
    }
    const runs: QueuedRun[] = [];
    for (const id of cellIds) {
      const cell = state.notebook.doc.cells[id];
      if (!cell) continue;
      if (cell.type === 'markdown') state.renderMarkdown(id);
      else if (cell.type === 'code' && cell.source.trim() === '') state.clearOutputs(id);
      else if (cell.type === 'code') runs.push({ cellId: id, code: cell.source });
    }
    state.enqueueRuns(runs);
    void this.pump();
  }

  /** Stops the running cell (KeyboardInterrupt) and drops the queue. */
  async interrupt(): Promise<void> {
    const state = this.store.getState();
    state.clearQueue();
    if (!state.kernel.running) return;
    const result = await this.client.interrupt();
    if (result === 'restarted') {
      this.generation++;
      this.store.getState().sessionRestarted();
      this.store.getState().notify({
        kind: 'info',
        text: 'The cell did not stop, so the kernel was restarted. The notebook is intact, but its variables are gone.',
        action: { label: 'Run all above', command: 'run-all-above-selected' },
      });
    }
  }

  /** A fresh kernel: empty namespace, counts from 1. Outputs stay, as in Jupyter. */
  async restart(): Promise<void> {
    this.generation++;
    this.store.getState().sessionRestarted();
    await this.client.restart();
  }

  /** Completions at `cursor` in `code`; none while the kernel is busy or starting. */
  async complete(code: string, cursor: number) {
    if (this.store.getState().kernel.status !== 'idle') return null;
    try {
      return await this.client.complete(code, cursor);
    } catch {
      return null;
    }
  }

  dispose(): void {
    for (const u of this.unsubscribe) u();
    this.client.dispose();
  }

  private async pump(): Promise<void> {
    const generation = this.generation;
    if (this.pumping === generation) return;
    this.pumping = generation;
    try {
      while (generation === this.generation) {
        const run = this.store.getState().beginNextRun(this.now());
        if (!run) break;
        await this.execute(run);
      }
    } finally {
      if (this.pumping === generation) this.pumping = -1;
    }
    // A restart during the last await leaves the new session's queue to a new loop.
    if (generation !== this.generation && this.store.getState().kernel.queue.length > 0) void this.pump();
  }

  private async execute(run: ActiveRun): Promise<void> {
    const state = () => this.store.getState();
    const live = () => state().kernel.running?.token === run.token;
    const id = run.cellId;
    state().startCellRun(id, run.executionCount);
    let outcome: ExecuteOutcome;
    try {
      outcome = await this.client.execute(
        { cellId: id, cellName: run.cellName, code: run.code, executionCount: run.executionCount },
        {
          onStream: (name, text) => live() && state().cellStream(id, name, text),
          onDisplay: (data, displayId) => live() && state().cellDisplay(id, data, displayId),
          onUpdateDisplay: (data, displayId) => live() && state().replaceDisplay(displayId, data),
          onResult: (data, count) => live() && state().cellResult(id, data, count),
          onError: (error) => live() && state().cellError(id, error),
          ...(this.onTrace ? { onTrace: (events: TraceEvent[]) => live() && this.onTrace!(events) } : {}),
        },
      );
    } catch (e) {
      outcome = { status: 'dead', durationMs: this.now() - run.startedAt };
      state().notify({ kind: 'error', text: `The kernel failed to run the cell: ${e instanceof Error ? e.message : String(e)}` });
    }
    state().finishRun(run.token, outcome);
  }
}
