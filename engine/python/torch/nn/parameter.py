"""nn.Parameter (a Tensor that a Module registers as a parameter) and nn.Buffer."""
from .._bridge import E
from .._tensor import Tensor, wrap


class Parameter(Tensor):
    """A Tensor that, assigned as a Module attribute, is registered in its parameters.

    ``Parameter(data)`` shares data's storage (no copy), is a leaf and requires
    grad unless ``requires_grad=False``; its bytes count as parameter memory.
    """

    __module__ = "torch.nn.parameter"

    def __new__(cls, data=None, requires_grad=True):
        if data is None:
            from .._creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Parameter data must be a Tensor, got {type(data).__name__}")
        p = wrap(E.detach(data._h), cls)
        h = p._h
        if requires_grad:
            E.setRequiresGrad(h, True)
        E.setStorageRole(h, "parameter")
        return p

    def __init__(self, data=None, requires_grad=True):
        pass

    def __repr__(self):
        return "Parameter containing:\n" + super().__repr__()

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        result = type(self)(self.data.clone(memory_format=None), self.requires_grad)
        memo[id(self)] = result
        return result

    def __reduce_ex__(self, proto):
        return (_rebuild_parameter, (self.detach(), self.requires_grad))


def _rebuild_parameter(data, requires_grad):
    return Parameter(data, requires_grad)


class Buffer(Tensor):
    """nn.Buffer(data, persistent=True): marks a tensor to be registered as a module buffer."""

    __module__ = "torch.nn.parameter"

    def __new__(cls, data=None, *, persistent=True):
        if data is None:
            from .._creation import empty

            data = empty(0)
        b = wrap(E.detach(data._h), cls)
        b.persistent = persistent
        return b


def is_lazy(param):
    return False
