"""torch.autograd.Function: operations whose derivative the user writes.

    class Exp(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            y = x.exp()
            ctx.save_for_backward(y)
            return y

        @staticmethod
        def backward(ctx, grad):
            (y,) = ctx.saved_tensors
            return grad * y

    y = Exp.apply(torch.ones(2, requires_grad=True))   # y.grad_fn.name() == 'ExpBackward'

The forward runs under no_grad; the engine records one node (named after the
class, with "Backward") that calls ``backward`` during backpropagation.
"""
import functools

from .._bridge import E, none_if_null
from .._grad_mode import no_grad
from .._tensor import Tensor, wrap

__all__ = ["Function", "FunctionCtx", "once_differentiable"]


class FunctionCtx:
    """The ``ctx`` passed to forward and backward."""

    def __init__(self):
        self.to_save = ()
        self.non_differentiable = ()
        self.dirty_tensors = ()
        self.materialize_grads = True
        self.needs_input_grad = ()
        self._node = None

    def save_for_backward(self, *tensors):
        for t in tensors:
            if t is not None and not isinstance(t, Tensor):
                raise TypeError("save_for_backward can only save variables, but argument 0 is of type " + type(t).__name__)
        self.to_save = tensors

    def save_for_forward(self, *tensors):
        self.saved_for_forward = tensors

    def mark_dirty(self, *args):
        self.dirty_tensors = args

    def mark_non_differentiable(self, *args):
        self.non_differentiable = args

    def set_materialize_grads(self, value):
        self.materialize_grads = bool(value)

    @property
    def saved_tensors(self):
        if self._node is None:
            return tuple(self.to_save)
        return tuple(wrap(none_if_null(h)) for h in E.customSavedTensors(self._node))

    @property
    def saved_variables(self):
        return self.saved_tensors


class BackwardCFunction(FunctionCtx):
    """The ctx class of a Function (PyTorch's ``MyFuncBackward``)."""


class FunctionMeta(type):
    """Gives each Function subclass its backward class, as PyTorch does (``MyFunc._backward_cls``)."""

    def __init__(cls, name, bases, attrs):
        backward_fn = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})
        cls._backward_cls = backward_fn
        super().__init__(name, bases, attrs)


def _overrides_setup_context(cls):
    return cls.setup_context is not Function.setup_context


class Function(metaclass=FunctionMeta):
    """Base class for custom autograd operations: define static ``forward`` and ``backward``, call ``apply``."""

    def __init__(self, *args, **kwargs):
        pass

    def __call__(self, *args, **kwargs):
        raise RuntimeError(
            "Legacy autograd function with non-static forward method is deprecated. Please use new-style autograd "
            "function with static forward method. (Example: https://pytorch.org/docs/stable/autograd.html#torch.autograd.Function)"
        )

    @staticmethod
    def forward(*args, **kwargs):
        raise NotImplementedError(
            "You must implement the forward function for custom autograd.Function."
        )

    @staticmethod
    def setup_context(ctx, inputs, output):
        raise NotImplementedError("setup_context is not implemented.")

    @staticmethod
    def backward(ctx, *grad_outputs):
        raise NotImplementedError(
            "You must implement either the backward or vjp method for your custom autograd.Function to use it "
            "with backward mode AD."
        )

    vjp = backward

    @classmethod
    def apply(cls, *args, **kwargs):
        ctx = cls._backward_cls()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        with no_grad():
            if _overrides_setup_context(cls):
                output = cls.forward(*args, **kwargs)
                cls.setup_context(ctx, args, output)
            else:
                output = cls.forward(ctx, *args, **kwargs)
        return _record(cls, ctx, args, output)


def _record(cls, ctx, args, output):
    is_tuple = isinstance(output, tuple)
    outputs = list(output) if is_tuple else [output]
    dirty = [t for t in ctx.dirty_tensors if isinstance(t, Tensor)]
    # An input returned unchanged comes out as a new tensor sharing its data, so the input keeps its history.
    for i, o in enumerate(outputs):
        if isinstance(o, Tensor) and any(o is a for a in args) and not any(o is d for d in dirty):
            with no_grad():
                outputs[i] = o.view_as(o)
    tensor_positions = [i for i, o in enumerate(outputs) if isinstance(o, Tensor)]
    out_tensors = [outputs[i] for i in tensor_positions]
    non_diff = [k for k, o in enumerate(out_tensors) if any(o is n for n in ctx.non_differentiable)]

    def backward(grads):
        grads = [wrap(E.retain(g)) if g is not None and type(g).__name__ != "JsNull" else None for g in grads]
        result = cls.backward(ctx, *grads)
        if not isinstance(result, tuple):
            result = (result,)
        handles = []
        for g in result:
            if g is None:
                handles.append(None)
            elif isinstance(g, Tensor):
                handles.append(E.retain(g._h))
            else:
                raise TypeError(
                    f"expected Variable or None (got {type(g).__name__})"
                )
        return handles

    node = none_if_null(E.customFunction(
        cls.__name__ + "Backward",
        [a._h if isinstance(a, Tensor) else None for a in args],
        [o._h for o in out_tensors],
        [t._h if isinstance(t, Tensor) else None for t in ctx.to_save],
        non_diff,
        [d._h for d in dirty],
        ctx.materialize_grads,
        backward,
    ))
    if node is not None:
        ctx._node = node
        # The node holds the saved tensors now; ctx holding outputs would be a cycle through the engine.
        ctx.to_save = ()
    ctx.non_differentiable = ()
    ctx.dirty_tensors = ()
    return tuple(outputs) if is_tuple else outputs[0]


def once_differentiable(fn):
    """Marks a backward as not differentiable twice: it runs under no_grad."""

    @functools.wraps(fn)
    def wrapper(ctx, *args):
        with no_grad():
            return fn(ctx, *args)

    return wrapper
