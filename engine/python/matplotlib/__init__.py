"""Glassgrad's matplotlib: the commonly used part of pyplot, drawn as Plotly figures.

    import matplotlib.pyplot as plt
    plt.plot([1, 2, 3], label="loss"); plt.legend()

Not matplotlib itself: a subset of its API with matplotlib's defaults (sizes,
colour cycle, text of figures and artists). What is not supported raises
NotImplementedError with its name (see pyplot.py and axes.py for the list).
"""


class RcParams(dict):
    """matplotlib.rcParams for the settings this subset uses; other keys are refused, not ignored."""

    def __setitem__(self, key, value):
        if key not in self:
            raise NotImplementedError(f"rcParams[{key!r}] is not supported by Glassgrad's matplotlib")
        if key == "figure.figsize":
            value = [float(v) for v in value]
        elif key == "figure.dpi":
            value = float(value)
        super().__setitem__(key, value)

    def update(self, *args, **kwargs):
        for key, value in dict(*args, **kwargs).items():
            self[key] = value


rcParams = RcParams({"figure.figsize": [6.4, 4.8], "figure.dpi": 100.0})
