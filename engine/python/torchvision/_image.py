"""A grayscale image where torchvision would hand out a ``PIL.Image.Image``.

Glassgrad's Python has no Pillow, so datasets return this small stand-in: it has
the attributes and methods of a PIL image that MNIST code uses (``mode``,
``size``, ``width``, ``height``, ``getpixel``, ``getdata``, ``tobytes``) and
prints as a PIL image prints. It is not the PIL package; ``isinstance(img,
PIL.Image.Image)`` cannot hold. The pixels are a uint8 tensor of shape (H, W).
"""
import torch

__all__ = ["Image", "fromarray"]

_MODES = ("L",)


class Image:
    """An 8-bit grayscale (mode 'L') image over a uint8 tensor of shape (height, width)."""

    def __init__(self, pixels, mode="L"):
        if mode not in _MODES:
            raise ValueError(f"unrecognized image mode {mode!r} (Glassgrad's images support {', '.join(_MODES)})")
        if not isinstance(pixels, torch.Tensor) or pixels.dtype != torch.uint8 or pixels.dim() != 2:
            raise TypeError("an 'L' image needs a 2-D torch.uint8 tensor of pixels")
        self._pixels = pixels
        self.mode = mode

    @property
    def size(self):
        """(width, height), as PIL reports it."""
        return (self._pixels.shape[1], self._pixels.shape[0])

    @property
    def width(self):
        return self._pixels.shape[1]

    @property
    def height(self):
        return self._pixels.shape[0]

    def getpixel(self, xy):
        x, y = xy
        return int(self._pixels[y, x])

    def getdata(self):
        return self._pixels.flatten().tolist()

    def tobytes(self):
        return bytes(self._pixels.flatten().tolist())

    def copy(self):
        return Image(self._pixels.clone(), self.mode)

    def __eq__(self, other):
        return isinstance(other, Image) and self.mode == other.mode and self.size == other.size and \
            bool(torch.equal(self._pixels, other._pixels))

    __hash__ = None

    def __repr__(self):
        width, height = self.size
        return f"<PIL.Image.Image image mode={self.mode} size={width}x{height} at 0x{id(self):X}>"


def fromarray(pixels, mode="L"):
    """An image holding a copy of the pixels (as ``PIL.Image.fromarray(t.numpy(), mode="L")`` copies)."""
    return Image(pixels.clone(), mode)
