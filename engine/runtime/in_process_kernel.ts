// The kernel in this process (Node: tests, tooling), behind the same
// KernelClient interface the UI uses for the Worker. Requests queue and run
// one per macrotask, so a caller can interrupt() between them; a handler
// called during a run (onStream...) may interrupt() too, and the running cell
// stops at its next interrupt check (Note [Interrupts] in kernel_core.ts).
//
//   const client = await InProcessKernelClient.start();
//   await client.execute({ cellId: 'a', cellName: '<cell 1>', code: 'print(1 + 1)', executionCount: 1 },
//                        { onStream: (name, text) => process.stdout.write(text) });
//
// restart() loads a fresh Pyodide and empties the old namespace first, so its
// tensors leave the memory ledger. The engine's own JavaScript state (default
// dtype, grad mode, random generator) lives in this process's modules and is
// shared by both: only the Worker's restart gives a fully fresh engine.
import { createKernel, type Kernel } from './kernel_core.ts';
import { startNodeRuntime } from './pyodide_node.ts';
import { Listeners } from './listeners.ts';
import {
  PROTOCOL_VERSION,
  assertNever,
  type Completion,
  type ExecuteHandlers,
  type ExecuteOutcome,
  type KernelClient,
  type KernelEvent,
  type KernelStatus,
  type VariableInfo,
} from './protocol.ts';

type ExecuteRequest = Parameters<KernelClient['execute']>[0];

type Job =
  | { kind: 'execute'; runId: number; request: ExecuteRequest; handlers: ExecuteHandlers; resolve(o: ExecuteOutcome): void }
  | { kind: 'complete'; reqId: number; code: string; cursor: number; resolve(r: { items: Completion[]; from: number }): void }
  | { kind: 'variables'; reqId: number; resolve(v: VariableInfo[]): void };

export interface InProcessKernelOptions {
  /** Post the engine's trace events too (ExecuteHandlers.onTrace). */
  trace?: boolean;
}

export class InProcessKernelClient implements KernelClient {
  /** Starts Pyodide and the kernel in this process. */
  static async start(options: InProcessKernelOptions = {}): Promise<InProcessKernelClient> {
    const client = new InProcessKernelClient(options);
    await client.boot();
    return client;
  }

  /** Pyodide's interrupt buffer; interrupt() writes 2 (SIGINT) into it. */
  readonly interruptBuffer = new Int32Array(new SharedArrayBuffer(4));
  private kernel: (Kernel & { dispose(): void }) | undefined;
  private currentStatus: KernelStatus = 'starting';
  private readonly statusListeners = new Listeners<[status: KernelStatus]>();
  private readonly progressListeners = new Listeners<[phase: string, fraction: number]>();
  private latestProgress: [phase: string, fraction: number] | null = null;
  private readonly variableListeners = new Listeners<[variables: VariableInfo[]]>();
  private queue: Job[] = [];
  private current: Job | undefined;
  private scheduled = false;
  private nextId = 1;

  private constructor(private readonly options: InProcessKernelOptions) {}

  get status(): KernelStatus {
    return this.currentStatus;
  }

  onStatus(listener: (status: KernelStatus) => void): () => void {
    return this.statusListeners.add(listener);
  }

  onStartupProgress(listener: (phase: string, fraction: number) => void): () => void {
    if (this.currentStatus === 'starting' && this.latestProgress) listener(...this.latestProgress);
    return this.progressListeners.add(listener);
  }

  onVariables(listener: (variables: VariableInfo[]) => void): () => void {
    return this.variableListeners.add(listener);
  }

  execute(request: ExecuteRequest, handlers: ExecuteHandlers): Promise<ExecuteOutcome> {
    return new Promise((resolve) => this.enqueue({ kind: 'execute', runId: this.nextId++, request, handlers, resolve }));
  }

  complete(code: string, cursor: number): Promise<{ items: Completion[]; from: number }> {
    return new Promise((resolve) => this.enqueue({ kind: 'complete', reqId: this.nextId++, code, cursor, resolve }));
  }

  variables(): Promise<VariableInfo[]> {
    return new Promise((resolve) => this.enqueue({ kind: 'variables', reqId: this.nextId++, resolve }));
  }

  /** KeyboardInterrupt in the running cell, or in the next queued one when called between cells. */
  async interrupt(): Promise<'interrupted' | 'restarted'> {
    const pending = this.current?.kind === 'execute' || this.queue.some((j) => j.kind === 'execute');
    if (pending) {
      Atomics.store(this.interruptBuffer, 0, 2);
      Atomics.notify(this.interruptBuffer, 0);
    }
    return 'interrupted';
  }

  async restart(): Promise<void> {
    while (this.current) await new Promise((r) => setTimeout(r, 0)); // called from a handler: let the run finish
    this.dropQueue();
    this.kernel?.dispose();
    this.kernel = undefined;
    this.setStatus('starting');
    await this.boot();
  }

  dispose(): void {
    this.dropQueue();
    this.kernel?.dispose();
    this.kernel = undefined;
    this.setStatus('dead');
  }

  private async boot(): Promise<void> {
    const startedAt = performance.now();
    Atomics.store(this.interruptBuffer, 0, 0);
    this.progress('loading Python', 0);
    const runtime = await startNodeRuntime();
    this.progress('starting the kernel', 0.9);
    this.kernel = createKernel(runtime, (e) => this.onEvent(e), {
      interruptBuffer: this.interruptBuffer,
      startedAt,
      ...(this.options.trace ? { trace: true } : {}),
    });
    this.kernel.handle({ type: 'init', version: PROTOCOL_VERSION });
    if (this.currentStatus === 'dead') throw new Error('the kernel failed to start');
    this.progress('ready', 1);
    this.setStatus('idle');
    this.schedule(); // what was queued while starting
  }

  private progress(phase: string, fraction: number): void {
    this.latestProgress = [phase, fraction];
    this.progressListeners.emit(phase, fraction);
  }

  private setStatus(status: KernelStatus): void {
    if (status === this.currentStatus) return;
    this.currentStatus = status;
    this.statusListeners.emit(status);
  }

  private dropQueue(): void {
    const jobs = this.queue;
    this.queue = [];
    for (const job of jobs) {
      if (job.kind === 'execute') job.resolve({ status: 'dead', durationMs: 0 });
      else if (job.kind === 'complete') job.resolve({ items: [], from: job.cursor });
      else job.resolve([]);
    }
  }

  private enqueue(job: Job): void {
    if (this.currentStatus === 'dead') {
      this.queue.push(job);
      this.dropQueue();
      return;
    }
    this.queue.push(job);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.queue.length === 0 || !this.kernel || this.currentStatus === 'starting') return;
    this.scheduled = true;
    setTimeout(() => {
      this.scheduled = false;
      this.runNext();
      this.schedule();
    }, 0);
  }

  private runNext(): void {
    const kernel = this.kernel;
    if (!kernel || this.currentStatus === 'starting') return;
    const job = this.queue.shift();
    if (!job) return;
    this.current = job;
    try {
      if (job.kind === 'execute') {
        this.setStatus('busy');
        const { cellId, cellName, code, executionCount } = job.request;
        kernel.handle({ type: 'execute', runId: job.runId, cellId, cellName, code, executionCount });
        this.setStatus('idle');
      } else if (job.kind === 'complete') {
        kernel.handle({ type: 'complete', reqId: job.reqId, code: job.code, cursor: job.cursor });
      } else {
        kernel.handle({ type: 'variables', reqId: job.reqId });
      }
    } finally {
      this.current = undefined;
    }
  }

  private onEvent(e: KernelEvent): void {
    const job = this.current;
    const run = job?.kind === 'execute' && 'runId' in e && e.runId === job.runId ? job : undefined;
    switch (e.type) {
      case 'startup-progress':
        return this.progress(e.phase, e.fraction);
      case 'ready':
        return;
      case 'stream':
        return run?.handlers.onStream?.(e.name, e.text);
      case 'display':
        return run?.handlers.onDisplay?.(e.data, e.displayId);
      case 'update-display':
        return run?.handlers.onUpdateDisplay?.(e.data, e.displayId);
      case 'execute-result':
        return run?.handlers.onResult?.(e.data, e.executionCount);
      case 'error':
        return run?.handlers.onError?.(e);
      case 'trace':
        return run?.handlers.onTrace?.(e.events);
      case 'variables':
        this.variableListeners.emit(e.variables);
        if (job?.kind === 'variables' && e.reqId === job.reqId) job.resolve(e.variables);
        return;
      case 'completions':
        if (job?.kind === 'complete' && e.reqId === job.reqId) job.resolve({ items: e.items, from: e.from });
        return;
      case 'done':
        return run?.resolve({ status: e.status, durationMs: e.durationMs });
      case 'fatal':
        this.setStatus('dead');
        return;
      default:
        assertNever(e);
    }
  }
}
