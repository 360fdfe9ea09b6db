"""Image transforms, as torchvision defines and prints them."""
import torch

from . import functional as F

__all__ = ["Compose", "Lambda", "Normalize", "PILToTensor", "ToTensor"]


class Compose:
    """Applies transforms one after another.

    >>> Compose([ToTensor(), Normalize((0.1307,), (0.3081,))])
    Compose(
        ToTensor()
        Normalize(mean=(0.1307,), std=(0.3081,))
    )
    """

    def __init__(self, transforms):
        self.transforms = transforms

    def __call__(self, img):
        for t in self.transforms:
            img = t(img)
        return img

    def __repr__(self):
        lines = [f"{self.__class__.__name__}("]
        lines += [f"    {t}" for t in self.transforms]
        return "\n".join(lines) + "\n)"


class ToTensor:
    """A uint8 image (H x W) becomes a float32 tensor (C x H x W) scaled to [0.0, 1.0]."""

    def __call__(self, pic):
        return F.to_tensor(pic)

    def __repr__(self):
        return f"{self.__class__.__name__}()"


class PILToTensor:
    """An image becomes a uint8 tensor (C x H x W), values unchanged."""

    def __call__(self, pic):
        return F.pil_to_tensor(pic)

    def __repr__(self):
        return f"{self.__class__.__name__}()"


class Normalize(torch.nn.Module):
    """``output[c] = (input[c] - mean[c]) / std[c]`` for each channel c of a float image tensor."""

    def __init__(self, mean, std, inplace=False):
        super().__init__()
        self.mean = mean
        self.std = std
        self.inplace = inplace

    def forward(self, tensor):
        return F.normalize(tensor, self.mean, self.std, self.inplace)

    def __repr__(self):
        return f"{self.__class__.__name__}(mean={self.mean}, std={self.std})"


class Lambda:
    """Applies a user function as a transform."""

    def __init__(self, lambd):
        if not callable(lambd):
            raise TypeError(f"Argument lambd should be callable, got {repr(type(lambd).__name__)}")
        self.lambd = lambd

    def __call__(self, img):
        return self.lambd(img)

    def __repr__(self):
        return f"{self.__class__.__name__}()"
