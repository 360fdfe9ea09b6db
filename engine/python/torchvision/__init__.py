"""torchvision for Glassgrad: MNIST from files shipped with the app, and the common transforms.

Images come back as a small stand-in for a Pillow image (``torchvision._image``),
since Glassgrad's Python has no Pillow; ``transforms.ToTensor`` accepts it as it
accepts a PIL image.
"""
__version__ = "0.26.0+glassgrad"

from . import datasets, transforms  # noqa: F401,E402
