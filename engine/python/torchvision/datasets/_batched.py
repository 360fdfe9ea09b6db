"""Note [Batched MNIST reads]

A DataLoader reads a batch by calling ``dataset[i]`` once per index, and for
MNIST each call runs a dozen small tensor operations (an image, ToTensor,
Normalize), every one a crossing from Python into the engine. When the
dataset's transform is made only of ToTensor and Normalize, the same values
come from running those operations once on the whole batch: both are
elementwise, so the numbers are identical bit for bit. PyTorch's DataLoader
asks for a whole batch through ``__getitems__`` when a dataset has it; MNIST
answers through ``read`` below and falls back to ``dataset[i]`` per index
whenever the batched path would not give exactly what that gives (another
transform, a subclass with its own ``__getitem__``, replaced data, unusual
indices).
"""
import torch

from ..transforms import functional as F
from ..transforms.transforms import Compose, Normalize, ToTensor


def _normalizers(transform):
    """The Normalize steps after a leading ToTensor, or None when the transform is anything else."""
    steps = list(transform.transforms) if type(transform) is Compose else [transform]
    if not steps or type(steps[0]) is not ToTensor or any(type(t) is not Normalize for t in steps[1:]):
        return None
    return steps[1:]


def read(dataset, indices):
    """``[dataset[i] for i in indices]`` computed batch-wise, or None when that is not the same thing."""
    normalizers = _normalizers(dataset.transform)
    data = dataset.data
    if normalizers is None or not isinstance(data, torch.Tensor) or data.dtype != torch.uint8 or data.dim() != 3:
        return None
    n = data.shape[0]
    if not all(type(i) is int and 0 <= i < n for i in indices):
        return None
    index = torch.tensor(indices, dtype=torch.int64)
    images = data.index_select(0, index).unsqueeze(1).to(dtype=torch.get_default_dtype()).div(255)
    for t in normalizers:
        images = F.normalize(images, t.mean, t.std, t.inplace)
    targets = dataset.targets.index_select(0, index).tolist()
    if dataset.target_transform is not None:
        targets = [dataset.target_transform(y) for y in targets]
    return list(zip(images.unbind(0), targets))
