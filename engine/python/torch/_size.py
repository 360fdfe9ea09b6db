"""torch.Size: the tuple subclass tensor shapes are returned as."""
import operator


class Size(tuple):
    """A shape: ``torch.Size([2, 3])``. Indexing with a slice or adding gives a Size."""

    def __new__(cls, sizes=()):
        if isinstance(sizes, Size):
            return sizes
        out = []
        for s in sizes:
            try:
                out.append(operator.index(s))
            except TypeError:
                raise TypeError(
                    f"torch.Size() takes an iterable of 'int' (item {len(out)} is '{type(s).__name__}')"
                ) from None
        return tuple.__new__(cls, out)

    def __repr__(self):
        return "torch.Size([" + ", ".join(str(s) for s in self) + "])"

    __str__ = __repr__

    def __getitem__(self, key):
        r = tuple.__getitem__(self, key)
        return Size(r) if isinstance(key, slice) else r

    def __add__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(self) + tuple(other))

    def __radd__(self, other):
        if not isinstance(other, tuple):
            return NotImplemented
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        return Size(tuple(self) * n)

    __rmul__ = __mul__

    def numel(self):
        n = 1
        for s in self:
            n *= s
        return n

    def __reduce__(self):
        return (Size, (tuple(self),))
