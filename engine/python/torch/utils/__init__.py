"""torch.utils: the Python utilities PyTorch ships beside the core (here: ``data``)."""
from . import data  # noqa: F401
