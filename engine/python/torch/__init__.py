"""Glassgrad's torch: PyTorch's Python API over a TypeScript tensor/autograd engine.

Tensors, kernels and the autograd engine live in the engine (engine/ in the
repository); this package is the thin Python layer PyTorch users see, plus the
parts PyTorch itself writes in Python (nn, optim, utils.data).
"""
__version__ = "2.11.0+glassgrad"

from . import _indexing, _tensor_ops  # noqa: F401  (install Tensor indexing, methods and operators)
from ._creation import (  # noqa: F401
    BoolTensor,
    ByteTensor,
    CharTensor,
    DoubleTensor,
    FloatTensor,
    HalfTensor,
    IntTensor,
    LongTensor,
    ShortTensor,
    arange,
    as_tensor,
    empty,
    empty_like,
    eye,
    frombuffer,
    full,
    full_like,
    linspace,
    logspace,
    ones,
    ones_like,
    tensor,
    zeros,
    zeros_like,
)
from ._creation import range_ as range  # noqa: A004
from ._dtype import (  # noqa: F401
    bool,
    device,
    dtype,
    float16,
    float32,
    float64,
    get_default_dtype,
    int8,
    int16,
    int32,
    int64,
    layout,
    promote_types,
    set_default_dtype,
    strided,
    uint8,
)
from ._functional import *  # noqa: F401,F403
from ._functional import (  # noqa: F401
    abs,
    all,
    any,
    max,
    min,
    pow,
    return_types,
    round,
    sum,
)
from ._grad_mode import (  # noqa: F401
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)
from ._printing import get_printoptions, set_printoptions  # noqa: F401
from ._random import (  # noqa: F401
    Generator,
    bernoulli,
    default_generator,
    initial_seed,
    manual_seed,
    multinomial,
    normal,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
)
from ._size import Size  # noqa: F401
from ._tensor import Tensor, is_tensor  # noqa: F401
from . import autograd  # noqa: F401,E402
from . import types  # noqa: F401,E402
from .storage import UntypedStorage  # noqa: F401,E402
from . import nn  # noqa: F401,E402
from . import optim  # noqa: F401,E402
from . import utils  # noqa: F401,E402

float = float32  # noqa: A001
double = float64
half = float16
long = int64
int = int32  # noqa: A001
short = int16
char = int8  # noqa: F811


class memory_format:
    __slots__ = ("_name",)

    def __init__(self, name):
        self._name = name

    def __repr__(self):
        return "torch." + {"preserve": "preserve_format", "contiguous": "contiguous_format",
                           "channelsLast": "channels_last"}[self._name]


preserve_format = memory_format("preserve")
contiguous_format = memory_format("contiguous")
channels_last = memory_format("channelsLast")


def is_floating_point(input):
    return input.is_floating_point()


def is_storage(obj):
    return False


def result_type(tensor1, tensor2):
    from ._bridge import E
    from ._dtype import DTYPES
    from ._tensor import arg

    return DTYPES[E.resultType([arg(tensor1), arg(tensor2)])]


def get_num_threads():
    return 1


def set_num_threads(n):
    pass


def use_deterministic_algorithms(mode, *, warn_only=False):
    pass


class cuda:  # noqa: N801  (a namespace, as torch.cuda is a module)
    @staticmethod
    def is_available():
        return False

    @staticmethod
    def device_count():
        return 0

    @staticmethod
    def manual_seed(seed):
        pass

    @staticmethod
    def manual_seed_all(seed):
        pass


class backends:  # noqa: N801
    class mps:  # noqa: N801
        @staticmethod
        def is_available():
            return False

    class cudnn:  # noqa: N801
        deterministic = False
        benchmark = False
