"""torch.set_printoptions / get_printoptions over the engine's print options."""
from ._bridge import E


def set_printoptions(precision=None, threshold=None, edgeitems=None, linewidth=None, profile=None, sci_mode=None):
    """As PyTorch: a profile first, then the explicit options; sci_mode resets to automatic when not given."""
    opts = {}
    for key, value in (("precision", precision), ("threshold", threshold), ("edgeitems", edgeitems),
                       ("linewidth", linewidth), ("profile", profile), ("sciMode", sci_mode)):
        if value is not None:
            opts[key] = value
    if threshold is not None and threshold == float("inf"):
        opts["threshold"] = 1e308
    E.setPrintOptions(opts)


def get_printoptions():
    return dict(E.getPrintOptions().to_py())
