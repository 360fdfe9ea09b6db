// The kernel slice: what the UI knows about the kernel (status, queue, counts,
// variables) — ids and snapshots only; the live client lives in KernelSession.
import type { StateCreator } from 'zustand/vanilla';
import type { ExecuteOutcome, KernelStatus, VariableInfo } from '../../engine/runtime/protocol.ts';
import * as k from '../kernel/run_queue.ts';
import type { AppState } from './store.ts';

export interface KernelSlice {
  kernel: k.KernelState;
  setKernelStatus(status: KernelStatus): void;
  setStartupProgress(phase: string, fraction: number): void;
  setVariables(variables: VariableInfo[]): void;
  enqueueRuns(runs: k.QueuedRun[]): void;
  /** Takes the next queued run (see run_queue.beginNextRun). */
  beginNextRun(now: number): k.ActiveRun | null;
  finishRun(token: number, outcome: ExecuteOutcome): void;
  clearQueue(): void;
  sessionRestarted(): void;
}

export const createKernelSlice: StateCreator<AppState, [], [], KernelSlice> = (set, get) => {
  const apply = (f: (s: k.KernelState) => k.KernelState) =>
    set((s) => {
      const next = f(s.kernel);
      return next === s.kernel ? s : { kernel: next };
    });
  return {
    kernel: k.initialKernelState(),
    setKernelStatus: (status) => apply((s) => k.setStatus(s, status)),
    setStartupProgress: (phase, fraction) => apply((s) => k.setStartupProgress(s, phase, fraction)),
    setVariables: (variables) => apply((s) => k.setVariables(s, variables)),
    enqueueRuns: (runs) => apply((s) => k.enqueueRuns(s, runs)),
    beginNextRun: (now) => {
      const { state, run } = k.beginNextRun(get().kernel, now);
      if (run) set({ kernel: state });
      return run;
    },
    finishRun: (token, outcome) => apply((s) => k.finishRun(s, token, outcome)),
    clearQueue: () => apply(k.clearQueue),
    sessionRestarted: () => apply(k.sessionRestarted),
  };
};
