// Engine errors carry the Python exception type PyTorch raises, so the Python
// facade can re-raise them as the same class with the same text.

export type PyErrorType =
  | 'RuntimeError'
  | 'IndexError'
  | 'ValueError'
  | 'TypeError'
  | 'NotImplementedError';

export class TorchError extends Error {
  readonly pyType: PyErrorType;
  constructor(pyType: PyErrorType, message: string) {
    super(message);
    this.pyType = pyType;
    this.name = pyType;
  }
}

export const runtimeError = (message: string) => new TorchError('RuntimeError', message);
export const indexError = (message: string) => new TorchError('IndexError', message);
export const valueError = (message: string) => new TorchError('ValueError', message);
export const typeError = (message: string) => new TorchError('TypeError', message);
export const notImplemented = (message: string) => new TorchError('NotImplementedError', message);

/** Formats a shape as PyTorch does inside messages: [2, 3]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** PyTorch's legacy type names used in autograd messages: torch.FloatTensor. */
const LEGACY_NAMES: Record<string, string> = {
  float32: 'Float', float64: 'Double', float16: 'Half', int64: 'Long', int32: 'Int',
  int16: 'Short', int8: 'Char', uint8: 'Byte', bool: 'Bool',
};
export function scalarTypeName(dtype: string): string {
  return LEGACY_NAMES[dtype] ?? dtype;
}
export function legacyTensorType(dtype: string): string {
  return `torch.${scalarTypeName(dtype)}Tensor`;
}

/** Warnings go to whoever listens (the Python facade routes them to `warnings.warn`). */
export type WarningCategory = 'UserWarning' | 'DeprecationWarning';
type WarningSink = (category: WarningCategory, message: string) => void;
let warningSink: WarningSink = () => {};
const warnedOnce = new Set<string>();

export function setWarningSink(sink: WarningSink): void {
  warningSink = sink;
}
export function warn(message: string, category: WarningCategory = 'UserWarning'): void {
  warningSink(category, message);
}
/** TORCH_WARN_ONCE: shown once per process whatever the call site. */
export function warnOnce(message: string, category: WarningCategory = 'UserWarning'): void {
  if (warnedOnce.has(message)) return;
  warnedOnce.add(message);
  warningSink(category, message);
}
