"""torch.manual_seed, torch.Generator and the random creation functions.

The engine's generator is PyTorch's CPU Mersenne Twister, number for number
(engine/core/random.ts), so seeded programs draw PyTorch's values.
"""
from ._bridge import E
from ._creation import _opts, _shape_args
from ._dtype import check_device
from ._tensor import Tensor, wrap


class Generator:
    """torch.Generator(device='cpu'): an independent random stream."""

    def __init__(self, device="cpu"):
        check_device(device)
        self._g = E.newGenerator()

    def manual_seed(self, seed):
        E.fn("manualSeed", int(seed)) if self._g is None else self._g.manualSeed(int(seed))
        return self

    def initial_seed(self):
        return int(E.fn("initialSeed")) if self._g is None else int(self._g.initialSeed())

    def seed(self):
        return int(E.fn("seed")) if self._g is None else int(self._g.seed())

    @property
    def device(self):
        from ._dtype import CPU

        return CPU


class _DefaultGenerator(Generator):
    def __init__(self):
        self._g = None


default_generator = _DefaultGenerator()


def manual_seed(seed):
    """Seeds the default generator; returns it."""
    E.fn("manualSeed", int(seed))
    return default_generator


def seed():
    return int(E.fn("seed"))


def initial_seed():
    return int(E.fn("initialSeed"))


def _gen(generator):
    return {} if generator is None or generator._g is None else {"generator": generator._g}


def _ropts(dtype, requires_grad, generator):
    o = _opts(dtype, requires_grad)
    o.update(_gen(generator))
    return o


def rand(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
         pin_memory=False):
    check_device(device)
    return wrap(E.fn("rand", _shape_args(size, "rand"), _ropts(dtype, requires_grad, generator)))


def randn(*size, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False,
          pin_memory=False):
    check_device(device)
    return wrap(E.fn("randn", _shape_args(size, "randn"), _ropts(dtype, requires_grad, generator)))


def randint(low=0, high=None, size=None, *, generator=None, out=None, dtype=None, layout=None, device=None,
            requires_grad=False):
    check_device(device)
    if size is None:
        low, high, size = 0, low, high
    if high is None:
        low, high = 0, low
    return wrap(E.fn("randint", low, high, _shape_args((size,), "randint"), _ropts(dtype, requires_grad, generator)))


def randperm(n, *, generator=None, out=None, dtype=None, layout=None, device=None, requires_grad=False):
    check_device(device)
    return wrap(E.fn("randperm", n, _ropts(dtype, requires_grad, generator)))


def rand_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return wrap(E.fn("randLike", input._h, _opts(dtype, requires_grad)))


def randn_like(input, *, dtype=None, layout=None, device=None, requires_grad=False, memory_format=None):
    return wrap(E.fn("randnLike", input._h, _opts(dtype, requires_grad)))


def randint_like(input, low=0, high=None, *, dtype=None, layout=None, device=None, requires_grad=False,
                 memory_format=None):
    if high is None:
        low, high = 0, low
    return wrap(E.fn("randintLike", input._h, low, high, _opts(dtype, requires_grad)))


def bernoulli(input, p=None, *, generator=None, out=None):
    if p is not None:
        return bernoulli_(wrap(E.fn("emptyLike", input._h, {})), p, generator=generator)
    return wrap(E.fn("bernoulli", input._h, _gen(generator)))


def normal(mean, std=1.0, size=None, *, generator=None, out=None, dtype=None, device=None, requires_grad=False):
    m = mean._h if isinstance(mean, Tensor) else mean
    s = std._h if isinstance(std, Tensor) else std
    shape = None if size is None else _shape_args((size,), "normal")
    return wrap(E.fn("normal", m, s, shape, _ropts(dtype, requires_grad, generator)))


def multinomial(input, num_samples, replacement=False, *, generator=None):
    raise NotImplementedError("torch.multinomial is not supported by Glassgrad yet")


def uniform_(self, a=0.0, b=1.0, *, generator=None):
    E.fn("uniform_", self._h, a, b, _gen(generator))
    return self


def normal_(self, mean=0.0, std=1.0, *, generator=None):
    E.fn("normal_", self._h, mean, std, _gen(generator))
    return self


def bernoulli_(self, p=0.5, *, generator=None):
    E.fn("bernoulli_", self._h, p._h if isinstance(p, Tensor) else p, _gen(generator))
    return self


def random_(self, a=None, b=None, *, generator=None):
    E.fn("random_", self._h, a, b, _gen(generator))
    return self


for _f in (uniform_, normal_, bernoulli_, random_):
    setattr(Tensor, _f.__name__, _f)


def _exponential_(self, lambd=1.0, *, generator=None):
    raise NotImplementedError("Tensor.exponential_ is not supported by Glassgrad yet")


Tensor.exponential_ = _exponential_
