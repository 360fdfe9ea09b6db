// The packed restore (Note [Restoring a packed snapshot]) must leave the wasm
// memory byte for byte as Pyodide's own restore of the unpacked image does.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPackageFiles } from './pyodide_node.ts';
import { WARM_IMPORTS } from './python_package.ts';
import { createPackedReader, packPages, unpackPages } from './snapshot_pages.mjs';
import { packedRestoreOptions, type CreatePyodideModule } from './snapshot_restore.ts';
import { jsModules } from './python_runtime.ts';
import { makeTorchSnapshot, snapshotDeserializer } from './torch_snapshot.ts';

const PYODIDE_DIR = path.dirname(createRequire(import.meta.url).resolve('pyodide/package.json'));

interface Restorable {
  API: { restoreSnapshot(image: Uint8Array): unknown };
  HEAP8: Int8Array;
}

const RESTORED = 'stop after the restore';

/** loadPyodide with `options`, stopped right after the snapshot's restore: a copy of the wasm memory then. */
async function memoryAfterRestore(options: Record<string, unknown>, create: CreatePyodideModule): Promise<Uint8Array> {
  const { loadPyodide } = await import('pyodide');
  let memory: Uint8Array | null = null;
  const inner = (options.createPyodideModule as CreatePyodideModule | undefined) ?? create;
  const capture: CreatePyodideModule = async (settings) => {
    const module = await inner(settings);
    const internals = module as unknown as Restorable;
    const restore = internals.API.restoreSnapshot;
    internals.API.restoreSnapshot = (image) => {
      restore(image);
      memory = new Uint8Array(internals.HEAP8.buffer).slice();
      throw new Error(RESTORED);
    };
    return module;
  };
  await expect(loadPyodide({ indexURL: PYODIDE_DIR + path.sep, ...options, createPyodideModule: capture })).rejects.toThrow(RESTORED);
  return memory!;
}

describe('restoring a packed snapshot', () => {
  it('leaves the same memory as restoring the unpacked image', async () => {
    const { loadPyodide } = await import('pyodide');
    const maker = await loadPyodide({ indexURL: PYODIDE_DIR + path.sep, _makeSnapshot: true });
    maker.runPython(WARM_IMPORTS.map((m) => `import ${m}`).join('\n'));
    const packed = packPages(makeTorchSnapshot(maker, readPackageFiles()));
    const create = import(pathToFileURL(path.join(PYODIDE_DIR, 'pyodide.asm.mjs')).href).then(
      (loader: { default: CreatePyodideModule }) => loader.default,
    );
    const reader = createPackedReader();
    for (let at = 0; at < packed.length; at += 65536) reader.push(packed.subarray(at, at + 65536));
    const snapshot = reader.finish();

    const plain = await memoryAfterRestore({ _loadSnapshot: unpackPages(packed) }, await create);
    const ours = await memoryAfterRestore(
      packedRestoreOptions({
        length: Promise.resolve(snapshot.length),
        packed: Promise.resolve(snapshot),
        createModule: create,
        deserializer: Promise.resolve(snapshotDeserializer(jsModules({}))),
      }),
      await create,
    );
    expect(ours.length).toBe(plain.length);
    expect(Buffer.compare(ours, plain)).toBe(0);
  }, 180_000);
});
