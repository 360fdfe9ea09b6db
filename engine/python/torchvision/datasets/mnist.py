"""MNIST from the files shipped with Glassgrad, read as torchvision reads the originals (IDX files).

The shipped set is a 10,000-image subset of the real MNIST digits: 8,330 for
training and 1,670 for testing (public/datasets/mnist/README.md once built).
"""
import array
import os
import sys
import warnings

import torch

from .. import _image
from . import _batched
from .utils import check_integrity, download_shipped_and_extract
from .vision import VisionDataset

# IDX element types: code -> (torch dtype, array.array typecode for multi-byte big-endian values)
_IDX_TYPES = {
    8: (torch.uint8, None),
    9: (torch.int8, None),
    11: (torch.int16, "h"),
    12: (torch.int32, "i"),
    13: (torch.float32, "f"),
    14: (torch.float64, "d"),
}


def read_sn3_pascalvincent_tensor(path, strict=True):
    """An IDX file (big-endian header: 0, 0, element type, number of dimensions; then the sizes) as a tensor."""
    with open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    nd, ty = magic % 256, magic // 256
    assert 1 <= nd <= 3
    assert ty in _IDX_TYPES
    dtype, typecode = _IDX_TYPES[ty]
    sizes = [int.from_bytes(data[4 * (i + 1):4 * (i + 2)], "big") for i in range(nd)]
    start = 4 * (nd + 1)
    if typecode is None:
        parsed = torch.frombuffer(bytearray(data), dtype=dtype, offset=start)
    else:
        values = array.array(typecode, data[start:])
        if sys.byteorder == "little":
            values.byteswap()
        parsed = torch.frombuffer(values, dtype=dtype)
    numel = 1
    for s in sizes:
        numel *= s
    assert parsed.shape[0] == numel or not strict
    return parsed.view(*sizes)


def read_label_file(path):
    x = read_sn3_pascalvincent_tensor(path, strict=False)
    if x.dtype != torch.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of {x.dtype}")
    if x.ndimension() != 1:
        raise ValueError(f"x should have 1 dimension instead of {x.ndimension()}")
    return x.long()


def read_image_file(path):
    x = read_sn3_pascalvincent_tensor(path, strict=False)
    if x.dtype != torch.uint8:
        raise TypeError(f"x should be of dtype torch.uint8 instead of {x.dtype}")
    if x.ndimension() != 3:
        raise ValueError(f"x should have 3 dimension instead of {x.ndimension()}")
    return x


class MNIST(VisionDataset):
    """MNIST digits: ``(image, label)`` pairs, images 28x28 grayscale.

    Args:
        root: the folder under which ``MNIST/raw/`` holds the files.
        train: the training split if True, else the test split.
        transform: applied to each image (e.g. ``transforms.ToTensor()``).
        target_transform: applied to each label.
        download: copy the files shipped with the app into ``root/MNIST/raw`` if they are not there yet.

    >>> train = MNIST("data", train=True, download=True, transform=transforms.ToTensor())
    >>> image, label = train[0]
    """

    resources = [
        ("train-images-idx3-ubyte.gz", None),
        ("train-labels-idx1-ubyte.gz", None),
        ("t10k-images-idx3-ubyte.gz", None),
        ("t10k-labels-idx1-ubyte.gz", None),
    ]
    shipped_folder = "mnist"

    training_file = "training.pt"
    test_file = "test.pt"
    classes = [
        "0 - zero",
        "1 - one",
        "2 - two",
        "3 - three",
        "4 - four",
        "5 - five",
        "6 - six",
        "7 - seven",
        "8 - eight",
        "9 - nine",
    ]

    @property
    def train_labels(self):
        warnings.warn("train_labels has been renamed targets")
        return self.targets

    @property
    def test_labels(self):
        warnings.warn("test_labels has been renamed targets")
        return self.targets

    @property
    def train_data(self):
        warnings.warn("train_data has been renamed data")
        return self.data

    @property
    def test_data(self):
        warnings.warn("test_data has been renamed data")
        return self.data

    def __init__(self, root, train=True, transform=None, target_transform=None, download=False):
        super().__init__(root, transform=transform, target_transform=target_transform)
        self.train = train
        if download:
            self.download()
        if not self._check_exists():
            raise RuntimeError("Dataset not found. You can use download=True to download it")
        self.data, self.targets = self._load_data()

    def _load_data(self):
        split = "train" if self.train else "t10k"
        data = read_image_file(os.path.join(self.raw_folder, f"{split}-images-idx3-ubyte"))
        targets = read_label_file(os.path.join(self.raw_folder, f"{split}-labels-idx1-ubyte"))
        return data, targets

    def __getitem__(self, index):
        """(image, target): the image as a grayscale image (before ``transform``), the target its class index."""
        img, target = self.data[index], int(self.targets[index])
        img = _image.fromarray(img, mode="L")
        if self.transform is not None:
            img = self.transform(img)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return img, target

    def __getitems__(self, indices):
        """The samples at ``indices``, as a DataLoader asks for a batch (Note [Batched MNIST reads])."""
        if type(self).__getitem__ is MNIST.__getitem__:
            samples = _batched.read(self, indices)
            if samples is not None:
                return samples
        return [self[i] for i in indices]

    def __len__(self):
        return len(self.data)

    @property
    def raw_folder(self):
        return os.path.join(self.root, self.__class__.__name__, "raw")

    @property
    def processed_folder(self):
        return os.path.join(self.root, self.__class__.__name__, "processed")

    @property
    def class_to_idx(self):
        return {_class: i for i, _class in enumerate(self.classes)}

    def _check_exists(self):
        return all(
            check_integrity(os.path.join(self.raw_folder, os.path.splitext(os.path.basename(name))[0]))
            for name, _ in self.resources
        )

    def download(self):
        """Copies the shipped files into ``raw_folder`` and extracts them, unless they are already there."""
        if self._check_exists():
            return
        os.makedirs(self.raw_folder, exist_ok=True)
        for filename, _ in self.resources:
            try:
                if not download_shipped_and_extract(f"{self.shipped_folder}/{filename}", self.raw_folder):
                    raise RuntimeError(f"Error downloading {filename}")
            finally:
                print()

    def extra_repr(self):
        return f"Split: {'Train' if self.train is True else 'Test'}"
