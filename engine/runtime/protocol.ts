// The messages between the UI (kernel client) and the Python runtime (a Web
// Worker in the browser, in-process in tests). One discriminated union per
// direction, versioned; both sides switch on `type` exhaustively (assertNever),
// so adding a message is a compile error until every switch handles it.
//
// This is the first cut: the runtime that posts these lands with the Worker.
import type { TraceEvent } from '../trace/events.ts';

export const PROTOCOL_VERSION = 1;

/** UI → runtime. */
export type RuntimeRequest =
  | { type: 'init'; version: typeof PROTOCOL_VERSION; interruptBuffer?: SharedArrayBuffer }
  /** Run a cell's code in the notebook namespace; `cellName` (e.g. "<cell 3>") names it in tracebacks. */
  | { type: 'execute'; runId: number; cellId: string; cellName: string; code: string }
  /** Start over: a fresh namespace and engine state. */
  | { type: 'reset' };

/** runtime → UI. */
export type RuntimeEvent =
  | { type: 'ready'; version: typeof PROTOCOL_VERSION; pyodideVersion: string; torchVersion: string; startupMs: number }
  | { type: 'stream'; runId: number; name: 'stdout' | 'stderr'; text: string }
  | { type: 'warning'; runId: number; category: string; message: string; filename: string; lineno: number }
  /** A batch of engine events (graph and memory), flushed with the streams. */
  | { type: 'trace'; runId: number; events: TraceEvent[] }
  | { type: 'error'; runId: number; excType: string; message: string; traceback: string }
  | { type: 'done'; runId: number; status: 'ok' | 'error' | 'interrupted'; durationMs: number };

export function assertNever(x: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(x)}`);
}
