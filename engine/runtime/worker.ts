/// <reference lib="webworker" />
// The Python kernel's Web Worker: loads Pyodide from our own site, installs the
// `torch` package over the engine, starts the kernel (kernel_core.ts, which
// imports torch and answers 'init' with 'ready'), then hands it every request.
// Requests that arrive while it starts wait for it.
//
// Note [Worker start-up]: Pyodide's load (fetching and compiling the wasm,
// restoring the start-up snapshot with torch imported, else booting CPython
// from the precompiled stdlib) is most of the start. It begins as soon as
// 'init' arrives; the engine, the kernel and the package sources are separate
// chunks imported while it runs, so their download and parse overlap with it,
// as the package's bytecode fetch does. The restore waits for them: it hands
// Python this engine's objects, and it checks the snapshot's key against the
// package sources served. (Fetching them only after Pyodide's files,
// to give those the bandwidth, measured no different in a cold Chromium.)
import { loadPyodide, type PyodideInterface } from 'pyodide';
import {
  browserHost,
  fetchPackageBytecode,
  downloadStartupSnapshot,
  type StartupSnapshot,
  loadPyodideModuleFactory,
  pyodideIndexURL,
  stdLibURL,
} from './browser_host.ts';
import type { PackedSnapshot } from './snapshot_pages.mjs';
import { packedRestoreOptions } from './snapshot_restore.ts';
import type { Kernel } from './kernel_core.ts';
import { PROTOCOL_VERSION, type KernelEvent, type KernelRequest } from './protocol.ts';
import type { RuntimeIO } from './python_runtime.ts';

declare const self: DedicatedWorkerGlobalScope;

type InitRequest = Extract<KernelRequest, { type: 'init' }>;

function post(event: KernelEvent): void {
  self.postMessage(event);
}

function progress(phase: string, fraction: number): void {
  post({ type: 'startup-progress', phase, fraction });
}

async function loadKernelModules() {
  const [{ startRuntime, jsModules }, { torchSnapshotKey, snapshotDeserializer }, { createKernel }, { packageFiles }] =
    await Promise.all([
      import('./python_runtime.ts'),
      import('./torch_snapshot.ts'),
      import('./kernel_core.ts'),
      import('./browser_package_sources.ts'),
    ]);
  const files = packageFiles();
  // One set of JS modules: those a snapshot restore hands to Python are those the runtime registers.
  const modules = jsModules(browserHost);
  return { startRuntime, createKernel, files, modules, torchSnapshotKey, snapshotDeserializer };
}

type KernelModules = Awaited<ReturnType<typeof loadKernelModules>>;

/** Until the kernel routes Python's output into 'stream' events, what Python prints while starting goes to the console. */
function consoleIO(): RuntimeIO {
  const out = new TextDecoder();
  const err = new TextDecoder();
  return {
    stdout: (b) => console.log(out.decode(b, { stream: true })),
    stderr: (b) => console.warn(err.decode(b, { stream: true })),
  };
}

/** The snapshot, once the package and engine it was made with are known to be these. */
async function checkedSnapshot(download: Promise<StartupSnapshot>, kernelModules: Promise<KernelModules>): Promise<PackedSnapshot> {
  const [snapshot, { files, torchSnapshotKey }] = await Promise.all([download, kernelModules]);
  if (snapshot.key !== (await torchSnapshotKey(files))) {
    throw new Error('it was made with other package sources or engine; `node scripts/build-pyodide-assets.mjs` renews it');
  }
  return snapshot.packed;
}

/**
 * Pyodide from the start-up snapshot (Note [Browser start-up snapshot]), with
 * torch imported (Note [Torch in the start-up snapshot]), or booted plainly
 * when there is none, it is stale, or it is refused.
 */
async function loadPython(kernelModules: Promise<KernelModules>): Promise<{ py: PyodideInterface; fromSnapshot: boolean }> {
  const options = { indexURL: pyodideIndexURL(), stdLibURL: stdLibURL() };
  const download = downloadStartupSnapshot();
  const packed = checkedSnapshot(download.snapshot, kernelModules);
  try {
    const py = await loadPyodide({
      ...options,
      ...packedRestoreOptions({
        length: download.length,
        packed,
        createModule: loadPyodideModuleFactory(),
        deserializer: kernelModules.then((m) => m.snapshotDeserializer(m.modules)),
      }),
    });
    return { py, fromSnapshot: true };
  } catch (error) {
    console.warn(`Python starts without its start-up snapshot (${describe(error)})`);
    return { py: await loadPyodide(options), fromSnapshot: false };
  }
}

let kernel: Kernel | null = null;
let started = false;
const waiting: KernelRequest[] = [];

async function start(init: InitRequest): Promise<void> {
  const startedAt = performance.now();
  progress('Loading the Python runtime', 0);
  const bytecode = fetchPackageBytecode();
  const kernelModules = loadKernelModules();
  const { py, fromSnapshot } = await loadPython(kernelModules);
  progress('Starting Python', 0.6);
  const { startRuntime, createKernel, files, modules } = await kernelModules;
  const runtime = startRuntime(py, files, consoleIO(), await bytecode, modules);
  progress('Loading torch', 0.8);
  const created = createKernel(runtime, post, { startedAt, trace: true, fromSnapshot });
  created.handle(init); // sets the interrupt buffer, imports torch, posts 'ready'
  kernel = created;
  for (const request of waiting.splice(0)) handle(request);
}

function handle(request: KernelRequest): void {
  if (!kernel) {
    waiting.push(request);
    return;
  }
  try {
    kernel.handle(request);
  } catch (error) {
    post({ type: 'fatal', message: `the kernel failed: ${describe(error)}` });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

self.onmessage = (e: MessageEvent<KernelRequest>) => {
  const request = e.data;
  if (request.type !== 'init') {
    handle(request);
    return;
  }
  if (started) return;
  started = true;
  if (request.version !== PROTOCOL_VERSION) {
    post({ type: 'fatal', message: `protocol version ${request.version} requested, kernel speaks ${PROTOCOL_VERSION}` });
    return;
  }
  start(request).catch((error: unknown) => post({ type: 'fatal', message: `Python could not start: ${describe(error)}` }));
};
