"""torch.* reductions and statistics (sum, mean, max, var, softmax, ...) and a few data-only helpers."""
import builtins
import collections

from ._bridge import E
from ._functional import _dims, _dtype_name, _no_out, fn, fn_n, isnan, logical_not, maximum, minimum, where
from ._tensor import Tensor, wrap


def sum(input, dim=None, keepdim=False, *, dtype=None, out=None):  # noqa: A001
    _no_out(out)
    return fn("sum", input, _dims(dim), keepdim, _dtype_name(dtype))


def mean(input, dim=None, keepdim=False, *, dtype=None, out=None):
    _no_out(out)
    return fn("mean", input, _dims(dim), keepdim, _dtype_name(dtype))


def prod(input, dim=None, keepdim=False, *, dtype=None):
    return fn("prod", input, dim, keepdim, _dtype_name(dtype))


def cumsum(input, dim, *, dtype=None, out=None):
    _no_out(out)
    return fn("cumsum", input, dim, _dtype_name(dtype))


def all(input, dim=None, keepdim=False, *, out=None):  # noqa: A001
    _no_out(out)
    return fn("all", input, _dims(dim), keepdim)


def any(input, dim=None, keepdim=False, *, out=None):  # noqa: A001
    _no_out(out)
    return fn("any", input, _dims(dim), keepdim)


def count_nonzero(input, dim=None):
    return fn("countNonzero", input, _dims(dim))


class _ReturnType(tuple):
    """A torch.return_types structseq: a tuple with named fields."""

    _fields = ()
    _name = ""

    def __new__(cls, values):
        return tuple.__new__(cls, values)

    def __getattr__(self, name):
        try:
            return self[self._fields.index(name)]
        except ValueError:
            raise AttributeError(name) from None

    def __repr__(self):
        body = ",\n".join(f"{k}={v!r}" for k, v in zip(self._fields, self))
        return f"torch.return_types.{self._name}(\n{body})"


def _return_type(name, fields):
    return type(name, (_ReturnType,), {"_fields": fields, "_name": name, "__module__": "torch.return_types"})


return_types = collections.namedtuple("return_types", "max min sort topk kthvalue mode median")(
    *(_return_type(n, ("values", "indices")) for n in ("max", "min", "sort", "topk", "kthvalue", "mode", "median"))
)


def _extreme(name):
    def f(input, dim=None, keepdim=False, *, out=None):
        _no_out(out)
        if dim is None:
            return fn(name, input)
        if isinstance(dim, Tensor):
            return (maximum if name == "max" else minimum)(input, dim)
        values, indices = fn_n(name + "Dim", input, dim, keepdim)
        return getattr(return_types, name)((values, indices))

    f.__name__ = f.__qualname__ = name
    return f


max = _extreme("max")  # noqa: A001
min = _extreme("min")  # noqa: A001


def amax(input, dim=(), keepdim=False):
    return fn("amax", input, _dims(dim) if dim != () else None, keepdim)


def amin(input, dim=(), keepdim=False):
    return fn("amin", input, _dims(dim) if dim != () else None, keepdim)


def argmax(input, dim=None, keepdim=False):
    return fn("argmax", input, dim, keepdim)


def argmin(input, dim=None, keepdim=False):
    return fn("argmin", input, dim, keepdim)


def _correction(unbiased, correction):
    if correction is not None:
        return correction
    return 1 if unbiased is None else builtins.int(builtins.bool(unbiased))


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, builtins.bool):  # var(input, unbiased)
        dim, unbiased = None, dim
    return fn("variance", input, _dims(dim), _correction(unbiased, correction), keepdim)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    if isinstance(dim, builtins.bool):
        dim, unbiased = None, dim
    return fn("std", input, _dims(dim), _correction(unbiased, correction), keepdim)


def norm(input, p="fro", dim=None, keepdim=False, dtype=None):
    return fn("norm", input, p, _dims(dim), keepdim, _dtype_name(dtype))


def logsumexp(input, dim, keepdim=False):
    return fn("logsumexp", input, _dims(dim), keepdim)


def softmax(input, dim=None, dtype=None):
    if dim is None:
        dim = E.fn("implicitSoftmaxDim", "softmax", input.dim())
    return fn("softmax", input, dim, _dtype_name(dtype))


def log_softmax(input, dim=None, dtype=None):
    if dim is None:
        dim = E.fn("implicitSoftmaxDim", "log_softmax", input.dim())
    return fn("logSoftmax", input, dim, _dtype_name(dtype))


def nansum(input, dim=None, keepdim=False, *, dtype=None):
    return sum(where(isnan(input), 0, input), dim, keepdim, dtype=dtype)  # noqa: F821


def nanmean(input, dim=None, keepdim=False, *, dtype=None):
    valid = logical_not(isnan(input))  # noqa: F821
    return nansum(input, dim, keepdim, dtype=dtype) / sum(valid, dim, keepdim)


def _flat_values(input):
    values = input.reshape(-1).tolist()
    return values


def median(input, dim=None, keepdim=False):
    """The lower median (NaN if any value is NaN); the element itself, so gradients flow to it."""
    if dim is not None:
        raise NotImplementedError("torch.median(input, dim) is not supported by Glassgrad yet")
    values = _flat_values(input)
    if not values:
        raise IndexError("median() input tensor cannot be empty")
    nan_at = next((i for i, v in enumerate(values) if v != v), None)
    if nan_at is not None:
        k = nan_at
    else:
        order = builtins.sorted(range(len(values)), key=lambda i: values[i])
        k = order[(len(values) - 1) // 2]
    return input.reshape(-1)[k]


def unique(input, sorted=True, return_inverse=False, return_counts=False, dim=None):  # noqa: A002
    """The distinct values (sorted), optionally with inverse indices and counts. Not differentiable."""
    if dim is not None:
        raise NotImplementedError("torch.unique(dim=...) is not supported by Glassgrad yet")
    from ._creation import from_data

    values = _flat_values(input)
    distinct = builtins.sorted(set(values))
    out = from_data(distinct, dtype=input.dtype) if distinct else wrap(E.fn("empty", [0], {"dtype": input.dtype._name}))
    extras = []
    if return_inverse:
        pos = {v: i for i, v in enumerate(distinct)}
        extras.append(from_data([pos[v] for v in values], dtype="int64").reshape(input.shape))
    if return_counts:
        counts = {}
        for v in values:
            counts[v] = counts.get(v, 0) + 1
        extras.append(from_data([counts[v] for v in distinct], dtype="int64"))
    return (out, *extras) if extras else out


def typename(obj):
    """PyTorch's name for an object's type: 'torch.FloatTensor' for a float tensor."""
    if isinstance(obj, Tensor):
        return obj.type()
    module = getattr(obj, "__module__", "") or ""
    qualname = getattr(obj, "__qualname__", None) or type(obj).__qualname__
    return f"{module}.{qualname}" if module and module != "builtins" else qualname
