"""The MIME bundle of a value, as IPython's DisplayFormatter computes it.

``text/plain`` is always there (``repr``, with IPython's line breaking for
long builtin containers and its ``<module.Class at 0x...>`` for objects
without a repr of their own). Objects add richer forms through
``_repr_mimebundle_`` and the ``_repr_html_``/``_repr_markdown_``/... methods;
a torch tensor adds TENSOR_MIME, the tensor inspector's summary.
"""
import base64
import pprint
import sys
import traceback

TENSOR_MIME = "application/vnd.glassgrad.tensor+json"

_REPR_METHODS = (
    ("text/html", "_repr_html_"),
    ("text/markdown", "_repr_markdown_"),
    ("image/svg+xml", "_repr_svg_"),
    ("image/png", "_repr_png_"),
    ("image/jpeg", "_repr_jpeg_"),
    ("text/latex", "_repr_latex_"),
    ("application/json", "_repr_json_"),
)
_BINARY = {"image/png", "image/jpeg"}
_PRETTY_CONTAINERS = (list, tuple, dict, set, frozenset)


def _default_repr(obj):
    """IPython's text for an object without a repr of its own: <module.Class at 0x...>, or None."""
    cls = type(obj)
    if cls.__repr__ is not object.__repr__ or isinstance(obj, type):
        return None
    module = getattr(cls, "__module__", None)
    name = cls.__qualname__ if module in (None, "builtins") else f"{module}.{cls.__qualname__}"
    return f"<{name} at {hex(id(obj))}>"


class _Pretty(pprint.PrettyPrinter):
    """pprint's line breaking (close to IPython's for builtin containers), with IPython's default repr inside."""

    def format(self, obj, context, maxlevels, level):
        text = _default_repr(obj)
        if text is not None:
            return text, True, False
        return super().format(obj, context, maxlevels, level)


def plain_text(obj):
    """IPython's text/plain for obj."""
    text = _default_repr(obj)
    if text is not None:
        return text
    if type(obj) in _PRETTY_CONTAINERS:
        return _Pretty(width=79, sort_dicts=False).pformat(obj)
    return repr(obj)


def _tensor_class():
    torch = sys.modules.get("torch")
    return getattr(torch, "Tensor", None) if torch is not None else None


def is_tensor(obj):
    cls = _tensor_class()
    return cls is not None and isinstance(obj, cls)


def _js_none(value):
    return value is None or type(value).__name__ == "JsNull"


def tensor_summary(t):
    """The TensorSummary of protocol.ts, read off the tensor's engine handle."""
    h = t._h
    storage = h.storage
    grad_fn = h.gradFn
    return {
        "shape": [int(s) for s in h.shape],
        "dtype": str(t.dtype),
        "strides": [int(s) for s in h.strides],
        "storageOffset": int(h.offset),
        "requiresGrad": bool(h.requiresGrad),
        "isLeaf": bool(h.isLeaf),
        "gradFn": None if _js_none(grad_fn) else str(grad_fn.name),
        "storageBytes": int(storage.nbytes),
        "bytes": int(h.numel) * t.element_size(),
        "storageId": int(storage.id),
    }


def _repr_method(obj, name):
    """obj's bound _repr_*_ method, or None. Classes and objects that answer every attribute have none."""
    if isinstance(obj, type):
        return None
    try:
        if getattr(obj, "_ipython_canary_method_should_not_exist_", None) is not None:
            return None
        method = getattr(obj, name, None)
    except Exception:
        return None
    return method if callable(method) else None


def _call(obj, name, **kwargs):
    method = _repr_method(obj, name)
    if method is None:
        return None
    try:
        result = method(**kwargs)
    except NotImplementedError:
        return None
    except Exception:
        print(f"{type(obj).__name__}.{name} raised an exception; that representation is skipped:", file=sys.stderr)
        traceback.print_exc()
        return None
    if isinstance(result, tuple) and len(result) == 2:
        result = result[0]  # (data, metadata)
    return result


def _encode(mime, value):
    if mime in _BINARY and isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode("ascii")
    return value


def format_bundle(obj, include=None, exclude=None):
    """MIME type -> data for obj."""
    data = {}
    kwargs = {"include": include, "exclude": exclude}
    mimebundle = _call(obj, "_repr_mimebundle_", **kwargs)
    if isinstance(mimebundle, dict):
        data.update({mime: _encode(mime, v) for mime, v in mimebundle.items()})
    for mime, method in _REPR_METHODS:
        if mime not in data:
            value = _call(obj, method)
            if value is not None:
                data[mime] = _encode(mime, value)
    if is_tensor(obj):
        data[TENSOR_MIME] = tensor_summary(obj)
    if "text/plain" not in data:
        data["text/plain"] = plain_text(obj)
    if include is not None:
        data = {k: v for k, v in data.items() if k in include}
    if exclude is not None:
        data = {k: v for k, v in data.items() if k not in exclude}
    return data
