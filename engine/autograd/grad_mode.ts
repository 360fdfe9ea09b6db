// Grad modes are engine state; the Python context managers and decorators
// (no_grad, enable_grad, inference_mode, set_grad_enabled) only switch it.

interface GradModeState {
  enabled: boolean;
  inference: boolean;
}

const state: GradModeState = { enabled: true, inference: false };

export function isGradEnabled(): boolean {
  return state.enabled;
}
export function isInferenceMode(): boolean {
  return state.inference;
}

/** Sets grad mode and returns the previous state, for the caller to restore. */
export function setGradEnabled(enabled: boolean): GradModeState {
  const prev = { ...state };
  state.enabled = enabled;
  return prev;
}
/** Sets only the grad flag and returns the previous one: the per-op path of runOp, which allocates nothing. */
export function swapGradEnabled(enabled: boolean): boolean {
  const prev = state.enabled;
  state.enabled = enabled;
  return prev;
}
export function setInferenceMode(on: boolean): GradModeState {
  const prev = { ...state };
  state.inference = on;
  if (on) state.enabled = false;
  return prev;
}
export function restoreGradMode(prev: GradModeState): void {
  state.enabled = prev.enabled;
  state.inference = prev.inference;
}

/** Runs fn with grad mode set, restoring the previous mode even if it throws. */
export function withGradMode<T>(enabled: boolean, fn: () => T): T {
  const prev = setGradEnabled(enabled);
  try {
    return fn();
  } finally {
    restoreGradMode(prev);
  }
}
export const noGrad = <T>(fn: () => T): T => withGradMode(false, fn);
