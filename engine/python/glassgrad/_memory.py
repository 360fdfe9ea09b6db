"""Memory figures from the engine's ledger: bytes held by live storages.

The ledger counts storages, not tensors (a view costs nothing), and frees a
storage's bytes the moment its last owner goes: a Python name (``del x``), a
tensor saved for backward (freed by ``backward()``), a ``.grad``. Figures are
rounded up to 512-byte blocks by default, as PyTorch's CUDA caching allocator
reports ``torch.cuda.memory_allocated()``; ``exact=True`` gives exact bytes.
"""
from torch._bridge import E, none_if_null
from torch._dtype import DTYPES

CATEGORIES = ("parameter", "gradient", "saved", "optimizer", "other")


def _stats():
    return E.memoryStats().to_py()


def memory_allocated(exact=False):
    """Bytes held by live tensors' storages now (like ``torch.cuda.memory_allocated()``).

    Each storage is rounded up to a 512-byte block unless ``exact=True``.

    >>> import torch, glassgrad
    >>> before = glassgrad.memory_allocated()
    >>> x = torch.zeros(1000)   # 4,000 bytes: eight 512-byte blocks
    >>> glassgrad.memory_allocated() - before
    4096
    >>> del x
    >>> glassgrad.memory_allocated() - before
    0
    """
    return E.memoryAllocated(bool(exact))


def max_memory_allocated(exact=False):
    """The highest ``memory_allocated`` since start or since ``reset_peak_memory_stats()``.

    >>> import torch, glassgrad
    >>> glassgrad.reset_peak_memory_stats()
    >>> before = glassgrad.memory_allocated(exact=True)
    >>> x = torch.zeros(1000)
    >>> del x
    >>> glassgrad.max_memory_allocated(exact=True) - before
    4000
    """
    return E.maxMemoryAllocated(bool(exact))


def reset_peak_memory_stats():
    """Starts peak tracking again from what is allocated now (``torch.cuda.reset_peak_memory_stats()``).

    >>> import glassgrad
    >>> glassgrad.reset_peak_memory_stats()
    >>> glassgrad.max_memory_allocated() == glassgrad.memory_allocated()
    True
    """
    E.resetPeakMemory()


def memory_by_category(exact=False):
    """Bytes now held, by what holds them: a dict with the keys ``'parameter'``, ``'gradient'``,
    ``'saved'`` (tensors kept for backward), ``'optimizer'`` (optimizer state) and ``'other'``.

    Each storage is rounded up to a 512-byte block unless ``exact=True``; the values add up to
    ``memory_allocated(exact)``.

    >>> import torch, glassgrad
    >>> before = glassgrad.memory_by_category(exact=True)
    >>> layer = torch.nn.Linear(10, 5)   # 50 weights and 5 biases, float32
    >>> glassgrad.memory_by_category(exact=True)["parameter"] - before["parameter"]
    220
    """
    s = _stats()
    return dict(s["byCategory"] if exact else s["byCategoryBlocks"])


def memory_stats():
    """Every figure at once: ``allocated``, ``peak`` and ``by_category`` in 512-byte blocks, the same
    with an ``_exact`` suffix in exact bytes, and ``storages``, the number of live storages.

    >>> import glassgrad
    >>> s = glassgrad.memory_stats()
    >>> s["allocated"] == glassgrad.memory_allocated(), s["peak_exact"] >= s["allocated_exact"]
    (True, True)
    """
    s = _stats()
    return {
        "allocated": s["allocatedBlocks"],
        "allocated_exact": s["allocated"],
        "peak": s["peakBlocks"],
        "peak_exact": s["peak"],
        "by_category": dict(s["byCategoryBlocks"]),
        "by_category_exact": dict(s["byCategory"]),
        "storages": s["storages"],
    }


def live_storages(limit=None):
    """The live storages, largest first: a list of dicts with ``id`` (the storage's id, as in
    ``why_alive`` chains), ``bytes`` (exact), ``block_bytes`` (rounded to 512), ``category``,
    ``dtype`` (a torch.dtype) and ``owner`` (the label of a tensor over it, e.g. ``'fc1.weight'``,
    or None). ``limit`` keeps the first rows only.

    >>> import torch, glassgrad
    >>> fc = torch.nn.Linear(1000, 1000)
    >>> rows = glassgrad.live_storages()
    >>> row = next(r for r in rows if r["owner"] == "weight" and r["bytes"] == 4_000_000)
    >>> row["block_bytes"], row["category"], row["dtype"]
    (4000256, 'parameter', torch.float32)
    >>> all(a["bytes"] >= b["bytes"] for a, b in zip(rows, rows[1:]))
    True
    """
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool)):
        raise TypeError(f"limit must be an int or None, got {type(limit).__name__}")
    rows = E.liveStorages(limit).to_py()
    return [
        {
            "id": r["id"],
            "bytes": r["bytes"],
            "block_bytes": r["blockBytes"],
            "category": r["category"],
            "dtype": DTYPES[r["dtype"]],
            "owner": none_if_null(r["owner"]),
        }
        for r in rows
    ]
