import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { precompressedAssets } from './server/precompressed_assets.ts';

// COOP/COEP make the page cross-origin isolated, so the Python Worker can be
// interrupted through a SharedArrayBuffer instead of being terminated.
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// Pyodide's runtime files are served from public/pyodide (scripts/build-pyodide-assets.mjs):
// Vite must not pre-bundle the package, and the Node-only modules its loader
// imports behind runtime checks (node:fs, ...) are left out without a warning each.
export default defineConfig({
  plugins: [react(), precompressedAssets()],
  server: { headers: isolationHeaders },
  preview: { headers: isolationHeaders },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['pyodide'] },
  build: {
    rolldownOptions: {
      onLog(level, log, handler) {
        if (/externalized for browser compatibility, imported by "[^"]*\/pyodide\//.test(log.message)) return;
        handler(level, log);
      },
    },
  },
});
