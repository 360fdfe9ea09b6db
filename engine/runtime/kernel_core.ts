// The notebook kernel, host-independent: given a started PythonRuntime it runs
// KernelRequests to completion and posts KernelEvents. The browser Worker and
// the in-process client (in_process_kernel.ts) both drive it:
//
//   const runtime = startRuntime(py, files, io, bytecode, jsModules(host));   // io: start-up output only
//   const kernel = createKernel(runtime, (e) => postMessage(e), { interruptBuffer });
//   onmessage = (m) => kernel.handle(m.data);                        // 'init' answers 'ready'
//
// Output routing: createKernel points Python's stdout and stderr at the kernel
// (pyodide.setStdout/setStderr), replacing the sinks the runtime was started
// with; from then on everything printed becomes 'stream' events of the current
// run. Text is batched (Note [Output batching]); displays, results, errors and
// 'done' flush it first, so the order of outputs is the order of the program.
//
// The Python half is the glassgrad_kernel package (engine/python): it runs
// cells as IPython does and calls back into `host.post` for rich outputs.
//
// Note [Output batching]: a run is synchronous, so no timer can fire while it
// runs. Text is posted when it is written at least OUTPUT_INTERVAL_MS after
// the last post; otherwise it waits for the next write, a display, a sleep or
// the end of the run. A tight print loop thus costs ~20 messages a second, and
// a line printed in a quiet spell shows at once.
//
// Note [Interrupts]: Pyodide raises KeyboardInterrupt between bytecodes when
// the interrupt buffer holds 2 (SIGINT). time.sleep is replaced (in Python)
// by a host sleep that waits in slices and calls pyodide.checkInterrupt()
// between them, so `while True: time.sleep(1)` stops within a slice; with a
// SharedArrayBuffer the slices are Atomics.wait on the buffer itself, which a
// client's Atomics.notify wakes at once. After each run the buffer is cleared:
// an interrupt that arrives as a cell finishes must not kill the next one.
import type { PyodideInterface } from 'pyodide';
import { emit, subscribe, type TraceEvent } from '../trace/events.ts';
import { resetModuleScope } from '../trace/module_scope.ts';
import { startRecording } from '../trace/recorder.ts';
import {
  PROTOCOL_VERSION,
  assertNever,
  type Completion,
  type KernelEvent,
  type KernelRequest,
  type MimeBundle,
  type VariableInfo,
} from './protocol.ts';
import type { PythonRuntime } from './python_runtime.ts';

export interface Kernel {
  /** Runs the request to completion, posting its events (synchronous). */
  handle(request: KernelRequest): void;
}

export interface KernelOptions {
  /** Pyodide's interrupt buffer (2 = SIGINT); an 'init' request may also bring one. */
  interruptBuffer?: Int32Array;
  /** performance.now() when the host started loading Python; 'ready' reports the time since (default: createKernel's call). */
  startedAt?: number;
  /** Also post the engine's graph and memory events as 'trace' batches, flushed with the streams. */
  trace?: boolean;
  /** The host restored Pyodide from a start-up snapshot ('ready' says so). */
  fromSnapshot?: boolean;
}

export const OUTPUT_INTERVAL_MS = 50;
/** Longest wait inside time.sleep between two interrupt checks. */
const SLEEP_SLICE_MS = 20;

type RunStatus = 'ok' | 'error' | 'interrupted';
type Post = (event: KernelEvent) => void;

/** The Python kernel object (glassgrad_kernel.kernel.Kernel); results are JSON text. */
interface PyKernel {
  execute(source: string, filename: string, executionCount: number): string;
  complete(textBeforeCursor: string): string;
  variables(): string;
  versions(): string;
  warm_completions(): void;
  shutdown(): void;
}

/** Stream text and trace events of the current run, batched (Note [Output batching]). */
class OutputBatcher {
  runId = 0;
  private chunks: { name: 'stdout' | 'stderr'; text: string }[] = [];
  private trace: TraceEvent[] = [];
  private lastPost = -Infinity;
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };

  constructor(private readonly post: Post) {}

  write(name: 'stdout' | 'stderr', bytes: Uint8Array): void {
    const text = this.decoders[name].decode(bytes, { stream: true });
    if (text === '') return;
    const last = this.chunks.at(-1);
    if (last && last.name === name) last.text += text;
    else this.chunks.push({ name, text });
    this.flushIfDue();
  }

  traceEvent(event: TraceEvent): void {
    this.trace.push(event);
    this.flushIfDue();
  }

  flushIfDue(): void {
    if (performance.now() - this.lastPost >= OUTPUT_INTERVAL_MS) this.flush();
  }

  flush(): void {
    if (this.chunks.length === 0 && this.trace.length === 0) return;
    const { chunks, trace, runId } = this;
    this.chunks = [];
    this.trace = [];
    for (const { name, text } of chunks) this.post({ type: 'stream', runId, name, text });
    if (trace.length > 0) this.post({ type: 'trace', runId, events: trace });
    this.lastPost = performance.now();
  }
}

/**
 * A blocking wait of up to `ms`. Over a shared interrupt buffer it ends early when the buffer is
 * non-zero or a client calls Atomics.notify on it after writing 2.
 */
function makeWaiter(interruptBuffer: Int32Array | undefined): (ms: number) => void {
  const shareable = typeof SharedArrayBuffer !== 'undefined';
  let cell: Int32Array | undefined;
  if (shareable && interruptBuffer?.buffer instanceof SharedArrayBuffer) cell = interruptBuffer;
  else if (shareable) cell = new Int32Array(new SharedArrayBuffer(4));
  const busy = (ms: number): void => {
    const end = performance.now() + ms;
    while (performance.now() < end) {
      // no shared memory (or Atomics.wait refused on this thread): spin
    }
  };
  if (!cell) return busy;
  const shared = cell;
  return (ms) => {
    try {
      Atomics.wait(shared, 0, 0, ms);
    } catch {
      busy(ms);
    }
  };
}

function errorText(err: unknown): { type: string; message: string } {
  const e = err as { type?: unknown; message?: unknown };
  return { type: typeof e?.type === 'string' ? e.type : 'Error', message: String(e?.message ?? err) };
}

class KernelCore implements Kernel {
  private readonly py: PyodideInterface;
  private readonly out: OutputBatcher;
  private readonly pyKernel: PyKernel;
  private readonly startedAt: number;
  private readonly fromSnapshot: boolean;
  private interruptBuffer: Int32Array | undefined;
  private wait: (ms: number) => void;
  private readonly unsubscribeTrace: (() => void) | undefined;
  /** glassgrad._views, with trace on: publishes the names that hold tensors after each run. */
  private readonly views: { _publish_names(): void } | undefined;

  constructor(runtime: PythonRuntime, private readonly post: Post, options: KernelOptions) {
    this.startedAt = options.startedAt ?? performance.now();
    this.fromSnapshot = options.fromSnapshot ?? false;
    this.py = runtime.pyodide;
    this.out = new OutputBatcher(post);
    this.py.setStdout({ write: (b: Uint8Array) => (this.out.write('stdout', b), b.length), isatty: false });
    this.py.setStderr({ write: (b: Uint8Array) => (this.out.write('stderr', b), b.length), isatty: false });
    this.wait = makeWaiter(undefined);
    if (options.interruptBuffer) this.setInterruptBuffer(options.interruptBuffer);
    const host = {
      post: (kind: string, json: string) => this.postOutput(kind, json),
      sleep: (seconds: number) => this.sleep(seconds),
    };
    const module = this.py.pyimport('glassgrad_kernel.kernel') as unknown as { start(h: typeof host): PyKernel };
    this.pyKernel = module.start(host);
    if (options.trace) {
      const off = subscribe((e) => this.out.traceEvent(e));
      const stopRecording = startRecording();
      this.unsubscribeTrace = () => (off(), stopRecording());
      this.views = this.py.pyimport('glassgrad._views') as unknown as { _publish_names(): void };
    }
  }

  handle(request: KernelRequest): void {
    switch (request.type) {
      case 'init':
        return this.init(request);
      case 'execute':
        return this.execute(request);
      case 'complete':
        return this.complete(request.reqId, request.code, request.cursor);
      case 'variables':
        return this.postVariables(request.reqId);
      default:
        assertNever(request);
    }
  }

  /** Clears the namespace (its tensors leave the ledger) and stops routing output here. */
  dispose(): void {
    this.unsubscribeTrace?.();
    (this.views as { destroy?(): void } | undefined)?.destroy?.();
    this.pyKernel.shutdown();
    (this.pyKernel as unknown as { destroy?(): void }).destroy?.();
  }

  private setInterruptBuffer(buffer: Int32Array): void {
    this.interruptBuffer = buffer;
    this.py.setInterruptBuffer(buffer);
    this.wait = makeWaiter(buffer);
  }

  private init(request: Extract<KernelRequest, { type: 'init' }>): void {
    if (request.version !== PROTOCOL_VERSION) {
      this.post({ type: 'fatal', message: `protocol version ${request.version} requested, kernel speaks ${PROTOCOL_VERSION}` });
      return;
    }
    if (request.interruptBuffer) this.setInterruptBuffer(new Int32Array(request.interruptBuffer));
    const { torch } = JSON.parse(this.pyKernel.versions()) as { torch: string };
    this.post({
      type: 'ready',
      version: PROTOCOL_VERSION,
      pyodideVersion: this.py.version,
      torchVersion: torch,
      startupMs: performance.now() - this.startedAt,
      interruptible: this.interruptBuffer !== undefined,
      fromSnapshot: this.fromSnapshot,
    });
    this.pyKernel.warm_completions();
  }

  private execute(request: Extract<KernelRequest, { type: 'execute' }>): void {
    const { runId } = request;
    const t0 = performance.now();
    this.out.flush();
    this.out.runId = runId;
    emit({ type: 'run-start', runId, cell: request.cellName, executionCount: request.executionCount });
    let status: RunStatus;
    try {
      status = this.pyKernel.execute(request.code, request.cellName, request.executionCount) as RunStatus;
    } catch (err) {
      status = this.reportEscapedError(runId, err);
    }
    if (this.interruptBuffer) this.interruptBuffer[0] = 0; // Note [Interrupts]
    resetModuleScope(); // an interrupt can skip Module.__call__'s finally
    this.publishNames();
    emit({ type: 'run-end', runId, status });
    this.out.flush();
    this.postVariables(null);
    this.post({ type: 'done', runId, status, durationMs: performance.now() - t0 });
  }

  /** The names that hold tensors now, as a 'names' trace event (the roots of "why is this alive?"). */
  private publishNames(): void {
    if (!this.views) return;
    try {
      this.views._publish_names();
    } catch (err) {
      this.out.write('stderr', new TextEncoder().encode(`graph view: could not list the names: ${errorText(err).message}\n`));
    }
  }

  /** An exception that escaped the Python kernel's own handling (an interrupt during its bookkeeping). */
  private reportEscapedError(runId: number, err: unknown): RunStatus {
    const { type, message } = errorText(err);
    this.out.flush();
    const interrupted = type === 'KeyboardInterrupt';
    const lines = message.trimEnd().split('\n');
    this.post({
      type: 'error',
      runId,
      ename: type,
      evalue: interrupted ? '' : (lines.at(-1) ?? '').replace(new RegExp(`^${type}: ?`), ''),
      traceback: interrupted ? ['KeyboardInterrupt'] : lines,
      frames: [],
    });
    return interrupted ? 'interrupted' : 'error';
  }

  private complete(reqId: number, code: string, cursor: number): void {
    let items: Completion[] = [];
    let from = cursor;
    try {
      const result = JSON.parse(this.pyKernel.complete(code.slice(0, cursor))) as { token: string; items: Completion[] };
      items = result.items;
      from = cursor - result.token.length;
    } catch {
      // a completion that fails offers nothing, as an editor expects
    }
    this.post({ type: 'completions', reqId, items, from });
  }

  private postVariables(reqId: number | null): void {
    let variables: VariableInfo[] = [];
    try {
      variables = JSON.parse(this.pyKernel.variables()) as VariableInfo[];
    } catch (err) {
      this.out.write('stderr', new TextEncoder().encode(`variable inspector failed: ${errorText(err).message}\n`));
      this.out.flush();
    }
    this.post({ type: 'variables', reqId, variables });
  }

  /** Rich outputs from Python (glassgrad_kernel.display.publish). */
  private postOutput(kind: string, json: string): void {
    this.out.flush();
    const runId = this.out.runId;
    const p = JSON.parse(json) as { data: MimeBundle; displayId?: string; executionCount: number } & Record<string, unknown>;
    switch (kind) {
      case 'display':
        this.post({ type: 'display', runId, data: p.data, ...(p.displayId ? { displayId: p.displayId } : {}) });
        return;
      case 'update-display':
        this.post({ type: 'update-display', runId, data: p.data, displayId: String(p.displayId) });
        return;
      case 'execute-result':
        this.post({ type: 'execute-result', runId, data: p.data, executionCount: p.executionCount });
        return;
      case 'error': {
        const e = p as unknown as Omit<Extract<KernelEvent, { type: 'error' }>, 'type' | 'runId'>;
        this.post({ type: 'error', runId, ename: e.ename, evalue: e.evalue, traceback: e.traceback, frames: e.frames });
        return;
      }
      default:
        throw new Error(`unknown output kind from Python: ${kind}`);
    }
  }

  /** time.sleep in the kernel (Note [Interrupts]). */
  private sleep(seconds: number): void {
    this.out.flush();
    const end = performance.now() + seconds * 1000;
    for (;;) {
      this.py.checkInterrupt();
      const left = end - performance.now();
      if (left <= 0) return;
      this.wait(Math.min(left, SLEEP_SLICE_MS));
    }
  }
}

/**
 * A kernel over a started runtime. Python's output now goes to `post` as
 * 'stream' events of the running cell.
 *
 *   const kernel = createKernel(runtime, (e) => events.push(e));
 *   kernel.handle({ type: 'execute', runId: 1, cellId: 'a', cellName: '<cell 1>', code: '1 + 1', executionCount: 1 });
 *   // events: execute-result {text/plain: '2'}, variables, done
 */
export function createKernel(runtime: PythonRuntime, post: (event: KernelEvent) => void, options: KernelOptions = {}): Kernel & { dispose(): void } {
  return new KernelCore(runtime, post, options);
}
