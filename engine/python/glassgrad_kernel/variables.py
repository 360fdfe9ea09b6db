"""The variable inspector's view of the namespace (VariableInfo in protocol.ts).

As JupyterLab's and Colab's inspectors: data variables only, so names that
start with '_', modules, functions and classes are left out. Tensors report
shape, dtype, requires_grad and the bytes of their storage (shared with their
views); an nn.Module reports the bytes of its parameters and buffers.
"""
import reprlib
import sys
import types

from .formatters import is_tensor

PREVIEW_CHARS = 80

_SKIPPED_TYPES = (
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.BuiltinMethodType,
    type,
)


# Containers show their first items only: a list of 60,000 tensors must not cost 60,000 reprs after every cell.
_short = reprlib.Repr(maxlevel=3, maxtuple=10, maxlist=10, maxarray=10, maxdict=10, maxset=10, maxfrozenset=10,
                      maxdeque=10, maxstring=PREVIEW_CHARS, maxlong=PREVIEW_CHARS, maxother=PREVIEW_CHARS * 4)


def preview(value):
    """repr on one line, cut to PREVIEW_CHARS."""
    try:
        text = " ".join(_short.repr(value).split())
    except Exception:
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= PREVIEW_CHARS else text[: PREVIEW_CHARS - 1] + "…"


def _module_class():
    nn = sys.modules.get("torch.nn")
    return getattr(nn, "Module", None) if nn is not None else None


def module_bytes(module):
    """Bytes of the distinct storages of a module's parameters and buffers."""
    storages = {}
    for t in list(module.parameters()) + list(module.buffers()):
        storage = t._h.storage
        storages[int(storage.id)] = int(storage.nbytes)
    return sum(storages.values())


def describe(name, value):
    info = {"name": name, "type": type(value).__name__, "preview": preview(value)}
    if is_tensor(value):
        h = value._h
        info.update(
            shape=[int(s) for s in h.shape],
            dtype=str(value.dtype),
            requiresGrad=bool(h.requiresGrad),
            bytes=int(h.storage.nbytes),
        )
    else:
        module_class = _module_class()
        if module_class is not None and isinstance(value, module_class):
            info["bytes"] = module_bytes(value)
    return info


def list_variables(namespace):
    out = []
    for name, value in list(namespace.items()):
        if name.startswith("_") or isinstance(value, _SKIPPED_TYPES):
            continue
        out.append(describe(name, value))
    return out
