"""torchvision.datasets: MNIST, read from the files shipped with Glassgrad."""
from .mnist import MNIST  # noqa: F401
from .vision import StandardTransform, VisionDataset  # noqa: F401

__all__ = ("MNIST", "StandardTransform", "VisionDataset")
