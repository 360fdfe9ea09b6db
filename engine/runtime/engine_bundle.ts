// The CLI's fast path to the engine: one pre-bundled ES module instead of
// ~100 TypeScript files transformed one by one through tsx's loader.
//
// Note [Engine bundle]: loading the engine's sources through tsx costs about
// half a second per process (each module crosses tsx's loader thread); a
// single esbuild bundle loads in about a tenth of that. The bundle is cached
// in node_modules/.cache/glassgrad, keyed by the path, size and mtime of every
// engine source file, and rebuilt (~0.5 s) after an edit. Only the CLI uses
// it: code that imports engine modules itself (tests) must load the runtime
// from source, or there would be two engines in one process.
// GLASSGRAD_NO_BUNDLE=1 loads from source.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type RuntimeModule = typeof import('./python_runtime.ts');

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ENGINE_DIR = path.resolve(HERE, '..');
const CACHE_DIR = path.resolve(ENGINE_DIR, '../node_modules/.cache/glassgrad');
const ENTRY = path.join(HERE, 'python_runtime.ts');

function sourceKey(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
        const st = fs.statSync(p);
        hash.update(`${p}\0${st.size}\0${st.mtimeMs}\n`);
      }
    }
  };
  walk(ENGINE_DIR);
  return hash.digest('hex').slice(0, 16);
}

async function build(outfile: string): Promise<void> {
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
  fs.renameSync(tmp, outfile);
  for (const name of fs.readdirSync(CACHE_DIR)) {
    if (/^engine-[0-9a-f]+\.mjs$/.test(name) && path.join(CACHE_DIR, name) !== outfile) {
      fs.rmSync(path.join(CACHE_DIR, name), { force: true });
    }
  }
}

/** python_runtime.ts and the whole engine behind it, from the cached bundle (built if stale). */
export async function loadBundledRuntime(): Promise<RuntimeModule> {
  if (process.env.GLASSGRAD_NO_BUNDLE === '1') return import('./python_runtime.ts');
  try {
    const outfile = path.join(CACHE_DIR, `engine-${sourceKey()}.mjs`);
    if (!fs.existsSync(outfile)) {
      fs.mkdirSync(CACHE_DIR, { recursive: true });
      await build(outfile);
    }
    return (await import(pathToFileURL(outfile).href)) as RuntimeModule;
  } catch {
    return import('./python_runtime.ts'); // no esbuild, read-only checkout: load from source
  }
}
