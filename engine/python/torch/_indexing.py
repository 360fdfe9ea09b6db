"""Tensor.__getitem__ / __setitem__, as PyTorch's python_variable_indexing.cpp.

Basic indices (ints, slices, None, Ellipsis) become views: select, slice and
unsqueeze, one dimension at a time. Integer/bool tensors and lists are
advanced indices: they are gathered by the engine's ``index`` op (a copy,
IndexBackward0) and written by ``index_put_``.
"""
import builtins

from ._bridge import E
from ._tensor import Tensor, arg, wrap

_INDEX_DTYPES = ("int64", "int32", "int16", "int8", "uint8", "bool")


def _is_int(x):
    return isinstance(x, builtins.int) and not isinstance(x, builtins.bool)


def _as_index_tensor(item):
    """A list/tuple/tensor index as an engine-ready tensor, with PyTorch's dtype check."""
    if isinstance(item, Tensor):
        t = item
    else:
        from ._creation import from_data

        t = from_data(item)
    if t._h.dtype not in _INDEX_DTYPES:
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    return t


def _consumed(item):
    """How many dimensions of the indexed tensor an index item uses."""
    if item is None or item is Ellipsis or isinstance(item, builtins.bool):
        return 0
    if isinstance(item, Tensor) and item._h.dtype in ("bool", "uint8"):
        return builtins.max(item._h.ndim, 1) if item._h.ndim else 0
    return 1


def _normalize(index):
    if isinstance(index, tuple):
        return index
    if isinstance(index, list) and builtins.any(
        isinstance(i, (list, tuple, slice, Tensor)) or i is None or i is Ellipsis for i in index
    ):
        # NumPy's legacy rule, kept by PyTorch: a list holding slices or sequences is a tuple of indices.
        return tuple(index)
    return (index,)


def _apply(self, index):
    """(view after basic indexing, [(dim, index tensor)] of advanced indices in the view's dims)."""
    items = _normalize(index)
    ndim = self._h.ndim
    used = builtins.sum(_consumed(i) for i in items)
    if builtins.sum(1 for i in items if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if used > ndim:
        if ndim == 0 and len(items) == 1 and _is_int(items[0]):
            raise IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ "
                "to convert a 0-dim tensor to a number"
            )
        raise IndexError(f"too many indices for tensor of dimension {ndim}")
    result = self
    dim = 0
    advanced = []
    for item in items:
        if item is None:
            result = wrap(E.fn("unsqueeze", result._h, dim))
            dim += 1
        elif item is Ellipsis:
            dim += ndim - used
        elif _is_int(item):
            result = _select(result, dim, item)
        elif isinstance(item, slice):
            step = 1 if item.step is None else _index_value(item.step)
            if step <= 0:
                raise ValueError("step must be greater than zero")
            start = None if item.start is None else _index_value(item.start)
            stop = None if item.stop is None else _index_value(item.stop)
            if not (start is None and stop is None and step == 1):
                result = wrap(E.fn("slice", result._h, dim, start, stop, step))
            elif result is self:
                result = wrap(E.fn("slice", result._h, dim, None, None, 1))
            dim += 1
        elif isinstance(item, builtins.bool):
            result = wrap(E.fn("unsqueeze", result._h, dim))
            if not item:
                result = wrap(E.fn("slice", result._h, dim, 0, 0, 1))
            dim += 1
        elif isinstance(item, Tensor) and item._h.ndim == 0 and item._h.dtype not in ("bool", "uint8") \
                and not item.dtype.is_floating_point:
            result = _select(result, dim, item.item())
        elif isinstance(item, (Tensor, list, tuple)):
            t = _as_index_tensor(item)
            if t._h.dtype in ("bool", "uint8"):
                _check_mask(t, result, dim)
                for k, part in enumerate(_mask_to_indices(t)):
                    advanced.append((dim + k, part))
                dim += builtins.max(t._h.ndim, 1) if t._h.ndim else 0
            else:
                advanced.append((dim, t))
                dim += 1
        else:
            try:
                result = _select(result, dim, item.__index__())
            except (AttributeError, TypeError):
                raise IndexError(
                    "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables are valid "
                    "indices (got " + type(item).__name__ + ")"
                ) from None
    if result is self:
        result = wrap(E.fn("slice", self._h, 0, None, None, 1)) if ndim else wrap(E.fn("view", self._h, []))
    return result, advanced


def _select(t, dim, index):
    """x[i] along dim, with the bounds message of PyTorch's indexing (select() words it differently)."""
    size = t._h.shape[dim]
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for dimension {dim} with size {size}")
    return wrap(E.fn("select", t._h, dim, index))


def _index_value(v):
    return v if _is_int(v) else v.__index__()


def _check_mask(mask, target, dim):
    mshape = list(mask.shape)
    tshape = list(target.shape)
    for k, size in enumerate(mshape):
        if dim + k >= len(tshape) or tshape[dim + k] != size:
            raise IndexError(
                f"The shape of the mask {mshape} at index {k} does not match the shape of the indexed tensor "
                f"{tshape} at index {dim + k}"
            )


def _mask_to_indices(mask):
    from ._functional import nonzero

    if mask._h.ndim == 0:
        raise NotImplementedError("indexing with a 0-dim bool tensor is not supported by Glassgrad yet")
    return nonzero(mask, as_tuple=True)


def _index_list(view, advanced):
    indices = [None] * view._h.ndim
    for d, t in advanced:
        indices[d] = t._h
    return indices


def _expand_value(value, view):
    """PyTorch's copy_to for setitem: drop leading size-1 dims of the value, then expand it to the target."""
    shape = list(value.shape)
    while len(shape) > view.dim() and shape and shape[0] == 1:
        shape.pop(0)
    if len(shape) != value.dim():
        value = value.reshape(shape)
    return value.expand(*view.shape)


_NO_INDEX_OP = (
    "indexing with integer or boolean tensors (advanced indexing) needs the engine's 'index' op, "
    "which Glassgrad does not implement yet"
)


def getitem(self, index):
    view, advanced = _apply(self, index)
    if not advanced:
        return view
    if not E.hasFn("index"):
        raise NotImplementedError(_NO_INDEX_OP)
    return wrap(E.fn("index", view._h, _index_list(view, advanced)))


def setitem(self, index, value):
    view, advanced = _apply(self, index)
    if advanced:
        if not E.hasFn("indexPut_"):
            raise NotImplementedError(_NO_INDEX_OP.replace("'index' op", "'index_put_' op"))
        v = value._h if isinstance(value, Tensor) else arg(value)
        E.fn("indexPut_", view._h, _index_list(view, advanced), v, False)
        return
    if isinstance(value, Tensor):
        if tuple(value.shape) != tuple(view.shape):
            value = _expand_value(value, view)
        E.fn("copy_", view._h, value._h)
    else:
        opts = {"hasFloat": isinstance(value, builtins.float)}
        E.fn("fill_", view._h, value, opts)


Tensor.__getitem__ = getitem
Tensor.__setitem__ = setitem

