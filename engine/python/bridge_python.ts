// What the bridge needs from Python, and how engine errors cross over.
//
// Note [Errors cross the bridge as Python exceptions]: every bridge function
// is wrapped by `guard`. A TorchError thrown inside the engine is turned into a
// call of the Python `raise_error(type, message)` the facade registered; the
// Python exception it raises travels back through JavaScript and Pyodide
// re-raises the original exception object in the caller. So `except
// RuntimeError` in student code catches engine errors with PyTorch's text.
// Other JavaScript errors (engine bugs) surface as pyodide's JsException.
import { TorchError, setWarningSink, type WarningCategory } from '../errors/errors.ts';
import { ledger } from '../memory/ledger.ts';

/** A Python callable as Pyodide hands it over (a PyProxy, kept alive with copy()). */
export interface PyCallable {
  (...args: unknown[]): unknown;
  copy?(): PyCallable;
  destroy?(): void;
}

interface PythonHooks {
  raiseError: PyCallable;
  warn: PyCallable;
}

let hooks: PythonHooks | null = null;

function keep(f: PyCallable): PyCallable {
  return typeof f.copy === 'function' ? f.copy() : f;
}

/**
 * Called once by the facade at import: how to raise a Python exception and how
 * to emit a Python warning (warnings.warn pointing at the user's line).
 */
export function installPythonHooks(raiseError: PyCallable, warn: PyCallable): void {
  hooks?.raiseError.destroy?.();
  hooks?.warn.destroy?.();
  hooks = { raiseError: keep(raiseError), warn: keep(warn) };
  const w = hooks.warn;
  setWarningSink((category: WarningCategory, message: string) => void w(category, message));
}

/** Rethrows a TorchError as the Python exception of its type (see the Note above). */
export function rethrow(err: unknown): never {
  if (err instanceof TorchError && hooks) hooks.raiseError(err.pyType, err.message);
  if (err instanceof RangeError && hooks && /Invalid (typed )?array length|Array buffer allocation failed/.test(err.message)) {
    hooks.raiseError('RuntimeError', `DefaultCPUAllocator: not enough memory: ${err.message}`);
  }
  throw err;
}

/** Wraps each function of a bridge section so engine errors become Python exceptions. */
export function guard<T extends Record<string, unknown>>(section: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(section)) {
    if (typeof value !== 'function') {
      out[name] = value;
      continue;
    }
    const fn = value as (...args: unknown[]) => unknown;
    out[name] = function guarded(this: unknown, ...args: unknown[]) {
      try {
        ledger.settleDeferredFrees?.(); // Python's batched releases (Note [Integer handles])
        return fn.apply(this, args);
      } catch (err) {
        rethrow(err);
      }
    };
  }
  return out as T;
}

/** A Python value proxied into JavaScript (list, tuple, dict) converted to plain JS; other values unchanged. */
export function toJs(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && typeof (v as { toJs?: unknown }).toJs === 'function') {
    return (v as { toJs(o?: object): unknown }).toJs({ dict_converter: Object.fromEntries, create_pyproxies: false });
  }
  return v;
}

/** Python's None arrives as undefined: op attributes use null for "not given". */
export function toAttrs(kwargs: unknown): Record<string, unknown> {
  const attrs: Record<string, unknown> = {};
  if (kwargs === null || typeof kwargs !== 'object') return attrs;
  for (const [k, v] of Object.entries(kwargs as Record<string, unknown>)) attrs[k] = v === undefined ? null : toJs(v);
  return attrs;
}

/** Keyword arguments from Pyodide arrive as a trailing plain object. */
export function isKwargs(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;
}
