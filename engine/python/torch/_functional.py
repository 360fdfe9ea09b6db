"""torch.* functions over the engine's ops, with PyTorch's argument names.

Ops are reached through the op modules' exported functions
(``fn("reshape", h, shape)``, ``binary("add", a, b, alpha)``), which own the
dispatch between table ops (scalar vs tensor operands, views vs copies); a
table op is called by name (``op("exp", x)``) only where the function adds
nothing. Elementwise ops
live here, reductions in _reductions.py, shape/layout/linear algebra in
_layout.py; every function whose first argument is ``input`` is also a Tensor
method (see _tensor_ops.py).
"""
import builtins

from ._bridge import E
from ._dtype import to_dtype
from ._tensor import Tensor, _scalar_operand, binary, op, wrap, wrap_many

_E_fn = E.fn


def fn(name, *args):
    """Calls an op module's exported TypeScript function; tensors in and out."""
    return wrap(_E_fn(name, *[a._h if isinstance(a, Tensor) else a for a in args]))


def fn_n(name, *args):
    return wrap_many(_E_fn(name, *[a._h if isinstance(a, Tensor) else a for a in args]))


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
    return binary("add", input, other, alpha)


def sub(input, other, *, alpha=1, out=None):
    _no_out(out)
    return binary("sub", input, other, alpha)


subtract = sub


def rsub(input, other, *, alpha=1):
    return binary("sub", other, input, alpha)


def mul(input, other, *, out=None):
    _no_out(out)
    return binary("mul", input, other)


multiply = mul


def div(input, other, *, rounding_mode=None, out=None):
    _no_out(out)
    if rounding_mode not in (None, "trunc", "floor"):
        raise ValueError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'"
        )
    return binary("div", input, other, rounding_mode)


divide = div


def true_divide(input, other, *, out=None):
    return div(input, other, out=out)


def floor_divide(input, other, *, out=None):
    _no_out(out)
    return binary("floorDivide", input, other)


def remainder(input, other, *, out=None):
    _no_out(out)
    return binary("remainder", input, other)


def fmod(input, other, *, out=None):
    _no_out(out)
    if E.hasOp("fmod"):
        return op("fmod", input, other)
    # C's fmod: the remainder of truncated division (sign of the dividend).
    q = div(input, other, rounding_mode="trunc")
    return input - q * other


def pow(input, exponent, *, out=None):  # noqa: A001
    _no_out(out)
    return binary("pow", input, exponent)


def float_power(input, exponent):
    return pow(input.double() if isinstance(input, Tensor) else input, exponent)


def square(input):
    return pow(input, 2)


def maximum(input, other, *, out=None):
    _no_out(out)
    return binary("maximum", input, other)


def minimum(input, other, *, out=None):
    _no_out(out)
    return binary("minimum", input, other)


def where(condition, input=None, other=None):
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    if not isinstance(input, Tensor):
        input = _scalar_operand(input, other)
    if not isinstance(other, Tensor):
        other = _scalar_operand(other, input)
    return fn("where", condition, input, other)


_COMPARE_FN = {"logical_and": "logicalAnd", "logical_or": "logicalOr", "logical_xor": "logicalXor"}


def _comparison(name):
    engine_name = _COMPARE_FN.get(name, name)

    def f(input, other, *, out=None):
        _no_out(out)
        return binary(engine_name, input, other)

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


def lerp(input, end, weight, *, out=None):
    _no_out(out)
    return fn("lerp", input, end, weight)


def addcmul(input, tensor1, tensor2, *, value=1, out=None):
    _no_out(out)
    return fn("addcmul", input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1, out=None):
    _no_out(out)
    return fn("addcdiv", input, tensor1, tensor2, value)


from ._layout import *  # noqa: E402,F401,F403  (the rest of torch.*, split by topic)
from ._reductions import *  # noqa: E402,F401,F403
from ._reductions import return_types  # noqa: E402,F401
from . import _layout, _reductions  # noqa: E402


def _public(module):
    return [
        n for n, v in vars(module).items()
        if not n.startswith("_") and callable(v) and getattr(v, "__module__", None) == module.__name__
        and not isinstance(v, type) and n not in ("fn", "fn_n")
    ]


__all__ = _public(__import__(__name__, fromlist=["_"])) + _public(_layout) + _public(_reductions) + ["return_types"]
