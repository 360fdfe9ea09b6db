"""Tensor methods and Python operators, installed on torch.Tensor.

Methods are the torch.* functions of _functional.py with the tensor as
``input``; a few take their sizes as ``*args`` (view, reshape, expand, permute,
repeat) or have no function form. Operators follow torch/_tensor.py: e.g.
``2 / x`` is ``x.reciprocal() * 2``.
"""
import builtins

from . import _functional as F
from ._layout import _size_args
from ._bridge import E
from ._dtype import DTYPES, to_dtype
from ._tensor import Tensor, binary, binary_method, op, wrap

# torch.* functions that are also methods, under the same name.
_METHODS = F.UNARY + [
    "negative", "absolute", "fix", "round", "add", "sub", "subtract", "mul", "multiply", "div", "divide",
    "true_divide", "floor_divide", "remainder", "fmod", "pow", "float_power", "square", "maximum", "minimum",
    "eq", "ne", "lt", "le", "gt", "ge", "greater", "greater_equal", "less", "less_equal", "not_equal",
    "logical_and", "logical_or", "logical_xor", "equal", "isclose", "allclose", "clamp", "clip", "lerp",
    "addcmul", "addcdiv", "sum", "mean", "prod", "cumsum", "all", "any", "count_nonzero", "max", "min",
    "amax", "amin", "argmax", "argmin", "flatten", "unflatten", "transpose", "swapaxes", "swapdims", "t",
    "squeeze", "unsqueeze", "movedim", "moveaxis", "clone", "select", "narrow", "split", "chunk",
    "tensor_split", "unbind", "flip", "roll", "nonzero", "where", "rsub", "matmul", "mm", "bmm", "mv", "dot",
    "clamp_min", "clamp_max", "var", "std", "norm", "logsumexp", "softmax", "log_softmax", "nansum", "nanmean",
    "median", "unique", "gather", "scatter", "scatter_add", "index_select", "masked_select", "take",
]

for _name in _METHODS:
    setattr(Tensor, _name, getattr(F, _name))


def _sizes(args):
    return _size_args(args)


def view(self, *shape):
    if len(shape) == 1 and (isinstance(shape[0], str) or type(shape[0]).__name__ == "dtype"):
        raise NotImplementedError("view(dtype) is not supported by Glassgrad")
    return F.fn("view", self, _sizes(shape))


def reshape(self, *shape):
    return F.fn("reshape", self, _sizes(shape))


def expand(self, *sizes):
    return F.fn("expand", self, _sizes(sizes))


def permute(self, *dims):
    return F.fn("permute", self, _sizes(dims))


def repeat(self, *sizes):
    return F.fn("repeat", self, _sizes(sizes))


def view_as(self, other):
    return F.fn("view", self, list(other.shape))


def reshape_as(self, other):
    return F.fn("reshape", self, list(other.shape))


def expand_as(self, other):
    return F.fn("expand", self, list(other.shape))


def sum_to_size(self, *size):
    return F.fn("sumToSize", self, _sizes(size))


def contiguous(self, memory_format=None):
    return F.fn("contiguous", self)


def to(self, *args, **kwargs):
    """to(dtype), to(device), to(other), to(device, dtype); copy=False returns self when nothing changes."""
    from ._dtype import check_device, device

    dtype = kwargs.get("dtype")
    copy = kwargs.get("copy", False)
    check_device(kwargs.get("device"))
    for a in args:
        if isinstance(a, Tensor):
            dtype = a.dtype
        elif isinstance(a, (str, device)) and not (isinstance(a, str) and a in DTYPES):
            check_device(a)
        elif a is not None:
            dtype = to_dtype(a)
    d = to_dtype(dtype) or self.dtype
    return F.fn("to", self, d._name, builtins.bool(copy))


def _cast(name):
    def cast(self, memory_format=None):
        return F.fn("to", self, name, False)

    return cast


def cpu(self, memory_format=None):
    return self


def cuda(self, device=None, non_blocking=False, memory_format=None):
    raise AssertionError("Torch not compiled with CUDA enabled")


def type_as(self, other):
    return self.to(other.dtype)


def _T(self):
    return F.fn("T", self)


def _mT(self):
    return F.fn("mT", self)


for _f in (view, reshape, expand, permute, repeat, view_as, reshape_as, expand_as, sum_to_size, contiguous, to,
           cpu, cuda, type_as):
    setattr(Tensor, _f.__name__, _f)

Tensor.T = property(_T)
Tensor.mT = property(_mT)
Tensor.H = property(_T)
Tensor.mH = property(_mT)
for _name, _dt in (("float", "float32"), ("double", "float64"), ("half", "float16"), ("long", "int64"),
                   ("int", "int32"), ("short", "int16"), ("char", "int8"), ("byte", "uint8"), ("bool", "bool")):
    setattr(Tensor, _name, _cast(_dt))


# ---- operators ----

def _scalar_or_tensor(x):
    return isinstance(x, (Tensor, builtins.int, builtins.float, builtins.bool))


def _binary(name):
    forward = binary_method(name)

    def reflected(self, other):
        if not _scalar_or_tensor(other):
            return NotImplemented
        return binary(name, other, self)

    return forward, reflected


Tensor.__add__, Tensor.__radd__ = _binary("add")
Tensor.__sub__, _ = _binary("sub")
Tensor.__mul__, Tensor.__rmul__ = _binary("mul")
Tensor.__truediv__, _ = _binary("div")
Tensor.__floordiv__, Tensor.__rfloordiv__ = _binary("floorDivide")
Tensor.__mod__, Tensor.__rmod__ = _binary("remainder")


def __rsub__(self, other):
    if not _scalar_or_tensor(other):
        return NotImplemented
    return binary("sub", other, self)


def __rtruediv__(self, other):
    if not _scalar_or_tensor(other):
        return NotImplemented
    return binary("mul", op("reciprocal", self), other)


def __pow__(self, exponent):
    if not _scalar_or_tensor(exponent):
        return NotImplemented
    return F.pow(self, exponent)


def __rpow__(self, base):
    if not _scalar_or_tensor(base):
        return NotImplemented
    return binary("pow", base, self)


def __matmul__(self, other):
    if not isinstance(other, Tensor):
        return NotImplemented
    return F.matmul(self, other)


def __rmatmul__(self, other):
    if not isinstance(other, Tensor):
        return NotImplemented
    return F.matmul(other, self)


def __neg__(self):
    return op("neg", self)


def __pos__(self):
    return self


def __abs__(self):
    return op("abs", self)


def __invert__(self):
    if self.dtype is DTYPES["bool"]:
        return op("logical_not", self)
    return op("bitwise_not", self)


def _logical(logical_name, bitwise_name):
    def forward(self, other):
        if not _scalar_or_tensor(other):
            return NotImplemented
        both_bool = self.dtype is DTYPES["bool"] and (
            isinstance(other, builtins.bool) or (isinstance(other, Tensor) and other.dtype is DTYPES["bool"]))
        return binary(logical_name if both_bool else bitwise_name, self, other)

    def reflected(self, other):
        return forward(self, other)

    return forward, reflected


Tensor.__and__, Tensor.__rand__ = _logical("logicalAnd", "bitwiseAnd")
Tensor.__or__, Tensor.__ror__ = _logical("logicalOr", "bitwiseOr")
Tensor.__xor__, Tensor.__rxor__ = _logical("logicalXor", "bitwiseXor")


def _compare(name):
    def compare(self, other):
        if not _scalar_or_tensor(other):
            return NotImplemented if name not in ("eq", "ne") else (name == "ne")
        return binary(name, self, other)

    return compare


Tensor.__eq__ = _compare("eq")
Tensor.__ne__ = _compare("ne")
Tensor.__lt__ = _compare("lt")
Tensor.__le__ = _compare("le")
Tensor.__gt__ = _compare("gt")
Tensor.__ge__ = _compare("ge")
Tensor.__hash__ = lambda self: id(self)  # noqa: E731  (defining __eq__ removes it)


def _inplace(method):
    def iop(self, other):
        return getattr(self, method)(other)

    return iop


Tensor.__iadd__ = _inplace("add_")
Tensor.__isub__ = _inplace("sub_")
Tensor.__imul__ = _inplace("mul_")
Tensor.__itruediv__ = _inplace("div_")
Tensor.__ifloordiv__ = _inplace("floor_divide_")
Tensor.__imod__ = _inplace("remainder_")
Tensor.__ipow__ = _inplace("pow_")

for _name in ("__rsub__", "__rtruediv__", "__pow__", "__rpow__", "__matmul__", "__rmatmul__", "__neg__", "__pos__",
              "__abs__", "__invert__"):
    setattr(Tensor, _name, globals()[_name])
Tensor.__div__ = Tensor.__truediv__
Tensor.__rdiv__ = Tensor.__rtruediv__


# ---- in-place methods (engine/ops/inplace.ts): they change self and return it ----

def _float_scalar(v):
    return wrap(E.floatScalar(v))


def _run(name, self, *args):
    keep = [a if not (type(a) is builtins.float and a.is_integer()) else _float_scalar(a) for a in args]
    E.fn(name, self._h, *[a._h if isinstance(a, Tensor) else a for a in keep])
    return self


def add_(self, other, *, alpha=1):
    return _run("add_", self, other, alpha)


def sub_(self, other, *, alpha=1):
    return _run("sub_", self, other, alpha)


def mul_(self, other):
    return _run("mul_", self, other)


def div_(self, other, *, rounding_mode=None):
    return _run("div_", self, other, rounding_mode)


def pow_(self, exponent):
    return _run("pow_", self, exponent)


def clamp_(self, min=None, max=None):  # noqa: A002
    return _run("clamp_", self, min, max)


def clamp_min_(self, min):  # noqa: A002
    return _run("clampMin_", self, min)


def clamp_max_(self, max):  # noqa: A002
    return _run("clampMax_", self, max)


def _pointwise_inplace(name):
    def method(self, tensor1, tensor2, *, value=1):
        for position, (arg, t) in enumerate((("tensor1", tensor1), ("tensor2", tensor2)), 1):
            if not isinstance(t, Tensor):
                raise TypeError(f"{name}(): argument '{arg}' (position {position}) must be Tensor, not {type(t).__name__}")
        E.fn(name, self._h, tensor1._h, tensor2._h, value)
        return self

    method.__name__ = name
    return method


def lerp_(self, end, weight):
    E.fn("lerp_", self._h, end._h if isinstance(end, Tensor) else end, weight._h if isinstance(weight, Tensor) else weight)
    return self


addcmul_ = _pointwise_inplace("addcmul_")
addcdiv_ = _pointwise_inplace("addcdiv_")


def copy_(self, src, non_blocking=False):
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'src' (position 1) must be Tensor, not {type(src).__name__}")
    E.fn("copy_", self._h, src._h)
    return self


def fill_(self, value):
    E.fn("fill_", self._h, value._h if isinstance(value, Tensor) else value,
         {"hasFloat": isinstance(value, builtins.float)})
    return self


def zero_(self):
    E.fn("zero_", self._h)
    return self


def masked_fill_(self, mask, value):
    E.fn("maskedFill_", self._h, mask._h, value._h if isinstance(value, Tensor) else value,
         {"hasFloat": isinstance(value, builtins.float)})
    return self


def masked_fill(self, mask, value):
    return masked_fill_(F.clone(self), mask, value)


def _unary_inplace(name):
    def method(self):
        E.fn(name, self._h)
        return self

    method.__name__ = name
    return method


for _f in (add_, sub_, mul_, div_, pow_, addcmul_, addcdiv_, lerp_, clamp_, clamp_min_, clamp_max_, copy_, fill_, zero_,
           masked_fill_, masked_fill):
    setattr(Tensor, _f.__name__, _f)
Tensor.clip_ = clamp_
Tensor.true_divide_ = div_
for _name in ("neg_", "exp_", "log_", "sqrt_", "tanh_", "sigmoid_", "relu_", "abs_"):
    setattr(Tensor, _name, _unary_inplace(_name))
