"""torch.autograd: backward, grad, Variable, grad modes, the graph's Node."""
from .._bridge import E
from .._grad_mode import enable_grad, inference_mode, no_grad, set_grad_enabled  # noqa: F401
from .._graph import Node  # noqa: F401
from .._tensor import Tensor, wrap_many
from .variable import Variable  # noqa: F401
from . import function  # noqa: F401
from .function import Function, FunctionCtx, once_differentiable  # noqa: F401


def _as_tuple(x):
    if x is None:
        return None
    if isinstance(x, Tensor):
        return (x,)
    return tuple(x)


def _grad_handles(tensors, grads):
    if grads is None:
        return [None] * len(tensors)
    if len(grads) != len(tensors):
        raise RuntimeError(f"got {len(grads)} tensors and {len(tensors)} gradients")
    out = []
    for t, g in zip(tensors, grads):
        if g is None:
            out.append(None)
        elif isinstance(g, Tensor):
            if tuple(g.shape) != tuple(t.shape):
                raise RuntimeError(
                    f"Mismatch in shape: grad_output[0] has a shape of {g.shape} and output[0] has a shape of {t.shape}."
                )
            out.append(g._h)
        else:
            from .._creation import full

            out.append(full(tuple(t.shape), g, dtype=t.dtype)._h)
    return out


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, grad_variables=None, inputs=None):
    """Accumulates gradients of tensors into the .grad of the leaves of their graph."""
    tensors = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors if grad_tensors is not None else grad_variables)
    if inputs is not None:
        raise NotImplementedError("backward(inputs=...) is not supported by Glassgrad yet")
    E.backward([t._h for t in tensors], _grad_handles(tensors, grads), retain_graph, bool(create_graph), None)


def grad(outputs, inputs, grad_outputs=None, retain_graph=None, create_graph=False, only_inputs=True,
         allow_unused=None, is_grads_batched=False, materialize_grads=False):
    """The gradients of outputs with respect to inputs, returned (not accumulated into .grad)."""
    outputs = _as_tuple(outputs)
    inputs_t = _as_tuple(inputs)
    grads = _as_tuple(grad_outputs)
    allow = bool(allow_unused) or bool(materialize_grads)
    result = wrap_many(E.autogradGrad([t._h for t in outputs], [t._h for t in inputs_t], _grad_handles(outputs, grads),
                              retain_graph, bool(create_graph), allow))
    if materialize_grads:
        from .._creation import zeros_like

        result = [zeros_like(i) if g is None else g for g, i in zip(result, inputs_t)]
    return tuple(result)
