"""matplotlib's Axes, drawing into Plotly traces (exported by _plotly.py).

Plotting: plot, scatter, hist, imshow, bar, fill_between, axhline, axvline,
text. Decorations: set_title, set_xlabel, set_ylabel, set_xlim, set_ylim,
set_xscale, set_yscale, set_xticks, set_yticks, set_xticklabels,
set_yticklabels, set_aspect, legend, grid, axis, set. Any other method, and
any keyword argument not listed for a method, raises NotImplementedError
naming it: a subset said out loud rather than calls silently ignored.
"""
import bisect
import builtins
import warnings

from . import _data as D
from ._artists import AxesImage, BarContainer, Legend, Line2D, PathCollection, PolyCollection, Text, Trace

_LINE_KW = {"color", "c", "label", "linewidth", "lw", "linestyle", "ls", "marker", "markersize", "ms", "alpha"}
_SCALES = ("linear", "log")
_INTERPOLATIONS = {None: False, "nearest": False, "none": False, "antialiased": False, "auto": False,
                   "bilinear": "best", "bicubic": "best"}


def _refuse(fn, kwargs, allowed=frozenset()):
    extra = sorted(set(kwargs) - set(allowed))
    if extra:
        raise NotImplementedError(f"{fn}({extra[0]}=...) is not supported by Glassgrad's matplotlib")


class Axes:
    __module__ = "matplotlib.axes"

    def __init__(self, figure, nrows=1, ncols=1, index=1):
        self.figure = figure
        self._grid_spec = (nrows, ncols, index)
        self.cla()

    def cla(self):
        """Clears the axes."""
        self._traces, self._shapes, self._texts = [], [], []
        self._title = None  # (text, loc, fontsize)
        self._labels = {"x": None, "y": None}
        self._lims = {"x": None, "y": None}
        self._scales = {"x": "linear", "y": "linear"}
        self._ticks = {"x": None, "y": None}
        self._grid = {"x": None, "y": None}
        self._legend = None
        self._axis_on = True
        self._aspect = None
        self._image_origin = None
        self._line_cycle = self._patch_cycle = 0
        self._sharex = self._sharey = None

    clear = cla

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise NotImplementedError(f"Axes.{name} is not supported by Glassgrad's matplotlib (a subset drawn with Plotly)")

    def __repr__(self):
        fields = []
        if self._title and self._title[0]:
            fields.append(f"title={{{self._title[1]!r}: {self._title[0]!r}}}")
        for axis in ("x", "y"):
            if self._labels[axis]:
                fields.append(f"{axis}label={self._labels[axis][0]!r}")
        return f"<Axes: {', '.join(fields)}>"

    # ---- colour cycles: lines and patches advance separately, as in matplotlib ----
    def _next_line_color(self):
        c = D.TAB10[self._line_cycle % 10]
        self._line_cycle += 1
        return c

    def _next_patch_color(self):
        c = D.TAB10[self._patch_cycle % 10]
        self._patch_cycle += 1
        return c

    def _px(self, pt):
        return D.points_to_px(pt, self.figure.dpi)

    def _add(self, trace, label=None, legend=True):
        entry = Trace(trace, label, legend)
        self._traces.append(entry)
        return entry

    # ---- plotting ----
    def plot(self, *args, scalex=True, scaley=True, data=None, **kwargs):
        """Lines and/or markers: plot(y), plot(x, y), plot(x, y, 'r--o', label=...), several groups."""
        if data is not None:
            raise NotImplementedError("plot(data=...) is not supported by Glassgrad's matplotlib")
        _refuse("plot", kwargs, _LINE_KW)
        lines = []
        for x, y, fmt in D.plot_groups(args):
            fmt_ls, fmt_marker, fmt_color = D.parse_fmt(fmt) if fmt else (None, None, None)
            ys = D.columns(y)
            xs = D.vector(x, "x") if x is not None else list(range(len(ys[0])))
            for col in ys:
                if len(xs) != len(col):
                    raise ValueError(f"x and y must have same first dimension, but have shapes ({len(xs)},) and ({len(col)},)")
                lines.append(Line2D(self._line(xs, col, fmt_ls, fmt_marker, fmt_color, dict(kwargs))))
        return lines

    def _line(self, xs, ys, fmt_ls, fmt_marker, fmt_color, kw):
        c = kw.pop("color", kw.pop("c", None)) or fmt_color
        c = D.color(c) if c is not None else self._next_line_color()
        marker = kw.pop("marker", fmt_marker)
        linestyle = kw.pop("linestyle", kw.pop("ls", None))
        if linestyle is None:
            linestyle = fmt_ls if (fmt_ls or not fmt_marker) else "None"
            linestyle = linestyle or "-"
        if linestyle not in D.NO_LINE and linestyle not in D.LINESTYLES:
            raise ValueError(f"{linestyle!r} is not a valid value for ls")
        width = kw.pop("linewidth", kw.pop("lw", 1.5))
        size = kw.pop("markersize", kw.pop("ms", 6.0))
        modes = []
        trace = {"type": "scatter", "x": xs, "y": ys}
        if linestyle not in D.NO_LINE:
            modes.append("lines")
            trace["line"] = {"color": c, "width": self._px(width), "dash": D.LINESTYLES[linestyle]}
        if marker is not None and marker not in D.NO_LINE:
            if marker not in D.MARKERS:
                raise ValueError(f"Unrecognized marker style {marker!r}")
            modes.append("markers")
            trace["marker"] = {"color": c, "symbol": D.MARKERS[marker],
                               "size": self._px(size) * D.MARKER_SCALE.get(marker, 1), "line": {"color": c, "width": 1}}
        trace["mode"] = "+".join(modes) or "none"
        if kw.get("alpha") is not None:
            trace["opacity"] = kw["alpha"]
        return self._add(trace, kw.get("label"))

    def scatter(self, x, y, s=None, c=None, marker=None, cmap=None, vmin=None, vmax=None, alpha=None,
                linewidths=None, *, edgecolors=None, label=None, color=None, **kwargs):
        """Markers at (x, y); c may be a colour, colours, or numbers mapped through cmap."""
        _refuse("scatter", kwargs)
        xs, ys = D.flat(x), D.flat(y)
        if len(xs) != len(ys):
            raise ValueError("x and y must be the same size")
        marker = marker or "o"
        if marker not in D.MARKERS:
            raise ValueError(f"Unrecognized marker style {marker!r}")
        sizes = D.tolist(s) if s is not None else 36.0
        px = [self._px(v ** 0.5) for v in D.flat(sizes)] if isinstance(sizes, list) else self._px(sizes ** 0.5)
        m = {"symbol": D.MARKERS[marker], "size": px}
        values = None if c is None or isinstance(c, str) or (isinstance(c, tuple) and len(c) in (3, 4)) else D.flat(c)
        if values is not None and values and all(isinstance(v, (int, float)) for v in values):
            m.update(color=values, colorscale=D.colorscale(cmap), showscale=False)
            if vmin is not None:
                m["cmin"] = vmin
            if vmax is not None:
                m["cmax"] = vmax
        elif values is not None:
            m["color"] = [D.color(v) for v in values]
        else:
            m["color"] = D.color(c if c is not None else color) or self._next_patch_color()
        if edgecolors is not None or linewidths is not None:
            m["line"] = {"color": D.color(edgecolors) if isinstance(edgecolors, (str, tuple)) else None,
                         "width": self._px(linewidths if linewidths is not None else 1.0)}
        trace = {"type": "scatter", "mode": "markers", "x": xs, "y": ys, "marker": m}
        if alpha is not None:
            trace["opacity"] = alpha
        return PathCollection(self._add(trace, label))

    def hist(self, x, bins=10, range=None, density=False, weights=None, cumulative=False, bottom=None,
             histtype="bar", align="mid", orientation="vertical", rwidth=None, log=False, color=None,
             label=None, stacked=False, *, alpha=None, edgecolor=None, linewidth=None, **kwargs):
        """A histogram with numpy's bins; returns (counts, bin edges, BarContainer) with lists for arrays."""
        _refuse("hist", kwargs)
        unsupported = {"cumulative": cumulative, "bottom": bottom is not None, "log": log, "stacked": stacked,
                       "histtype": histtype not in ("bar", "stepfilled"), "align": align != "mid",
                       "orientation": orientation != "vertical"}
        _refuse("hist", {k for k, bad in unsupported.items() if bad})
        values = D.tolist(x)
        if isinstance(values, list) and values and isinstance(values[0], list):
            raise NotImplementedError("hist of several datasets (a 2-D input) is not supported; pass one dataset")
        values = values if isinstance(values, list) else [values]
        w = D.flat(weights) if weights is not None else [1] * len(values)
        edges = D.bin_edges(values, bins, range)
        nbins = len(edges) - 1
        counts = [0.0] * nbins
        lo, hi = edges[0], edges[-1]
        for v, wt in zip(values, w):
            if v is not None and lo <= v <= hi:  # numpy's bins: half-open, the last one closed
                counts[min(bisect.bisect_right(edges, v) - 1, nbins - 1)] += wt
        if density:
            total = sum(counts)
            counts = [c / (total * (edges[i + 1] - edges[i])) if total else 0.0 for i, c in enumerate(counts)]
        elif weights is None:
            counts = [float(c) for c in counts]
        centers = [(edges[i] + edges[i + 1]) / 2 for i in builtins.range(nbins)]
        widths = [edges[i + 1] - edges[i] for i in builtins.range(nbins)]
        c = D.color(color) if color is not None else self._next_patch_color()
        marker = {"color": c}
        if edgecolor is not None:
            marker["line"] = {"color": D.color(edgecolor), "width": self._px(linewidth if linewidth is not None else 1.0)}
        uniform = max(widths) - min(widths) <= 1e-9 * max(abs(hi - lo), 1e-300)
        if uniform and rwidth is None:
            trace = {"type": "histogram", "x": centers, "y": counts, "histfunc": "sum", "autobinx": False,
                     "xbins": {"start": lo, "end": hi, "size": widths[0]}, "marker": marker}
        else:
            trace = {"type": "bar", "x": centers, "y": counts, "width": [wd * (rwidth or 1) for wd in widths],
                     "marker": marker}
        if alpha is not None:
            trace["opacity"] = alpha
        return counts, edges, BarContainer(self._add(trace, label), nbins)

    def imshow(self, X, cmap=None, norm=None, *, aspect=None, interpolation=None, alpha=None, vmin=None,
               vmax=None, origin=None, extent=None, **kwargs):
        """An image: a 2-D array through a colormap (a heatmap), or (H, W, 3|4) RGB(A) values."""
        _refuse("imshow", set(kwargs) | {k for k, v in {"norm": norm, "extent": extent}.items() if v is not None})
        if interpolation not in _INTERPOLATIONS:
            raise NotImplementedError(f"imshow(interpolation={interpolation!r}) is not supported by Glassgrad's matplotlib")
        data = D.tolist(X)
        shape = D.shape_of(data)
        if len(shape) == 2:
            trace = {"type": "heatmap", "z": data, "colorscale": D.colorscale(cmap), "showscale": False}
            if vmin is not None:
                trace["zmin"] = vmin
            if vmax is not None:
                trace["zmax"] = vmax
            if _INTERPOLATIONS[interpolation]:
                trace["zsmooth"] = _INTERPOLATIONS[interpolation]
        elif len(shape) == 3 and shape[2] in (3, 4):
            trace = {"type": "image", "z": D.rgb(data), "colormodel": "rgba" if shape[2] == 4 else "rgb"}
        else:
            raise TypeError(f"Invalid shape {shape} for image data")
        if alpha is not None:
            trace["opacity"] = alpha
        self._image_origin = origin or "upper"
        if aspect in (None, "equal"):
            self._aspect = "equal"
        elif aspect != "auto":
            raise NotImplementedError(f"imshow(aspect={aspect!r}) is not supported; use 'equal' or 'auto'")
        entry = self._add(trace, None, legend=False)
        return AxesImage(entry, self)

    def bar(self, x, height, width=0.8, bottom=None, *, align="center", color=None, label=None, alpha=None,
            edgecolor=None, linewidth=None, tick_label=None, **kwargs):
        """Bars at x (numbers or category names)."""
        _refuse("bar", kwargs)
        xs = D.vector(x, "x")
        heights = D.tolist(height)
        heights = heights if isinstance(heights, list) else [heights] * len(xs)
        trace = {"type": "bar", "x": xs, "y": heights, "width": D.tolist(width)}
        if bottom is not None:
            trace["base"] = D.tolist(bottom)
        if align == "edge":
            trace["offset"] = 0
        elif align != "center":
            raise ValueError(f"{align!r} is not a valid value for align; supported values are 'center', 'edge'")
        colors = D.tolist(color) if isinstance(color, list) or D._is_tensor(color) else color
        marker = {"color": [D.color(v) for v in colors] if isinstance(colors, list) else
                  (D.color(colors) if colors is not None else self._next_patch_color())}
        if edgecolor is not None:
            marker["line"] = {"color": D.color(edgecolor), "width": self._px(linewidth if linewidth is not None else 1.0)}
        trace["marker"] = marker
        if alpha is not None:
            trace["opacity"] = alpha
        if tick_label is not None:
            self.set_xticks(xs, D.vector(tick_label, "tick_label"))
        return BarContainer(self._add(trace, label), len(xs))

    def fill_between(self, x, y1, y2=0, where=None, interpolate=False, step=None, *, color=None, facecolor=None,
                     alpha=None, label=None, edgecolor=None, linewidth=None, **kwargs):
        """The region between y1 and y2 (two Plotly traces, the second filled 'tonexty')."""
        _refuse("fill_between", set(kwargs) | {k for k, v in {"where": where, "step": step}.items() if v is not None} |
                ({"interpolate"} if interpolate else set()))
        xs = D.vector(x, "x")
        upper, lower = ([v] * len(xs) if not isinstance(v, list) else v for v in (D.tolist(y1), D.tolist(y2)))
        fill = D.color(color if color is not None else facecolor) or self._next_patch_color()
        self._add({"type": "scatter", "mode": "lines", "x": xs, "y": lower, "line": {"width": 0, "color": fill},
                   "hoverinfo": "skip"}, legend=False)
        edge = {"width": self._px(linewidth) if linewidth else 0, "color": D.color(edgecolor) or fill}
        trace = {"type": "scatter", "mode": "lines", "x": xs, "y": upper, "fill": "tonexty", "fillcolor": fill,
                 "line": edge}
        if alpha is not None:
            trace["opacity"] = alpha
        return PolyCollection(self._add(trace, label))

    def _rule(self, fn, axis, value, start, end, kwargs):
        _refuse(fn, kwargs, _LINE_KW - {"marker", "markersize", "ms", "label"})
        c = D.color(kwargs.get("color", kwargs.get("c"))) or D.TAB10[0]
        ls = kwargs.get("linestyle", kwargs.get("ls", "-"))
        line = {"color": c, "width": self._px(kwargs.get("linewidth", kwargs.get("lw", 1.5))),
                "dash": D.LINESTYLES.get(ls, "solid")}
        shape = {"type": "line", "line": line, "opacity": kwargs.get("alpha", 1)}
        if axis == "y":
            shape.update(y0=value, y1=value, x0=start, x1=end, _xref="domain", _yref="data")
        else:
            shape.update(x0=value, x1=value, y0=start, y1=end, _xref="data", _yref="domain")
        self._shapes.append(shape)
        return Line2D(Trace(shape))

    def axhline(self, y=0, xmin=0, xmax=1, **kwargs):
        """A horizontal line across the axes at height y."""
        return self._rule("axhline", "y", y, xmin, xmax, kwargs)

    def axvline(self, x=0, ymin=0, ymax=1, **kwargs):
        """A vertical line across the axes at x."""
        return self._rule("axvline", "x", x, ymin, ymax, kwargs)

    def text(self, x, y, s, fontsize=None, *, color=None, **kwargs):
        _refuse("text", kwargs)
        self._texts.append({"x": x, "y": y, "text": str(s), "fontsize": fontsize, "color": D.color(color)})
        return Text(x, y, str(s))

    # ---- decorations ----
    def set_title(self, label, loc="center", *, fontsize=None, **kwargs):
        _refuse("set_title", kwargs)
        if loc not in ("center", "left", "right"):
            raise ValueError(f"{loc!r} is not a valid value for loc; supported values are 'center', 'left', 'right'")
        self._title = (str(label), loc, fontsize)
        return Text(0.5, 1.0, str(label))

    def get_title(self, loc="center"):
        return self._title[0] if self._title and self._title[1] == loc else ""

    def set_xlabel(self, xlabel, *, fontsize=None, **kwargs):
        _refuse("set_xlabel", kwargs)
        self._labels["x"] = (str(xlabel), fontsize)
        return Text(0.5, 0, str(xlabel))

    def set_ylabel(self, ylabel, *, fontsize=None, **kwargs):
        _refuse("set_ylabel", kwargs)
        self._labels["y"] = (str(ylabel), fontsize)
        return Text(0, 0.5, str(ylabel))

    def get_xlabel(self):
        return self._labels["x"][0] if self._labels["x"] else ""

    def get_ylabel(self):
        return self._labels["y"][0] if self._labels["y"] else ""

    def _set_lim(self, axis, low, high):
        if high is None and isinstance(low, (tuple, list)):
            low, high = low
        current = self._get_lim(axis)
        lim = (current[0] if low is None else low, current[1] if high is None else high)
        self._lims[axis] = lim
        return lim

    def _get_lim(self, axis):
        from ._plotly import data_limits

        return self._lims[axis] if self._lims[axis] is not None else data_limits(self, axis)

    def set_xlim(self, left=None, right=None):
        return self._set_lim("x", left, right)

    def set_ylim(self, bottom=None, top=None):
        return self._set_lim("y", bottom, top)

    def get_xlim(self):
        return tuple(self._get_lim("x"))

    def get_ylim(self):
        return tuple(self._get_lim("y"))

    def _set_scale(self, axis, value):
        if value not in _SCALES:
            raise NotImplementedError(f"set_{axis}scale({value!r}) is not supported; use 'linear' or 'log'")
        self._scales[axis] = value

    def set_xscale(self, value):
        self._set_scale("x", value)

    def set_yscale(self, value):
        self._set_scale("y", value)

    def _set_ticks(self, axis, ticks, labels=None, rotation=None):
        values = D.vector(ticks, "ticks")
        self._ticks[axis] = {"tickvals": values, "ticktext": [str(v) for v in labels] if labels is not None else None,
                             "tickangle": -rotation if rotation is not None else None}
        return values

    def set_xticks(self, ticks, labels=None, *, rotation=None):
        return self._set_ticks("x", ticks, labels, rotation)

    def set_yticks(self, ticks, labels=None, *, rotation=None):
        return self._set_ticks("y", ticks, labels, rotation)

    def _set_ticklabels(self, axis, labels, rotation):
        ticks = self._ticks[axis]
        if ticks is None:
            raise NotImplementedError(f"set_{axis}ticklabels before set_{axis}ticks is not supported; pass the ticks too")
        ticks["ticktext"] = [str(v) for v in labels]
        if rotation is not None:
            ticks["tickangle"] = -rotation

    def set_xticklabels(self, labels, *, rotation=None):
        self._set_ticklabels("x", labels, rotation)

    def set_yticklabels(self, labels, *, rotation=None):
        self._set_ticklabels("y", labels, rotation)

    def set_aspect(self, aspect):
        if aspect not in ("equal", "auto", 1, 1.0):
            raise NotImplementedError(f"set_aspect({aspect!r}) is not supported; use 'equal' or 'auto'")
        self._aspect = None if aspect == "auto" else "equal"

    def legend(self, *args, loc=None, title=None, fontsize=None, frameon=True, **kwargs):
        """Shows the legend; legend(labels) or legend(handles, labels) names the artists first."""
        _refuse("legend", kwargs)
        if len(args) == 1:
            entries = [e for e in self._traces if e.legend]
            for entry, label in zip(entries, args[0]):
                entry.label = str(label)
        elif len(args) == 2:
            for handle, label in zip(args[0], args[1]):
                handle.set_label(label)
        elif args:
            raise TypeError("legend() takes at most 2 positional arguments")
        if not any(e.legend and e.label and not e.label.startswith("_") for e in self._traces):
            warnings.warn("No artists with labels found to put in legend.  Note that artists whose label start "
                          "with an underscore are ignored when legend() is called with no argument.", stacklevel=2)
        self._legend = {"loc": loc, "title": title, "fontsize": fontsize, "frameon": frameon}
        return Legend()

    def grid(self, visible=None, which="major", axis="both", *, color=None, alpha=None, linestyle=None,
             linewidth=None, **kwargs):
        _refuse("grid", kwargs)
        if which != "major":
            raise NotImplementedError(f"grid(which={which!r}) is not supported; only major grid lines are drawn")
        styled = any(v is not None for v in (color, alpha, linestyle, linewidth))
        for a in ("x", "y") if axis == "both" else (axis,):
            on = visible if visible is not None else (True if styled else not self._grid[a])
            self._grid[a] = {"color": D.color(color), "alpha": alpha, "dash": D.LINESTYLES.get(linestyle),
                             "width": self._px(linewidth) if linewidth else None} if on else None

    def axis(self, arg=None, /):
        if arg in ("off", False):
            self._axis_on = False
        elif arg in ("on", True):
            self._axis_on = True
        elif arg in ("equal", "scaled", "square"):
            self._aspect = "equal"
        elif arg in ("auto", "tight", "normal"):
            self._aspect = None if arg == "auto" else self._aspect
        elif isinstance(arg, (list, tuple)) and len(arg) == 4:
            self.set_xlim(arg[0], arg[1])
            self.set_ylim(arg[2], arg[3])
        elif arg is not None:
            raise ValueError(f"Unrecognized string {arg!r} to axis; try 'on' or 'off'")
        return (*self.get_xlim(), *self.get_ylim())

    def set(self, **kwargs):
        """ax.set(title=..., xlabel=..., xlim=(0, 1), ...): each as its set_<name>."""
        for name, value in kwargs.items():
            setter = getattr(type(self), f"set_{name}", None)
            if setter is None:
                raise NotImplementedError(f"Axes.set({name}=...) is not supported by Glassgrad's matplotlib")
            setter(self, value)
