"""What plotting calls return: handles on the traces they drew, printed as matplotlib prints them.

Each class carries the module path of its matplotlib namesake, so a cell that
ends in ``plt.plot(...)`` shows ``[<matplotlib.lines.Line2D at 0x...>]`` and
``plt.title('t')`` shows ``Text(0.5, 1.0, 't')``, as in Jupyter.
"""


class Trace:
    """One Plotly trace of an Axes and the label matplotlib's legend would use."""

    def __init__(self, trace, label=None, legend=True):
        self.trace = trace
        self.label = None if label is None else str(label)
        self.legend = legend  # False for helper traces (fill_between's lower edge)
        self.colorbar = None  # {"label": ...} once colorbar() was called for it


class Artist:
    _what = "artist"

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise NotImplementedError(
            f"{type(self).__name__}.{name} is not supported by Glassgrad's matplotlib (a subset drawn with Plotly)"
        )


class _Labelled(Artist):
    def __init__(self, entry):
        self._entry = entry

    def get_label(self):
        return self._entry.label

    def set_label(self, label):
        self._entry.label = None if label is None else str(label)


class Line2D(_Labelled):
    __module__ = "matplotlib.lines"

    def get_color(self):
        return self._entry.trace.get("line", self._entry.trace.get("marker", {})).get("color")

    def get_xdata(self):
        return list(self._entry.trace["x"])

    def get_ydata(self):
        return list(self._entry.trace["y"])

    def set_data(self, x, y):
        from ._data import vector

        self._entry.trace["x"], self._entry.trace["y"] = vector(x, "x"), vector(y, "y")


class PathCollection(_Labelled):
    __module__ = "matplotlib.collections"


class PolyCollection(_Labelled):
    __module__ = "matplotlib.collections"


class AxesImage(Artist):
    __module__ = "matplotlib.image"

    def __init__(self, entry, axes):
        self._entry = entry
        self.axes = axes


class BarContainer(_Labelled):
    __module__ = "matplotlib.container"

    def __init__(self, entry, count):
        super().__init__(entry)
        self._count = count

    def __len__(self):
        return self._count

    def __repr__(self):
        return f"<BarContainer object of {self._count} artists>"


class Text(Artist):
    __module__ = "matplotlib.text"

    def __init__(self, x, y, text):
        self._x, self._y, self._text = x, y, text

    def get_text(self):
        return self._text

    def get_position(self):
        return (self._x, self._y)

    def __repr__(self):
        return f"Text({self._x}, {self._y}, {self._text!r})"


class Legend(Artist):
    __module__ = "matplotlib.legend"


class Colorbar(Artist):
    __module__ = "matplotlib.colorbar"

    def __init__(self, mappable):
        self.mappable = mappable
