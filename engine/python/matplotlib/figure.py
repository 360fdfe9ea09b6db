"""matplotlib's Figure: axes on a grid, a size, a suptitle; shown as a Plotly figure."""
from ._artists import Colorbar, Text
from ._plotly import PLOTLY_MIME, figure_json
from .axes import Axes, _refuse


def subplot_spec(args):
    """(nrows, ncols, index) from add_subplot's arguments: (), (221,) or (2, 2, 1)."""
    if not args:
        return 1, 1, 1
    if len(args) == 1 and isinstance(args[0], int) and 111 <= args[0] <= 999:
        nrows, ncols, index = (int(d) for d in str(args[0]))
    elif len(args) == 3:
        nrows, ncols, index = args
    else:
        raise NotImplementedError(f"subplot arguments {args!r} are not supported; use (nrows, ncols, index)")
    if not isinstance(index, int):
        raise NotImplementedError("subplots spanning several grid cells are not supported by Glassgrad's matplotlib")
    if not 1 <= index <= nrows * ncols:
        raise ValueError(f"num must be an integer with 1 <= num <= {nrows * ncols}, not {index}")
    return nrows, ncols, index


class AxesArray:
    """subplots' grid of axes, indexed like NumPy's object array: [i], [i, j], .flat, .flatten(), .shape."""

    def __init__(self, items, shape):
        self._items, self.shape = list(items), shape

    @property
    def ndim(self):
        return len(self.shape)

    def __len__(self):
        return self.shape[0]

    def _row(self, i):
        ncols = self.shape[1]
        return AxesArray(self._items[i * ncols:(i + 1) * ncols], (ncols,))

    def __getitem__(self, key):
        if self.ndim == 1:
            if isinstance(key, slice):
                items = self._items[key]
                return AxesArray(items, (len(items),))
            return self._items[key]
        if isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, int) for k in key):
            i, j = key
            return self._row(range(self.shape[0])[i])[j]
        if isinstance(key, int):
            return self._row(range(self.shape[0])[key])
        raise NotImplementedError(f"indexing subplots' axes with {key!r} is not supported")

    def __iter__(self):
        if self.ndim == 1:
            return iter(self._items)
        return (self._row(i) for i in range(self.shape[0]))

    @property
    def flat(self):
        return iter(self._items)

    def flatten(self):
        return AxesArray(self._items, (len(self._items),))

    ravel = flatten

    def tolist(self):
        return list(self._items) if self.ndim == 1 else [self._row(i).tolist() for i in range(self.shape[0])]

    def __repr__(self):
        return f"array({self.tolist()!r}, dtype=object)"


class Figure:
    __module__ = "matplotlib.figure"

    def __init__(self, figsize=None, dpi=None):
        from . import rcParams

        width, height = figsize if figsize is not None else rcParams["figure.figsize"]
        self._size = [float(width), float(height)]
        self.dpi = float(dpi if dpi is not None else rcParams["figure.dpi"])
        self.axes = []
        self.number = None
        self._suptitle = None
        self._current_axes = None

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        raise NotImplementedError(f"Figure.{name} is not supported by Glassgrad's matplotlib (a subset drawn with Plotly)")

    def __repr__(self):
        w, h = self._size
        return f"<Figure size {w * self.dpi:g}x{h * self.dpi:g} with {len(self.axes)} Axes>"

    def add_subplot(self, *args, **kwargs):
        _refuse("add_subplot", kwargs)
        ax = Axes(self, *subplot_spec(args))
        self.axes.append(ax)
        self._current_axes = ax
        return ax

    def subplots(self, nrows=1, ncols=1, *, sharex=False, sharey=False, squeeze=True):
        """A grid of new axes: one Axes, a 1-D or a 2-D AxesArray (squeeze=False: always 2-D)."""
        grid = [self.add_subplot(nrows, ncols, i + 1) for i in range(nrows * ncols)]
        for share, attr in ((sharex, "_sharex"), (sharey, "_sharey")):
            if share not in (False, True, "all", "col", "row", "none"):
                raise ValueError(f"{share!r} is not a valid value for sharex/sharey")
            for i, ax in enumerate(grid):
                row, col = divmod(i, ncols)
                leader = {True: 0, "all": 0, "col": col, "row": row * ncols}.get(share)
                if leader is not None:
                    setattr(ax, attr, grid[leader])
        if squeeze and nrows == ncols == 1:
            return grid[0]
        if squeeze and (nrows == 1 or ncols == 1):
            return AxesArray(grid, (len(grid),))
        return AxesArray(grid, (nrows, ncols))

    def gca(self):
        return self._current_axes if self._current_axes is not None else self.add_subplot()

    def sca(self, ax):
        self._current_axes = ax
        return ax

    def suptitle(self, t, *, fontsize=None):
        self._suptitle = str(t)
        return Text(0.5, 0.98, str(t))

    def tight_layout(self, *, pad=1.08, h_pad=None, w_pad=None, rect=None):
        """Nothing to do: Plotly sizes margins itself and subplots keep room for titles and labels."""

    def set_size_inches(self, w, h=None):
        if h is None:
            w, h = w
        self._size = [float(w), float(h)]

    def get_size_inches(self):
        return tuple(self._size)

    def colorbar(self, mappable, cax=None, ax=None, *, label=None):
        """Shows the colour scale of an image (imshow) or a scatter coloured by values."""
        _refuse("colorbar", {"cax"} if cax is not None else set())
        entry = getattr(mappable, "_entry", None)
        if entry is None:
            raise RuntimeError("No mappable was found to use for colorbar creation.")
        entry.colorbar = {"label": label}
        return Colorbar(mappable)

    def bundle(self):
        """The display bundle: text/plain always, the Plotly figure when there is something drawn."""
        data = {"text/plain": repr(self)}
        if self.axes:
            data[PLOTLY_MIME] = figure_json(self)
        return data

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle()

    def show(self, warn=True):
        from . import pyplot

        pyplot._show_figures([self])
