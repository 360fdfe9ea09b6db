"""torch.* functions over the engine's ops, with PyTorch's argument names.

Table ops are called by name (``op("add", a, b, alpha=2)``); composites that
carry logic of their own (reshape, split, contiguous...) through the op
modules' exported functions (``fn("reshape", h, shape)``). Every function here
whose first argument is ``input`` is also a Tensor method (see _tensor_ops.py).
"""
import builtins
import collections

from ._bridge import E
from ._dtype import to_dtype
from ._tensor import Tensor, op, op_n, wrap, wrap_many


def fn(name, *args):
    """Calls an op module's exported TypeScript function; tensors in and out."""
    return wrap(E.fn(name, *[a._h if isinstance(a, Tensor) else a for a in args]))


def fn_n(name, *args):
    return wrap_many(E.fn(name, *[a._h if isinstance(a, Tensor) else a for a in args]))


def _dtype_name(dtype):
    d = to_dtype(dtype)
    return None if d is None else d._name


def _dims(dim):
    """An int, a sequence of ints, or None, as the engine takes it."""
    if dim is None or isinstance(dim, builtins.int):
        return dim
    return [builtins.int(d) for d in dim]


def _no_out(out):
    if out is not None:
        raise NotImplementedError("the out= argument is not supported by Glassgrad")


def _handles(tensors):
    return [t._h for t in tensors]


# ---- elementwise ----

UNARY = [
    "neg", "exp", "log", "log2", "log10", "log1p", "expm1", "sqrt", "rsqrt", "sin", "cos", "tan", "tanh",
    "sigmoid", "relu", "abs", "sign", "reciprocal", "floor", "ceil", "trunc", "frac",
    "logical_not", "isnan", "isinf", "isfinite",
]


def _unary(name):
    def f(input, *, out=None):
        _no_out(out)
        return op(name, input)

    f.__name__ = f.__qualname__ = name
    return f


_namespace = globals()
for _name in UNARY:
    _namespace[_name] = _unary(_name)

negative = neg  # noqa: F821
absolute = abs  # noqa: F821
fix = trunc  # noqa: F821


def round(input, *, decimals=0, out=None):  # noqa: A001
    _no_out(out)
    if decimals:
        scale = 10.0 ** decimals
        return op("round", input * scale) / scale
    return op("round", input)


def add(input, other, *, alpha=1, out=None):
    _no_out(out)
    return op("add", input, other, alpha=alpha)


def sub(input, other, *, alpha=1, out=None):
    _no_out(out)
    return op("sub", input, other, alpha=alpha)


subtract = sub


def rsub(input, other, *, alpha=1):
    return op("sub", other, input, alpha=alpha)


def mul(input, other, *, out=None):
    _no_out(out)
    return op("mul", input, other)


multiply = mul


def div(input, other, *, rounding_mode=None, out=None):
    _no_out(out)
    if rounding_mode not in (None, "trunc", "floor"):
        raise ValueError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'"
        )
    return op("div", input, other, roundingMode=rounding_mode)


divide = div


def true_divide(input, other, *, out=None):
    return div(input, other, out=out)


def floor_divide(input, other, *, out=None):
    _no_out(out)
    return op("floor_divide", input, other)


def remainder(input, other, *, out=None):
    _no_out(out)
    return op("remainder", input, other)


def fmod(input, other, *, out=None):
    _no_out(out)
    if E.hasOp("fmod"):
        return op("fmod", input, other)
    # C's fmod: the remainder of truncated division (sign of the dividend).
    q = div(input, other, rounding_mode="trunc")
    return input - q * other


def pow(input, exponent, *, out=None):  # noqa: A001
    _no_out(out)
    if isinstance(exponent, Tensor) or not isinstance(input, Tensor):
        return op("pow.Tensor", input, exponent)
    if isinstance(exponent, builtins.float) and not input.dtype.is_floating_point:
        return op("pow.Tensor", input, exponent)  # promotes to float, as PyTorch does
    return op("pow", input, exponent=exponent)


def float_power(input, exponent):
    return pow(input.double() if isinstance(input, Tensor) else input, exponent)


def square(input):
    return pow(input, 2)


def maximum(input, other, *, out=None):
    _no_out(out)
    return op("maximum", input, other)


def minimum(input, other, *, out=None):
    _no_out(out)
    return op("minimum", input, other)


def where(condition, input=None, other=None):
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    return op("where", condition, input, other)


def _comparison(name):
    def f(input, other, *, out=None):
        _no_out(out)
        return op(name, input, other)

    f.__name__ = f.__qualname__ = name
    return f


for _name in ("eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or", "logical_xor"):
    _namespace[_name] = _comparison(_name)

greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne  # noqa: F821


def equal(input, other):
    """True when both have the same shape and the same values."""
    if tuple(input.shape) != tuple(other.shape):
        return False
    return builtins.bool(all(eq(input, other)))  # noqa: F821


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    diff = abs(sub(input, other))  # noqa: F821
    close = le(diff, add(mul(abs(other), rtol), atol))  # noqa: F821
    close = logical_or(close, eq(input, other))  # noqa: F821
    if equal_nan:
        close = logical_or(close, logical_and(isnan(input), isnan(other)))  # noqa: F821
    return close


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    return builtins.bool(all(isclose(input, other, rtol, atol, equal_nan)))  # noqa: F821


def _bound(b):
    """A clamp bound: a tensor, a number (an integral float as a float scalar, for promotion) or None."""
    if type(b) is builtins.float and b.is_integer():
        return wrap(E.floatScalar(b))
    return b


def clamp(input, min=None, max=None, *, out=None):  # noqa: A002
    _no_out(out)
    lo, hi = _bound(min), _bound(max)  # kept alive for the call
    return fn("clamp", input, lo, hi)


def clamp_min(input, min):  # noqa: A002
    return clamp(input, min, None)


def clamp_max(input, max):  # noqa: A002
    return clamp(input, None, max)


clip = clamp


def lerp(input, end, weight):
    return input + weight * (end - input)


def addcmul(input, tensor1, tensor2, *, value=1):
    return input + value * tensor1 * tensor2


def addcdiv(input, tensor1, tensor2, *, value=1):
    return input + value * tensor1 / tensor2


# ---- reductions ----

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


# ---- shape and layout ----

def _size_args(size):
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = size[0]
    return [s.__index__() if isinstance(s, Tensor) else builtins.int(s) for s in size]


def reshape(input, shape):
    return fn("reshape", input, _size_args((shape,)))


def flatten(input, start_dim=0, end_dim=-1):
    return fn("flatten", input, start_dim, end_dim)


def unflatten(input, dim, sizes):
    return fn("unflatten", input, dim, _size_args((sizes,)))


def transpose(input, dim0, dim1):
    return fn("transpose", input, dim0, dim1)


swapaxes = swapdims = transpose


def t(input):
    return fn("t", input)


def permute(input, dims):
    return fn("permute", input, _size_args((dims,)))


def squeeze(input, dim=None):
    return fn("squeeze", input, _dims(dim))


def unsqueeze(input, dim):
    return fn("unsqueeze", input, dim)


def movedim(input, source, destination):
    return fn("movedim", input, _dims(source), _dims(destination))


moveaxis = movedim


def clone(input, *, memory_format=None):
    return fn("clone", input, _memory_format(memory_format))


def _memory_format(mf):
    return None if mf is None else mf._name


def select(input, dim, index):
    return fn("select", input, dim, builtins.int(index))


def narrow(input, dim, start, length):
    if isinstance(start, Tensor):
        start = start.item()
    return fn("narrow", input, dim, start, length)


def split(tensor, split_size_or_sections, dim=0):
    s = split_size_or_sections
    return tuple(fn_n("split", tensor, s if isinstance(s, builtins.int) else [builtins.int(v) for v in s], dim))


def chunk(input, chunks, dim=0):
    return tuple(fn_n("chunk", input, chunks, dim))


def tensor_split(input, indices_or_sections, dim=0):
    s = indices_or_sections
    return tuple(fn_n("tensorSplit", input, s if isinstance(s, builtins.int) else [builtins.int(v) for v in s], dim))


def unbind(input, dim=0):
    return tuple(fn_n("unbind", input, dim))


def _tensor_list(tensors, name):
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    return _handles(tensors)


def cat(tensors, dim=0, *, out=None):
    _no_out(out)
    return wrap(E.fn("cat", _tensor_list(tensors, "cat"), dim))


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    _no_out(out)
    return wrap(E.fn("stack", _tensor_list(tensors, "stack"), dim))


def hstack(tensors):
    tensors = list(tensors)
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def vstack(tensors):
    return cat([t.unsqueeze(0) if t.dim() == 1 else t for t in tensors], 0)


def flip(input, dims):
    return fn("flip", input, _size_args((dims,)))


def roll(input, shifts, dims=None):
    return fn("roll", input, _dims(shifts), _dims(dims))


def nonzero(input, *, as_tuple=False):
    idx = fn("nonzero", input) if E.hasFn("nonzero") else _nonzero_python(input)
    if as_tuple:
        return tuple(idx[:, k] for k in range(input.dim())) if input.dim() else (idx.view(-1),)
    return idx


def _nonzero_python(input):
    from ._creation import from_data

    values = input.tolist()
    shape = list(input.shape)
    coords = []

    def walk(v, prefix):
        if len(prefix) == len(shape):
            if v:
                coords.append(list(prefix))
            return
        for i, item in enumerate(v):
            walk(item, prefix + [i])

    walk(values, [])
    out = from_data(coords, dtype="int64") if coords else wrap(E.empty([0, len(shape)], "int64"))
    return out


def numel(input):
    return input.numel()


def is_nonzero(input):
    return builtins.bool(input)


def result_type(tensor1, tensor2):
    from ._dtype import DTYPES

    return DTYPES[op("add", tensor1, tensor2).dtype._name] if not (
        isinstance(tensor1, builtins.bool) and isinstance(tensor2, builtins.bool)) else to_dtype("bool")


# ---- linear algebra ----

def matmul(input, other, *, out=None):
    _no_out(out)
    return fn("matmul", input, other) if E.hasFn("matmul") else op("matmul", input, other)


def mm(input, mat2, *, out=None):
    _no_out(out)
    return op("mm", input, mat2)


def bmm(input, mat2, *, out=None):
    _no_out(out)
    return op("bmm", input, mat2)


def mv(input, vec, *, out=None):
    _no_out(out)
    return op("mv", input, vec)


def dot(input, other, *, out=None):
    _no_out(out)
    return op("dot", input, other)


_HELPERS = {"fn", "fn_n"}
__all__ = [
    _n for _n, _v in list(globals().items())
    if not _n.startswith("_") and callable(_v) and getattr(_v, "__module__", None) == __name__ and _n not in _HELPERS
    and not isinstance(_v, type)
] + ["return_types"]
