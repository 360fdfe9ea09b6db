"""torch.* shape, layout and linear-algebra functions (reshape, cat, split, matmul, ...)."""
import builtins

from ._bridge import E
from ._functional import _dims, _handles, _no_out, fn, fn_n
from ._tensor import Tensor, wrap


def _size_args(size):
    if len(size) == 1 and isinstance(size[0], (list, tuple)):
        size = size[0]
    return [s.__index__() if isinstance(s, Tensor) else builtins.int(s) for s in size]


def reshape(input, shape):
    return fn("reshape", input, _size_args((shape,)))


def flatten(input, start_dim=0, end_dim=-1):
    return fn("flatten", input, start_dim, end_dim)


def unflatten(input, dim, sizes):
    return fn("unflatten", input, dim, _size_args((sizes,)))


def transpose(input, dim0, dim1):
    return fn("transpose", input, dim0, dim1)


swapaxes = swapdims = transpose


def t(input):
    return fn("t", input)


def permute(input, dims):
    return fn("permute", input, _size_args((dims,)))


def squeeze(input, dim=None):
    return fn("squeeze", input, _dims(dim))


def unsqueeze(input, dim):
    return fn("unsqueeze", input, dim)


def movedim(input, source, destination):
    return fn("movedim", input, _dims(source), _dims(destination))


moveaxis = movedim


def clone(input, *, memory_format=None):
    return fn("clone", input, _memory_format(memory_format))


def _memory_format(mf):
    return None if mf is None else mf._name


def select(input, dim, index):
    return fn("select", input, dim, builtins.int(index))


def narrow(input, dim, start, length):
    if isinstance(start, Tensor):
        start = start.item()
    return fn("narrow", input, dim, start, length)


def split(tensor, split_size_or_sections, dim=0):
    s = split_size_or_sections
    return tuple(fn_n("split", tensor, s if isinstance(s, builtins.int) else [builtins.int(v) for v in s], dim))


def chunk(input, chunks, dim=0):
    return tuple(fn_n("chunk", input, chunks, dim))


def tensor_split(input, indices_or_sections, dim=0):
    s = indices_or_sections
    return tuple(fn_n("tensorSplit", input, s if isinstance(s, builtins.int) else [builtins.int(v) for v in s], dim))


def unbind(input, dim=0):
    return tuple(fn_n("unbind", input, dim))


def _tensor_list(tensors, name):
    if isinstance(tensors, Tensor):
        raise TypeError(f"{name}(): argument 'tensors' (position 1) must be tuple of Tensors, not Tensor")
    return _handles(tensors)


def cat(tensors, dim=0, *, out=None):
    _no_out(out)
    return wrap(E.fn("cat", _tensor_list(tensors, "cat"), dim))


concat = concatenate = cat


def stack(tensors, dim=0, *, out=None):
    _no_out(out)
    return wrap(E.fn("stack", _tensor_list(tensors, "stack"), dim))


def hstack(tensors):
    tensors = list(tensors)
    return cat(tensors, 0 if tensors[0].dim() == 1 else 1)


def vstack(tensors):
    return cat([t.unsqueeze(0) if t.dim() == 1 else t for t in tensors], 0)


def flip(input, dims):
    return fn("flip", input, _size_args((dims,)))


def roll(input, shifts, dims=None):
    return fn("roll", input, _dims(shifts), _dims(dims))


def nonzero(input, *, as_tuple=False):
    idx = fn("nonzero", input)
    if as_tuple:
        return tuple(idx[:, k] for k in range(input.dim())) if input.dim() else (idx.view(-1),)
    return idx


def numel(input):
    return input.numel()


def is_nonzero(input):
    return builtins.bool(input)


# ---- linear algebra ----

def matmul(input, other, *, out=None):
    _no_out(out)
    return fn("matmul", input, other)


def mm(input, mat2, *, out=None):
    _no_out(out)
    return fn("mm", input, mat2)


def bmm(input, mat2, *, out=None):
    _no_out(out)
    return fn("bmm", input, mat2)


def mv(input, vec, *, out=None):
    _no_out(out)
    return fn("mv", input, vec)


def dot(input, other, *, out=None):
    _no_out(out)
    return fn("dot", input, other)


# ---- gathering and scattering (engine/ops/indexing.ts) ----

def gather(input, dim, index, *, sparse_grad=False, out=None):
    _no_out(out)
    return fn("gather", input, dim, index)


def scatter(input, dim, index, src=None, *, value=None, reduce=None):
    if reduce is not None:
        raise NotImplementedError("scatter(reduce=...) is not supported by Glassgrad yet")
    if src is None:
        src = value
    if not isinstance(src, Tensor):
        from ._creation import full_like

        src = full_like(index, src, dtype=input.dtype)
    return fn("scatter", input, dim, index, src)


def scatter_add(input, dim, index, src):
    return fn("scatterAdd", input, dim, index, src)


def index_select(input, dim, index, *, out=None):
    _no_out(out)
    return fn("indexSelect", input, dim, index)


def masked_select(input, mask, *, out=None):
    _no_out(out)
    return fn("maskedSelect", input, mask)


def take(input, index):
    return index_select(input.reshape(-1), 0, index.reshape(-1)).reshape(index.shape)
