// The Python side shipped with the engine: every .py file under engine/python
// (the `torch` package, `torchvision`, `glassgrad`, ...). Both hosts write the
// files into Pyodide's file system under PYTHON_LIB_DIR, keeping their paths
// relative to engine/python: Node walks the folder (pyodide_node.ts), the
// browser Worker takes them from Vite's `import.meta.glob(..., '?raw')`. There
// is no list to keep in sync: a new .py file ships by being there.

import warmImports from './warm_imports.json';

/** Where the Python packages live inside Pyodide's file system (a folder on sys.path). */
export const PYTHON_LIB_DIR = '/glassgrad/lib';

/** Name under which the engine bridge is importable from Python. */
export const BRIDGE_MODULE = '_glassgrad';

/**
 * Name under which the host's services are importable from Python:
 * `read_asset(name)` returns the bytes of a shipped data file (e.g.
 * "mnist/train-images-idx3-ubyte.gz", relative to public/datasets) or None.
 */
export const HOST_MODULE = '_glassgrad_host';

/**
 * Standard-library modules worth having in a start-up snapshot: what `torch`,
 * the runner and the notebook kernel import. A JSON file because the build
 * script that makes the browser's snapshot is plain Node.
 */
export const WARM_IMPORTS: readonly string[] = warmImports;

/** Shipped data files are served from here (public/datasets in the repo, /datasets on the site). */
export const DATASETS_DIR = 'datasets';
