// The kernel slice's state and its pure transitions: status, start-up progress,
// the run queue (Jupyter semantics: cells run one at a time in the order they
// were queued; an error or interrupt drops what is still queued), execution
// counts per kernel session, and the last run of each cell.
import type { ExecuteOutcome, KernelStatus, VariableInfo } from '../../engine/runtime/protocol.ts';

export interface QueuedRun {
  cellId: string;
  /** The code as it was when queued, as Jupyter sends it at queue time. */
  code: string;
}

export interface ActiveRun {
  /** Identifies this run, so late outcomes of a run a restart abandoned are ignored. */
  token: number;
  cellId: string;
  code: string;
  executionCount: number;
  /** The name the kernel compiles the cell under: tracebacks say `File "<cell 3>"`. */
  cellName: string;
  startedAt: number;
}

export interface LastRun {
  durationMs: number;
  status: ExecuteOutcome['status'];
}

export interface KernelState {
  status: KernelStatus;
  startup: { phase: string; fraction: number } | null;
  /** The count the next run gets; a restart starts again at 1. */
  nextExecutionCount: number;
  queue: QueuedRun[];
  running: ActiveRun | null;
  lastRuns: Record<string, LastRun>;
  /** Cell names of this session ("<cell 3>") → cell ids, for traceback links. */
  cellNames: Record<string, string>;
  variables: VariableInfo[];
  runTokens: number;
}

export function initialKernelState(status: KernelStatus = 'starting'): KernelState {
  return { status, startup: null, nextExecutionCount: 1, queue: [], running: null, lastRuns: {}, cellNames: {}, variables: [], runTokens: 0 };
}

export function cellNameFor(executionCount: number): string {
  return `<cell ${executionCount}>`;
}

export function setStatus(state: KernelState, status: KernelStatus): KernelState {
  if (state.status === status) return state;
  return { ...state, status, startup: status === 'starting' ? state.startup : null };
}

export function setStartupProgress(state: KernelState, phase: string, fraction: number): KernelState {
  return { ...state, startup: { phase, fraction: Math.max(0, Math.min(1, fraction)) } };
}

export function setVariables(state: KernelState, variables: VariableInfo[]): KernelState {
  return { ...state, variables };
}

export function enqueueRuns(state: KernelState, runs: QueuedRun[]): KernelState {
  return runs.length === 0 ? state : { ...state, queue: [...state.queue, ...runs] };
}

/**
 * Takes the next queued cell when nothing runs: it gets the session's next
 * execution count and its cell name. Returns the run to send, or null.
 */
export function beginNextRun(state: KernelState, now: number): { state: KernelState; run: ActiveRun | null } {
  const next = state.queue[0];
  if (state.running || !next || state.status === 'dead') return { state, run: null };
  const executionCount = state.nextExecutionCount;
  const run: ActiveRun = { token: state.runTokens + 1, cellId: next.cellId, code: next.code, executionCount, cellName: cellNameFor(executionCount), startedAt: now };
  return {
    run,
    state: {
      ...state,
      queue: state.queue.slice(1),
      running: run,
      runTokens: run.token,
      nextExecutionCount: executionCount + 1,
      cellNames: { ...state.cellNames, [run.cellName]: run.cellId },
    },
  };
}

/** The running cell finished. Anything but success drops the rest of the queue (Jupyter's stop on error). */
export function finishRun(state: KernelState, token: number, outcome: ExecuteOutcome): KernelState {
  const run = state.running;
  if (!run || run.token !== token) return state;
  return {
    ...state,
    running: null,
    queue: outcome.status === 'ok' ? state.queue : [],
    lastRuns: { ...state.lastRuns, [run.cellId]: { durationMs: outcome.durationMs, status: outcome.status } },
  };
}

export function clearQueue(state: KernelState): KernelState {
  return state.queue.length === 0 ? state : { ...state, queue: [] };
}

/** A new kernel session: counts from 1, nothing queued, the namespace is empty. */
export function sessionRestarted(state: KernelState): KernelState {
  return { ...state, nextExecutionCount: 1, queue: [], running: null, cellNames: {}, variables: [] };
}

/** `[*]` while queued or running. */
export function isCellPending(state: KernelState, cellId: string): boolean {
  return state.running?.cellId === cellId || state.queue.some((r) => r.cellId === cellId);
}

/** The describe.ts of the kernel slice, for test snapshots. */
export function describeKernel(state: KernelState): string {
  const running = state.running ? `running ${state.running.cellId} as ${state.running.cellName}` : 'nothing running';
  const queue = state.queue.length ? `queue ${state.queue.map((r) => r.cellId).join(', ')}` : 'queue empty';
  return `${state.status}; ${running}; ${queue}; next [${state.nextExecutionCount}]`;
}
