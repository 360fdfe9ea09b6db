"""tqdm.notebook: the same bar, which draws as a notebook output inside the kernel."""
from .std import tqdm, trange

tqdm_notebook = tqdm
tnrange = trange

__all__ = ["tqdm", "trange", "tqdm_notebook", "tnrange"]
