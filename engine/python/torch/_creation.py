"""Tensor creation: torch.tensor, zeros, ones, full, arange, linspace, eye, *_like, new_*."""
import builtins
import math
import numbers

from ._bridge import E, warn
from ._dtype import DTYPES, check_device, float64, get_default_dtype, to_dtype
from ._tensor import Tensor, wrap


def _opts(dtype=None, requires_grad=False, has_float=False):
    o = {}
    d = to_dtype(dtype)
    if d is not None:
        o["dtype"] = d._name
    if requires_grad:
        o["requiresGrad"] = True
    if has_float:
        o["hasFloat"] = True
    return o


def _create(name, *args):
    return wrap(E.fn(name, *args))


# ---- Python data to engine data ----

def _is_sequence(v):
    return isinstance(v, (list, tuple)) or (
        hasattr(v, "__len__") and hasattr(v, "__getitem__") and not isinstance(v, (str, bytes, Tensor, dict)))


def _prepare(data):
    """(data for the engine, has a Python float): lists for sequences, engine tensors for Tensors."""
    has_float = False

    def conv(obj):
        nonlocal has_float
        if isinstance(obj, Tensor):
            return obj._h
        if isinstance(obj, builtins.float):
            has_float = True
            return obj
        if isinstance(obj, builtins.int) and not isinstance(obj, builtins.bool) and not -2**53 <= obj <= 2**53:
            return builtins.float(obj)  # a JS number, still integral (exact for int64 values that doubles hold)
        if isinstance(obj, (builtins.bool, builtins.int, str)) or obj is None:
            return obj
        if _is_sequence(obj):
            return [conv(x) for x in obj]
        if isinstance(obj, numbers.Integral):
            return builtins.int(obj)
        if isinstance(obj, numbers.Real):
            has_float = True
            return builtins.float(obj)
        raise TypeError(f"Could not infer dtype of {type(obj).__name__}")

    return conv(data), has_float


def from_data(data, dtype=None, requires_grad=False):
    """A new tensor (no autograd history) from nested Python data."""
    prepared, has_float = _prepare(data)
    return _create("tensor", prepared, _opts(dtype, requires_grad, has_float))


def tensor(data, *, dtype=None, device=None, requires_grad=False, pin_memory=False):
    """Constructs a tensor with no autograd history by copying data."""
    check_device(device)
    return from_data(data, dtype, requires_grad)


def as_tensor(data, dtype=None, device=None):
    check_device(device)
    if isinstance(data, Tensor):
        d = to_dtype(dtype)
        return data if d is None or d is data.dtype else data.to(d)
    return from_data(data, dtype)


def _shape_args(size, name="zeros"):
    if len(size) == 1 and _is_sequence(size[0]):
        size = size[0]
    out = []
    for s in size:
        if isinstance(s, Tensor):
            s = s.__index__()
        if not isinstance(s, builtins.int) or isinstance(s, builtins.bool):
            raise TypeError(
                f"{name}(): argument 'size' (position 1) must be tuple of ints, but found element of type "
                f"{type(s).__name__} at pos {len(out)}"
            )
        out.append(s)
    return out


def zeros(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    check_device(device)
    return _create("zeros", _shape_args(size, "zeros"), _opts(dtype, requires_grad))


def ones(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    check_device(device)
    return _create("ones", _shape_args(size, "ones"), _opts(dtype, requires_grad))


def empty(*size, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False,
          memory_format=None):
    check_device(device)
    return _create("empty", _shape_args(size, "empty"), _opts(dtype, requires_grad))


def _fill(value):
    """(engine fill value, is a Python float)."""
    if isinstance(value, Tensor):
        return value.item(), value.dtype.is_floating_point
    return value, isinstance(value, builtins.float)


def full(size, fill_value, *, out=None, dtype=None, layout=None, device=None, requires_grad=False, pin_memory=False):
    check_device(device)
    value, is_float = _fill(fill_value)
    shape = _shape_args((size,) if isinstance(size, builtins.int) else tuple(size), "full")
    return _create("full", shape, value, _opts(dtype, requires_grad, is_float))


def zeros_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    check_device(device)
    return _create("zerosLike", input._h, _opts(dtype, requires_grad))


def ones_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    check_device(device)
    return _create("onesLike", input._h, _opts(dtype, requires_grad))


def empty_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    check_device(device)
    return _create("emptyLike", input._h, _opts(dtype, requires_grad))


def full_like(input, fill_value, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    check_device(device)
    value, is_float = _fill(fill_value)
    return _create("fullLike", input._h, value, _opts(dtype, requires_grad, is_float))


def _number(x):
    return x.item() if isinstance(x, Tensor) else x


def arange(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """Values from start (inclusive) to end (exclusive) by step; int64 when all arguments are ints."""
    check_device(device)
    bounds = [_number(v) for v in (start, end, step)]
    has_float = builtins.any(isinstance(v, builtins.float) for v in bounds)
    return _create("arange", bounds[0], bounds[1], bounds[2], _opts(dtype, requires_grad, has_float))


def range_(start=0, end=None, step=1, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    warn("torch.range is deprecated and will be removed in a future release because its behavior is inconsistent "
         "with Python's range builtin. Instead, use torch.arange, which produces values in [start, end).")
    if end is None:
        start, end = 0, start
    n = builtins.int(math.floor((end - start) / step)) + 1
    return from_data([start + i * step for i in range(n)], to_dtype(dtype) or get_default_dtype(), requires_grad)


def linspace(start, end, steps, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    """steps evenly spaced values from start to end inclusive."""
    check_device(device)
    return _create("linspace", _number(start), _number(end), steps, _opts(dtype, requires_grad))


def logspace(start, end, steps, base=10.0, *, dtype=None, device=None, requires_grad=False):
    lin = linspace(start, end, steps, dtype=float64)
    return from_data([base ** v for v in lin.tolist()], to_dtype(dtype) or get_default_dtype(), requires_grad)


def eye(n, m=None, *, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    check_device(device)
    return _create("eye", n, m, _opts(dtype, requires_grad))


_frombuffer_warned = False


def frombuffer(buffer, *, dtype, count=-1, offset=0, requires_grad=False):
    """A 1-D tensor from the bytes of an object with the buffer protocol (bytes, bytearray, array.array).

    PyTorch's tensor shares the buffer's memory; Glassgrad's holds a copy (engine storages live in
    JavaScript, the buffer in CPython's heap), so later writes to one do not show in the other.

    >>> torch.frombuffer(bytearray(b"\\x01\\x02\\x03\\x04"), dtype=torch.int16)
    tensor([ 513, 1027], dtype=torch.int16)
    """
    global _frombuffer_warned
    d = to_dtype(dtype)
    try:
        view = memoryview(buffer)
    except TypeError:
        raise ValueError("object does not implement Python buffer protocol.") from None
    with view:
        if not view.contiguous:
            raise RuntimeError("could not retrieve buffer from object")
        if view.readonly and not _frombuffer_warned:
            _frombuffer_warned = True
            warn("The given buffer is not writable, and PyTorch does not support non-writable tensors. This means "
                 "you can write to the underlying (supposedly non-writable) buffer using the tensor. You may want to "
                 "copy the buffer to protect its data or make it writable before converting it to a tensor. This "
                 "type of warning will be suppressed for the rest of this program.")
        length, size = view.nbytes, d.itemsize
        if length <= 0 or count == 0:
            raise ValueError(f"both buffer length ({length}) and count ({count}) must not be 0")
        if offset < 0 or offset >= length:
            raise ValueError(f"offset ({offset} bytes) must be non-negative and no greater than buffer length "
                             f"({length} bytes) minus 1")
        if count < 0 and (length - offset) % size != 0:
            raise ValueError(f"buffer length ({length - offset} bytes) after offset ({offset} bytes) must be a "
                             f"multiple of element size ({size})")
        n = (length - offset) // size if count < 0 else count
        if offset + n * size > length:
            raise ValueError(f"requested buffer length ({n} * {size} bytes) after offset ({offset} bytes) must not "
                             f"be greater than actual buffer length ({length} bytes)")
        t = wrap(E.fromBuffer(view, d._name, n, offset))
    if requires_grad:
        t.requires_grad_(True)
    return t


# ---- Tensor.new_* and the legacy constructors ----

def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False):
    return tensor(data, dtype=to_dtype(dtype) or self.dtype, requires_grad=requires_grad)


def new_zeros(self, *size, dtype=None, device=None, requires_grad=False):
    return zeros(*size, dtype=to_dtype(dtype) or self.dtype, device=device, requires_grad=requires_grad)


def new_ones(self, *size, dtype=None, device=None, requires_grad=False):
    return ones(*size, dtype=to_dtype(dtype) or self.dtype, device=device, requires_grad=requires_grad)


def new_empty(self, *size, dtype=None, device=None, requires_grad=False):
    return empty(*size, dtype=to_dtype(dtype) or self.dtype, device=device, requires_grad=requires_grad)


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False):
    return full(size, fill_value, dtype=to_dtype(dtype) or self.dtype, device=device, requires_grad=requires_grad)


for _f in (new_tensor, new_zeros, new_ones, new_empty, new_full):
    setattr(Tensor, _f.__name__, _f)


def legacy_new(cls, dtype_name, args, kwargs):
    """torch.Tensor(...), torch.FloatTensor(...): sizes give an uninitialised tensor, a sequence gives data."""
    if kwargs.get("device") is not None:
        check_device(kwargs["device"])
    if len(args) == 0:
        h = E.empty([0], dtype_name)
    elif len(args) == 1 and isinstance(args[0], Tensor):
        return args[0] if dtype_name == args[0].dtype._name else args[0].to(DTYPES[dtype_name])
    elif len(args) == 1 and _is_sequence(args[0]) and not _is_size(args[0]):
        prepared, _ = _prepare(args[0])
        h = E.fn("tensor", prepared, {"dtype": dtype_name})
    else:
        h = E.fn("empty", _shape_args(args, "Tensor"), {"dtype": dtype_name})
    from ._tensor import wrap

    return wrap(h, cls)


def _is_size(v):
    from ._size import Size

    return isinstance(v, Size)


def _legacy_class(name, dtype_name):
    def __new__(cls, *args, **kwargs):
        return legacy_new(Tensor, dtype_name, args, kwargs)

    return type(name, (Tensor,), {"__new__": __new__, "__module__": "torch"})


FloatTensor = _legacy_class("FloatTensor", "float32")
DoubleTensor = _legacy_class("DoubleTensor", "float64")
HalfTensor = _legacy_class("HalfTensor", "float16")
LongTensor = _legacy_class("LongTensor", "int64")
IntTensor = _legacy_class("IntTensor", "int32")
ShortTensor = _legacy_class("ShortTensor", "int16")
CharTensor = _legacy_class("CharTensor", "int8")
ByteTensor = _legacy_class("ByteTensor", "uint8")
BoolTensor = _legacy_class("BoolTensor", "bool")
