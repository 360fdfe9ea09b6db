"""tqdm.autonotebook: the same bar as tqdm.auto."""
from .std import tqdm, trange

__all__ = ["tqdm", "trange"]
