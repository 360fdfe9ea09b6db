"""torch.Tensor: a Python handle on an engine tensor.

Note [Tensor wrappers]: a Tensor holds the integer handle of one engine tensor
in ``_id`` (Note [Integer handles] in engine/python/bridge_handles.ts) and
gives it back in ``__del__``, so memory is freed when CPython drops the last
Python reference, as in PyTorch (the id is queued in ``_pending``, which the
engine settles before it allocates or reports anything). The engine object
itself (a JsProxy, ``_h``) is fetched on first use and cached. ``_live`` keeps one Python object per
engine tensor while that object is alive: an op that returns an input
(``contiguous()`` on a contiguous tensor) gives back the very same Python
object, and so do ``x.grad`` and ``AccumulateGrad.variable``.
"""
import builtins
import weakref
from array import array

from ._bridge import E, engine_link, none_if_null, warn
from ._dtype import CPU, DTYPES, LEGACY, strided
from ._size import Size

_live = {}  # handle -> weakref to its wrapper; a wrapper removes itself in __del__

_NONLEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't be "
    "populated during autograd.backward(). If you indeed want the .grad field to be populated for a non-leaf "
    "Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by mistake, make sure "
    "you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for more information."
)

# Engine entry points bound once: attribute lookups on the JS module cost a bridge crossing each.
_E_adopt = E.adopt
_E_handle = E.handle
_E_release_id = E.releaseId
_E_opI = E.opI
_E_opN = E.opN
_E_fnT = E.fnT
_E_fnTT = E.fnTT
_new = object.__new__
_ref = weakref.ref
_Float = builtins.float


# The mailbox the engine reads (Note [Integer handles]): [count, ids given back by __del__...,
# then the arguments of E.fnTT]. The engine settles the ids before it allocates or reports anything.
_PENDING_MAX = 256
_CALL_ARGS = _PENDING_MAX + 1
_pending = array("i", bytes(4 * (_CALL_ARGS + 3)))
assert _CALL_ARGS == 257  # binary_method writes the slots by number


@engine_link
def _share_mailbox():
    E.setMailbox(_pending)


_E_settle = E.settleReleases


def from_id(i, cls=None):
    """The Python Tensor for a handle an engine call returned (negative: Python already held it)."""
    if i < 0:
        i = -i
        r = _live.get(i)
        if r is not None:
            w = r()
            if w is not None:
                _E_release_id(i)  # the live wrapper already holds this tensor
                return w
    w = _new(cls or Tensor)
    w._id = i
    _live[i] = _ref(w)
    return w


def wrap(h, cls=None):
    """The Python Tensor for an engine tensor object the caller owns a reference to (None for None)."""
    if h is None:
        return None
    i = _E_adopt(h)
    if i < 0:
        return from_id(i, cls)
    w = _new(cls or Tensor)
    w._id = i
    w._h = h
    _live[i] = _ref(w)
    return w


def wrap_many(hs):
    return [wrap(none_if_null(h)) for h in hs]


def arg(x):
    """An op argument for the bridge: the engine tensor, or the number itself.

    A float with an integral value is sent as its repr: JavaScript has one number
    type, and PyTorch promotes `int_tensor * 2.0` to float, `int_tensor * 2` not.
    """
    if isinstance(x, Tensor):
        return x._h
    if type(x) is builtins.float and x.is_integer():
        return repr(x)
    return x


def _scalar_operand(x, tensor):
    """A Python number beside a tensor. An integral float next to an integer or bool tensor goes as a
    float scalar tensor: JavaScript has one number type, and PyTorch gives `int_tensor * 2.0` a float
    result where `int_tensor * 2` stays integral."""
    if type(x) is builtins.float and x.is_integer() and isinstance(tensor, Tensor) and \
            tensor._h.dtype not in ("float32", "float64", "float16"):
        return wrap(E.floatScalar(x))
    return x


def binary(name, a, b, *extra):
    """Calls the op modules' function `name(a, b, *extra)` on tensors and/or Python numbers."""
    if isinstance(a, Tensor):
        if isinstance(b, Tensor):
            return from_id(_E_fnT(name, 3, a._id, b._id, *extra))
        b = _scalar_operand(b, a)
    else:
        a = _scalar_operand(a, b)
        if not isinstance(b, Tensor):
            b = _scalar_operand(b, a)
    mask = (1 if isinstance(a, Tensor) else 0) | (2 if isinstance(b, Tensor) else 0)
    return from_id(_E_fnT(name, mask, a._id if mask & 1 else a, b._id if mask & 2 else b, *extra))


def binary_method(name):
    """`self <op> other` for a Tensor operator: two tensors take the fast path (E.fnTT)."""
    code = E.fnCode(name)
    mail = _pending

    def forward(self, other):
        if isinstance(other, Tensor):
            mail[257] = code  # _CALL_ARGS
            mail[258] = self._id
            mail[259] = other._id
            i = _E_fnTT()
            if i < 0:
                return from_id(i)
            w = _new(Tensor)  # from_id, inlined: this is the hottest call of all
            w._id = i
            _live[i] = _ref(w)
            return w
        if not isinstance(other, (builtins.int, builtins.float, builtins.bool)):
            return NotImplemented
        return binary(name, self, other)

    return forward


def op(name, *args, **attrs):
    """Runs engine op `name` on tensors/numbers with attrs; returns a Tensor."""
    mask = 0
    bit = 1
    sent = []
    for a in args:
        if isinstance(a, Tensor):
            sent.append(a._id)
            mask |= bit
        elif type(a) is _Float and a.is_integer():
            sent.append(repr(a))
        else:
            sent.append(a)
        bit <<= 1
    return from_id(_E_opI(name, mask, *sent, **attrs))


def op_n(name, *args, **attrs):
    """Runs a multi-output engine op; returns a list of Tensors."""
    return wrap_many(_E_opN(name, *[arg(a) for a in args], **attrs))


def _to_python_number(v, dtype_name):
    if dtype_name == "bool":
        return builtins.bool(v)
    if dtype_name.startswith("float"):
        return builtins.float(v)
    return builtins.int(v)


def _nest(values, shape):
    if not shape:
        return values[0]
    if len(shape) == 1:
        return list(values)
    step = len(values) // shape[0] if shape[0] else 0
    return [_nest(values[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


class Tensor:
    """A multi-dimensional array with autograd, backed by the Glassgrad engine."""

    __slots__ = ("_id", "_h", "__dict__", "__weakref__")
    __module__ = "torch"

    def __new__(cls, *args, **kwargs):
        from ._creation import legacy_new

        return legacy_new(cls, "float32", args, kwargs)

    def __getattr__(self, name):
        # Only reached when normal lookup fails: the engine object is fetched on first use, then cached.
        if name == "_h":
            h = self._h = _E_handle(self._id)
            return h
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __del__(self):
        try:
            i = self._id
        except AttributeError:  # never finished construction
            return
        r = _live.pop(i, None)
        if r is not None:
            o = r()
            if o is not None and o is not self:  # a cycle's weakref was cleared before this ran
                _live[i] = r
        n = _pending[0] + 1
        if n > _PENDING_MAX:
            _E_settle()
            n = 1
        _pending[n] = i
        _pending[0] = n

    # ---- identity and layout ----
    @property
    def shape(self):
        return Size(self._h.shape.to_py())

    def size(self, dim=None):
        shape = self._h.shape.to_py()
        if dim is None:
            return Size(shape)
        return shape[_dim(dim, len(shape))]

    def stride(self, dim=None):
        strides = tuple(self._h.strides.to_py())
        if dim is None:
            return strides
        return strides[_dim(dim, len(strides))]

    @property
    def ndim(self):
        return self._h.ndim

    def dim(self):
        return self._h.ndim

    ndimension = dim

    def numel(self):
        return self._h.numel

    nelement = numel

    def storage_offset(self):
        return self._h.offset

    def is_contiguous(self, memory_format=None):
        return self._h.isContiguous()

    def data_ptr(self):
        return builtins.int(E.dataPtr(self._h))

    def untyped_storage(self):
        from .storage import UntypedStorage

        return UntypedStorage(self)

    @property
    def volatile(self):
        warn("volatile was removed (Variable.volatile is always False)")
        return False

    @volatile.setter
    def volatile(self, value):
        warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.")

    def element_size(self):
        return self.dtype.itemsize

    @property
    def itemsize(self):
        return self.dtype.itemsize

    @property
    def nbytes(self):
        return self.numel() * self.dtype.itemsize

    @property
    def dtype(self):
        return DTYPES[self._h.dtype]

    @property
    def device(self):
        return CPU

    @property
    def layout(self):
        return strided

    is_cuda = False
    is_sparse = False
    is_quantized = False
    is_meta = False
    is_mps = False

    def is_floating_point(self):
        return self.dtype.is_floating_point

    def is_complex(self):
        return False

    def is_signed(self):
        return self.dtype.is_signed

    def is_inference(self):
        return builtins.bool(self._h.isInference)

    def type(self, dtype=None, non_blocking=False):
        if dtype is None:
            return f"torch.{LEGACY[self._h.dtype]}Tensor"
        if isinstance(dtype, str):
            for name, legacy in LEGACY.items():
                if dtype == f"torch.{legacy}Tensor":
                    return self.to(DTYPES[name])
            raise ValueError(f"invalid type: '{dtype}'")
        return self.to(dtype)

    def get_device(self):
        return -1

    # ---- autograd state ----
    @property
    def requires_grad(self):
        return self._h.requiresGrad

    @requires_grad.setter
    def requires_grad(self, flag):
        E.setRequiresGrad(self._h, builtins.bool(flag))

    def requires_grad_(self, requires_grad=True):
        E.setRequiresGrad(self._h, builtins.bool(requires_grad))
        return self

    @property
    def is_leaf(self):
        return self._h.isLeaf

    @property
    def grad_fn(self):
        from ._graph import node_wrapper

        return node_wrapper(E.gradFn(self._h))

    @property
    def grad(self):
        h = self._h
        if not h.isLeaf and not h.retainsGrad:
            warn(_NONLEAF_GRAD_WARNING)
        return wrap(E.grad(h))

    @grad.setter
    def grad(self, value):
        if value is not None and not isinstance(value, Tensor):
            raise TypeError(f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}")
        E.setGrad(self._h, None if value is None else value._h)

    @grad.deleter
    def grad(self):
        E.setGrad(self._h, None)

    @property
    def retains_grad(self):
        return builtins.bool(self._h.retainsGrad)

    @property
    def _version(self):
        return self._h.version.value

    @property
    def _base(self):
        return wrap(E.base(self._h))

    def _is_view(self):
        return none_if_null(self._h.base) is not None

    @property
    def data(self):
        return wrap(E.data(self._h))

    @data.setter
    def data(self, value):
        if not isinstance(value, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(value).__name__}")
        E.setData(self._h, value._h)

    def detach(self):
        return wrap(E.detach(self._h))

    def detach_(self):
        if not self._h.isLeaf and self._is_view():
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        E.detachInPlace(self._h)
        return self

    def retain_grad(self):
        E.retainGrad(self._h)

    def register_hook(self, hook):
        from ._graph import RemovableHandle, tensor_hook_adapter

        return RemovableHandle(E.registerHook(self._h, tensor_hook_adapter(hook)))

    def backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
        from .autograd import backward

        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    # ---- values ----
    def item(self):
        h = self._h
        return _to_python_number(E.item(h), h.dtype)

    def tolist(self):
        h = self._h
        name = h.dtype
        values = E.values(h).to_py()
        if name == "bool":
            values = [builtins.bool(v) for v in values]
        elif name.startswith("float"):
            values = [builtins.float(v) for v in values]
        else:
            values = [builtins.int(v) for v in values]
        return _nest(values, h.shape.to_py())

    def numpy(self, *, force=False):
        if self.requires_grad and not force:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        try:
            import numpy
        except ImportError:
            raise RuntimeError("Numpy is not available") from None
        np_dtype = {"float16": "float16", "bool": "bool_"}.get(self._h.dtype, self._h.dtype)
        return numpy.array(self.tolist(), dtype=getattr(numpy, np_dtype)).reshape(tuple(self.shape))

    def __bool__(self):
        n = self._h.numel
        if n == 0:
            raise RuntimeError("Boolean value of Tensor with no values is ambiguous")
        if n > 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(E.item(self._h))

    def __float__(self):
        if self._h.numel != 1:
            raise TypeError("only one element tensors can be converted to Python scalars")
        return builtins.float(E.item(self._h))

    def __int__(self):
        if self._h.numel != 1:
            raise TypeError("only one element tensors can be converted to Python scalars")
        return builtins.int(E.item(self._h))

    def __index__(self):
        h = self._h
        if h.numel != 1 or h.dtype.startswith("float") or h.dtype == "bool":
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return builtins.int(E.item(h))

    def __complex__(self):
        return complex(self.__float__())

    def __len__(self):
        if self._h.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._h.shape.to_py()[0]

    def __iter__(self):
        if self._h.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(self.unbind(0))

    def __contains__(self, element):
        if isinstance(element, (Tensor, builtins.int, builtins.float, builtins.bool)):
            return builtins.bool((self == element).any().item())
        raise RuntimeError(
            f"Tensor.__contains__ only supports Tensor or scalar, but you passed in a {type(element)}."
        )

    def __hash__(self):
        return id(self)

    # ---- printing ----
    def __repr__(self, *, tensor_contents=None):
        return E.format(self._h)

    def __str__(self):
        return self.__repr__()

    def __format__(self, format_spec):
        if self._h.ndim == 0 and type(self) is Tensor:
            return self.item().__format__(format_spec)
        return object.__format__(self, format_spec)

    # ---- copies ----
    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        with _no_grad():
            new = wrap(E.copy(self._h), type(self))
        if self._h.isLeaf and self.requires_grad:
            new.requires_grad_(True)
        if self.__dict__:
            import copy

            new.__dict__.update(copy.deepcopy(self.__dict__, memo))
        g = E.grad(self._h)
        if g is not None:
            new.grad = wrap(g).__deepcopy__(memo)
        memo[id(self)] = new
        return new

    def __reduce_ex__(self, proto):
        return (_rebuild, (self.tolist(), self._h.dtype, self.requires_grad))


def _rebuild(values, dtype_name, requires_grad):
    from ._creation import tensor

    return tensor(values, dtype=DTYPES[dtype_name], requires_grad=requires_grad)


class _no_grad:
    def __enter__(self):
        self.prev = E.setGradEnabled(False)

    def __exit__(self, *exc):
        E.restoreGradMode(self.prev)


def _dim(dim, ndim):
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})")
    return dim + n if dim < 0 else dim


def is_tensor(obj):
    return isinstance(obj, Tensor)
