"""Glassgrad's tqdm: progress bars for the notebook and the command line (see tqdm/std.py).

    from tqdm import tqdm, trange
    for x in tqdm(loader, desc="epoch 1"):
        ...
"""
from .std import TqdmKeyError, TqdmTypeError, TqdmWarning, tqdm, trange

__all__ = ["tqdm", "trange", "TqdmKeyError", "TqdmTypeError", "TqdmWarning"]
