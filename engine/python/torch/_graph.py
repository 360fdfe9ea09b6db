"""Autograd graph nodes as Python objects (``y.grad_fn``), hooks and their handles.

Each node class is named as PyTorch names it (``type(y.grad_fn).__name__ ==
'MulBackward0'``). A node object holds a reference to its engine node, so
keeping ``y.grad_fn`` keeps that part of the graph (and its saved tensors)
alive, as in PyTorch.
"""
import weakref

from ._bridge import E

_node_classes = {}
_live_nodes = weakref.WeakValueDictionary()


class Node:
    """Base of the grad_fn classes (torch.autograd.graph.Node)."""

    __slots__ = ("_n", "__weakref__")
    __module__ = "torch.autograd.graph"

    def __del__(self):
        n = self._n
        if n is not None:
            self._n = None
            E.releaseNode(n)

    def name(self):
        return self._n.name

    @property
    def next_functions(self):
        return tuple((node_wrapper(n), k) for n, k in E.nextFunctions(self._n))

    @property
    def variable(self):
        from ._tensor import wrap

        v = E.nodeVariable(self._n)
        if v is None:
            raise AttributeError(f"'{self._n.name}' object has no attribute 'variable'")
        return wrap(v)

    @property
    def metadata(self):
        return {}

    def register_hook(self, fn):
        raise NotImplementedError("Node.register_hook is not supported by Glassgrad yet")

    def register_prehook(self, fn):
        raise NotImplementedError("Node.register_prehook is not supported by Glassgrad yet")

    def __repr__(self):
        return f"<{self._n.name} object at {hex(id(self))}>"

    def __eq__(self, other):
        return isinstance(other, Node) and other._n.id == self._n.id

    def __hash__(self):
        return hash(self._n.id)


def _node_class(name):
    cls = _node_classes.get(name)
    if cls is None:
        if name == "AccumulateGrad":
            module = "torch.autograd.graph"
        elif name.endswith("Backward"):  # a custom Function's node: no version digit
            module = "torch.autograd.function"
        else:
            module = "builtins"
        cls = type(name, (Node,), {"__slots__": (), "__module__": module})
        _node_classes[name] = cls
    return cls


def node_wrapper(n):
    """The Python object for an engine node (None for None); one per live node."""
    if n is None:
        return None
    nid = n.id
    w = _live_nodes.get(nid)
    if w is not None:
        return w
    w = object.__new__(_node_class(n.name))
    w._n = E.retainNode(n)
    _live_nodes[nid] = w
    return w


class RemovableHandle:
    """What register_hook returns: ``handle.remove()`` takes the hook off again."""

    def __init__(self, hook_id):
        self.id = hook_id

    def remove(self):
        E.removeHook(self.id)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()


def tensor_hook_adapter(hook):
    """Wraps a Python tensor hook for the engine: gradients in as Tensors, a Tensor (or None) out.

    A returned tensor is handed over as an owned reference (Note [Hook results] in bridge_autograd.ts).
    The bridge keeps its own handle on the adapter until the hook is removed.
    """
    from ._tensor import Tensor, wrap

    def adapter(g):
        result = hook(wrap(E.retain(g)))
        if result is None:
            return None
        if not isinstance(result, Tensor):
            raise TypeError(f"hook returned an object of type {type(result).__name__}, expected a Tensor or None")
        return E.retain(result._h)

    return adapter
