"""matplotlib.pyplot for Glassgrad: the state-machine interface over Figure and Axes, drawn with Plotly.

In the notebook kernel, figures behave as with Jupyter's inline backend: every
figure still open when a cell ends is displayed (a Plotly figure plus
matplotlib's text, "<Figure size 640x480 with 1 Axes>") and closed; ``show()``
does the same at once. Outside a kernel ``show()`` prints each figure's text.

Supported: figure, subplots, subplot, gcf, get_fignums, gca, sca, close, clf, show, plot,
scatter, hist, imshow, bar, fill_between, axhline, axvline, text, title,
suptitle, xlabel, ylabel, xlim, ylim, xscale, yscale, xticks, yticks, axis,
legend, grid, colorbar, tight_layout, rcParams. Anything else raises
NotImplementedError naming it.
"""
from glassgrad_kernel import display as _display

from . import rcParams  # noqa: F401  (plt.rcParams)
from ._artists import AxesImage
from .axes import Axes, _refuse  # noqa: F401
from .figure import Figure, subplot_spec

#: Layout requests that need nothing here: Plotly sizes margins itself (as tight_layout() does nothing).
_LAYOUT_HINTS = {"tight_layout", "constrained_layout", "layout"}

_figures = {}  # number -> open Figure, in creation order
_current = None

__all__ = [
    "figure", "subplots", "subplot", "gcf", "get_fignums", "gca", "sca", "close", "clf", "show", "plot", "scatter", "hist",
    "imshow", "bar", "fill_between", "axhline", "axvline", "text", "title", "suptitle", "xlabel", "ylabel",
    "xlim", "ylim", "xscale", "yscale", "xticks", "yticks", "axis", "legend", "grid", "colorbar",
    "tight_layout", "rcParams", "Figure", "Axes",
]


def __getattr__(name):
    if name.startswith("_"):
        raise AttributeError(name)
    raise NotImplementedError(f"matplotlib.pyplot.{name} is not supported by Glassgrad's matplotlib (a subset drawn with Plotly)")


# ---- figures ----
def figure(num=None, figsize=None, dpi=None, *, clear=False, **kwargs):
    """Makes figure `num` (or a new one) current and returns it."""
    global _current
    _refuse("figure", {k for k in kwargs if k not in _LAYOUT_HINTS})
    if isinstance(num, Figure):
        fig = num
    elif num is not None and not isinstance(num, int):
        raise NotImplementedError("figure(num=...) with a label is not supported; use a number")
    elif num in _figures:
        fig = _figures[num]
        if clear:
            fig.axes.clear()
            fig._current_axes = None
    else:
        fig = Figure(figsize=figsize, dpi=dpi)
        fig.number = num if num is not None else max(_figures, default=0) + 1
    if fig.number not in _figures:
        _figures[fig.number] = fig
    _current = fig
    return fig


def gcf():
    return _current if _current is not None else figure()


def gca():
    return gcf().gca()


def sca(ax):
    figure(ax.figure)
    return ax.figure.sca(ax)


def subplots(nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True, figsize=None, dpi=None, **kwargs):
    """A new figure and its grid of axes: (fig, ax) or (fig, axes)."""
    fig = figure(figsize=figsize, dpi=dpi, **kwargs)
    return fig, fig.subplots(nrows, ncols, sharex=sharex, sharey=sharey, squeeze=squeeze)


def subplot(*args):
    """The axes at (nrows, ncols, index) of the current figure, made if it does not exist yet."""
    fig = gcf()
    spec = subplot_spec(args)
    for ax in fig.axes:
        if ax._grid_spec == spec:
            return fig.sca(ax)
    return fig.add_subplot(*spec)


def get_fignums():
    """The numbers of the open figures."""
    return sorted(_figures)


def close(fig=None):
    """Closes the current figure, a given one (Figure or number) or 'all'."""
    global _current
    if fig == "all":
        targets = list(_figures.values())
    elif fig is None:
        targets = [_current] if _current is not None else []
    elif isinstance(fig, Figure):
        targets = [fig]
    elif isinstance(fig, int):
        targets = [_figures[fig]] if fig in _figures else []
    else:
        raise TypeError("close() argument must be a Figure, an int, a string, or None, not " + type(fig).__name__)
    for f in targets:
        _figures.pop(f.number, None)
    if _current is not None and _current.number not in _figures:
        _current = next(reversed(_figures.values()), None)


def clf():
    fig = gcf()
    fig.axes.clear()
    fig._current_axes = None
    fig._suptitle = None


def _show_figures(figs):
    for fig in figs:
        if _display.active():
            _display.publish("display", {"data": fig.bundle()})
        else:
            print(repr(fig))
        close(fig)


def show(*, block=None):
    """Shows every open figure and closes it (as Jupyter's inline backend does)."""
    _show_figures(list(_figures.values()))


def _flush_figures():
    """Called after each cell in the kernel: the figures the cell left open are shown."""
    if _figures:
        _show_figures(list(_figures.values()))


if _display.active() and _flush_figures not in _display.post_execute:
    _display.post_execute.append(_flush_figures)


# ---- drawing on the current axes ----
def plot(*args, **kwargs):
    return gca().plot(*args, **kwargs)


def scatter(*args, **kwargs):
    return gca().scatter(*args, **kwargs)


def hist(*args, **kwargs):
    return gca().hist(*args, **kwargs)


def imshow(*args, **kwargs):
    return gca().imshow(*args, **kwargs)


def bar(*args, **kwargs):
    return gca().bar(*args, **kwargs)


def fill_between(*args, **kwargs):
    return gca().fill_between(*args, **kwargs)


def axhline(*args, **kwargs):
    return gca().axhline(*args, **kwargs)


def axvline(*args, **kwargs):
    return gca().axvline(*args, **kwargs)


def text(*args, **kwargs):
    return gca().text(*args, **kwargs)


def title(label, *args, **kwargs):
    return gca().set_title(label, *args, **kwargs)


def suptitle(t, **kwargs):
    return gcf().suptitle(t, **kwargs)


def xlabel(label, **kwargs):
    return gca().set_xlabel(label, **kwargs)


def ylabel(label, **kwargs):
    return gca().set_ylabel(label, **kwargs)


def xlim(*args, **kwargs):
    ax = gca()
    return ax.set_xlim(*args, **kwargs) if args or kwargs else ax.get_xlim()


def ylim(*args, **kwargs):
    ax = gca()
    return ax.set_ylim(*args, **kwargs) if args or kwargs else ax.get_ylim()


def xscale(value):
    gca().set_xscale(value)


def yscale(value):
    gca().set_yscale(value)


def _ticks(axis, ticks, labels, rotation):
    if ticks is None:
        if labels is not None or rotation is None:
            raise NotImplementedError(f"reading the {axis} ticks (matplotlib.pyplot.{axis}ticks()) is not supported")
        raise NotImplementedError(f"{axis}ticks(rotation=...) without the ticks is not supported; pass the ticks too")
    return getattr(gca(), f"set_{axis}ticks")(ticks, labels, rotation=rotation)


def xticks(ticks=None, labels=None, *, rotation=None):
    return _ticks("x", ticks, labels, rotation)


def yticks(ticks=None, labels=None, *, rotation=None):
    return _ticks("y", ticks, labels, rotation)


def axis(*args):
    return gca().axis(*args)


def legend(*args, **kwargs):
    return gca().legend(*args, **kwargs)


def grid(visible=None, which="major", axis="both", **kwargs):
    return gca().grid(visible, which, axis, **kwargs)


def colorbar(mappable=None, cax=None, ax=None, **kwargs):
    """The colour scale of `mappable`, by default the last image or value-coloured scatter drawn."""
    if mappable is None:
        axes = ax if ax is not None else gca()
        colored = [e for e in axes._traces if e.trace["type"] in ("heatmap",) or
                   isinstance(e.trace.get("marker", {}).get("colorscale"), list)]
        if not colored:
            raise RuntimeError("No mappable was found to use for colorbar creation. First define a mappable such as "
                               "an image (with imshow) or a contour set (with contourf).")
        mappable = AxesImage(colored[-1], axes)
    return gcf().colorbar(mappable, cax=cax, ax=ax, **kwargs)


def tight_layout(**kwargs):
    gcf().tight_layout(**kwargs)
