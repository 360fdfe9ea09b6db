// Serves the site for browser tests and benchmarks, with the project's
// vite.config.ts (so the COOP/COEP headers and the Pyodide assets are the real
// ones):
//   startApp(pages)   a production build of the given HTML pages in a temporary
//                     folder, served as `vite preview` serves dist/ (one small
//                     bundle per page: fast to load on a busy CI machine);
//   startDevServer()  Vite's dev server, as `npm start` runs it.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, createServer, preview, type InlineConfig } from 'vite';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The kernel test page (test/browser/pages/kernel_page.ts). */
export const KERNEL_PAGE = 'test/browser/pages/kernel.html';

/** The inspect views over a kernel, without the notebook (test/browser/pages/inspect_page.tsx). */
export const INSPECT_PAGE = 'test/browser/pages/inspect.html';

/** Every page the browser tests open: global_setup.ts builds them once for all test files. */
export const TEST_SITE_PAGES = ['index.html', KERNEL_PAGE, INSPECT_PAGE] as const;

export interface RunningApp {
  /** Origin with a trailing slash, e.g. http://127.0.0.1:41234/ */
  url: string;
  close(): Promise<void>;
}

const quiet: InlineConfig = {
  root: REPO_ROOT,
  configFile: path.join(REPO_ROOT, 'vite.config.ts'),
  logLevel: 'warn',
  clearScreen: false,
};

function originOf(urls: { local: string[] } | null): string {
  const url = urls?.local[0];
  if (!url) throw new Error('the Vite server did not report its address');
  return url.endsWith('/') ? url : `${url}/`;
}

/**
 * Builds the site into `outDir` with the given HTML entry points (paths
 * relative to the repository: "index.html", KERNEL_PAGE); public/ is copied
 * as in `npm run build`.
 */
export async function buildSite(outDir: string, pages: readonly string[]): Promise<void> {
  const input = Object.fromEntries(pages.map((page) => [page.replace(/\.html$/, '').replace(/\W+/g, '_'), path.join(REPO_ROOT, page)]));
  await build({ ...quiet, logLevel: 'error', build: { outDir, emptyOutDir: true, rolldownOptions: { input } } });
}

/** Serves a built site as `vite preview` does (same headers as the dev server). */
export async function startPreview(outDir: string): Promise<RunningApp> {
  const server = await preview({ ...quiet, build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false } });
  return { url: originOf(server.resolvedUrls), close: () => server.close() };
}

/** Builds `pages` into a temporary folder and serves it; close() removes the folder. */
export async function startApp(pages: readonly string[] = [KERNEL_PAGE]): Promise<RunningApp> {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'glassgrad-site-'));
  try {
    await buildSite(outDir, pages);
    const server = await startPreview(outDir);
    return {
      url: server.url,
      async close() {
        await server.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    throw error;
  }
}

/** The dev server on a free port; no file watching, no HMR (tests load pages once). */
export async function startDevServer(): Promise<RunningApp> {
  const server = await createServer({
    ...quiet,
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
  });
  await server.listen();
  return { url: originOf(server.resolvedUrls), close: () => server.close() };
}
