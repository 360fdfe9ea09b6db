/// <reference types="vite/client" />
// The browser Worker's host: where Pyodide, the package's bytecode and the
// shipped data files come from (the package's sources: browser_package_sources.ts).
// Everything is served by our own site (public/pyodide and public/datasets, see
// scripts/build-pyodide-assets.mjs); nothing is fetched from another origin.
import { gzipStored } from './gzip_stored.ts';
import { createPackedReader, type PackedSnapshot } from './snapshot_pages.mjs';
import type { CreatePyodideModule } from './snapshot_restore.ts';
import type { RuntimeHost } from './python_runtime.ts';
import { DATASETS_DIR } from './python_package.ts';

/** The site's root (Vite's `base`), absolute. */
function siteURL(path: string): URL {
  return new URL(`${import.meta.env.BASE_URL}${path}`, self.location.href);
}

/** Where loadPyodide finds pyodide.asm.mjs/.wasm and the lock file (with a trailing slash). */
export function pyodideIndexURL(): string {
  return siteURL('pyodide/').href;
}

/** The precompiled standard library (Note [Precompiled stdlib] in scripts/build-pyodide-assets.mjs). */
export function stdLibURL(): string {
  return siteURL('pyodide/python_stdlib.pyc.zip').href;
}

/** A start-up snapshot as the site serves it. */
export interface StartupSnapshot {
  /** Pyodide's memory, packed (restored by packedRestoreOptions). */
  packed: PackedSnapshot;
  /** What it was made with (torchSnapshotKey): restore it only into the same package and engine. */
  key: string;
}

async function fetchOk(path: string): Promise<Response> {
  const response = await fetch(siteURL(path));
  if (!response.ok) throw new Error(`${path}: ${response.status} ${response.statusText}`);
  return response;
}

/** A start-up snapshot on its way. */
export interface StartupSnapshotDownload {
  /** The unpacked length, known from the first bytes. */
  length: Promise<number>;
  snapshot: Promise<StartupSnapshot>;
}

/**
 * Pyodide's memory after start-up and `import torch`, built with the
 * precompiled stdlib (Note [Browser start-up snapshot] in
 * scripts/build-pyodide-assets.mjs); rejects when the site has none, so that
 * the caller starts Python plainly.
 */
export function downloadStartupSnapshot(): StartupSnapshotDownload {
  let lengthKnown!: (n: number) => void;
  const length = new Promise<number>((resolve) => (lengthKnown = resolve));
  const packed = fetchOk('pyodide/python.snapshot').then((response) => readDownload(response, lengthKnown));
  const key = fetchOk('pyodide/python.snapshot.json').then((r) => r.json() as Promise<{ key: string }>);
  const snapshot = Promise.all([packed, key]).then(([p, made]) => ({ packed: p, key: made.key }));
  return { length: Promise.race([length, snapshot.then((s) => s.packed.length)]), snapshot };
}

/** The packed snapshot, read piece by piece as it downloads; `lengthKnown` hears its unpacked length first. */
async function readDownload(response: Response, lengthKnown: (n: number) => void): Promise<PackedSnapshot> {
  const reader = createPackedReader();
  const stream = response.body?.getReader();
  if (!stream) {
    reader.push(new Uint8Array(await response.arrayBuffer()));
    return reader.finish();
  }
  for (;;) {
    const { done, value } = await stream.read();
    if (done) return reader.finish();
    reader.push(value);
    if (reader.length >= 0) lengthKnown(reader.length);
  }
}

/** pyodide.asm.mjs's module factory, loaded from the site (as loadPyodide would) for packedRestoreOptions. */
export async function loadPyodideModuleFactory(): Promise<CreatePyodideModule> {
  const loader = (await import(/* @vite-ignore */ `${pyodideIndexURL()}pyodide.asm.mjs`)) as { default: CreatePyodideModule };
  return loader.default;
}

interface PackageBytecodeFile {
  cacheTag: string;
  /** path relative to engine/python → checked hash-based .pyc, base64 */
  files: Record<string, string>;
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The package's bytecode built with the site (Note [Shipped package bytecode]),
 * or an empty map when it is missing: CPython then compiles the sources.
 */
export async function fetchPackageBytecode(): Promise<Map<string, Uint8Array>> {
  try {
    const response = await fetch(siteURL('pyodide/package.pyc.json'));
    if (!response.ok) return new Map();
    const { files } = (await response.json()) as PackageBytecodeFile;
    return new Map(Object.entries(files).map(([rel, b64]) => [rel, fromBase64(b64)]));
  } catch {
    return new Map();
  }
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Python reads data files synchronously (`_glassgrad_host.read_asset`), so the
 * Worker uses a synchronous XMLHttpRequest, which workers may make. The Accept
 * header keeps Vite's single-page fallback from answering a missing file with
 * index.html. Static servers (Vite's, Apache's) send `x.gz` with
 * `Content-Encoding: gzip`, so the browser decompresses it; such a file is
 * wrapped back into gzip (gzip_stored.ts): Python gets a .gz file with the
 * same contents, if not the same bytes.
 */
export const browserHost: RuntimeHost = {
  readAsset(name) {
    const base = siteURL(`${DATASETS_DIR}/`);
    const url = new URL(name, base);
    if (!url.href.startsWith(base.href) || url.origin !== base.origin) return undefined;
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url.href, false);
    xhr.responseType = 'arraybuffer';
    xhr.setRequestHeader('Accept', 'application/octet-stream');
    try {
      xhr.send();
    } catch {
      return undefined;
    }
    if (xhr.status !== 200) return undefined;
    if ((xhr.getResponseHeader('Content-Type') ?? '').startsWith('text/html')) return undefined;
    const bytes = new Uint8Array(xhr.response as ArrayBuffer);
    const decoded = xhr.getResponseHeader('Content-Encoding') !== null;
    return decoded && name.endsWith('.gz') && !isGzip(bytes) ? gzipStored(bytes) : bytes;
  },
};
