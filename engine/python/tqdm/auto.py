"""tqdm.auto: the notebook bar inside the kernel, the text bar elsewhere (one class does both here)."""
from .std import tqdm, trange

__all__ = ["tqdm", "trange"]
