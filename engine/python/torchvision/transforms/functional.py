"""The functions behind the transforms (torchvision.transforms.functional)."""
import torch

from .. import _image


def _is_image(pic):
    return isinstance(pic, _image.Image)


def pil_to_tensor(pic):
    """An image as a uint8 tensor of shape (C, H, W), values unchanged."""
    if not _is_image(pic):
        raise TypeError(f"pic should be PIL Image. Got {type(pic)}")
    return pic._pixels.unsqueeze(0).clone()


def to_tensor(pic):
    """An image as a float tensor of shape (C, H, W) in [0, 1]: the uint8 pixels divided by 255.

    Accepts what torchvision accepts where it can: the images datasets return (NumPy arrays need NumPy,
    which Glassgrad's Python does not have).
    """
    if not _is_image(pic):
        raise TypeError(f"pic should be PIL Image or ndarray. Got {type(pic)}")
    img = pic._pixels.unsqueeze(0)  # (H, W) -> (C, H, W) for one channel
    return img.to(dtype=torch.get_default_dtype()).div(255)


def normalize(tensor, mean, std, inplace=False):
    """(tensor - mean) / std per channel, for a float image tensor of shape (..., C, H, W)."""
    if not isinstance(tensor, torch.Tensor):
        raise TypeError(f"img should be Tensor Image. Got {type(tensor)}")
    if tensor.ndim < 2:
        raise TypeError("Tensor is not a torch image.")
    if not tensor.is_floating_point():
        raise TypeError(f"Input tensor should be a float tensor. Got {tensor.dtype}.")
    if tensor.ndim < 3:
        raise ValueError(f"Expected tensor to be a tensor image of size (..., C, H, W). Got tensor.size() = "
                         f"{tensor.size()}")
    if not inplace:
        tensor = tensor.clone()
    dtype = tensor.dtype
    mean = torch.as_tensor(mean, dtype=dtype)
    std = torch.as_tensor(std, dtype=dtype)
    if (std == 0).any():
        raise ValueError(f"std evaluated to zero after conversion to {dtype}, leading to division by zero.")
    if mean.ndim == 1:
        mean = mean.view(-1, 1, 1)
    if std.ndim == 1:
        std = std.view(-1, 1, 1)
    return tensor.sub_(mean).div_(std)
