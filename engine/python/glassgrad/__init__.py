"""glassgrad: the engine's instruments, for students' code and lesson checks.

What PyTorch keeps in memory and in the autograd graph, measured by the
engine itself and following Python lifetimes exactly: a tensor's bytes leave
the figures the moment its last Python reference goes (``del x``).

Memory (figures rounded to 512-byte blocks by default, as
``torch.cuda.memory_allocated`` reports them, so they compare with PyTorch's;
``exact=True`` gives the exact bytes)::

    memory_allocated, max_memory_allocated, reset_peak_memory_stats,
    memory_by_category, memory_stats, live_storages

The graph behind a tensor::

    graph_nodes, graph_node_names, saved_bytes, graph_summary

Who keeps memory alive::

    why_alive

Views (rich outputs in the notebook, text elsewhere)::

    show_graph, memory, show_layout

>>> import torch, glassgrad
>>> w = torch.ones(100, requires_grad=True)
>>> before = glassgrad.memory_allocated()
>>> y = (w.exp() * 2).sum()
>>> glassgrad.graph_nodes(y), glassgrad.saved_bytes(y)
(4, 400)
>>> del y
>>> glassgrad.memory_allocated() - before
0
"""
from ._graph import graph_node_names, graph_nodes, graph_summary, saved_bytes
from ._memory import (
    live_storages,
    max_memory_allocated,
    memory_allocated,
    memory_by_category,
    memory_stats,
    reset_peak_memory_stats,
)
from ._views import GraphView, LayoutView, MemoryView, memory, show_graph, show_layout
from ._why_alive import WhyAlive, why_alive

__all__ = [
    "memory_allocated",
    "max_memory_allocated",
    "reset_peak_memory_stats",
    "memory_by_category",
    "memory_stats",
    "live_storages",
    "graph_nodes",
    "graph_node_names",
    "saved_bytes",
    "graph_summary",
    "why_alive",
    "WhyAlive",
    "show_graph",
    "memory",
    "show_layout",
    "GraphView",
    "MemoryView",
    "LayoutView",
]
