"""Helpers of the DataLoader: collation and fetching (PyTorch's torch.utils.data._utils)."""
from . import collate, fetch  # noqa: F401
