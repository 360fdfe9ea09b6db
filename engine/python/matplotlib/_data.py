"""Inputs as matplotlib accepts them, turned into what a Plotly figure holds.

Data: lists, tuples, ranges, numbers, torch tensors and anything with
``tolist()`` (NumPy arrays). A tensor that requires grad is refused with
PyTorch's message, as ``np.asarray`` refuses it under real matplotlib.
Colours: matplotlib's single letters, 'C0'..'C9', 'tab:' names, hex,
grey levels ('0.5'), RGB(A) tuples and CSS names. Format strings ('r--o').
"""
import numbers
import sys

TAB10 = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
         "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]
_TAB_NAMES = ["blue", "orange", "green", "red", "purple", "brown", "pink", "gray", "olive", "cyan"]
_BASE_COLORS = {"b": "#0000ff", "g": "#008000", "r": "#ff0000", "c": "#00bfbf",
                "m": "#bf00bf", "y": "#bfbf00", "k": "#000000", "w": "#ffffff"}
LINESTYLES = {"-": "solid", "--": "dash", "-.": "dashdot", ":": "dot",
              "solid": "solid", "dashed": "dash", "dashdot": "dashdot", "dotted": "dot"}
NO_LINE = {"None", "none", "", " "}
MARKERS = {"o": "circle", ".": "circle", ",": "square", "s": "square", "^": "triangle-up",
           "v": "triangle-down", "<": "triangle-left", ">": "triangle-right", "x": "x-thin-open",
           "+": "cross-thin-open", "D": "diamond", "d": "diamond-tall", "*": "star", "p": "pentagon",
           "h": "hexagon", "H": "hexagon2", "|": "line-ns-open", "_": "line-ew-open"}
#: matplotlib draws '.' at half the marker size and ',' as one pixel.
MARKER_SCALE = {".": 0.5, ",": 1 / 6}

# Colormaps as Plotly colorscales (the viridis family at five of its stops).
_CMAPS = {
    "viridis": ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"],
    "plasma": ["#0d0887", "#7e03a8", "#cc4778", "#f89540", "#f0f921"],
    "inferno": ["#000004", "#56106e", "#bb3754", "#f98c0a", "#fcffa4"],
    "magma": ["#000004", "#51127c", "#b73779", "#fc8961", "#fcfdbf"],
    "cividis": ["#00204d", "#414d6b", "#7c7b78", "#bcaf6f", "#ffea46"],
    "gray": ["#000000", "#ffffff"],
    "grey": ["#000000", "#ffffff"],
    "Greys": ["#ffffff", "#000000"],
    "binary": ["#ffffff", "#000000"],
    "hot": ["#0b0000", "#ff0000", "#ffff00", "#ffffff"],
    "Blues": ["#f7fbff", "#6baed6", "#08306b"],
    "Reds": ["#fff5f0", "#fb6a4a", "#67000d"],
    "Greens": ["#f7fcf5", "#74c476", "#00441b"],
    "RdBu": ["#67001f", "#f7f7f7", "#053061"],
    "bwr": ["#0000ff", "#ffffff", "#ff0000"],
    "coolwarm": ["#3b4cc0", "#dddddd", "#b40426"],
    "jet": ["#00007f", "#0000ff", "#007fff", "#00ffff", "#7fff7f", "#ffff00", "#ff7f00", "#ff0000", "#7f0000"],
}


def _is_tensor(x):
    torch = sys.modules.get("torch")
    return torch is not None and isinstance(x, torch.Tensor)


def tolist(x):
    """x as (nested) Python lists of numbers."""
    if _is_tensor(x):
        if x.requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return x.tolist()
    if isinstance(x, (numbers.Number, str)):
        return x
    if hasattr(x, "tolist"):
        return x.tolist()
    if isinstance(x, (list, tuple, range)) or hasattr(x, "__iter__"):
        return [tolist(v) for v in x]
    raise TypeError(f"unsupported data of type {type(x).__name__}")


def vector(x, name="data"):
    """A 1-D sequence (a number becomes one value)."""
    v = tolist(x)
    if not isinstance(v, list):
        return [v]
    if v and isinstance(v[0], list):
        raise NotImplementedError(f"2-D {name} is not supported by Glassgrad's matplotlib here; pass 1-D data")
    return v


def columns(y):
    """plot's y: one series, or one per column of a 2-D input."""
    v = tolist(y)
    if not isinstance(v, list):
        return [[v]]
    if v and isinstance(v[0], list):
        return [list(col) for col in zip(*v)]
    return [v]


def shape_of(v):
    shape = []
    while isinstance(v, list):
        shape.append(len(v))
        v = v[0] if v else None
    return tuple(shape)


def _hex_rgb(h):
    h = h.lstrip("#")
    if len(h) == 3:
        h = "".join(c * 2 for c in h)
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def color(c):
    """A matplotlib colour as a CSS colour Plotly accepts (None stays None)."""
    if c is None:
        return None
    if isinstance(c, (tuple, list)):
        if len(c) not in (3, 4) or not all(isinstance(v, numbers.Real) for v in c):
            raise ValueError(f"{c!r} is not a valid color value.")
        r, g, b = (round(float(v) * 255) for v in c[:3])
        return f"rgba({r},{g},{b},{float(c[3]) if len(c) == 4 else 1})"
    if not isinstance(c, str):
        raise ValueError(f"{c!r} is not a valid color value.")
    if c in _BASE_COLORS:
        return _BASE_COLORS[c]
    if len(c) == 2 and c[0] == "C" and c[1].isdigit():
        return TAB10[int(c[1])]
    if c.startswith("tab:") and c[4:] in _TAB_NAMES:
        return TAB10[_TAB_NAMES.index(c[4:])]
    if c.lower() == "none":
        return "rgba(0,0,0,0)"
    try:
        level = float(c)
    except ValueError:
        return c.lower()
    if not 0 <= level <= 1:
        raise ValueError(f"{c!r} is not a valid color value.")
    v = round(level * 255)
    return f"rgb({v},{v},{v})"


def colorscale(cmap):
    """A colormap name as a Plotly colorscale; '_r' reverses it."""
    name = "viridis" if cmap is None else cmap
    if not isinstance(name, str):
        raise NotImplementedError("colormap objects are not supported by Glassgrad's matplotlib; pass the colormap's name")
    reverse = name.endswith("_r")
    stops = _CMAPS.get(name[:-2] if reverse else name)
    if stops is None:
        raise ValueError(f"{name!r} is not a valid value for cmap; supported values are {', '.join(sorted(_CMAPS))}")
    if reverse:
        stops = stops[::-1]
    return [[i / (len(stops) - 1), s] for i, s in enumerate(stops)]


def is_color(s):
    try:
        return s in _BASE_COLORS or (len(s) == 2 and s[0] == "C" and s[1].isdigit()) or 0 <= float(s) <= 1
    except ValueError:
        return False


def parse_fmt(fmt):
    """'r--o' -> (linestyle, marker, color); each None when absent (matplotlib's rules)."""
    if is_color(fmt):
        return None, None, fmt
    linestyle = marker = col = None
    i = 0
    while i < len(fmt):
        two = fmt[i:i + 2]
        if two in ("--", "-."):
            found, i = ("linestyle", two), i + 2
        elif fmt[i] in ("-", ":"):
            found, i = ("linestyle", fmt[i]), i + 1
        elif fmt[i] == "C" and i + 1 < len(fmt) and fmt[i + 1].isdigit():
            found, i = ("color", fmt[i:i + 2]), i + 2
        elif fmt[i] in MARKERS:
            found, i = ("marker", fmt[i]), i + 1
        elif fmt[i] in _BASE_COLORS:
            found, i = ("color", fmt[i]), i + 1
        else:
            raise ValueError(f"{fmt!r} is not a valid format string (unrecognized character {fmt[i]!r})")
        kind, value = found
        if kind == "linestyle":
            if linestyle is not None:
                raise ValueError(f"{fmt!r} is not a valid format string (two linestyle symbols)")
            linestyle = value
        elif kind == "marker":
            if marker is not None:
                raise ValueError(f"{fmt!r} is not a valid format string (two marker symbols)")
            marker = value
        else:
            if col is not None:
                raise ValueError(f"{fmt!r} is not a valid format string (two color symbols)")
            col = value
    return linestyle, marker, col


def points_to_px(pt, dpi):
    return pt * dpi / 72


def flat(x):
    """x flattened to one list (scatter and hist take arrays of any shape, as NumPy ravel does)."""
    v = tolist(x)
    if not isinstance(v, list):
        return [v]
    out = []
    stack = [v]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        else:
            out.append(item)
    return out


def plot_groups(args):
    """plot's positional arguments as (x, y, fmt) groups: [x], y, [fmt], [x2], y2, [fmt2], ..."""
    args, groups = list(args), []
    while args:
        if len(args) >= 2 and not isinstance(args[1], str):
            x, y, args = args[0], args[1], args[2:]
        else:
            x, y, args = None, args[0], args[1:]
        fmt = None
        if args and isinstance(args[0], str):
            fmt, args = args[0], args[1:]
        groups.append((x, y, fmt))
    return groups


def bin_edges(values, bins, value_range):
    """numpy.histogram's bin edges: `bins` equal bins over the range (or the data's), or the edges given."""
    if isinstance(bins, str):
        raise NotImplementedError(f"hist(bins={bins!r}) is not supported; pass a number of bins or the edges")
    if not isinstance(bins, int):
        edges = [float(e) for e in flat(bins)]
        if any(b <= a for a, b in zip(edges, edges[1:])):
            raise ValueError("`bins` must increase monotonically, when an array")
        return edges
    finite = [v for v in values if v is not None and v == v]
    lo, hi = (float(value_range[0]), float(value_range[1])) if value_range is not None else \
        ((float(min(finite)), float(max(finite))) if finite else (0.0, 1.0))
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    return [lo + (hi - lo) * i / bins for i in range(bins)] + [hi]


def rgb(data):
    """RGB(A) pixels for a Plotly image trace: 0..255 channels, alpha 0..1."""
    is_float = any(isinstance(v, float) for row in data[:1] for px in row[:1] for v in px)
    if not is_float:
        return data
    return [[[round(min(max(v, 0.0), 1.0) * 255) if i < 3 else min(max(v, 0.0), 1.0) for i, v in enumerate(px)]
             for px in row] for row in data]
