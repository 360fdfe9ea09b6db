"""The connection to the TypeScript engine (the JS module ``_glassgrad``).

Every engine call goes through ``E`` (the bridge object). Engine errors arrive
as the Python exception PyTorch raises (the bridge calls ``_raise_error``), and
engine warnings are re-emitted with ``warnings.warn`` pointing at the first
frame outside this package, as PyTorch's C++ warnings point at the user's line.
"""
import os
import warnings

import _glassgrad as E  # noqa: N812  (the engine)

from pyodide.ffi import create_proxy

TORCH_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep

_EXCEPTIONS = {
    "RuntimeError": RuntimeError,
    "IndexError": IndexError,
    "ValueError": ValueError,
    "TypeError": TypeError,
    "NotImplementedError": NotImplementedError,
}

_CATEGORIES = {
    "UserWarning": UserWarning,
    "DeprecationWarning": DeprecationWarning,
}


def _raise_error(kind, message):
    raise _EXCEPTIONS.get(kind, RuntimeError)(message)


def warn(message, category=UserWarning):
    """warnings.warn attributed to the user's code (the first frame outside torch)."""
    warnings.warn(message, category, stacklevel=2, skip_file_prefixes=(TORCH_DIR,))


def _engine_warn(category, message):
    warn(message, _CATEGORIES.get(category, UserWarning))


# Note [Engine links]: what the engine keeps of Python (these hooks, the mailbox
# of _tensor.py) is made at import by an engine_link function. A start-up
# snapshot taken after `import torch` restores Python's memory next to a fresh
# engine that has none of it; the runtime then calls reconnect(), which makes
# every link again (engine/runtime/torch_snapshot.ts). An import-time engine
# call that is not a link makes the snapshot builder refuse to build.
_engine_links = []


def engine_link(fn):
    """Runs fn now and again at every reconnect()."""
    _engine_links.append(fn)
    fn()
    return fn


def reconnect():
    """Gives a fresh engine what Python gave the old one at import (see the Note above)."""
    for fn in _engine_links:
        fn()


@engine_link
def _install_hooks():
    E.installPythonHooks(create_proxy(_raise_error), create_proxy(_engine_warn))


def none_if_null(value):
    """JavaScript null arrives as pyodide's jsnull; the facade speaks None."""
    return None if value is None or type(value).__name__ == "JsNull" else value
