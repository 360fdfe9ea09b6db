// The host-independent part of running Python: given a loaded Pyodide, install
// the `torch` package and the engine bridge, route output, and run programs.
// Node (pyodide_node.ts, the CLI, tests) and the browser Worker both build on
// this; they differ only in how Pyodide and the package files are obtained.
import type { PyodideInterface } from 'pyodide';
import { bridge } from '../python/bridge.ts';
import { RUNNER_MODULE, RUNNER_SOURCE } from './runner_py.ts';
import { renewProcessState } from './snapshot_renewal.ts';
import { BRIDGE_MODULE, HOST_MODULE, PYTHON_LIB_DIR } from './python_package.ts';

export { WARM_IMPORTS } from './python_package.ts';

/** A byte sink for Python's stdout or stderr (called with bytes already encoded). */
export type ByteSink = (bytes: Uint8Array) => void;

export interface RuntimeIO {
  stdout: ByteSink;
  stderr: ByteSink;
  /** Whether the streams are terminals (Python then line-buffers stdout). */
  isatty?: boolean;
}

/** What the host provides to Python beyond the streams (HOST_MODULE). */
export interface RuntimeHost {
  /** The bytes of a shipped data file (path relative to the datasets folder), or undefined when absent. */
  readAsset?(name: string): Uint8Array | undefined;
}

/** The JS modules Python can import, by module name: the engine bridge (BRIDGE_MODULE) and the host's services (HOST_MODULE). */
export type JsModules = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export function jsModules(host: RuntimeHost): JsModules {
  return {
    [BRIDGE_MODULE]: bridge,
    [HOST_MODULE]: {
      read_asset(name: string): Uint8Array | undefined {
        return host.readAsset?.(String(name));
      },
    },
  };
}

export interface PythonRuntime {
  readonly pyodide: PyodideInterface;
  /** Runs a whole program as `__main__`; returns its exit status (1 on an uncaught exception). */
  runMain(source: string, filename: string, argv?: readonly string[]): number;
  /** Runs Python code for its result (tests, tooling): `runPython` with the package installed. */
  eval<T = unknown>(code: string): T;
}

const PACKAGE_ROOT = PYTHON_LIB_DIR;

/** Where CPython looks for the bytecode of a package file: dir/__pycache__/name.<cache tag>.pyc. */
function pycPath(rel: string, cacheTag: string): string {
  const path = `${PACKAGE_ROOT}/${rel}`;
  const slash = path.lastIndexOf('/');
  return `${path.slice(0, slash)}/__pycache__/${path.slice(slash + 1, -3)}.${cacheTag}.pyc`;
}

function cacheTag(py: PyodideInterface): string {
  return py.runPython('import sys; sys.implementation.cache_tag') as string;
}

/**
 * Writes the Python files (path relative to engine/python → text) under
 * PYTHON_LIB_DIR, with their bytecode where the host has it (see
 * Note [Precompiled package] in pyodide_node.ts), and the runner.
 */
export function installPackage(
  py: PyodideInterface,
  files: ReadonlyMap<string, string>,
  bytecode: ReadonlyMap<string, Uint8Array> = new Map(),
): void {
  const tag = bytecode.size > 0 ? cacheTag(py) : '';
  // Bytes, not strings: Emscripten encodes a string in a JavaScript loop, ~3x slower than TextEncoder.
  const utf8 = new TextEncoder();
  for (const [rel, text] of files) {
    const path = `${PACKAGE_ROOT}/${rel}`;
    py.FS.mkdirTree(path.slice(0, path.lastIndexOf('/')));
    py.FS.writeFile(path, utf8.encode(text));
    const pyc = bytecode.get(rel);
    if (pyc) {
      const target = pycPath(rel, tag);
      py.FS.mkdirTree(target.slice(0, target.lastIndexOf('/')));
      py.FS.writeFile(target, pyc);
    }
  }
  py.FS.writeFile(`${PYTHON_LIB_DIR}/${RUNNER_MODULE}.py`, RUNNER_SOURCE);
}

/**
 * Compiles installed package files to bytecode that CPython loads without
 * checking the source (unchecked hash-based pycs: the host keys its cache by
 * the source text instead). Returns path → .pyc bytes.
 */
export function compilePackage(py: PyodideInterface, rels: readonly string[]): Map<string, Uint8Array> {
  const tag = cacheTag(py);
  const out = new Map<string, Uint8Array>();
  const compile = py.runPython(`
import py_compile
def _compile(src, dst):
    py_compile.compile(src, cfile=dst, doraise=True, invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
_compile`) as ((src: string, dst: string) => void) & { destroy(): void };
  try {
    for (const rel of rels) {
      const dst = pycPath(rel, tag);
      compile(`${PACKAGE_ROOT}/${rel}`, dst);
      out.set(rel, py.FS.readFile(dst));
    }
  } finally {
    compile.destroy();
  }
  return out;
}

function redirect(py: PyodideInterface, io: RuntimeIO): void {
  const isatty = io.isatty ?? false;
  py.setStdout({ write: (b: Uint8Array) => (io.stdout(b), b.length), isatty });
  py.setStderr({ write: (b: Uint8Array) => (io.stderr(b), b.length), isatty });
}

// A Python restored from a snapshot with torch imported (Note [Torch in the
// start-up snapshot] in torch_snapshot.ts) gives this engine its links again.
const SET_UP_PYTHON = `
import sys
if ${JSON.stringify(PYTHON_LIB_DIR)} not in sys.path: sys.path.insert(0, ${JSON.stringify(PYTHON_LIB_DIR)})
if "torch" in sys.modules: sys.modules["torch._bridge"].reconnect()
`;

/**
 * Prepares a freshly loaded Pyodide: output streams, the JS modules (those a
 * snapshot restore was given, when it was), the package on sys.path and the
 * runner. `import torch` is left to the program, unless the snapshot did it.
 */
export function startRuntime(
  py: PyodideInterface,
  files: ReadonlyMap<string, string>,
  io: RuntimeIO,
  bytecode?: ReadonlyMap<string, Uint8Array>,
  modules: JsModules = jsModules({}),
): PythonRuntime {
  redirect(py, io);
  installPackage(py, files, bytecode);
  for (const [name, object] of Object.entries(modules)) py.registerJsModule(name, object);
  renewProcessState(py);
  py.runPython(SET_UP_PYTHON, { globals: py.toPy({}) });
  const runner = py.pyimport(RUNNER_MODULE) as unknown as {
    run_main(source: string, filename: string, argv: string[]): number;
  };
  return {
    pyodide: py,
    runMain(source, filename, argv = [filename]) {
      return runner.run_main(source, filename, [...argv]);
    },
    eval<T>(code: string): T {
      return py.runPython(code) as T;
    },
  };
}
