"""torchvision.transforms: Compose, ToTensor, PILToTensor, Normalize, Lambda."""
from . import functional  # noqa: F401
from .transforms import Compose, Lambda, Normalize, PILToTensor, ToTensor  # noqa: F401

__all__ = ["Compose", "Lambda", "Normalize", "PILToTensor", "ToTensor"]
