"""torch.autograd.Variable: since PyTorch 0.4 a Variable is just a Tensor.

``Variable(t)`` returns a tensor sharing t's data; ``volatile`` only warns.
"""
from .._bridge import warn
from .._tensor import Tensor


class _VariableMeta(type):
    def __instancecheck__(cls, other):
        return isinstance(other, Tensor)


class Variable(metaclass=_VariableMeta):
    """Legacy wrapper: Variable(tensor, requires_grad=False, volatile=False) -> Tensor."""

    def __new__(cls, data=None, requires_grad=False, volatile=False):
        if volatile:
            warn("volatile was removed and now has no effect. Use `with torch.no_grad():` instead.")
        if volatile and requires_grad:
            raise ValueError("Variable can't be volatile and require_grad at the same time!")
        if data is None:
            from .._creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(f"Variable data has to be a tensor, but got {type(data).__name__}")
        out = data.detach()
        if requires_grad:
            out.requires_grad_(True)
        return out
