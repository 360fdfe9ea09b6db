"""A Figure as Plotly figure JSON ({"data": [...], "layout": {...}}) for PLOTLY_MIME.

Axes k of a figure becomes Plotly's xaxis{k}/yaxis{k} pair; a subplot grid
becomes axis domains. Styling follows matplotlib's defaults where Plotly's
differ: a white background, a black frame around each axes, ticks outside,
no grid unless grid() was called, legends only where legend() was called,
bars overlaid at their x positions, images with y running downwards.
"""
import math

from . import _data as D

PLOTLY_MIME = "application/vnd.plotly.v1+json"

_WSPACE = 0.2  # matplotlib's gap between columns, as a fraction of an axes' width
_HSPACE = 0.45  # more than matplotlib's 0.2: room for titles and x labels, as tight_layout leaves
_LEGEND_LOCS = {
    "best": ("right", "top"), "upper right": ("right", "top"), "upper left": ("left", "top"),
    "lower left": ("left", "bottom"), "lower right": ("right", "bottom"), "right": ("right", "middle"),
    "center left": ("left", "middle"), "center right": ("right", "middle"), "lower center": ("center", "bottom"),
    "upper center": ("center", "top"), "center": ("center", "middle"),
}
_LEGEND_CODES = ["best", "upper right", "upper left", "lower left", "lower right", "right", "center left",
                 "center right", "lower center", "upper center", "center"]


def domain(axes):
    """([x0, x1], [y0, y1]) of an axes in its figure's plotting area."""
    nrows, ncols, index = axes._grid_spec
    row, col = divmod(index - 1, ncols)
    w = 1 / (ncols + _WSPACE * (ncols - 1))
    h = 1 / (nrows + _HSPACE * (nrows - 1))
    x0 = col * w * (1 + _WSPACE)
    y1 = 1 - row * h * (1 + _HSPACE)
    return [round(x0, 6), round(min(x0 + w, 1.0), 6)], [round(max(y1 - h, 0.0), 6), round(y1, 6)]


def _numbers(values):
    return [v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)]


def data_limits(axes, axis):
    """What get_xlim/get_ylim report before set_*lim: the data range with matplotlib's 5% margins."""
    lo, hi, image = math.inf, -math.inf, None
    for entry in axes._traces:
        t = entry.trace
        if t["type"] in ("heatmap", "image"):
            rows = t["z"]
            n = len(rows) if axis == "y" else (len(rows[0]) if rows else 0)
            image = (-0.5, n - 0.5)
            continue
        if t["type"] == "histogram" and axis == "x":
            values = [t["xbins"]["start"], t["xbins"]["end"]]
        elif t["type"] in ("bar", "histogram") and axis == "y":
            base = t.get("base", 0)
            bases = base if isinstance(base, list) else [base] * len(t["y"])
            values = [0] + [b + v for b, v in zip(bases, t["y"])] + _numbers(bases)
        elif t["type"] == "bar":
            widths = t["width"] if isinstance(t["width"], list) else [t["width"]] * len(t["x"])
            values = [x + s * w / 2 for x, w in zip(_numbers(t["x"]), widths) for s in (-1, 1)]
        else:
            values = t[axis]
        found = _numbers(values)
        if found:
            lo, hi = min(lo, *found), max(hi, *found)
    if image is not None and lo == math.inf:
        return image[::-1] if axis == "y" and axes._image_origin == "upper" else image
    if lo == math.inf:
        return (0.0, 1.0)
    span = (hi - lo) or (abs(lo) * 2 or 2.0)
    return (lo - 0.05 * span, hi + 0.05 * span)


def _font(axes, fontsize, default_pt):
    return {"size": round(D.points_to_px(fontsize or default_pt, axes.figure.dpi), 2)}


def _grid_color(grid):
    color = grid["color"] or "#b0b0b0"
    if grid["alpha"] is None or not color.startswith("#"):
        return color
    r, g, b = D._hex_rgb(color)
    return f"rgba({r},{g},{b},{grid['alpha']})"


def _axis(axes, axis, dom, anchor, matches):
    a = {"domain": dom, "anchor": anchor, "showline": True, "mirror": True, "linecolor": "black",
         "ticks": "outside", "zeroline": False, "showgrid": axes._grid[axis] is not None}
    grid = axes._grid[axis]
    if grid:
        a["gridcolor"] = _grid_color(grid)
        if grid["dash"]:
            a["griddash"] = grid["dash"]
        if grid["width"]:
            a["gridwidth"] = grid["width"]
    label = axes._labels[axis]
    if label:
        a["title"] = {"text": label[0], "font": _font(axes, label[1], 10)}
    log = axes._scales[axis] == "log"
    if log:
        a["type"] = "log"
    lim = axes._lims[axis]
    if lim is not None:
        a["range"] = [math.log10(v) if log else v for v in lim]
        a["autorange"] = False
    elif axis == "y" and axes._image_origin == "upper":
        a["autorange"] = "reversed"
    ticks = axes._ticks[axis]
    if ticks:
        a["tickvals"] = ticks["tickvals"]
        if ticks["ticktext"] is not None:
            a["ticktext"] = ticks["ticktext"]
        if ticks["tickangle"] is not None:
            a["tickangle"] = ticks["tickangle"]
    if not axes._axis_on:
        a["visible"] = False
    if axes._aspect == "equal":
        a["constrain"] = "domain"
        if axis == "y":
            a["scaleanchor"], a["scaleratio"] = anchor, 1
    if matches:
        a["matches"] = matches
    return a


def _legend(axes, options, xdom, ydom):
    loc = options["loc"]
    if isinstance(loc, int):
        loc = _LEGEND_CODES[loc] if 0 <= loc < len(_LEGEND_CODES) else None
    if loc is not None and loc not in _LEGEND_LOCS:
        raise ValueError(f"{loc!r} is not a valid value for loc; supported values are {', '.join(_LEGEND_LOCS)}")
    xa, ya = _LEGEND_LOCS[loc or "best"]
    x = {"left": xdom[0] + 0.01, "center": (xdom[0] + xdom[1]) / 2, "right": xdom[1] - 0.01}[xa]
    y = {"bottom": ydom[0] + 0.02, "middle": (ydom[0] + ydom[1]) / 2, "top": ydom[1] - 0.02}[ya]
    legend = {"x": x, "y": y, "xanchor": xa, "yanchor": ya, "bgcolor": "rgba(255,255,255,0.8)"}
    if options["frameon"]:
        legend.update(bordercolor="#cccccc", borderwidth=1)
    if options["title"]:
        legend["title"] = {"text": str(options["title"])}
    if options["fontsize"]:
        legend["font"] = _font(axes, options["fontsize"], 10)
    return legend


def _colorbar(entry, trace, xdom, ydom):
    bar = {"x": xdom[1] + 0.01, "xanchor": "left", "y": (ydom[0] + ydom[1]) / 2, "yanchor": "middle",
           "len": ydom[1] - ydom[0], "thickness": 12}
    if entry.colorbar.get("label"):
        bar["title"] = {"text": entry.colorbar["label"]}
    if trace["type"] == "scatter":
        trace["marker"] = dict(trace["marker"], showscale=True, colorbar=bar)
    else:
        trace.update(showscale=True, colorbar=bar)


def _shape(shape, xref, yref):
    s = {k: v for k, v in shape.items() if not k.startswith("_")}
    s["xref"] = f"{xref} domain" if shape["_xref"] == "domain" else xref
    s["yref"] = f"{yref} domain" if shape["_yref"] == "domain" else yref
    return s


def _title(axes, xdom, ydom):
    text, loc, fontsize = axes._title
    x = {"center": (xdom[0] + xdom[1]) / 2, "left": xdom[0], "right": xdom[1]}[loc]
    return {"text": text, "x": x, "xanchor": loc, "y": ydom[1], "yanchor": "bottom", "yshift": 6,
            "xref": "paper", "yref": "paper", "showarrow": False, "font": _font(axes, fontsize, 12)}


def figure_json(fig):
    w_in, h_in = fig.get_size_inches()
    layout = {"width": round(w_in * fig.dpi), "height": round(h_in * fig.dpi), "showlegend": False,
              "plot_bgcolor": "white", "paper_bgcolor": "white", "barmode": "overlay",
              "margin": {"l": 70, "r": 40, "t": 60, "b": 60}, "annotations": [], "shapes": []}
    if fig._suptitle:
        layout["title"] = {"text": fig._suptitle, "x": 0.5, "xanchor": "center"}
        layout["margin"]["t"] = 90
    refs = {id(ax): ("x" if k == 1 else f"x{k}", "y" if k == 1 else f"y{k}") for k, ax in enumerate(fig.axes, 1)}
    data = []
    for k, ax in enumerate(fig.axes, 1):
        xref, yref = refs[id(ax)]
        xdom, ydom = domain(ax)
        for entry in ax._traces:
            t = dict(entry.trace, xaxis=xref, yaxis=yref)
            if t["type"] in ("scatter", "bar", "histogram"):
                labelled = bool(entry.legend and entry.label and not entry.label.startswith("_"))
                t["showlegend"] = ax._legend is not None and labelled
                if entry.label:
                    t["name"] = entry.label
            if entry.colorbar is not None:
                _colorbar(entry, t, xdom, ydom)
            data.append(t)
        sfx = "" if k == 1 else str(k)
        share_x = refs[id(ax._sharex)][0] if ax._sharex is not None and ax._sharex is not ax else None
        share_y = refs[id(ax._sharey)][1] if ax._sharey is not None and ax._sharey is not ax else None
        layout["xaxis" + sfx] = _axis(ax, "x", xdom, yref, share_x)
        layout["yaxis" + sfx] = _axis(ax, "y", ydom, xref, share_y)
        if ax._legend is not None:
            layout["showlegend"] = True
            layout["legend"] = _legend(ax, ax._legend, xdom, ydom)
        if ax._title and ax._title[0]:
            layout["annotations"].append(_title(ax, xdom, ydom))
        for t in ax._texts:
            note = {"x": t["x"], "y": t["y"], "text": t["text"], "xref": xref, "yref": yref, "showarrow": False,
                    "xanchor": "left", "font": _font(ax, t["fontsize"], 10)}
            if t["color"]:
                note["font"]["color"] = t["color"]
            layout["annotations"].append(note)
        layout["shapes"].extend(_shape(s, xref, yref) for s in ax._shapes)
    return {"data": data, "layout": layout}
