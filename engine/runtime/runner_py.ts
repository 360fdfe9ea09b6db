// The Python side of the runtime: runs a program or a cell as `__main__`,
// prints uncaught exceptions as CPython's traceback (without this runner's own
// frame) and reports an exit status. Kept as a string so that Node and the
// browser Worker load it the same way, with no file to fetch.

export const RUNNER_MODULE = '_glassgrad_runner';

export const RUNNER_SOURCE = String.raw`
import builtins
import linecache
import sys
import traceback
import types


def _register_source(source, filename):
    # mtime None: linecache keeps the entry even though no such file exists.
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


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
        traceback.print_exception(type(exc), exc, tb, file=sys.stderr)
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
        traceback.print_exception(type(exc), exc, tb, file=sys.stderr)
        return (1, type(exc).__name__, str(exc))
    finally:
        _flush()
    return (0, None, None)
`;
