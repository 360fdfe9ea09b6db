// Note [Restoring a packed snapshot]: Pyodide restores a memory snapshot by
// copying the whole image (31 MB) into the fresh wasm memory, after we would
// have unpacked it into a 31 MB buffer of our own. Each first write to a page
// of fresh memory is a page fault, which is what those copies cost: about
// 15 µs a page in this VM, so ~115 ms per 31 MB in Node and ~300 ms in a cold
// Chromium Worker, for memory that is 60% zero pages. So we give loadPyodide
// an untouched buffer of the image's length (it reads only the length before
// the restore, so the restore can wait for the download while the module is
// instantiated) and replace the new module's restoreSnapshot: Pyodide's own
// function gets only the image's header (it checks the magic number and the
// build id and parses the state of Python's JS objects; with no memory after
// the header it copies none), and the packed runs are written straight into
// the wasm memory, zero pages left alone (PackedSnapshot.copyInto): where the
// fresh module has written (below its heap's break: start-up allocates a few
// MB) they are cleared if they are not zero, above it they are not even read,
// since reading a fresh page faults too. That is about a third of the faults
// of the plain restore, with the same bytes in memory. Tied to
// Pyodide's snapshot layout (word 1 of the header: where the memory starts),
// as the snapshot itself is tied to the pinned version.
import type { PyodideConfig } from 'pyodide';
import type { PackedSnapshot } from './snapshot_pages.mjs';
import type { JsObjectRef } from './torch_snapshot.ts';

/** pyodide.asm.mjs's default export, which loadPyodide takes as `createPyodideModule`. */
export type CreatePyodideModule = NonNullable<PyodideConfig['createPyodideModule']>;

/** The parts of the Emscripten module the restore uses (undocumented). */
interface ModuleInternals {
  API: { restoreSnapshot(image: Uint8Array): unknown };
  HEAP8: Int8Array;
  /** Where the C heap's break is kept: the fresh module has written nothing above the break. */
  _emscripten_get_sbrk_ptr?(): number;
}

/** Where the fresh module's memory is known to be all zero from: its heap's break (else nowhere). */
function untouchedFrom(module: ModuleInternals): number {
  const memory = module.HEAP8.buffer;
  if (typeof module._emscripten_get_sbrk_ptr !== 'function') return memory.byteLength;
  return Math.min(memory.byteLength, new Uint32Array(memory)[module._emscripten_get_sbrk_ptr() >>> 2]!);
}

/** What restoring a packed snapshot takes; each part may arrive at its own time. */
export interface PackedRestore {
  /** The image's length, which may come long before the rest (see below). */
  length: Promise<number>;
  packed: Promise<PackedSnapshot>;
  /** pyodide.asm.mjs's factory, best already loading. */
  createModule: Promise<CreatePyodideModule>;
  /** Maps the snapshot's names of JS objects to this process's (snapshotDeserializer in torch_snapshot.ts). */
  deserializer: Promise<(ref: JsObjectRef) => unknown>;
}

/**
 * loadPyodide options that restore a packed snapshot (see the Note). With
 * the length known early, the wasm is compiled while the snapshot downloads:
 * loadPyodide compiles it only once it has what it takes for the snapshot,
 * and until then the wasm's download stalls unread.
 */
export function packedRestoreOptions(restore: PackedRestore): {
  _loadSnapshot: Promise<Uint8Array>;
  createPyodideModule: CreatePyodideModule;
  _snapshotDeserializer: (ref: JsObjectRef) => unknown;
} {
  let deserialize: (ref: JsObjectRef) => unknown = () => {
    throw new Error('the snapshot was restored before its deserializer arrived');
  };
  const loadSnapshot = restore.length.then((n) => new Uint8Array(n));
  // loadPyodide meets each failure in its turn (and rejects); none is unhandled meanwhile.
  for (const part of [loadSnapshot, ...Object.values(restore)]) (part as Promise<unknown>).catch(() => undefined);
  return {
    _loadSnapshot: loadSnapshot,
    async createPyodideModule(settings) {
      const module = await (await restore.createModule)(settings);
      const [snapshot, deserializer] = await Promise.all([restore.packed, restore.deserializer]);
      deserialize = deserializer;
      const internals = module as unknown as ModuleInternals;
      const restoreHeader = internals.API.restoreSnapshot;
      internals.API.restoreSnapshot = () => {
        const memoryStart = new DataView(snapshot.slice(0, 8).buffer).getUint32(4, true);
        const state = restoreHeader(snapshot.slice(0, memoryStart));
        snapshot.copyInto(new Uint8Array(internals.HEAP8.buffer), memoryStart, untouchedFrom(internals));
        return state;
      };
      return module;
    },
    _snapshotDeserializer: (ref) => deserialize(ref),
  };
}
