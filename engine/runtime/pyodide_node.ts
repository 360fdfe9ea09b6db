// Loading Pyodide in Node (the CLI, the conformance suite, Vitest).
//
// Note [Start-up snapshot]: a plain start of Pyodide 314 in Node takes ~3 s,
// most of it CPython initialising and compiling the standard library from the
// source-only python_stdlib.zip. Pyodide can instead restore a memory snapshot
// taken after those imports (its `_makeSnapshot` / `_loadSnapshot` options:
// undocumented and tied to the exact Pyodide build, which is why the version
// is pinned and is part of the cache key). The snapshot is taken after
// `import torch` too (Note [Torch in the start-up snapshot] in
// torch_snapshot.ts), so it is also keyed by the package sources and the
// engine's names. The first run after a change makes it and caches it under
// node_modules/.cache/glassgrad, without its zero pages (snapshot_pages.mjs);
// later runs are ready, torch imported, in ~0.9 s. A snapshot that fails to
// load is deleted and made again.
// GLASSGRAD_NO_SNAPSHOT=1 turns the cache off.
//
// Note [Precompiled package]: compiling the `torch` package's sources costs
// CPython-in-wasm ~40 ms per file at every start. The bytecode of each file is
// cached (node_modules/.cache/glassgrad/pyc, keyed by Pyodide version, path
// and source text) and written next to the source as an unchecked hash-based
// .pyc, which CPython loads without looking at the source again. An edited
// file has a new key, so it is compiled once and cached again.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { PyodideInterface } from 'pyodide';
import type { JsModules, PythonRuntime, RuntimeHost, RuntimeIO } from './python_runtime.ts';
import { DATASETS_DIR, WARM_IMPORTS } from './python_package.ts';
import { createPackedReader, packPages, type PackedSnapshot } from './snapshot_pages.mjs';
import { packedRestoreOptions, type CreatePyodideModule } from './snapshot_restore.ts';

const require = createRequire(import.meta.url);
const PYODIDE_DIR = path.dirname(require.resolve('pyodide/package.json'));
// The CLI runs this file bundled from a cache folder (Note [CLI bundle] in bin/glassgrad.mjs) and says where the repository is.
const REPO_ROOT = process.env.GLASSGRAD_ROOT ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PYTHON_DIR = path.join(REPO_ROOT, 'engine/python');
const DATASETS_ROOT = path.join(REPO_ROOT, 'public', DATASETS_DIR);

type LoadPyodide = (typeof import('pyodide'))['loadPyodide'];

export interface NodeRuntimeOptions {
  io?: RuntimeIO;
  /** Use (and create) the start-up snapshot cache; default true unless GLASSGRAD_NO_SNAPSHOT is set. */
  snapshot?: boolean;
}

/** Every .py file under engine/python, keyed by its '/'-separated path relative to that folder. */
export function readPackageFiles(dir = PYTHON_DIR): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (rel: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== '__pycache__') walk(child);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.set(child, fs.readFileSync(path.join(dir, child), 'utf8'));
    }
  };
  walk('');
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Shipped data files come from public/datasets (built by scripts/build-datasets.mjs). */
export const nodeHost: RuntimeHost = {
  readAsset(name) {
    const file = path.resolve(DATASETS_ROOT, name);
    if (!file.startsWith(DATASETS_ROOT + path.sep)) return undefined;
    try {
      return new Uint8Array(fs.readFileSync(file));
    } catch {
      return undefined;
    }
  },
};

/** What restoring or making a start-up snapshot needs from the engine (loaded while Pyodide's files load). */
interface SnapshotEngine {
  snapshot: typeof import('./torch_snapshot.ts');
  /** The JS modules the restored Python is given (the runtime is then started with the same). */
  modules: JsModules;
}

async function snapshotPath(version: string, key: Promise<string>): Promise<string> {
  const hash = createHash('sha256').update(JSON.stringify([version, process.version, WARM_IMPORTS])).update(await key);
  return path.join(REPO_ROOT, 'node_modules/.cache/glassgrad', `pyodide-${version}-${hash.digest('hex').slice(0, 16)}.packed-snapshot`);
}

async function loadPlain(load: LoadPyodide, makeSnapshot: boolean): Promise<PyodideInterface> {
  return load({ indexURL: PYODIDE_DIR + path.sep, ...(makeSnapshot ? { _makeSnapshot: true } : {}) });
}

function warm(py: PyodideInterface): void {
  py.runPython(WARM_IMPORTS.map((m) => `import ${m}`).join('\n'));
}

function writeAtomically(file: string, data: Uint8Array): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, file); // concurrent writers (parallel test jobs) each rename a complete file
}

function readPacked(bytes: Uint8Array): PackedSnapshot {
  const reader = createPackedReader();
  reader.push(bytes);
  return reader.finish();
}

/** Deletes cache files that an older Pyodide, Node or package version left. */
function removeStale(dir: string, stale: (name: string) => boolean): void {
  for (const name of fs.readdirSync(dir)) if (stale(name)) fs.rmSync(path.join(dir, name), { force: true });
}

/**
 * A Pyodide instance with the standard library warmed up, and `torch`
 * imported when it comes from the start-up snapshot (Note [Torch in the
 * start-up snapshot]); the snapshot is made on the first run after a change.
 */
async function loadPyodideNode(
  useSnapshot: boolean,
  files: ReadonlyMap<string, string>,
  bytecode: ReadonlyMap<string, Uint8Array>,
  engine: Promise<SnapshotEngine>,
): Promise<PyodideInterface> {
  const { loadPyodide, version } = await import('pyodide');
  if (!useSnapshot) {
    const py = await loadPlain(loadPyodide, false);
    warm(py);
    return py;
  }
  const file = snapshotPath(version, engine.then((e) => e.snapshot.torchSnapshotKey(files)));
  const createModule = import(pathToFileURL(path.join(PYODIDE_DIR, 'pyodide.asm.mjs')).href).then(
    (loader: { default: CreatePyodideModule }) => loader.default,
  );
  const restore = (packed: Promise<PackedSnapshot>) =>
    loadPyodide({
      indexURL: PYODIDE_DIR + path.sep,
      ...packedRestoreOptions({
        length: packed.then((p) => p.length),
        packed,
        createModule,
        deserializer: engine.then((e) => e.snapshot.snapshotDeserializer(e.modules)),
      }),
    });
  const cached = Promise.all([file, engine]).then(([f]) => readPacked(fs.readFileSync(f)));
  try {
    return await restore(cached);
  } catch {
    fs.rmSync(await file, { force: true }); // missing, stale or corrupt: make a new one below
  }
  const maker = await loadPlain(loadPyodide, true);
  warm(maker);
  const packed = packPages((await engine).snapshot.makeTorchSnapshot(maker, files, bytecode));
  const target = await file;
  try {
    writeAtomically(target, packed);
    removeStale(path.dirname(target), (name) => /\.(packed-)?snapshot$/.test(name) && name !== path.basename(target));
  } catch {
    // A read-only checkout still runs, just without the faster start.
  }
  return restore(Promise.resolve(readPacked(packed)));
}

const processIO: RuntimeIO = {
  // process.stdout/stderr writes are synchronous for files, pipes and terminals on Linux and macOS.
  stdout: (b) => void process.stdout.write(Buffer.from(b)),
  stderr: (b) => void process.stderr.write(Buffer.from(b)),
  isatty: Boolean(process.stdout.isTTY),
};

const PYC_DIR = path.join(REPO_ROOT, 'node_modules/.cache/glassgrad/pyc');

function pycKey(version: string, rel: string, source: string): string {
  return createHash('sha256').update(`${version}\0${rel}\0${source}`).digest('hex').slice(0, 24);
}

/** Cached bytecode for the files whose source has not changed (Note [Precompiled package]). */
function readBytecode(version: string, files: ReadonlyMap<string, string>): Map<string, Uint8Array> {
  const out = new Map<string, Uint8Array>();
  for (const [rel, text] of files) {
    try {
      out.set(rel, fs.readFileSync(path.join(PYC_DIR, `${pycKey(version, rel, text)}.pyc`)));
    } catch {
      // not cached yet
    }
  }
  return out;
}

function cacheBytecode(
  compilePackage: (py: PyodideInterface, rels: readonly string[]) => Map<string, Uint8Array>,
  py: PyodideInterface,
  version: string,
  files: ReadonlyMap<string, string>,
  have: ReadonlyMap<string, Uint8Array>,
): void {
  const missing = [...files.keys()].filter((rel) => !have.has(rel));
  if (missing.length === 0) return;
  try {
    for (const [rel, pyc] of compilePackage(py, missing)) {
      writeAtomically(path.join(PYC_DIR, `${pycKey(version, rel, files.get(rel)!)}.pyc`), pyc);
    }
    const current = new Set([...files].map(([rel, text]) => `${pycKey(version, rel, text)}.pyc`));
    removeStale(PYC_DIR, (name) => name.endsWith('.pyc') && !current.has(name));
  } catch {
    // A file that does not compile raises its SyntaxError at import, with the usual traceback.
  }
}

/** Pyodide with the bridge and the `torch` package installed, printing to this process's streams. */
/** Milliseconds spent in each start-up phase of the last startNodeRuntime (GLASSGRAD_TIMING). */
export const startupTimings: Record<string, number> = {};

export async function startNodeRuntime(options: NodeRuntimeOptions = {}): Promise<PythonRuntime> {
  const useCache = options.snapshot ?? process.env.GLASSGRAD_NO_SNAPSHOT !== '1';
  const t0 = performance.now();
  const timed = <T>(name: string, p: Promise<T>): Promise<T> =>
    p.then((v) => ((startupTimings[name] = performance.now() - t0), v));
  const { version } = await import('pyodide');
  const files = readPackageFiles();
  const bytecode = useCache ? readBytecode(version, files) : new Map<string, Uint8Array>();
  // Pyodide's file reads and wasm compilation overlap with loading the engine's modules.
  const engine = timed(
    'engine',
    Promise.all([import('./python_runtime.ts'), import('./torch_snapshot.ts')]).then(([runtime, snapshot]) => ({
      runtime,
      snapshot,
      modules: runtime.jsModules(nodeHost),
    })),
  );
  const py = await timed('pyodide', loadPyodideNode(useCache, files, bytecode, engine));
  const { runtime: { startRuntime, compilePackage }, modules } = await engine;
  const t1 = performance.now();
  const runtime = startRuntime(py, files, options.io ?? processIO, bytecode, modules);
  if (useCache) cacheBytecode(compilePackage, py, version, files, bytecode);
  startupTimings.setup = performance.now() - t1;
  return runtime;
}
