"""torch.types: type aliases used in annotations."""
from typing import Union

from ._dtype import device
from ._size import Size

_int = int
_float = float
_bool = bool
Number = Union[int, float, bool]
Device = Union[device, str, int, None]
_size = Size
