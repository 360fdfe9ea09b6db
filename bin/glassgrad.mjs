#!/usr/bin/env node
// `npx glassgrad run FILE.py [args...]`: runs a Python program with `import torch`
// backed by the engine, as `python3 FILE.py` would; `npx glassgrad check
// LESSON.md --verify` checks a lesson (see engine/runtime/cli.ts).
//
// Note [CLI bundle]: loading the engine's ~150 TypeScript files through a
// TypeScript loader costs most of a second per process; one esbuild bundle of
// the CLI and the engine loads in a tenth of that. The bundle is cached in
// node_modules/.cache/glassgrad, keyed by the path, size and mtime of every
// engine source file (.ts, .mjs, .json), and rebuilt (about half a second) after an edit.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE_DIRS = [path.join(ROOT, 'engine'), path.join(ROOT, 'lessons')];
const CACHE_DIR = path.join(ROOT, 'node_modules/.cache/glassgrad');
const ENTRY = path.join(ROOT, 'engine/runtime/cli.ts');

function sourceKey() {
  const hash = createHash('sha256');
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (/\.(ts|mjs|json)$/.test(entry.name) && !entry.name.endsWith('.test.ts')) {
        const st = fs.statSync(p);
        hash.update(`${path.relative(ROOT, p)}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return hash.digest('hex').slice(0, 16);
}

async function build(outfile) {
  const esbuild = await import('esbuild');
  const tmp = `${outfile}.${process.pid}.tmp.mjs`;
  await esbuild.build({
    entryPoints: [ENTRY],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['pyodide'],
    outfile: tmp,
    logLevel: 'silent',
  });
  fs.renameSync(tmp, outfile); // concurrent builders each rename a complete file
  // Old bundles go after a day, not at once: another checkout sharing node_modules may be using one.
  const dayAgo = Date.now() - 24 * 3600 * 1000;
  for (const name of fs.readdirSync(CACHE_DIR)) {
    const file = path.join(CACHE_DIR, name);
    if (/^cli-[0-9a-f]+\.mjs$/.test(name) && file !== outfile && fs.statSync(file).mtimeMs < dayAgo) {
      fs.rmSync(file, { force: true });
    }
  }
}

async function loadCli() {
  const outfile = path.join(CACHE_DIR, `cli-${sourceKey()}.mjs`);
  if (!fs.existsSync(outfile)) {
    fs.mkdirSync(CACHE_DIR, { recursive: true });
    await build(outfile);
  }
  return import(pathToFileURL(outfile).href);
}

// The bundle lives in the cache folder, so it is told where the repository is.
process.env.GLASSGRAD_ROOT ??= ROOT;
loadCli()
  .then((cli) => cli.runCli(process.argv.slice(2)))
  .then(
    (status) => {
      process.exitCode = status;
    },
    (err) => {
      process.stderr.write(`glassgrad: ${err?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
