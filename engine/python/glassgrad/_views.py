"""Inline views for the notebook: the autograd graph, memory, and a tensor's layout.

Each ``show_*`` function displays a rich output (a MIME bundle with the app's own
MIME type) in the notebook, and prints a text summary anywhere else (the CLI)::

    glassgrad.show_graph(loss)                  # the graph behind loss, as torchviz draws it
    glassgrad.memory()                          # live bytes by category, the largest storages
    glassgrad.show_layout(x.t())                # storage cells and how x.t() maps onto them

The view objects themselves (``GraphView``, ``MemoryView``, ``LayoutView``) show
the same way as a cell's last expression.
"""
import json
import sys
from collections import Counter

from js import JSON
from torch._bridge import E
from torch._tensor import Tensor

from ._memory import CATEGORIES

GRAPH_MIME = "application/vnd.glassgrad.graph+json"
MEMORY_MIME = "application/vnd.glassgrad.memory+json"
LAYOUT_MIME = "application/vnd.glassgrad.layout+json"

_TEXT_NODES = 24
_TEXT_STRIP = 32


def _plain(proxy):
    """A JavaScript result as Python data, JavaScript null as None (to_py() would keep jsnull)."""
    return json.loads(JSON.stringify(proxy))


def _display(view):
    """display() in the notebook kernel; print() anywhere else."""
    try:
        from glassgrad_kernel.display import active, display
    except ImportError:
        active = None
    if active is not None and active():
        display(view)
    else:
        print(view)


def _shape(shape):
    return f"[{', '.join(str(int(n)) for n in shape)}]"


def _caller_names(depth):
    """id(tensor) -> a name the calling code uses for it (locals first)."""
    frame = sys._getframe(depth + 1)
    names = {}
    for scope in (frame.f_globals, frame.f_locals):
        for k, v in scope.items():
            if isinstance(v, Tensor) and not k.startswith("_"):
                names[id(v)] = k
    return names


# ---- the graph ----------------------------------------------------------------------------------------------


class GraphView:
    """The autograd graph behind a tensor (or every live node): ``nodes`` as the graph view draws them,
    in creation order, each a dict with ``node`` (id), ``name`` (PyTorch's, e.g. 'AddmmBackward0'),
    ``next`` (ids of its next_functions), ``module`` ('Net.fc1' or None), ``saved`` (tensors it saves:
    storage, bytes, shape, dtype), ``leaf`` (AccumulateGrad: the parameter, with its ``label``) and
    ``savedFreed`` (backward() released what it saved; ``saved`` still lists what that was).

    >>> import torch, glassgrad
    >>> w = torch.ones(3, requires_grad=True)
    >>> view = glassgrad.GraphView((w.exp() * 2).sum(), name="y")
    >>> [n["name"] for n in view.nodes]
    ['AccumulateGrad', 'ExpBackward0', 'MulBackward0', 'SumBackward0']
    >>> print(view)   # doctest: +ELLIPSIS
    graph of y: 4 nodes, 12 B saved for backward
    ...
    """

    def __init__(self, t=None, name=None):
        data = _plain(E.graphData(t._h if isinstance(t, Tensor) else None))
        self.name = name
        self.root = data["root"]
        if self.root is not None:
            self.root["name"] = name
        self.nodes = data["nodes"]

    @property
    def saved_bytes(self):
        """Bytes of the distinct storages the nodes still save (what backward() freed counts 0)."""
        storages = {}
        for n in self.nodes:
            if n["savedFreed"]:
                continue
            for s in n["saved"]:
                storages[s["storage"]] = s["bytes"]
        return sum(storages.values())

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {GRAPH_MIME: {"root": self.root, "nodes": self.nodes}, "text/plain": str(self)}

    def __str__(self):
        what = f"graph of {self.name}" if self.name else ("graph" if self.root is not None else "live autograd graph")
        if not self.nodes:
            return f"{what}: no autograd nodes"
        lines = [f"{what}: {len(self.nodes)} nodes, {self.saved_bytes:,} B saved for backward"]
        names = Counter(n["name"] for n in self.nodes)
        lines.append("  " + ", ".join(f"{k} ×{v}" if v > 1 else k for k, v in names.most_common()))
        freed = sum(1 for n in self.nodes if n["savedFreed"] and n["saved"])
        if freed:
            lines.append(f"  {freed} node{'s' if freed != 1 else ''} freed their saved tensors (backward ran)")
        by_id = {n["node"]: n for n in self.nodes}
        for n in reversed(self.nodes[-_TEXT_NODES:]):
            lines.append("  " + _node_line(n, by_id))
        if len(self.nodes) > _TEXT_NODES:
            lines.append(f"  … {len(self.nodes) - _TEXT_NODES} earlier nodes")
        return "\n".join(lines)

    __repr__ = __str__


def _node_title(n):
    if n.get("leaf"):
        leaf = n["leaf"]
        return f"AccumulateGrad({leaf['label'] or 'tensor'} {_shape(leaf['shape'])})"
    return n["name"]


def _node_line(n, by_id):
    where = f" [{n['module']}]" if n.get("module") else ""
    inputs = ", ".join(_node_title(by_id[i]) if i in by_id else f"#{i}" for i in n["next"])
    text = f"{_node_title(n)}{where}"
    if inputs:
        text += f" ← {inputs}"
    if n["savedFreed"] and n["saved"]:
        text += f"; saved tensors freed ({sum(s['bytes'] for s in n['saved']):,} B)"
    elif n["saved"]:
        text += "; saves " + ", ".join(f"{_shape(s['shape'])} {s['dtype']} {s['bytes']:,} B" for s in n["saved"])
    return text


def show_graph(t=None):
    """Shows the autograd graph behind ``t`` (every live node when ``t`` is None): PyTorch's node names,
    AccumulateGrad leaves named by their parameters (``fc1.weight``), saved tensors with shape, dtype and
    bytes, repeated per-iteration structure collapsed ("×1000"), nodes grouped by Module. Prints a
    summary outside the notebook.

    >>> import torch, glassgrad
    >>> w = torch.ones(3, requires_grad=True)
    >>> loss = (w * w).sum()
    >>> glassgrad.show_graph(loss)   # doctest: +ELLIPSIS
    graph of loss: 3 nodes, 12 B saved for backward
    ...
    """
    name = None
    if isinstance(t, Tensor):
        name = _caller_names(1).get(id(t))
    _display(GraphView(t, name=name))


# ---- memory -------------------------------------------------------------------------------------------------


class MemoryView:
    """Memory now: bytes by category (exact and in 512-byte blocks), the peak, the largest live storages
    with their owners, and (in the notebook kernel) the timeline of live bytes since the kernel started.

    >>> import glassgrad
    >>> view = glassgrad.MemoryView()
    >>> sorted(view.stats["byCategory"])
    ['gradient', 'optimizer', 'other', 'parameter', 'saved']
    """

    def __init__(self, top=10):
        self.stats = _plain(E.memoryStats())
        self.storages = _plain(E.liveStorages(int(top)))
        self.timeline = _plain(E.memoryTimeline())

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"stats": self.stats, "storages": self.storages, "timeline": self.timeline}
        return {MEMORY_MIME: data, "text/plain": str(self)}

    def __str__(self):
        s = self.stats
        lines = [
            f"memory allocated: {s['allocatedBlocks']:,} B in 512-byte blocks ({s['allocated']:,} B exact), "
            f"peak {s['peakBlocks']:,} B, {s['storages']:,} storages"
        ]
        for c in CATEGORIES:
            lines.append(f"  {c:<10}{s['byCategoryBlocks'][c]:>14,} B")
        if self.storages:
            lines.append("largest live storages:")
            lines.append(f"  {'bytes':>12}  {'category':<10}{'dtype':<9}owner")
            for r in self.storages:
                lines.append(f"  {r['bytes']:>12,}  {r['category']:<10}{r['dtype']:<9}{r['owner'] or '—'}")
        return "\n".join(lines)

    __repr__ = __str__


def memory(top=10):
    """Shows memory now: live bytes stacked by category (parameter, gradient, saved for backward, optimizer
    state, other) over the session with cell boundaries and the peak, and the ``top`` largest live storages
    with their owners. Prints a table outside the notebook.

    >>> import glassgrad
    >>> glassgrad.memory(top=0)   # doctest: +ELLIPSIS
    memory allocated: ...
    """
    _display(MemoryView(top))


# ---- layout -------------------------------------------------------------------------------------------------


class LayoutView:
    """How tensors sit in their storages: for each tensor its shape, strides and storage offset, and for each
    storage its elements, so every logical element can be traced to the cell it reads.

    >>> import torch, glassgrad
    >>> x = torch.arange(6).view(2, 3)
    >>> view = glassgrad.LayoutView([("x.t()", x.t())])
    >>> view.tensors[0]["strides"], view.tensors[0]["contiguous"]
    ([1, 3], False)
    """

    def __init__(self, named):
        names = [n for n, _ in named]
        handles = [t._h for _, t in named]
        data = _plain(E.tensorLayout(names, handles))
        self.tensors = data["tensors"]
        self.storages = data["storages"]

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {LAYOUT_MIME: {"tensors": self.tensors, "storages": self.storages}, "text/plain": str(self)}

    def __str__(self):
        lines = []
        storages = {s["id"]: s for s in self.storages}
        first_name = {}
        for t in self.tensors:
            first_name.setdefault(t["storage"], t["name"])
        for s in self.storages:
            users = [t["name"] for t in self.tensors if t["storage"] == s["id"]]
            shared = f", shared by {', '.join(users)}" if len(users) > 1 else ""
            lines.append(f"storage #{s['id']}: {s['size']} × {s['dtype']} ({s['bytes']:,} B){shared}")
            if s["values"] is not None:
                shown = s["values"][:_TEXT_STRIP]
                cells = [_number(v) for v in shown]
                width = max([len(c) for c in cells] + [len(str(len(shown) - 1))])
                lines.append("  index " + " ".join(f"{i:>{width}}" for i in range(len(shown))))
                lines.append("  value " + " ".join(f"{c:>{width}}" for c in cells) + (" …" if s["size"] > len(shown) else ""))
        for t in self.tensors:
            kind = "contiguous" if t["contiguous"] else "not contiguous"
            lines.append(
                f"{t['name']}: shape {_tuple(t['shape'])}, strides {_tuple(t['strides'])}, offset {t['offset']}, {kind}, "
                f"storage #{t['storage']}" + ("" if first_name[t["storage"]] == t["name"] else f" (shared with {first_name[t['storage']]})")
            )
            lines.extend("  " + row for row in _index_rows(t))
            if not t["contiguous"]:
                lines.append("  " + _contiguous_copy(t, storages[t["storage"]]))
        return "\n".join(lines)

    __repr__ = __str__


def _tuple(xs):
    return "(" + ", ".join(str(x) for x in xs) + ("," if len(xs) == 1 else "") + ")"


def _number(v):
    return str(int(v)) if float(v).is_integer() else f"{v:.4g}"


def _storage_indices(t):
    """The storage index of every logical element of t, in row-major order."""
    out = [t["offset"]]
    for n, st in zip(t["shape"], t["strides"]):
        out = [base + i * st for base in out for i in range(n)]
    return out


def _contiguous_copy(t, storage):
    """What contiguous() does to a tensor that is not contiguous: a copy, in logical order, into a new storage."""
    count = 1
    for n in t["shape"]:
        count *= n
    itemsize = storage["bytes"] // max(storage["size"], 1)
    text = f"contiguous() copies it into a new storage ({count} × {t['dtype']}, {count * itemsize:,} B)"
    if storage["values"] is None or count > 4096:
        return text
    values = [_number(storage["values"][i]) for i in _storage_indices(t)[:_TEXT_STRIP]]
    return f"{text}: {' '.join(values)}{' …' if count > _TEXT_STRIP else ''}"


def _index_rows(t, limit=8):
    """'x[0] → storage[0, 4, 8]' lines: the storage index of each element, row by row (at most `limit` rows)."""
    shape, strides, offset = t["shape"], t["strides"], t["offset"]
    if not shape:
        return [f"{t['name']} → storage[{offset}]"]
    rows = []
    lead = shape[:-1]
    count = 1
    for n in lead:
        count *= n
    for r in range(min(count, limit)):
        idx, rem = [], r
        for n in reversed(lead):
            idx.append(rem % n)
            rem //= n
        idx.reverse()
        base = offset + sum(i * s for i, s in zip(idx, strides))
        cells = [base + j * strides[-1] for j in range(min(shape[-1], _TEXT_STRIP))]
        label = f"{t['name']}[{', '.join(str(i) for i in idx)}]" if idx else t["name"]
        rows.append(f"{label} → storage[{', '.join(str(c) for c in cells)}{', …' if shape[-1] > _TEXT_STRIP else ''}]")
    if count > limit:
        rows.append(f"… {count - limit} more rows")
    return rows


def show_layout(t, *others):
    """Shows how ``t`` (and ``others``) map onto storage: the storage as a strip of cells, each logical element
    placed through strides and offset. A view's base is shown with it (they share the storage), and a
    ``contiguous()`` copy shows as a new storage. Prints the same as text outside the notebook.

    >>> import torch, glassgrad
    >>> y = torch.arange(12).view(3, 4).t()
    >>> glassgrad.show_layout(y)   # doctest: +ELLIPSIS
    storage #...: 12 × int64 (96 B), shared by y._base, y
    ...
    y: shape (4, 3), strides (1, 4), offset 0, not contiguous, storage #... (shared with y._base)
    ...
      contiguous() copies it into a new storage (12 × int64, 96 B): 0 4 8 1 5 9 2 6 10 3 7 11
    """
    names = _caller_names(1)
    tensors = [t, *others]
    for x in tensors:
        if not isinstance(x, Tensor):
            raise TypeError(f"show_layout() takes tensors, got {type(x).__name__}")
    named = []
    given = {id(x) for x in tensors}
    seen = set()
    for i, x in enumerate(tensors):
        name = names.get(id(x)) or ("tensor" if i == 0 else f"tensor {i}")
        base = x._base
        if base is not None and id(base) not in seen and id(base) not in given:
            named.append((names.get(id(base)) or f"{name}._base", base))  # the original first, then its views
            seen.add(id(base))
        if id(x) not in seen:
            named.append((name, x))
            seen.add(id(x))
    _display(LayoutView(named))


# ---- the notebook kernel's names ------------------------------------------------------------------------


def _publish_names():
    """Called by the notebook kernel after each cell: the namespace's tensor names as a 'names' trace event."""
    main = sys.modules.get("__main__")
    if main is None:
        return
    names, handles = [], []
    for k, v in list(vars(main).items()):
        if isinstance(v, Tensor) and not k.startswith("_"):
            names.append(k)
            handles.append(v._h)
    E.publishNames(names, handles)
