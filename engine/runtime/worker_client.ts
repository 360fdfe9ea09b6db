// The UI's side of the Python kernel in the browser: a Web Worker (worker.ts)
// started when the client is constructed (page load), so Pyodide loads while
// the page renders. Executions queue here and go to the Worker one at a time.
//
// Note [Interrupting the Worker]: when the page is cross-origin isolated the
// Worker shares an Int32Array with us and Pyodide polls it between bytecodes;
// writing 2 (SIGINT) raises KeyboardInterrupt in the running cell and the
// namespace survives. A cell stuck where Python does not poll (a long
// engine call) or a page that is not isolated cannot be interrupted that way:
// the Worker is terminated and a fresh one started, and the cells are lost.
import { Listeners } from './listeners.ts';
import {
  PROTOCOL_VERSION,
  assertNever,
  type Completion,
  type ExecuteHandlers,
  type ExecuteOutcome,
  type KernelClient,
  type KernelEvent,
  type KernelRequest,
  type KernelStatus,
  type VariableInfo,
} from './protocol.ts';

const SIGINT = 2;

export interface WorkerKernelClientOptions {
  /** Makes the Worker (tests pass their own); default: worker.ts as a module Worker. */
  createWorker?: () => Worker;
  /** How long a run may take to stop after the interrupt buffer is set before the Worker is replaced (default 2 s: a busy 2-core machine can take over a second to unwind a KeyboardInterrupt, and a restart loses the namespace). */
  interruptGraceMs?: number;
  /** How long `complete` and `variables` wait for their answer. */
  requestTimeoutMs?: number;
  /** A Worker that has not reported progress or readiness for this long is declared dead. */
  startupTimeoutMs?: number;
}

type ExecuteRequest = Parameters<KernelClient['execute']>[0];

/** What the kernel reported when it became ready. */
export type KernelReadyInfo = Omit<Extract<KernelEvent, { type: 'ready' }>, 'type'>;

interface Run {
  runId: number;
  request: ExecuteRequest;
  handlers: ExecuteHandlers;
  resolve(outcome: ExecuteOutcome): void;
}

interface PendingRequest {
  resolve(event: KernelEvent): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

type Query = Extract<KernelRequest, { type: 'complete' | 'variables' }>;

/** One Worker's lifetime: a restart makes a new session; events from an old one are ignored. */
interface Session {
  worker: Worker;
  /** Over a SharedArrayBuffer when the page is cross-origin isolated. */
  interruptBuffer: Int32Array | null;
  ready: boolean;
  startupTimer: ReturnType<typeof setTimeout> | null;
}

function defaultWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'glassgrad-python' });
}

/**
 * The Python kernel in a Web Worker.
 *
 * ```ts
 * const kernel = new WorkerKernelClient();
 * await kernel.execute({ cellId: 'a', cellName: '<cell 1>', code: 'print(1)', executionCount: 1 },
 *   { onStream: (name, text) => console.log(name, text) });
 * ```
 */
export class WorkerKernelClient implements KernelClient {
  private _status: KernelStatus = 'starting';
  private session: Session;
  private readonly queue: Run[] = [];
  private current: Run | null = null;
  private readonly waitingQueries: Query[] = [];
  private readonly pending = new Map<number, PendingRequest>();
  private nextRunId = 1;
  private nextReqId = 1;
  private disposed = false;
  private readonly statusListeners = new Listeners<[status: KernelStatus]>();
  private readonly progressListeners = new Listeners<[phase: string, fraction: number]>();
  private latestProgress: [phase: string, fraction: number] | null = null;
  private readonly variableListeners = new Listeners<[variables: VariableInfo[]]>();
  private readonly readyWaiters: Array<() => void> = [];
  private readonly options: Required<WorkerKernelClientOptions>;
  private _readyInfo: KernelReadyInfo | null = null;

  constructor(options: WorkerKernelClientOptions = {}) {
    this.options = {
      createWorker: options.createWorker ?? defaultWorker,
      interruptGraceMs: options.interruptGraceMs ?? 2000,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      startupTimeoutMs: options.startupTimeoutMs ?? 60_000,
    };
    this.session = this.startSession();
  }

  get status(): KernelStatus {
    return this._status;
  }

  /** Versions and start-up time of the running kernel; null while it starts. */
  get readyInfo(): KernelReadyInfo | null {
    return this._readyInfo;
  }

  onStatus(listener: (status: KernelStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  onStartupProgress(listener: (phase: string, fraction: number) => void): () => void {
    if (this._status === 'starting' && this.latestProgress) listener(...this.latestProgress);
    return this.progressListeners.add(listener);
  }

  onVariables(listener: (variables: VariableInfo[]) => void): () => void {
    return this.variableListeners.add(listener);
  }

  execute(request: ExecuteRequest, handlers: ExecuteHandlers): Promise<ExecuteOutcome> {
    if (this.disposed || this._status === 'dead') return Promise.resolve({ status: 'dead', durationMs: 0 });
    return new Promise((resolve) => {
      this.queue.push({ runId: this.nextRunId++, request, handlers, resolve });
      this.pump();
    });
  }

  async interrupt(): Promise<'interrupted' | 'restarted'> {
    const run = this.current;
    this.endQueued('interrupted');
    if (!run) return 'interrupted';
    const buffer = this.session.interruptBuffer;
    if (buffer && this.session.ready) {
      Atomics.store(buffer, 0, SIGINT);
      Atomics.notify(buffer, 0); // wakes a time.sleep waiting on the buffer (Note [Interrupts] in kernel_core.ts)
      if (await this.ended(run, this.options.interruptGraceMs)) return 'interrupted';
    }
    if (this.current === run) {
      this.current = null;
      run.resolve({ status: 'interrupted', durationMs: 0 });
    }
    this.replaceSession();
    return 'restarted';
  }

  restart(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.endQueued('dead');
    if (this.current) {
      this.current.resolve({ status: 'dead', durationMs: 0 });
      this.current = null;
    }
    this.replaceSession();
    return this.whenSettled();
  }

  async complete(code: string, cursor: number): Promise<{ items: Completion[]; from: number }> {
    const event = await this.query({ type: 'complete', reqId: this.nextReqId++, code, cursor });
    if (event.type !== 'completions') throw new Error(`expected completions, got ${event.type}`);
    return { items: event.items, from: event.from };
  }

  async variables(): Promise<VariableInfo[]> {
    const event = await this.query({ type: 'variables', reqId: this.nextReqId++ });
    if (event.type !== 'variables') throw new Error(`expected variables, got ${event.type}`);
    return event.variables;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopSession();
    this.endQueued('dead');
    if (this.current) this.current.resolve({ status: 'dead', durationMs: 0 });
    this.current = null;
    this.failQueries(new Error('kernel disposed'));
    this.setStatus('dead');
  }

  // --- sessions ---

  private startSession(): Session {
    const worker = this.options.createWorker();
    const isolated = typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true;
    const shared = isolated ? new SharedArrayBuffer(4) : undefined;
    const session: Session = {
      worker,
      interruptBuffer: shared ? new Int32Array(shared) : null,
      ready: false,
      startupTimer: null,
    };
    worker.addEventListener('message', (e: MessageEvent<KernelEvent>) => {
      if (this.session === session) this.receive(e.data);
    });
    const die = (message: string) => {
      if (this.session === session) this.die(message);
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      die(e.message || 'the Python Worker failed');
    });
    worker.addEventListener('messageerror', () => die('a message from the Python Worker could not be read'));
    this.armStartupTimer(session);
    const init: KernelRequest = { type: 'init', version: PROTOCOL_VERSION, ...(shared ? { interruptBuffer: shared } : {}) };
    worker.postMessage(init);
    this.setStatus('starting');
    return session;
  }

  private armStartupTimer(session: Session): void {
    if (session.startupTimer) clearTimeout(session.startupTimer);
    session.startupTimer = setTimeout(() => {
      if (this.session === session && !session.ready) this.die('the Python Worker stopped answering while starting');
    }, this.options.startupTimeoutMs);
  }

  private stopSession(): void {
    if (this.session.startupTimer) clearTimeout(this.session.startupTimer);
    this.session.worker.terminate();
  }

  private replaceSession(): void {
    this.stopSession();
    this._readyInfo = null;
    this.failQueries(new Error('the kernel restarted'));
    this.session = this.startSession();
  }

  private die(message: string): void {
    this.stopSession();
    this.endQueued('dead');
    if (this.current) this.current.resolve({ status: 'dead', durationMs: 0 });
    this.current = null;
    this.failQueries(new Error(message));
    this.setStatus('dead');
    this.settle();
  }

  // --- events from the Worker ---

  private receive(event: KernelEvent): void {
    switch (event.type) {
      case 'startup-progress':
        this.armStartupTimer(this.session);
        this.latestProgress = [event.phase, event.fraction];
        this.progressListeners.emit(event.phase, event.fraction);
        return;
      case 'ready': {
        const { version, pyodideVersion, torchVersion, startupMs, interruptible, fromSnapshot } = event;
        this._readyInfo = { version, pyodideVersion, torchVersion, startupMs, interruptible, fromSnapshot };
        if (this.session.startupTimer) clearTimeout(this.session.startupTimer);
        this.session.ready = true;
        this.setStatus('idle');
        this.settle();
        this.flushQueries();
        this.pump();
        return;
      }
      case 'fatal':
        this.die(event.message);
        return;
      case 'stream':
        this.handlersFor(event.runId)?.onStream?.(event.name, event.text);
        return;
      case 'display':
        this.handlersFor(event.runId)?.onDisplay?.(event.data, event.displayId);
        return;
      case 'update-display':
        this.handlersFor(event.runId)?.onUpdateDisplay?.(event.data, event.displayId);
        return;
      case 'execute-result':
        this.handlersFor(event.runId)?.onResult?.(event.data, event.executionCount);
        return;
      case 'error':
        this.handlersFor(event.runId)?.onError?.(event);
        return;
      case 'trace':
        this.handlersFor(event.runId)?.onTrace?.(event.events);
        return;
      case 'done':
        this.finish(event);
        return;
      case 'variables':
        if (event.reqId === null) {
          this.variableListeners.emit(event.variables);
        } else {
          this.answer(event.reqId, event);
        }
        return;
      case 'completions':
        this.answer(event.reqId, event);
        return;
      default:
        assertNever(event);
    }
  }

  private handlersFor(runId: number): ExecuteHandlers | undefined {
    return this.current?.runId === runId ? this.current.handlers : undefined;
  }

  private finish(event: Extract<KernelEvent, { type: 'done' }>): void {
    const run = this.current;
    if (!run || run.runId !== event.runId) return;
    this.current = null;
    // A SIGINT written just as the run ended must not interrupt the next one.
    if (this.session.interruptBuffer) Atomics.store(this.session.interruptBuffer, 0, 0);
    run.resolve({ status: event.status, durationMs: event.durationMs });
    this.setStatus('idle');
    this.pump();
  }

  // --- the execution queue ---

  private pump(): void {
    if (this.current || !this.session.ready || this._status === 'dead') return;
    const run = this.queue.shift();
    if (!run) return;
    this.current = run;
    this.setStatus('busy');
    this.post({ type: 'execute', runId: run.runId, ...run.request });
  }

  private endQueued(status: ExecuteOutcome['status']): void {
    for (const run of this.queue.splice(0)) run.resolve({ status, durationMs: 0 });
  }

  /** Resolves true when `run` has ended within `ms`. */
  private ended(run: Run, ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const started = performance.now();
      const poll = () => {
        if (this.current !== run) resolve(true);
        else if (performance.now() - started >= ms) resolve(false);
        else setTimeout(poll, 10);
      };
      poll();
    });
  }

  // --- request/response ---

  private query(request: Query): Promise<KernelEvent> {
    if (this.disposed || this._status === 'dead') return Promise.reject(new Error('the kernel is dead'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(request.reqId);
        reject(new Error(`the kernel did not answer '${request.type}' within ${this.options.requestTimeoutMs} ms`));
      }, this.options.requestTimeoutMs);
      this.pending.set(request.reqId, { resolve, reject, timer });
      if (this.session.ready) this.post(request);
      else this.waitingQueries.push(request);
    });
  }

  private flushQueries(): void {
    for (const request of this.waitingQueries.splice(0)) if (this.pending.has(request.reqId)) this.post(request);
  }

  private answer(reqId: number, event: KernelEvent): void {
    const pending = this.pending.get(reqId);
    if (!pending) return;
    this.pending.delete(reqId);
    clearTimeout(pending.timer);
    pending.resolve(event);
  }

  private failQueries(error: Error): void {
    this.waitingQueries.length = 0;
    for (const [reqId, pending] of this.pending) {
      clearTimeout(pending.timer);
      pending.reject(error);
      this.pending.delete(reqId);
    }
  }

  // --- helpers ---

  private post(request: KernelRequest): void {
    this.session.worker.postMessage(request);
  }

  private setStatus(status: KernelStatus): void {
    if (this._status === status) return;
    if (status === 'starting') this.latestProgress = null;
    this._status = status;
    this.statusListeners.emit(status);
  }

  private whenSettled(): Promise<void> {
    if (this._status === 'idle' || this._status === 'dead') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  private settle(): void {
    for (const resolve of this.readyWaiters.splice(0)) resolve();
  }
}
