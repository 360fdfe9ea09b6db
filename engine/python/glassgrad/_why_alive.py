"""``why_alive``: what a Python name keeps in memory, and through which references.

The engine walks the ownership graph from a tensor: its own storage, its
``grad_fn`` and every node reachable from it, the tensors those nodes save for
backward, the leaves their ``AccumulateGrad`` nodes hold, ``.grad`` and view
bases. Each storage reached gives one chain, e.g.::

    running_loss → AddBackward0 → … → saved ReluBackward0.result [64, 10, 12, 12] float32 → 368,640 B
"""
import sys

from torch._bridge import E
from torch._tensor import Tensor, _live

_NUMBERS = (int, float, complex, bool, type(None))


def _shape(step):
    return f"[{', '.join(str(n) for n in step['shape'])}] {step['dtype']}"


def _tensor_text(step, prev_node):
    via = step["via"]
    name = step.get("name")
    if via == "saved":
        slot = step.get("slot")
        head = f"saved {prev_node}.{slot}" if slot else f"saved by {prev_node}"
        return f"{head} {name} {_shape(step)}" if name else f"{head} {_shape(step)}"
    if via == "grad":
        return f".grad {_shape(step)}"
    if via == "base":
        return f"._base {_shape(step)}"
    return f"{name or 'tensor'} {_shape(step)}"


def _chain_text(chain):
    """One chain as a line; runs of more than three nodes show their first and last node around '…'."""
    tokens = []
    run = []
    root = chain[0]
    for i, step in enumerate(chain[1:], start=1):
        kind = step["kind"]
        if kind == "node":
            run.append(step["label"])
            continue
        if kind == "tensor":
            prev_node = run.pop() if step["via"] == "saved" and run else None
            tokens.extend(run if len(run) <= 3 else [run[0], "…", run[-1]])
            run = []
            tokens.append(_tensor_text(step, prev_node))
            continue
        tokens.extend(run)
        run = []
        if i == 1:  # the root's own storage
            tokens.append(_shape(root))
        tokens.append(f"{step['bytes']:,} B")
    first = root["name"]
    if tokens and tokens[0].startswith("["):
        return f"{first} {' → '.join(tokens)}"
    return " → ".join([first] + tokens)


class WhyAlive:
    """What ``why_alive`` found: ``chains`` (one list of steps per storage, each step a dict with
    ``kind`` ('tensor', 'node' or 'storage'), ``id``, ``via`` (how the previous step holds it:
    'root', 'grad_fn', 'next_functions', 'saved', 'variable', 'grad', 'base', 'storage'),
    ``label`` and ``bytes`` (storages only; None otherwise), and for tensors ``shape``, ``dtype``,
    ``name`` and, when saved as an op's output, ``slot``), ``total_bytes`` (exact bytes of the
    distinct storages reached) and ``saved_bytes`` (those held by tensors saved for backward).
    Printing it shows one chain per line and the total.

    >>> import torch, glassgrad
    >>> t = torch.zeros(10)
    >>> report = glassgrad.why_alive(t)
    >>> [step["via"] for step in report.chains[0]], report.total_bytes
    (['root', 'storage'], 40)
    >>> report
    t [10] float32 → 40 B
    total 40 B (0 B saved for backward)
    """

    __slots__ = ("name", "chains", "total_bytes", "saved_bytes", "_note")

    def __init__(self, name, chains, total_bytes, saved_bytes, note=None):
        self.name = name
        self.chains = chains
        self.total_bytes = total_bytes
        self.saved_bytes = saved_bytes
        self._note = note

    def __str__(self):
        lines = [] if self._note is None else [self._note]
        lines.extend(_chain_text(c) for c in self.chains)
        lines.append(f"total {self.total_bytes:,} B ({self.saved_bytes:,} B saved for backward)")
        return "\n".join(lines)

    __repr__ = __str__


def _tensor_names(frame):
    """id(tensor) -> a name the caller's code has for it (locals first, then globals)."""
    names = {}
    for scope in (frame.f_globals, frame.f_locals):
        for k, v in scope.items():
            if isinstance(v, Tensor) and not k.startswith("_"):
                names[id(v)] = k
    return names


def _step(s, root_name, names):
    step = {"kind": s["kind"], "id": s["id"], "via": s["via"], "label": s["label"], "bytes": s.get("bytes")}
    for key in ("shape", "dtype", "name", "slot"):
        if key in s:
            step[key] = s[key]
    if s["via"] == "root":
        step["name"] = root_name
    elif s["kind"] == "tensor" and s.get("name", "view of ").startswith("view of "):
        # No label of its own (a parameter's module path): the caller's name for it, if any.
        ref = _live.get(s.get("handle"))
        wrapper = ref() if ref is not None else None
        if wrapper is not None and id(wrapper) in names:
            step["name"] = names[id(wrapper)]
    return step


def why_alive(obj):
    """What ``obj`` keeps alive: a tensor, or the name of one as a string (looked up in the
    caller's local, then global, names). Returns a ``WhyAlive``: its ``chains`` run from the
    name through ``grad_fn``, graph nodes and saved tensors to each storage's bytes, and its
    ``total_bytes`` is what deleting the name could free (if nothing else holds the same bytes).
    A Python number holds no tensor memory.

    >>> import torch, glassgrad
    >>> w = torch.ones(100, requires_grad=True)
    >>> loss = w.exp().sum()
    >>> report = glassgrad.why_alive("loss")
    >>> report.total_bytes, report.saved_bytes      # loss itself, exp's saved result, the leaf w
    (804, 400)
    >>> print(report)
    loss [] float32 → 4 B
    loss → SumBackward0 → saved ExpBackward0.result [100] float32 → 400 B
    loss → SumBackward0 → ExpBackward0 → AccumulateGrad → w [100] float32 → 400 B
    total 804 B (400 B saved for backward)
    """
    frame = sys._getframe(1)
    names = _tensor_names(frame)
    if isinstance(obj, str):
        name = obj
        scope = frame.f_locals if name in frame.f_locals else frame.f_globals
        if name not in scope:
            raise NameError(f"name '{name}' is not defined")
        value = scope[name]
    else:
        value = obj
        name = names.get(id(obj)) or (repr(obj) if isinstance(obj, _NUMBERS) else "tensor")
    if isinstance(value, _NUMBERS):
        return WhyAlive(name, [], 0, 0, note=f"{name} is {type(value).__name__}: it holds no tensor memory")
    if not isinstance(value, Tensor):
        raise TypeError(f"why_alive() takes a tensor or the name of one, got {type(value).__name__}")
    report = E.heldBy(value._h).to_py()
    chains = [[_step(s, name, names) for s in c] for c in report["chains"] if c[-1].get("counted", True)]
    return WhyAlive(name, chains, report["totalBytes"], report["savedBytes"])
