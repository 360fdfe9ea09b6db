"""The notebook kernel's Python side: runs cells the way IPython does.

The TypeScript half (engine/runtime/kernel_core.ts) registers a host module,
calls :func:`glassgrad_kernel.kernel.start` once, then ``execute``,
``complete`` and ``variables`` on the returned kernel. Everything here is
independent of the host: Node tests and the browser Worker run the same code.

- ``display``: MIME bundles out (``display()``, ``update_display()``), also used
  by the tqdm and matplotlib shims; inert outside a kernel.
- ``formatters``: the MIME bundle of a value, as IPython's DisplayFormatter.
- ``execute``: compile, run, last-expression result, tracebacks.
- ``completion``, ``variables``: the editor's completions and the inspector.
"""
