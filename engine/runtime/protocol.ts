// The messages between the UI (kernel client) and the Python kernel (a Web
// Worker in the browser, in-process in Node tests). One discriminated union per
// direction, versioned; both sides switch on `type` exhaustively (assertNever),
// so adding a message is a compile error until every switch handles it.
//
// Outputs follow Jupyter's model (nbformat 4), so a notebook's outputs map to
// .ipynb without translation: streams, display data and execute results carry
// a MIME bundle, errors carry ename/evalue/traceback.
import type { TraceEvent } from '../trace/events.ts';

export const PROTOCOL_VERSION = 1;

/**
 * MIME type → data, as in Jupyter. The kernel sends `text/plain` always, and
 * where it can: `text/html`, `image/png` (base64), PLOTLY_MIME (a Plotly
 * figure: {data, layout}), TENSOR_MIME (TensorSummary).
 */
export type MimeBundle = Record<string, unknown>;

export const PLOTLY_MIME = 'application/vnd.plotly.v1+json';
export const TENSOR_MIME = 'application/vnd.glassgrad.tensor+json';

/** What the tensor inspector shows, sent beside the tensor's text/plain repr. */
export interface TensorSummary {
  shape: number[];
  dtype: string;
  strides: number[];
  storageOffset: number;
  requiresGrad: boolean;
  isLeaf: boolean;
  gradFn: string | null;
  /** Bytes of the tensor's storage (shared by its views). */
  storageBytes: number;
  /** Bytes this tensor's own elements span (numel × element size). */
  bytes: number;
  storageId: number;
}

/** One name in the notebook's namespace, for the variable inspector. */
export interface VariableInfo {
  name: string;
  type: string;
  /** For tensors (and Parameters): */
  shape?: number[];
  dtype?: string;
  requiresGrad?: boolean;
  /** Storage bytes this name keeps alive (tensors), or undefined. */
  bytes?: number;
  /** A one-line preview (repr cut to ~80 characters). */
  preview: string;
}

export interface Completion {
  label: string;
  /** 'function' | 'class' | 'module' | 'variable' | 'keyword' | 'property' | 'method' */
  type: string;
  /** Signature, e.g. "(input, dim=None, keepdim=False)". */
  detail?: string;
  /** First paragraph of the docstring. */
  info?: string;
}

/** One user frame of a traceback, so the UI can link it to a cell line. */
export interface TracebackFrame {
  /** "<cell 3>" for a cell, a file name otherwise. */
  filename: string;
  lineno: number;
  name: string;
}

/** UI → kernel. */
export type KernelRequest =
  | {
      type: 'init';
      version: typeof PROTOCOL_VERSION;
      /** Pyodide's interrupt buffer (Int32Array over it; 2 = SIGINT) when the page is cross-origin isolated. */
      interruptBuffer?: SharedArrayBuffer;
    }
  /** Run code in the notebook namespace; `cellName` (e.g. "<cell 3>") names it in tracebacks. */
  | { type: 'execute'; runId: number; cellId: string; cellName: string; code: string; executionCount: number }
  | { type: 'complete'; reqId: number; code: string; cursor: number }
  | { type: 'variables'; reqId: number };

/** kernel → UI. */
export type KernelEvent =
  | { type: 'startup-progress'; phase: string; fraction: number }
  | {
      type: 'ready';
      version: typeof PROTOCOL_VERSION;
      pyodideVersion: string;
      torchVersion: string;
      startupMs: number;
      /** True when interrupts go through the interrupt buffer (else the client terminates the Worker). */
      interruptible: boolean;
      /** True when Python was restored from a start-up memory snapshot rather than booted. */
      fromSnapshot: boolean;
    }
  | { type: 'stream'; runId: number; name: 'stdout' | 'stderr'; text: string }
  /** `display(obj)`, a figure's `show()`: a new output; `displayId` lets later updates replace it. */
  | { type: 'display'; runId: number; data: MimeBundle; displayId?: string }
  /** Replaces the output shown with `displayId` (a tqdm bar redrawing). */
  | { type: 'update-display'; runId: number; data: MimeBundle; displayId: string }
  /** The value of the cell's last expression, as Jupyter's Out[n]. */
  | { type: 'execute-result'; runId: number; data: MimeBundle; executionCount: number }
  | {
      type: 'error';
      runId: number;
      ename: string;
      evalue: string;
      /** Lines as Python prints them (user frames only), without a trailing newline each. */
      traceback: string[];
      frames: TracebackFrame[];
    }
  /** A batch of engine events (graph and memory), flushed with the streams. */
  | { type: 'trace'; runId: number; events: TraceEvent[] }
  /** After each run: the namespace as the variable inspector shows it. */
  | { type: 'variables'; reqId: number | null; variables: VariableInfo[] }
  | { type: 'completions'; reqId: number; items: Completion[]; from: number }
  | { type: 'done'; runId: number; status: 'ok' | 'error' | 'interrupted'; durationMs: number }
  /** Something went wrong outside any run (start-up failed): the kernel is unusable. */
  | { type: 'fatal'; message: string };

export type KernelStatus = 'starting' | 'idle' | 'busy' | 'dead';

/** Callbacks for one execution's outputs, in the order the kernel sends them. */
export interface ExecuteHandlers {
  onStream?(name: 'stdout' | 'stderr', text: string): void;
  onDisplay?(data: MimeBundle, displayId?: string): void;
  onUpdateDisplay?(data: MimeBundle, displayId: string): void;
  onResult?(data: MimeBundle, executionCount: number): void;
  onError?(error: Extract<KernelEvent, { type: 'error' }>): void;
  onTrace?(events: TraceEvent[]): void;
}

export interface ExecuteOutcome {
  status: 'ok' | 'error' | 'interrupted' | 'dead';
  durationMs: number;
}

/**
 * What the UI talks to. The browser implementation runs the kernel in a Web
 * Worker (worker_client.ts); tests can run the same kernel in-process.
 * Executions queue: `execute` may be called while another runs.
 */
export interface KernelClient {
  readonly status: KernelStatus;
  /** Called on every status change; returns an unsubscribe function. */
  onStatus(listener: (status: KernelStatus) => void): () => void;
  /** Start-up progress (0..1) while status is 'starting'; a listener added meanwhile hears the latest step at once. */
  onStartupProgress(listener: (phase: string, fraction: number) => void): () => void;
  /** The namespace after each run, for the variable inspector. */
  onVariables(listener: (variables: VariableInfo[]) => void): () => void;
  execute(request: { cellId: string; cellName: string; code: string; executionCount: number }, handlers: ExecuteHandlers): Promise<ExecuteOutcome>;
  /** KeyboardInterrupt in the running cell, or (not isolated / not responding within a second) terminate and restart. */
  interrupt(): Promise<'interrupted' | 'restarted'>;
  /** A fresh kernel: new namespace, new engine state. Queued executions are dropped (their outcome is 'dead'). */
  restart(): Promise<void>;
  complete(code: string, cursor: number): Promise<{ items: Completion[]; from: number }>;
  variables(): Promise<VariableInfo[]>;
  dispose(): void;
}

export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
