"""torch.dtype objects (torch.float32, ...), torch.device and torch.layout."""
import builtins

from ._bridge import E


class dtype:
    """A tensor element type; prints as ``torch.float32``."""

    __slots__ = ("_name", "is_floating_point", "is_complex", "is_signed", "itemsize")

    def __init__(self, name, is_floating_point, is_signed, itemsize):
        self._name = name
        self.is_floating_point = is_floating_point
        self.is_complex = False
        self.is_signed = is_signed
        self.itemsize = itemsize

    def __repr__(self):
        return "torch." + self._name

    def __reduce__(self):
        return (_by_name, (self._name,))

    def to_real(self):
        return self

    def to_complex(self):
        raise NotImplementedError("complex dtypes are not supported by Glassgrad")


bool = dtype("bool", False, False, 1)  # noqa: A001
uint8 = dtype("uint8", False, False, 1)
int8 = dtype("int8", False, True, 1)
int16 = dtype("int16", False, True, 2)
int32 = dtype("int32", False, True, 4)
int64 = dtype("int64", False, True, 8)
float16 = dtype("float16", True, True, 2)
float32 = dtype("float32", True, True, 4)
float64 = dtype("float64", True, True, 8)

DTYPES = {d._name: d for d in (bool, uint8, int8, int16, int32, int64, float16, float32, float64)}

# PyTorch's legacy names: torch.FloatTensor, "Float" in messages.
LEGACY = {
    "bool": "Bool", "uint8": "Byte", "int8": "Char", "int16": "Short", "int32": "Int",
    "int64": "Long", "float16": "Half", "float32": "Float", "float64": "Double",
}


def _by_name(name):
    return DTYPES[name]


def to_dtype(d):
    """A torch.dtype from a dtype, an engine name or a Python type (float, int, bool)."""
    if d is None or isinstance(d, dtype):
        return d
    if isinstance(d, str):
        name = d[6:] if d.startswith("torch.") else d
        if name in DTYPES:
            return DTYPES[name]
    if d is builtins.float:
        return float32
    if d is builtins.int:
        return int64
    if d is builtins.bool:
        return bool
    raise TypeError(f"dtype must be torch.dtype, not {type(d).__name__}")


def get_default_dtype():
    return DTYPES[E.getDefaultDtype()]


def set_default_dtype(d):
    d = to_dtype(d)
    if not d.is_floating_point:
        raise TypeError("only floating-point types are supported as the default type")
    E.setDefaultDtype(d._name)


def promote_types(type1, type2):
    return DTYPES[E.promoteTypes(to_dtype(type1)._name, to_dtype(type2)._name)]


class layout:
    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "torch." + self._name


strided = layout("strided")


class device:
    """torch.device('cpu'): Glassgrad computes on the CPU only."""

    __slots__ = ("type", "index")

    def __init__(self, type, index=None):  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index
        if isinstance(type, builtins.int):
            type, index = "cuda", type
        if ":" in type:
            type, _, idx = type.partition(":")
            index = builtins.int(idx)
        known = ("cpu", "cuda", "mps", "meta", "xpu")
        if type not in known:
            raise RuntimeError(
                "Expected one of cpu, cuda, ipu, xpu, mkldnn, opengl, opencl, ideep, hip, ve, fpga, maia, xla, "
                f"lazy, vulkan, mps, meta, hpu, mtia, privateuseone device type at start of device string: {type}"
            )
        self.type = type
        self.index = index

    def __repr__(self):
        if self.index is None:
            return f"device(type='{self.type}')"
        return f"device(type='{self.type}', index={self.index})"

    def __str__(self):
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other):
        if isinstance(other, str):
            other = device(other)
        return isinstance(other, device) and self.type == other.type and self.index == other.index

    def __hash__(self):
        return hash((self.type, self.index))


CPU = device("cpu")


def check_device(d):
    """Glassgrad runs on the CPU: other devices raise as PyTorch without that backend does."""
    if d is None:
        return
    d = device(d) if not isinstance(d, device) else d
    if d.type == "cuda":
        raise AssertionError("Torch not compiled with CUDA enabled")
    if d.type not in ("cpu", "meta"):
        raise RuntimeError(f"Glassgrad has no '{d.type}' device; only 'cpu' is available")
