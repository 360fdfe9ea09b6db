#!/usr/bin/env node
// Puts the Python runtime the browser Worker loads into public/pyodide/ (git-ignored;
// Vite serves public/ in dev and copies it into dist/), so the site needs no CDN:
//
//   pyodide.asm.mjs, pyodide.asm.wasm, pyodide-lock.json   copied from node_modules/pyodide
//   python_stdlib.pyc.zip   the standard library compiled to bytecode (Note [Precompiled stdlib])
//   package.pyc.json        bytecode of engine/python/**/*.py (Note [Shipped package bytecode])
//   python.snapshot         Pyodide's memory after start-up and `import torch` (Note [Browser start-up snapshot]),
//   python.snapshot.json    with the key of the package and engine it was made with
//   *.gz                    gzip copies of the large files that compress (Note [Precompressed assets]
//                           in server/precompressed_assets.ts)
//
// Skips the work when the outputs are up to date: the stdlib is keyed by the pinned
// Pyodide version and this script's text, the package bytecode by its sources too.
//
//   node scripts/build-pyodide-assets.mjs           build what is stale
//   node scripts/build-pyodide-assets.mjs --force   rebuild everything
//
// Note [Precompiled stdlib]: Pyodide's npm package ships python_stdlib.zip as
// sources only, so every start compiles the ~190 modules CPython imports while
// booting (about half of a cold start in Chromium). We compile each .py once
// here, with the same Pyodide, into unchecked hash-based .pyc files (no
// timestamps, no source needed: zipimport loads `name.pyc` from the archive and
// never looks for `name.py`), drop the sources that compiled, and hand the
// archive to loadPyodide as its documented `stdLibURL`. Tracebacks through the
// standard library then show no source lines, as with any .pyc-only install.
//
// Note [Shipped package bytecode]: the `torch` package's files are compiled to
// *checked* hash-based .pyc files: CPython hashes the source it was given and
// recompiles when it differs, so a stale file (dev server after an edit) costs
// a compile, never a wrong result.
//
// Note [Browser start-up snapshot]: even from bytecode, booting CPython and
// importing the modules the kernel needs (engine/runtime/warm_imports.json)
// and torch costs the Worker several hundred ms of interpreter work, run in
// code V8 has only just compiled. Pyodide can instead restore a memory
// snapshot taken after those imports (its undocumented `_makeSnapshot` /
// `_loadSnapshot` options, also used in Node: Note [Start-up snapshot] in
// engine/runtime/pyodide_node.ts). torch is imported over the engine, bundled
// here with esbuild (Note [Torch in the start-up snapshot] in
// engine/runtime/torch_snapshot.ts); the snapshot's key names the package
// sources and engine it holds, and the Worker restores it only for the same
// (a dev server after an edit starts Python plainly until the next build).
// We take it here, in Node, from the same Pyodide build over the same
// precompiled archive the browser mounts: the snapshot holds zipimport's table
// of that archive, so the two files are only valid together, which is why they
// are built and stamped together. Pyodide checks its build id on restore, and
// the Worker falls back to a plain start if the snapshot is missing or refused.
// Of the 31 MB of memory, ~19 MB are zero pages, left out of the file
// (snapshot_pages.mjs), which leaves 12 MB. Gzip would make that 4.8 MB, but
// Chromium's DecompressionStream took 0.3-1.1 s to inflate it here, more than
// the transfer it saves from a local server (a server that compresses it on
// the wire is still welcome: the browser inflates that natively). What the
// snapshot would replay from the build machine (the random seed, its time
// zone) is renewed after the restore: Note [What a snapshot replays] in
// engine/runtime/snapshot_renewal.ts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, copyFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { packPages } from '../engine/runtime/snapshot_pages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const pyodideDir = dirname(require.resolve('pyodide/package.json'));
const outDir = join(root, 'public/pyodide');
const packageDir = join(root, 'engine/python');
const stampFile = join(outDir, 'build-stamp.json');
const force = process.argv.includes('--force');

const COPIED = ['pyodide.asm.mjs', 'pyodide.asm.wasm', 'pyodide-lock.json'];
const STDLIB_OUT = 'python_stdlib.pyc.zip';
const PACKAGE_OUT = 'package.pyc.json';
const SNAPSHOT_OUT = 'python.snapshot';
const SNAPSHOT_KEY_OUT = 'python.snapshot.json';
// Served gzip-encoded (the stdlib archive is left out: its entries are deflated already).
const GZIPPED = [...COPIED, PACKAGE_OUT, SNAPSHOT_OUT];
const warmImportsFile = join(root, 'engine/runtime/warm_imports.json');
const snapshotFormatFile = join(root, 'engine/runtime/snapshot_pages.mjs');

const pyodideVersion = JSON.parse(readFileSync(join(pyodideDir, 'package.json'), 'utf8')).version;
const scriptHash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url))).digest('hex').slice(0, 16);

/** Every .py under engine/python: path relative to it → source text. */
function packageSources() {
  const files = new Map();
  const walk = (rel) => {
    for (const entry of readdirSync(join(packageDir, rel), { withFileTypes: true })) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && entry.name !== '__pycache__') walk(child);
      else if (entry.isFile() && entry.name.endsWith('.py')) files.set(child, readFileSync(join(packageDir, child), 'utf8'));
    }
  };
  walk('');
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

function readStamp() {
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return {};
  }
}

function writeAtomically(file, data) {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
}

// Runs inside Pyodide: reads the source archive, writes the compiled one.
const COMPILE_PY = String.raw`
import sys, zipfile
from importlib._bootstrap_external import _code_to_hash_pyc
from importlib.util import source_hash

def entry(name, like):
    # A fixed date keeps the archive byte-identical between builds.
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.external_attr = like.external_attr
    info.compress_type = zipfile.ZIP_DEFLATED if not name.endswith('/') else zipfile.ZIP_STORED
    return info

def compile_stdlib(src_path, dst_path):
    # Code objects carry the path CPython gives them when importing from the mounted archive.
    mounted = next(p for p in sys.path if p.endswith('.zip'))
    kept_sources = []
    with zipfile.ZipFile(src_path) as src, zipfile.ZipFile(dst_path, 'w', zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info)
            name = info.filename
            if name.endswith('.py'):
                try:
                    code = compile(data, f'{mounted}/{name}', 'exec', dont_inherit=True)
                except SyntaxError:
                    kept_sources.append(name)
                else:
                    pyc = _code_to_hash_pyc(code, source_hash(data), checked=False)
                    dst.writestr(entry(name[:-3] + '.pyc', info), pyc)
                    continue
            dst.writestr(entry(name, info), data)
    return kept_sources

def compile_package(paths):
    out = {}
    for rel, src in paths:
        data = src.encode()
        try:
            # The loader replaces co_filename with the installed path (_imp._fix_co_filename).
            code = compile(data, rel, 'exec', dont_inherit=True)
        except SyntaxError:
            continue  # raised, with its traceback, at import
        out[rel] = _code_to_hash_pyc(code, source_hash(data), checked=True)
    return out
`;

async function loadCompiler() {
  const { loadPyodide } = await import('pyodide');
  const py = await loadPyodide({ indexURL: pyodideDir + '/' });
  py.runPython(COMPILE_PY);
  return py;
}

/** engine/runtime/torch_snapshot.ts with the engine, bundled for this (plain Node) script. */
async function loadSnapshotBuilder() {
  const esbuild = await import('esbuild');
  const cacheDir = join(root, 'node_modules/.cache/glassgrad');
  mkdirSync(cacheDir, { recursive: true });
  const outfile = join(cacheDir, `snapshot-builder-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [join(root, 'engine/runtime/torch_snapshot.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['pyodide'],
    outfile,
    logLevel: 'silent',
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(outfile, { force: true });
  }
}

/**
 * Pyodide's memory after booting over the precompiled archive, importing the
 * warm modules and then torch over the engine, zero pages left out.
 */
async function makeStartupSnapshot(builder, warmImports, sources, bytecode) {
  const { loadPyodide } = await import('pyodide');
  const py = await loadPyodide({ indexURL: pyodideDir + '/', stdLibURL: join(outDir, STDLIB_OUT), _makeSnapshot: true });
  py.runPython(warmImports.map((m) => `import ${m}`).join('\n'));
  return packPages(builder.makeTorchSnapshot(py, sources, bytecode));
}

/** package.pyc.json as path → .pyc bytes. */
function readPackageBytecode() {
  const { files } = JSON.parse(readFileSync(join(outDir, PACKAGE_OUT), 'utf8'));
  return new Map(Object.entries(files).map(([rel, b64]) => [rel, new Uint8Array(Buffer.from(b64, 'base64'))]));
}

/** `name.gz` next to each GZIPPED file, where missing or older than the file. */
function writeGzipCopies() {
  for (const name of GZIPPED) {
    const file = join(outDir, name);
    const copy = `${file}.gz`;
    if (existsSync(copy) && statSync(copy).mtimeMs >= statSync(file).mtimeMs) continue;
    writeAtomically(copy, gzipSync(readFileSync(file), { level: 6 }));
  }
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const stamp = force ? {} : readStamp();
  const stdlibKey = `${pyodideVersion}:${scriptHash}`;
  const sources = packageSources();
  const packageKey = createHash('sha256')
    .update(stdlibKey)
    .update(JSON.stringify([...sources]))
    .digest('hex')
    .slice(0, 16);

  const warmImports = JSON.parse(readFileSync(warmImportsFile, 'utf8'));
  const builder = await loadSnapshotBuilder();
  const torchKey = await builder.torchSnapshotKey(sources);
  const snapshotKey = createHash('sha256')
    .update(stdlibKey)
    .update(JSON.stringify(warmImports))
    .update(readFileSync(snapshotFormatFile))
    .update(torchKey)
    .digest('hex')
    .slice(0, 16);

  const copiesFresh = stamp.stdlib === stdlibKey && COPIED.every((f) => existsSync(join(outDir, f)));
  const stdlibFresh = copiesFresh && existsSync(join(outDir, STDLIB_OUT));
  const packageFresh = stamp.package === packageKey && existsSync(join(outDir, PACKAGE_OUT));
  const snapshotFresh =
    stdlibFresh && stamp.snapshot === snapshotKey && existsSync(join(outDir, SNAPSHOT_OUT)) && existsSync(join(outDir, SNAPSHOT_KEY_OUT));
  if (stdlibFresh && packageFresh && snapshotFresh) {
    writeGzipCopies();
    return;
  }

  const t0 = performance.now();
  if (!copiesFresh) for (const f of COPIED) copyFileSync(join(pyodideDir, f), join(outDir, f));
  const py = stdlibFresh && packageFresh ? null : await loadCompiler();
  if (!stdlibFresh) {
    py.FS.writeFile('/tmp/stdlib.zip', readFileSync(join(pyodideDir, 'python_stdlib.zip')));
    const compile = py.globals.get('compile_stdlib');
    const kept = compile('/tmp/stdlib.zip', '/tmp/stdlib.pyc.zip').toJs();
    compile.destroy();
    writeAtomically(join(outDir, STDLIB_OUT), py.FS.readFile('/tmp/stdlib.pyc.zip'));
    if (kept.length) console.log(`python_stdlib.pyc.zip keeps ${kept.length} source file(s) that do not compile: ${kept.join(', ')}`);
  }
  if (!packageFresh) {
    const compile = py.globals.get('compile_package');
    const compiled = compile(py.toPy([...sources]));
    const tag = py.runPython('import sys; sys.implementation.cache_tag');
    const files = {};
    for (const [rel, pyc] of Object.entries(compiled.toJs())) files[rel] = Buffer.from(pyc).toString('base64');
    compiled.destroy();
    compile.destroy();
    writeAtomically(join(outDir, PACKAGE_OUT), JSON.stringify({ cacheTag: tag, files }));
  }
  if (!snapshotFresh) {
    writeAtomically(join(outDir, SNAPSHOT_OUT), await makeStartupSnapshot(builder, warmImports, sources, readPackageBytecode()));
    writeAtomically(join(outDir, SNAPSHOT_KEY_OUT), JSON.stringify({ key: torchKey }) + '\n');
  }
  writeGzipCopies();
  writeAtomically(stampFile, JSON.stringify({ stdlib: stdlibKey, package: packageKey, snapshot: snapshotKey }, null, 2) + '\n');
  // Outputs of an older layout of this script.
  for (const name of readdirSync(outDir)) {
    if (![...COPIED, STDLIB_OUT, PACKAGE_OUT, SNAPSHOT_OUT, SNAPSHOT_KEY_OUT, ...GZIPPED.map((f) => `${f}.gz`), 'build-stamp.json'].includes(name)) rmSync(join(outDir, name), { force: true, recursive: true });
  }
  console.log(`built ${relative(root, outDir)} in ${Math.round(performance.now() - t0)} ms`);
}

await main();
