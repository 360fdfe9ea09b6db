// Pure transitions on a cell's output list, following Jupyter's output model:
// consecutive stream outputs of the same name merge into one (JupyterLab's
// OutputAreaModel), displays can be replaced later through their display id.
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import type { Output, StreamName } from './model.ts';
import { applyTerminalControls } from './stream_text.ts';

/**
 * Appends stream text, merging with the last output when it is the same stream.
 * @example appendStream([], 'stdout', 'a\r') then appendStream(that, 'stdout', 'b\n') gives one output "b\n"
 */
export function appendStream(outputs: Output[], name: StreamName, text: string): Output[] {
  const last = outputs[outputs.length - 1];
  if (last?.type === 'stream' && last.name === name) {
    const merged: Output = { type: 'stream', name, text: applyTerminalControls(last.text + text) };
    return [...outputs.slice(0, -1), merged];
  }
  return [...outputs, { type: 'stream', name, text: applyTerminalControls(text) }];
}

export function appendDisplay(outputs: Output[], data: MimeBundle, displayId?: string): Output[] {
  const output: Output = { type: 'display_data', data, metadata: {} };
  if (displayId !== undefined) output.transient = { displayId };
  return [...outputs, output];
}

/** Replaces the data of every display with this id; returns the same array when none matches. */
export function updateDisplay(outputs: Output[], displayId: string, data: MimeBundle): Output[] {
  let changed = false;
  const next = outputs.map((o) => {
    if (o.type !== 'display_data' || o.transient?.displayId !== displayId) return o;
    changed = true;
    return { ...o, data };
  });
  return changed ? next : outputs;
}

export function appendResult(outputs: Output[], data: MimeBundle, executionCount: number): Output[] {
  return [...outputs, { type: 'execute_result', data, metadata: {}, executionCount }];
}

export function appendError(outputs: Output[], error: { ename: string; evalue: string; traceback: string[] }): Output[] {
  return [...outputs, { type: 'error', ename: error.ename, evalue: error.evalue, traceback: [...error.traceback] }];
}
