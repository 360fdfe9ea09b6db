// The notebook kernel records the memory timeline beside posting the trace,
// so glassgrad.memory() can draw live bytes over the session inline (and its
// text fallback can state the peak). Outside the kernel nothing records.
import { subscribe } from './events.ts';
import { TraceState } from './trace_state.ts';

let recording: { state: TraceState; stop(): void } | null = null;

/** Starts recording (idempotent); returns the function that stops it. */
export function startRecording(): () => void {
  if (!recording) {
    const state = new TraceState();
    const off = subscribe((e) => state.apply(e));
    recording = {
      state,
      stop() {
        off();
        recording = null;
      },
    };
  }
  return recording.stop;
}

export function recordedTimeline() {
  return recording ? recording.state.memory.snapshot() : null;
}
