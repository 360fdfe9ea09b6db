"""Facts about the autograd graph behind a tensor: how many nodes, which ones, and the bytes they save.

Nodes are counted as ``graph_nodes`` in the memory reference scenarios count
them: every node reachable from ``t.grad_fn`` through ``next_functions``, each
once, ``AccumulateGrad`` included. Anything that is not a tensor (a Python
number such as ``running_loss = 0``) has no graph.
"""
from collections import Counter

from torch._bridge import E
from torch._tensor import Tensor


def _facts(t):
    if not isinstance(t, Tensor):
        return {"nodes": 0, "names": {}, "savedBytes": 0}
    return E.graphFacts(t._h).to_py()


def graph_nodes(t):
    """Number of autograd nodes reachable from ``t.grad_fn`` (0 for a leaf or a non-tensor).

    >>> import torch, glassgrad
    >>> w = torch.ones(3, requires_grad=True)
    >>> glassgrad.graph_nodes((w * 2).sum())   # SumBackward0, MulBackward0, AccumulateGrad
    3
    """
    return _facts(t)["nodes"]


def graph_node_names(t):
    """A ``collections.Counter`` of the names of the nodes reachable from ``t.grad_fn``.

    >>> import torch, glassgrad
    >>> w = torch.ones(3, requires_grad=True)
    >>> sorted(glassgrad.graph_node_names(w * 2 + w * 3).items())
    [('AccumulateGrad', 1), ('AddBackward0', 1), ('MulBackward0', 2)]
    """
    return Counter(_facts(t)["names"])


def saved_bytes(t):
    """Bytes of the distinct storages that the nodes reachable from ``t.grad_fn`` save for backward.

    Tensors saved by several nodes count once; saved tensors that ``backward()`` freed count 0.
    Python numbers saved by a node (``x * 2`` saves the 2) live outside the memory figures and
    count 0 too.

    >>> import torch, glassgrad
    >>> w = torch.ones(100, requires_grad=True)
    >>> y = w.exp().sum()           # exp saves its result: 100 float32
    >>> glassgrad.saved_bytes(y)
    400
    >>> y.backward()
    >>> glassgrad.saved_bytes(y)
    0
    """
    return _facts(t)["savedBytes"]


def graph_summary(t):
    """``graph_nodes``, ``graph_node_names`` and ``saved_bytes`` of ``t`` in one dict.

    >>> import torch, glassgrad
    >>> w = torch.ones(100, requires_grad=True)
    >>> s = glassgrad.graph_summary(w.exp().sum())
    >>> s["nodes"], s["saved_bytes"], s["node_names"]["ExpBackward0"]
    (3, 400, 1)
    """
    f = _facts(t)
    return {"nodes": f["nodes"], "node_names": Counter(f["names"]), "saved_bytes": f["savedBytes"]}
