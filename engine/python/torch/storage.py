"""torch.UntypedStorage: the bytes under a tensor, as ``x.untyped_storage()`` returns them.

    x = torch.arange(6.).view(2, 3)
    x.t().untyped_storage().data_ptr() == x.untyped_storage().data_ptr()   # True: views share storage
    x.untyped_storage().nbytes()                                           # 24

A storage object keeps its storage alive, as PyTorch's does.
"""
import struct

from ._bridge import E

_FORMATS = {
    "bool": "?", "uint8": "B", "int8": "b", "int16": "h", "int32": "i", "int64": "q",
    "float16": "e", "float32": "f", "float64": "d",
}


class UntypedStorage:
    """The storage of a tensor, as bytes (torch.storage.UntypedStorage)."""

    __module__ = "torch.storage"

    def __init__(self, tensor):
        self._tensor = tensor  # holds the storage alive, as the storage object does in PyTorch

    def _info(self):
        return E.storageInfo(self._tensor._h)

    def data_ptr(self):
        return int(self._info().address)

    def nbytes(self):
        return int(self._info().nbytes)

    def size(self):
        return self.nbytes()

    def __len__(self):
        return self.nbytes()

    def element_size(self):
        return 1

    @property
    def device(self):
        from ._dtype import device

        return device("cpu")

    @property
    def dtype(self):
        from ._dtype import uint8

        return uint8

    def tolist(self):
        info = self._info()
        values = info.values.to_py() if hasattr(info.values, "to_py") else list(info.values)
        fmt = _FORMATS[info.dtype]
        if fmt == "?":
            values = [bool(v) for v in values]
        elif fmt not in "efd":
            values = [int(v) for v in values]
        return list(struct.pack("<%d%s" % (len(values), fmt), *values))

    def __getitem__(self, index):
        return self.tolist()[index]

    def __iter__(self):
        return iter(self.tolist())

    def __eq__(self, other):
        return isinstance(other, UntypedStorage) and other.data_ptr() == self.data_ptr()

    def __hash__(self):
        return self.data_ptr()

    def __str__(self):
        info = f"[torch.storage.UntypedStorage(device=cpu) of size {len(self)}]"
        data = self.tolist()
        if not data:
            return info
        return " " + "\n ".join(str(b) for b in data) + "\n" + info

    __repr__ = __str__
