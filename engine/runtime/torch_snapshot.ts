// Note [Torch in the start-up snapshot]: the browser's start-up snapshot
// (Note [Browser start-up snapshot] in scripts/build-pyodide-assets.mjs) is
// taken after `import torch, torchvision, glassgrad`, so a restored Python has
// the package imported already: no module bodies to run, no bytecode to load,
// and less of CPython's wasm for V8 to compile before the first cell.
//
// Python's memory comes back; the JavaScript side does not, which leaves two
// kinds of loose ends:
// - JavaScript objects Python holds (Pyodide's hiwire table): after these
//   imports, only the JS modules Python imported (the engine bridge, the
//   host's services) and their members. The snapshot names each by module and
//   member (snapshotSerializer), and a restore hands over this process's
//   objects of the same name (snapshotDeserializer).
// - What the engine holds of Python: the links torch makes at import (Note
//   [Engine links] in torch/_bridge.py), made again by `torch._bridge.reconnect()`
//   once the runtime has started (startRuntime). Function numbers (fnCode) are
//   the same in every process of the same engine.
// Anything else the engine could keep from an import (a tensor, a changed
// default) would be lost, so the builder records the engine calls made while
// importing and refuses to build when one is not a link; the snapshot is keyed
// by the package's sources and the engine's function names.
import type { PyodideInterface } from 'pyodide';
import { bridge } from '../python/bridge.ts';
import { functionCodeNames } from '../python/bridge_functions.ts';
import { heldCount } from '../python/bridge_handles.ts';
import { installPackage, jsModules, type JsModules } from './python_runtime.ts';
import { BRIDGE_MODULE, PYTHON_LIB_DIR } from './python_package.ts';
import { RUNNER_SOURCE } from './runner_py.ts';

/**
 * What runs before the snapshot is taken: the package and the notebook
 * kernel's modules imported, torch's signatures cached for completion (the
 * kernel's warm_completions then finds them), and everything alive frozen out
 * of the collector's reach (Note [Cheap collections] in glassgrad_kernel/kernel.py).
 */
const SNAPSHOT_PYTHON = `
import torch, torchvision, glassgrad
import glassgrad_kernel.kernel, glassgrad_kernel.completion
glassgrad_kernel.completion.warm()
import gc
gc.collect()
gc.freeze()
`;

/** Engine calls torch makes at import that reconnect() makes again (Note [Engine links]). */
const LINK_CALLS: ReadonlySet<string> = new Set(['installPythonHooks', 'setMailbox', 'fnCode']);

/** How the snapshot names a JavaScript object Python holds. */
export interface JsObjectRef {
  module: string;
  /** A member of the module, or the module itself when absent. */
  member?: string;
}

function describe(value: unknown): string {
  if (typeof value === 'function') return `function ${value.name || '(anonymous)'}`;
  return Object.prototype.toString.call(value);
}

/** Names each JS module and its members for a snapshot of Python's memory. */
export function snapshotSerializer(modules: JsModules): (value: unknown) => JsObjectRef {
  const refs = new Map<unknown, JsObjectRef>();
  for (const [module, object] of Object.entries(modules)) {
    refs.set(object, { module });
    for (const [member, value] of Object.entries(object)) {
      if ((typeof value === 'function' || (typeof value === 'object' && value !== null)) && !refs.has(value)) {
        refs.set(value, { module, member });
      }
    }
  }
  return (value) => {
    const ref = refs.get(value);
    if (!ref) throw new Error(`the start-up snapshot cannot name a JavaScript object Python holds (${describe(value)})`);
    return ref;
  };
}

/** The inverse over this process's modules: the object a snapshot's name stands for. */
export function snapshotDeserializer(modules: JsModules): (ref: JsObjectRef) => unknown {
  return (ref) => {
    const object = modules[ref.module];
    const value = object && (ref.member === undefined ? object : object[ref.member]);
    if (value === undefined) throw new Error(`the start-up snapshot names a JavaScript object this engine lacks: ${JSON.stringify(ref)}`);
    return value;
  };
}

/**
 * A hash of what a snapshot of Python with torch imported depends on besides
 * Pyodide and the stdlib: the package's sources and the engine's names.
 */
export async function torchSnapshotKey(files: ReadonlyMap<string, string>): Promise<string> {
  const sources = [...files].sort(([a], [b]) => (a < b ? -1 : 1));
  const text = JSON.stringify([sources, RUNNER_SOURCE, Object.keys(bridge), functionCodeNames(), SNAPSHOT_PYTHON]);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The bridge with each call's name recorded: what the import asks of the engine. */
function recordingBridge(calls: Set<string>): Record<string, unknown> {
  const recording: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(bridge)) {
    recording[name] =
      typeof value === 'function'
        ? (...args: unknown[]) => {
            calls.add(name);
            return (value as (...a: unknown[]) => unknown)(...args);
          }
        : value;
  }
  return recording;
}

/**
 * Imports the package into `py` (loaded with `_makeSnapshot: true`, its warm
 * imports done) and returns the memory snapshot. The instance is only good
 * for this: its engine calls go through a recording copy of the bridge.
 */
export function makeTorchSnapshot(
  py: PyodideInterface,
  files: ReadonlyMap<string, string>,
  bytecode?: ReadonlyMap<string, Uint8Array>,
): Uint8Array {
  installPackage(py, files, bytecode);
  const calls = new Set<string>();
  const heldBefore = heldCount(); // other runtimes of this process may hold tensors
  const modules: JsModules = { ...jsModules({}), [BRIDGE_MODULE]: recordingBridge(calls) };
  for (const [name, object] of Object.entries(modules)) py.registerJsModule(name, object);
  py.runPython(`import sys\nsys.path.insert(0, ${JSON.stringify(PYTHON_LIB_DIR)})\n${SNAPSHOT_PYTHON}`, { globals: py.toPy({}) });
  const unlinked = [...calls].filter((name) => !LINK_CALLS.has(name));
  const held = heldCount() - heldBefore;
  if (unlinked.length > 0 || held > 0) {
    throw new Error(
      `importing the package left engine state a snapshot cannot restore ` +
        `(calls: ${unlinked.join(', ') || 'none'}; tensors held: ${held}); make it an engine_link (Note [Engine links])`,
    );
  }
  return py.makeMemorySnapshot({ serializer: snapshotSerializer(modules) });
}
