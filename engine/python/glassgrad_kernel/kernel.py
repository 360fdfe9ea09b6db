"""The kernel object the TypeScript side drives (kernel_core.ts).

``start(host)`` makes the notebook namespace (a ``__main__`` module, as
IPython's user namespace is), makes ``display`` a builtin, routes rich outputs
to ``host.post``, replaces ``time.sleep`` with one that notices interrupts,
imports torch and freezes everything alive so far out of the garbage
collector's reach (Note [Cheap collections]). The returned Kernel answers
``execute``, ``complete`` and ``variables``; results cross to JavaScript as
JSON text.

Note [Cheap collections]: a full ``gc.collect()`` with torch imported costs
~30 ms in CPython-in-wasm, too much after every cell; ``gc.freeze()`` after
start-up moves the ~23k objects of the standard library, torch and this
kernel to the permanent generation, and a collection then takes well under a
millisecond. So every run ends with a full collection: tensors kept only by
reference cycles (a failed cell's frames, a model that refers to itself)
leave the ledger at once, as the memory figures promise.
"""
import builtins
import gc
import json
import operator
import sys
import time
import types

from . import display as display_module
from .completion import complete, warm
from .execute import run_cell
from .variables import list_variables

_original_sleep = time.sleep


def _seconds(secs):
    if isinstance(secs, (int, float)):
        return secs
    for convert in (operator.index, float):
        try:
            return convert(secs)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"'{type(secs).__name__}' object cannot be interpreted as an integer or float")


def _interruptible_sleep(host_sleep):
    def sleep(secs, /):
        secs = _seconds(secs)
        if secs != secs:
            raise ValueError("Invalid value NaN (not a number)")
        if secs < 0:
            raise ValueError("sleep length must be non-negative")
        for stream in (sys.stdout, sys.stderr):
            stream.flush()  # what was printed before the pause shows during it
        host_sleep(float(secs))

    sleep.__doc__ = _original_sleep.__doc__
    sleep.__module__ = "time"
    return sleep


class Kernel:
    def __init__(self, host):
        self.module = types.ModuleType("__main__")
        self.module.__builtins__ = builtins
        self.namespace = self.module.__dict__
        self.namespace.update({"_": "", "__": "", "___": ""})
        # torch is loaded with the kernel anyway; a notebook can use it before its own `import torch`.
        import torch

        self.namespace["torch"] = torch
        sys.modules["__main__"] = self.module
        builtins.display = display_module.display
        display_module.set_publisher(host.post)
        time.sleep = _interruptible_sleep(host.sleep)

    def execute(self, source, filename, execution_count):
        """Runs a cell; returns 'ok', 'error' or 'interrupted'. Outputs are posted as they happen."""
        try:
            return run_cell(source, filename, execution_count, self.namespace)
        finally:
            for stream in (sys.stdout, sys.stderr):
                stream.flush()
            gc.collect()

    def complete(self, text_before_cursor):
        """JSON {"token": the text being completed, "items": [Completion]}."""
        token, items = complete(text_before_cursor, self.namespace)
        return json.dumps({"token": token, "items": items})

    def warm_completions(self):
        """Computes torch's signatures now (~0.1 s) so that the first `torch.` completes fast."""
        warm()

    def variables(self):
        """JSON [VariableInfo] for the namespace."""
        return display_module.to_json(list_variables(self.namespace))

    def shutdown(self):
        """Empties the namespace (its tensors leave the ledger) and undoes start()."""
        self.namespace.clear()
        display_module.set_publisher(None)
        time.sleep = _original_sleep
        if getattr(builtins, "display", None) is display_module.display:
            del builtins.display
        gc.collect()

    def versions(self):
        import torch

        return json.dumps({"torch": torch.__version__})


def start(host):
    """The kernel; host provides post(kind, json_text) and sleep(seconds)."""
    kernel = Kernel(host)
    import torch  # noqa: F401  (warm: a cell's `import torch` is then a dictionary lookup)

    gc.collect()
    gc.freeze()
    return kernel
