// The manifest of the Python `torch` package shipped with the engine
// (engine/python/torch). Both hosts write these files into Pyodide's file
// system before `import torch`: Node reads them from disk at startup
// (pyodide_node.ts); the browser Worker can import the same paths with Vite's
// `?raw` suffix. A test checks that this list matches the folder, so a new
// .py file must be added here.

/** Paths relative to engine/python/torch, '/'-separated. */
export const TORCH_PACKAGE_FILES: readonly string[] = [
  '__init__.py',
  '_bridge.py',
  '_creation.py',
  '_dtype.py',
  '_functional.py',
  '_grad_mode.py',
  '_graph.py',
  '_indexing.py',
  '_layout.py',
  '_printing.py',
  '_random.py',
  '_reductions.py',
  '_size.py',
  '_tensor.py',
  '_tensor_ops.py',
  'autograd/__init__.py',
  'autograd/grad_mode.py',
  'autograd/variable.py',
  'nn/__init__.py',
  'nn/functional.py',
  'nn/init.py',
  'nn/modules/__init__.py',
  'nn/modules/_state_dict.py',
  'nn/modules/activation.py',
  'nn/modules/batchnorm.py',
  'nn/modules/container.py',
  'nn/modules/conv.py',
  'nn/modules/dropout.py',
  'nn/modules/flatten.py',
  'nn/modules/linear.py',
  'nn/modules/loss.py',
  'nn/modules/module.py',
  'nn/modules/pooling.py',
  'nn/modules/sparse.py',
  'nn/parameter.py',
  'optim/__init__.py',
  'optim/adam.py',
  'optim/lr_scheduler.py',
  'optim/optimizer.py',
  'optim/sgd.py',
  'types.py',
];

/** Where the package lives inside Pyodide's file system (a folder on sys.path). */
export const PYTHON_LIB_DIR = '/glassgrad/lib';

/** Name under which the engine bridge is importable from Python. */
export const BRIDGE_MODULE = '_glassgrad';

/** Standard-library modules worth having in a start-up snapshot (what `torch` and the runner import). */
export const WARM_IMPORTS: readonly string[] = [
  'builtins', 'linecache', 'traceback', 'types', 'warnings', 'weakref', 'math', 'numbers',
  'functools', 'contextlib', 'collections', 'itertools', 'operator', 'inspect', 'typing',
  'copy', 'struct', 'array', 'abc', 're', 'enum', 'dataclasses', 'random', 'py_compile', 'bisect',
];
