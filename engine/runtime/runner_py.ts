// The Python side of the runtime: runs a program or a cell as `__main__`,
// prints uncaught exceptions as CPython's traceback (without this runner's own
// frame) and reports an exit status. Kept as a string so that Node and the
// browser Worker load it the same way, with no file to fetch.

export const RUNNER_MODULE = '_glassgrad_runner';

export const RUNNER_SOURCE = String.raw`
import builtins
import linecache
import os
import sys
import traceback
import types

# Frames PyTorch users never see: the engine's JavaScript (Pyodide shows it in tracebacks) and the torch
# package's private plumbing (where PyTorch has C++). torch.nn, torch.optim... stay, as in PyTorch.
_TORCH_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "torch") + os.sep
_JS_SUFFIXES = (".ts", ".js", ".mjs", ".cjs")
_FULL = False  # every frame kept: set by the CLI under GLASSGRAD_FULL_TRACEBACK=1 (os.environ is Pyodide's, not the host's)


def _register_source(source, filename):
    # mtime None: linecache keeps the entry even though no such file exists.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _hidden(tb):
    filename = tb.tb_frame.f_code.co_filename
    if filename.endswith(_JS_SUFFIXES) or filename.startswith("node:"):
        return True
    if filename.startswith(_TORCH_DIR):
        rel = filename[len(_TORCH_DIR):]
        return "/" not in rel and rel.startswith("_")
    return False


def _user_traceback(tb):
    """The traceback without hidden frames (the first frame is always kept)."""
    if _FULL or tb is None:
        return tb
    frames = []
    while tb is not None:
        frames.append(tb)
        tb = tb.tb_next
    kept = [frames[0]] + [f for f in frames[1:] if not _hidden(f)]
    for a, b in zip(kept, kept[1:] + [None]):
        a.tb_next = b
    return kept[0]


def _print_exception(exc, tb):
    traceback.print_exception(type(exc), exc, _user_traceback(tb), file=sys.stderr)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _exit_status(exc):
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)
    return 1


def run_main(source, filename, argv):
    """Runs source as the __main__ module, as 'python filename' would; returns the exit status."""
    _register_source(source, filename)
    module = types.ModuleType("__main__")
    module.__file__ = filename
    module.__builtins__ = builtins
    sys.modules["__main__"] = module
    sys.argv = list(argv)
    try:
        code = compile(source, filename, "exec")
        exec(code, module.__dict__)
    except SystemExit as exc:
        return _exit_status(exc)
    except BaseException as exc:
        _flush()
        tb = exc.__traceback__
        # Drop this runner's frame: the traceback starts in the user's code.
        if tb is not None and tb.tb_frame.f_code is run_main.__code__:
            tb = tb.tb_next
        _print_exception(exc, tb)
        return 1
    finally:
        _flush()
    return 0


def run_cell(source, filename, namespace):
    """Runs a notebook cell in namespace; returns (status, exception type name, message)."""
    _register_source(source, filename)
    try:
        exec(compile(source, filename, "exec"), namespace)
    except BaseException as exc:
        _flush()
        tb = exc.__traceback__
        if tb is not None and tb.tb_frame.f_code is run_cell.__code__:
            tb = tb.tb_next
        _print_exception(exc, tb)
        return (1, type(exc).__name__, str(exc))
    finally:
        _flush()
    return (0, None, None)
`;
