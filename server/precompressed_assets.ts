// Note [Precompressed assets]: Python's start-up files are large and compress
// well (the memory snapshot 13 MB → 5 MB, Pyodide's wasm 9.6 MB → 3.6 MB), and
// in a cold browser their transfer is most of the wait, even from a local
// server. scripts/build-pyodide-assets.mjs writes a gzip copy next to each
// (`name.gz`); this middleware serves that copy with `Content-Encoding: gzip`
// to a browser that accepts it, which inflates it natively on the way in (no
// script-side decompression, which measured slow in a Worker). Vite's dev and
// preview servers get it through the plugin; a static host does the same with
// its precompressed-file option (nginx `gzip_static`, for one). Files without a
// copy, and clients without gzip, fall through to the usual static serving.
import { createReadStream, statSync, type Stats } from 'node:fs';
import type { OutgoingHttpHeaders } from 'node:http';
import path from 'node:path';
import type { Connect, Plugin } from 'vite';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.mjs': 'text/javascript',
  '.js': 'text/javascript',
};

function statFile(file: string): Stats | null {
  try {
    const stats = statSync(file);
    return stats.isFile() ? stats : null;
  } catch {
    return null;
  }
}

/**
 * Serves `<root>/<path>.gz` for a request of `<base><path>`, gzip-encoded,
 * with `headers` (the server's own, e.g. cross-origin isolation) and an ETag.
 */
export function precompressedMiddleware(root: string, base: string, headers: OutgoingHttpHeaders = {}): Connect.NextHandleFunction {
  const rootDir = path.resolve(root);
  return (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (!/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return next();
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return next();
    }
    if (!pathname.startsWith(base) || pathname.endsWith('/')) return next();
    const file = path.resolve(rootDir, `${pathname.slice(base.length)}.gz`);
    if (!file.startsWith(rootDir + path.sep)) return next();
    const stats = statFile(file);
    if (!stats) return next();
    for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
    const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}-gzip"`;
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', 'no-cache');
    if (req.headers['if-none-match'] === etag) {
      res.statusCode = 304;
      res.end();
      return;
    }
    res.setHeader('Content-Type', CONTENT_TYPES[path.extname(pathname)] ?? 'application/octet-stream');
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', stats.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', next).pipe(res);
  };
}

/** The middleware on Vite's dev server (over public/) and preview server (over the build's output). */
export function precompressedAssets(): Plugin {
  return {
    name: 'glassgrad:precompressed-assets',
    configureServer(server) {
      const { publicDir, base, server: options } = server.config;
      if (publicDir) server.middlewares.use(precompressedMiddleware(publicDir, base, options.headers));
    },
    configurePreviewServer(server) {
      const { root, build, base, preview } = server.config;
      server.middlewares.use(precompressedMiddleware(path.resolve(root, build.outDir), base, preview.headers));
    },
  };
}
