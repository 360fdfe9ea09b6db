"""Record PyTorch's reductions and softmax as fixtures.

Run with a Python that has torch:
    /usr/bin/python3 engine/ops/record_reduce_fixtures.py

Writes engine/ops/reduce.fixtures.json, read by engine/ops/reduce_fixtures.test.ts.
Each case names an op of the table (its overload name: "sum.dim_IntList",
"max.dim", ...), the attrs the engine op takes, the inputs (dtype, shape,
exact row-major values, and whether the tensor is laid out transposed: built
as the transpose of a contiguous tensor, so it is not contiguous), and what
PyTorch returned: each output's dtype, shape and values, the grad_fn name, and
for differentiable cases the input gradient for a fixed upstream gradient.
Values that JSON cannot hold are strings: "nan", "inf", "-inf".

The recorder runs PyTorch 1.13; where PyTorch 2.x differs (torch.norm's
grad_fn, some messages, the std/var degrees-of-freedom warning), the tests
check the 2.x behaviour by hand. Errors and warnings are not recorded here.
"""

import json
import math
import os
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures'))
from torch_json import enc, flat, dtype_name  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "reduce.fixtures.json")

nan, inf = float("nan"), float("inf")
CASES = []


gen = torch.Generator().manual_seed(1234)


def rand(*shape, dtype=torch.float32, low=-2.0, high=2.0):
    """Uniform values rounded to 1/64 steps: exact in every float dtype, few ties."""
    t = torch.rand(*shape, generator=gen, dtype=torch.float64) * (high - low) + low
    return (torch.round(t * 64) / 64).to(dtype)


def ints(*shape, high=6, dtype=torch.int64):
    return torch.randint(-high, high, shape, generator=gen).to(dtype)


def T(t):
    """Mark an input to be laid out transposed (last two dims swapped in memory)."""
    return ("T", t)


def case(name, op, attrs, inputs, fn, grad=True):
    CASES.append(dict(name=name, op=op, attrs=attrs, inputs=inputs, fn=fn, grad=grad))


def upstream(out):
    n = out.numel()
    g = (torch.arange(n, dtype=torch.float64) % 7 - 3) / 4
    return g.reshape(out.shape).to(out.dtype)


def enc_attrs(attrs):
    out = {}
    for k, v in attrs.items():
        if isinstance(v, torch.dtype):
            out[k] = dtype_name(v)
        elif isinstance(v, tuple):
            out[k] = list(v)
        elif isinstance(v, float) and math.isinf(v):
            out[k] = "inf" if v > 0 else "-inf"
        else:
            out[k] = v
    return out


def run_case(c):
    specs = []
    tensors = []
    for item in c["inputs"]:
        transposed = isinstance(item, tuple)
        t = item[1] if transposed else item
        if transposed:
            # A contiguous tensor of the swapped shape, transposed back: same values, swapped strides.
            t = t.transpose(-1, -2).contiguous().transpose(-1, -2)
        specs.append(dict(dtype=dtype_name(t.dtype), shape=list(t.shape), values=flat(t), transposed=transposed))
        tensors.append(t.clone() if not transposed else t.detach())
    diff = c["grad"] and all(t.is_floating_point() for t in tensors)
    if diff:
        tensors = [t.detach().requires_grad_() for t in tensors]
    result = c["fn"](*tensors)
    outs = list(result) if isinstance(result, (tuple, list)) else [result]
    rec = dict(
        name=c["name"], op=c["op"], attrs=enc_attrs(c["attrs"]), inputs=specs,
        outputs=[dict(dtype=dtype_name(o.dtype), shape=list(o.shape), values=flat(o)) for o in outs],
        gradFn=(outs[0].grad_fn.name() if outs[0].grad_fn is not None else None),
        requiresGrad=diff,
    )
    if diff and outs[0].requires_grad:
        g = upstream(outs[0])
        outs[0].backward(g)
        rec["grad"] = dict(upstream=flat(g), values=[flat(t.grad) if t.grad is not None else None for t in tensors])
    return rec


# --- sum / mean ---------------------------------------------------------------
X34 = rand(3, 4)
X234 = rand(2, 3, 4)
case("sum all", "sum", {"dtype": None}, [X34], lambda x: x.sum())
case("sum all float64", "sum", {"dtype": None}, [rand(3, 4, dtype=torch.float64)], lambda x: x.sum())
case("sum all transposed", "sum", {"dtype": None}, [T(rand(4, 3))], lambda x: x.sum())
case("sum 0-dim", "sum", {"dtype": None}, [torch.tensor(2.5)], lambda x: x.sum())
case("sum int64", "sum", {"dtype": None}, [ints(3, 4)], lambda x: x.sum())
case("sum int32 -> int64", "sum", {"dtype": None}, [ints(5, dtype=torch.int32)], lambda x: x.sum())
case("sum bool", "sum", {"dtype": None}, [torch.tensor([True, False, True])], lambda x: x.sum())
case("sum dtype=float64", "sum", {"dtype": torch.float64}, [X34], lambda x: x.sum(dtype=torch.float64))
case("sum float dtype=int64", "sum", {"dtype": torch.int64}, [torch.tensor([1.5, 2.5, -0.5])],
     lambda x: x.sum(dtype=torch.int64), grad=False)
case("sum empty", "sum", {"dtype": None}, [torch.zeros(0, 3)], lambda x: x.sum())
case("sum dim 1", "sum.dim_IntList", {"dim": 1, "keepdim": False, "dtype": None}, [X34], lambda x: x.sum(1))
case("sum dim 0 keepdim", "sum.dim_IntList", {"dim": 0, "keepdim": True, "dtype": None}, [X34],
     lambda x: x.sum(0, keepdim=True))
case("sum dims (0, 2)", "sum.dim_IntList", {"dim": (0, 2), "keepdim": False, "dtype": None}, [X234],
     lambda x: x.sum((0, 2)))
case("sum dims (2, 0) keepdim", "sum.dim_IntList", {"dim": (2, 0), "keepdim": True, "dtype": None}, [X234],
     lambda x: x.sum((2, 0), keepdim=True))
case("sum dim -1 transposed", "sum.dim_IntList", {"dim": -1, "keepdim": False, "dtype": None}, [T(rand(2, 4, 3))],
     lambda x: x.sum(-1))
case("sum dims (0, 1) transposed", "sum.dim_IntList", {"dim": (0, 1), "keepdim": False, "dtype": None},
     [T(rand(2, 4, 3))], lambda x: x.sum((0, 1)))
case("sum dim=[]", "sum.dim_IntList", {"dim": [], "keepdim": False, "dtype": None}, [X34], lambda x: x.sum(dim=[]))
case("sum empty dim 0", "sum.dim_IntList", {"dim": 0, "keepdim": False, "dtype": None}, [torch.zeros(0, 3)],
     lambda x: x.sum(0))
case("sum uint8 dim 0", "sum.dim_IntList", {"dim": 0, "keepdim": False, "dtype": None},
     [torch.tensor([[200, 100], [100, 1]], dtype=torch.uint8)], lambda x: x.sum(0))
case("sum 0-dim dim 0 keepdim", "sum.dim_IntList", {"dim": 0, "keepdim": True, "dtype": None},
     [torch.tensor(1.5)], lambda x: x.sum(0, keepdim=True))
case("sum float32 many", "sum", {"dtype": None}, [rand(1000) / 3], lambda x: x.sum())

case("mean all", "mean", {"dtype": None}, [X34], lambda x: x.mean())
case("mean all transposed", "mean", {"dtype": None}, [T(rand(4, 3))], lambda x: x.mean())
case("mean empty", "mean", {"dtype": None}, [torch.zeros(0, 3)], lambda x: x.mean())
case("mean int dtype=float32", "mean", {"dtype": torch.float32}, [ints(2, 3)], lambda x: x.mean(dtype=torch.float32))
case("mean float64", "mean", {"dtype": None}, [rand(5, dtype=torch.float64) / 3], lambda x: x.mean())
case("mean dim 0", "mean.dim", {"dim": 0, "keepdim": False, "dtype": None}, [X34], lambda x: x.mean(0))
case("mean dims (0, 1) keepdim", "mean.dim", {"dim": (0, 1), "keepdim": True, "dtype": None}, [X234],
     lambda x: x.mean((0, 1), keepdim=True))
case("mean dim 1 transposed", "mean.dim", {"dim": 1, "keepdim": False, "dtype": None}, [T(rand(4, 3))],
     lambda x: x.mean(1))
case("mean empty dim 0", "mean.dim", {"dim": 0, "keepdim": False, "dtype": None}, [torch.zeros(0, 3)],
     lambda x: x.mean(0))
case("mean thirds", "mean.dim", {"dim": 1, "keepdim": False, "dtype": None},
     [torch.tensor([[1.0, 2.0, 4.0], [3.0, 5.0, 8.0]])], lambda x: x.mean(1))

# --- prod -----------------------------------------------------------------------
case("prod all", "prod", {"dtype": None}, [rand(2, 3, low=0.5, high=1.5)], lambda x: x.prod())
case("prod all one zero", "prod", {"dtype": None}, [torch.tensor([[1.5, 0.0, 2.0], [-1.0, 3.0, 0.5]])],
     lambda x: x.prod())
case("prod all two zeros", "prod", {"dtype": None}, [torch.tensor([[1.5, 0.0, 2.0], [-1.0, 0.0, 0.5]])],
     lambda x: x.prod())
case("prod all transposed", "prod", {"dtype": None}, [T(rand(3, 2, low=0.5, high=1.5))], lambda x: x.prod())
case("prod int", "prod", {"dtype": None}, [torch.tensor([[1, 2], [3, 4]])], lambda x: x.prod())
case("prod bool", "prod", {"dtype": None}, [torch.tensor([True, True])], lambda x: x.prod())
case("prod empty", "prod", {"dtype": None}, [torch.zeros(0)], lambda x: x.prod())
case("prod int dtype=float32", "prod", {"dtype": torch.float32}, [torch.tensor([1, 2, 3])],
     lambda x: x.prod(dtype=torch.float32))
case("prod dim 1", "prod.dim_int", {"dim": 1, "keepdim": False, "dtype": None}, [rand(3, 4, low=0.5, high=1.5)],
     lambda x: x.prod(1))
case("prod dim 0 keepdim zeros", "prod.dim_int", {"dim": 0, "keepdim": True, "dtype": None},
     [torch.tensor([[0.0, 2.0, 0.0], [3.0, 0.0, 0.0], [2.0, 4.0, 1.5]])], lambda x: x.prod(0, keepdim=True))
case("prod dim -1 transposed", "prod.dim_int", {"dim": -1, "keepdim": False, "dtype": None},
     [T(rand(4, 3, low=0.5, high=1.5))], lambda x: x.prod(-1))

# --- cumsum ---------------------------------------------------------------------
case("cumsum dim 1", "cumsum", {"dim": 1, "dtype": None}, [X34], lambda x: x.cumsum(1))
case("cumsum dim 0", "cumsum", {"dim": 0, "dtype": None}, [X34], lambda x: x.cumsum(0))
case("cumsum dim -2 3d", "cumsum", {"dim": -2, "dtype": None}, [X234], lambda x: x.cumsum(-2))
case("cumsum transposed", "cumsum", {"dim": 1, "dtype": None}, [T(rand(4, 3))], lambda x: x.cumsum(1))
case("cumsum int", "cumsum", {"dim": 0, "dtype": None}, [ints(4, 2)], lambda x: x.cumsum(0))
case("cumsum bool", "cumsum", {"dim": 0, "dtype": None}, [torch.tensor([True, False, True])], lambda x: x.cumsum(0))
case("cumsum int dtype=float32", "cumsum", {"dim": 1, "dtype": torch.float32}, [ints(2, 3)],
     lambda x: x.cumsum(1, dtype=torch.float32))
case("cumsum 0-dim", "cumsum", {"dim": 0, "dtype": None}, [torch.tensor(3.5)], lambda x: x.cumsum(0))
case("cumsum size-1 dim", "cumsum", {"dim": 0, "dtype": None}, [rand(1, 3)], lambda x: x.cumsum(0))

# --- all / any / count_nonzero -------------------------------------------------
B = torch.tensor([[True, False, True], [True, True, True]])
case("all", "all", {"dim": None, "keepdim": False}, [B], lambda x: x.all())
case("all dim 1", "all", {"dim": 1, "keepdim": False}, [B], lambda x: x.all(1))
case("any dim 0 keepdim", "any", {"dim": 0, "keepdim": True}, [~B], lambda x: x.any(0, keepdim=True))
case("all uint8", "all", {"dim": None, "keepdim": False}, [torch.tensor([1, 0, 2], dtype=torch.uint8)],
     lambda x: x.all())
case("any uint8 dim", "any", {"dim": 0, "keepdim": False}, [torch.tensor([[1, 0], [0, 0]], dtype=torch.uint8)],
     lambda x: x.any(0))
case("all float with nan", "all", {"dim": None, "keepdim": False}, [torch.tensor([1.0, nan, -2.0])],
     lambda x: x.all())
case("any float", "any", {"dim": 1, "keepdim": False}, [torch.tensor([[0.0, 0.0], [0.0, 0.5]])], lambda x: x.any(1))
case("all empty", "all", {"dim": None, "keepdim": False}, [torch.zeros(0, 2)], lambda x: x.all())
case("any empty", "any", {"dim": None, "keepdim": False}, [torch.zeros(0, 2)], lambda x: x.any())
case("all transposed", "all", {"dim": 0, "keepdim": False}, [T(torch.tensor([[1, 0], [1, 1], [1, 1]]))],
     lambda x: x.all(0))
C = torch.tensor([[0, 1, 2], [0, 0, 3]])
case("count_nonzero", "count_nonzero", {"dim": None}, [C], lambda x: x.count_nonzero())
case("count_nonzero dim 0", "count_nonzero", {"dim": 0}, [C], lambda x: x.count_nonzero(0))
case("count_nonzero dims", "count_nonzero", {"dim": (0, 1)}, [C.float()], lambda x: x.count_nonzero((0, 1)))

# --- max / min / amax / amin / argmax / argmin ---------------------------------
TIES = torch.tensor([[1.0, 5.0, 2.0], [5.0, -1.0, 5.0]])
NANS = torch.tensor([[1.0, nan, 3.0, nan], [0.5, -2.0, 4.0, 1.0]])
case("max all", "max", {}, [X34], lambda x: x.max())
case("max all ties", "max", {}, [TIES], lambda x: x.max())
case("min all ties", "min", {}, [-TIES], lambda x: x.min())
case("max all transposed", "max", {}, [T(rand(4, 3))], lambda x: x.max())
case("max nan", "max", {}, [NANS], lambda x: x.max(), grad=False)
case("min int", "min", {}, [ints(3, 3)], lambda x: x.min())
case("max bool", "max", {}, [torch.tensor([False, True])], lambda x: x.max())
case("max 0-dim", "max", {}, [torch.tensor(-1.5)], lambda x: x.max())
case("max dim 1 ties", "max.dim", {"dim": 1, "keepdim": False}, [TIES], lambda x: x.max(1))
case("max dim 0 keepdim", "max.dim", {"dim": 0, "keepdim": True}, [X34], lambda x: x.max(0, keepdim=True))
case("max dim -1 transposed", "max.dim", {"dim": -1, "keepdim": False}, [T(rand(2, 4, 3))], lambda x: x.max(-1))
case("max dim nan", "max.dim", {"dim": 1, "keepdim": False}, [NANS], lambda x: x.max(1), grad=False)
case("min dim 0", "min.dim", {"dim": 0, "keepdim": False}, [TIES], lambda x: x.min(0))
case("min dim 1 3d", "min.dim", {"dim": 1, "keepdim": False}, [X234], lambda x: x.min(1))
case("max dim 0-dim", "max.dim", {"dim": 0, "keepdim": False}, [torch.tensor(2.0)], lambda x: x.max(0))
case("max dim empty batch", "max.dim", {"dim": 1, "keepdim": False}, [torch.zeros(0, 3)], lambda x: x.max(1))
case("max dim int", "max.dim", {"dim": 1, "keepdim": False}, [ints(3, 4)], lambda x: x.max(1))
case("amax all", "amax", {"dim": None, "keepdim": False}, [TIES], lambda x: x.amax())
case("amax dims (0, 2)", "amax", {"dim": (0, 2), "keepdim": False}, [X234], lambda x: x.amax((0, 2)))
case("amin dims keepdim", "amin", {"dim": (0, 2), "keepdim": True}, [X234], lambda x: x.amin((0, 2), keepdim=True))
case("amax dim 1 ties", "amax", {"dim": 1, "keepdim": False}, [TIES], lambda x: x.amax(1))
case("amin transposed", "amin", {"dim": 0, "keepdim": False}, [T(TIES.t().contiguous())], lambda x: x.amin(0))
case("amax nan", "amax", {"dim": 1, "keepdim": False}, [NANS], lambda x: x.amax(1), grad=False)
case("argmax all", "argmax", {"dim": None, "keepdim": False}, [TIES], lambda x: x.argmax())
case("argmax all keepdim", "argmax", {"dim": None, "keepdim": True}, [TIES], lambda x: x.argmax(keepdim=True))
case("argmax dim 1", "argmax", {"dim": 1, "keepdim": False}, [TIES], lambda x: x.argmax(1))
case("argmin dim 0 keepdim", "argmin", {"dim": 0, "keepdim": True}, [TIES], lambda x: x.argmin(0, keepdim=True))
case("argmax nan", "argmax", {"dim": 1, "keepdim": False}, [NANS], lambda x: x.argmax(1))
case("argmin all nan", "argmin", {"dim": None, "keepdim": False}, [NANS], lambda x: x.argmin())
case("argmax transposed 3d", "argmax", {"dim": 0, "keepdim": False}, [T(rand(3, 4, 2))], lambda x: x.argmax(0))
case("argmax int", "argmax", {"dim": None, "keepdim": False}, [torch.tensor([3, 3, 1, 3])], lambda x: x.argmax())
case("argmin int", "argmin", {"dim": None, "keepdim": False}, [torch.tensor([1, 0, 0])], lambda x: x.argmin())
case("argmax 0-dim", "argmax", {"dim": 0, "keepdim": False}, [torch.tensor(3.0)], lambda x: x.argmax(0))

# --- var / std -----------------------------------------------------------------
for op in ("var", "std"):
    f = getattr(torch.Tensor, op)
    case(f"{op} all", op, {"dim": None, "correction": 1, "keepdim": False}, [X34], lambda x, f=f: f(x))
    case(f"{op} all unbiased=False", op, {"dim": None, "correction": 0, "keepdim": False}, [X34],
         lambda x, f=f: f(x, unbiased=False))
    case(f"{op} dim 1", op, {"dim": 1, "correction": 1, "keepdim": False}, [X34], lambda x, f=f: f(x, 1))
    case(f"{op} dims (0, 2) keepdim", op, {"dim": (0, 2), "correction": 1, "keepdim": True}, [X234],
         lambda x, f=f: f(x, (0, 2), keepdim=True))
    case(f"{op} dim 0 transposed unbiased=False", op, {"dim": 0, "correction": 0, "keepdim": False},
         [T(rand(4, 3))], lambda x, f=f: f(x, 0, unbiased=False))
    case(f"{op} 1-D", op, {"dim": 0, "correction": 1, "keepdim": False}, [rand(5)], lambda x, f=f: f(x, 0))
    case(f"{op} float64", op, {"dim": 1, "correction": 1, "keepdim": True}, [rand(3, 4, dtype=torch.float64) / 3],
         lambda x, f=f: f(x, 1, keepdim=True))
    case(f"{op} single element", op, {"dim": None, "correction": 1, "keepdim": False}, [torch.tensor([5.0])],
         lambda x, f=f: f(x), grad=False)
    case(f"{op} size-1 dim", op, {"dim": 1, "correction": 1, "keepdim": False}, [rand(3, 1)],
         lambda x, f=f: f(x, 1), grad=False)
    case(f"{op} empty", op, {"dim": None, "correction": 1, "keepdim": False}, [torch.zeros(0)],
         lambda x, f=f: f(x), grad=False)
case("std constant", "std", {"dim": 1, "correction": 1, "keepdim": False}, [torch.tensor([[2.0, 2.0], [1.0, 3.0]])],
     lambda x: x.std(1))
case("std golden", "std", {"dim": None, "correction": 1, "keepdim": False}, [torch.tensor([[2.0, 4.0], [4.0, 8.0]])],
     lambda x: x.std())

# --- vector norms ---------------------------------------------------------------
N = torch.tensor([[3.0, -4.0, 0.0], [0.5, 1.0, -2.0]])
vn = torch.linalg.vector_norm
for ordv, dim, keep in [(2, None, False), (2, 1, False), (2, (0, 1), True), (1, None, False), (1, 0, False),
                        (inf, None, False), (inf, 1, True), (-inf, 1, False), (0, 1, False), (3, 0, False),
                        (0.5, 1, False), (1.5, None, False), (-1, 1, False)]:
    case(f"vector_norm ord={ordv} dim={dim} keepdim={keep}", "linalg_vector_norm",
         {"ord": ordv, "dim": dim, "keepdim": keep, "dtype": None}, [N],
         lambda x, o=ordv, d=dim, k=keep: vn(x, o, d, k), grad=ordv not in (0.5, -1))
case("vector_norm transposed", "linalg_vector_norm", {"ord": 2, "dim": 0, "keepdim": False, "dtype": None},
     [T(rand(4, 3))], lambda x: vn(x, 2, 0))
case("vector_norm zero row", "linalg_vector_norm", {"ord": 2, "dim": 1, "keepdim": False, "dtype": None},
     [torch.tensor([[0.0, 0.0], [3.0, 4.0]])], lambda x: vn(x, 2, 1))
case("vector_norm dtype=float64", "linalg_vector_norm", {"ord": 2, "dim": None, "keepdim": False, "dtype": torch.float64},
     [X34], lambda x: vn(x, 2, dtype=torch.float64))
case("vector_norm empty", "linalg_vector_norm", {"ord": 2, "dim": None, "keepdim": False, "dtype": None},
     [torch.zeros(0)], lambda x: vn(x), grad=False)
case("vector_norm inf ties", "linalg_vector_norm", {"ord": inf, "dim": None, "keepdim": False, "dtype": None},
     [torch.tensor([3.0, -3.0, 1.0])], lambda x: vn(x, inf))

# --- logsumexp ------------------------------------------------------------------
case("logsumexp dim 1", "logsumexp", {"dim": 1, "keepdim": False}, [X34], lambda x: x.logsumexp(1))
case("logsumexp dims keepdim", "logsumexp", {"dim": (0, 2), "keepdim": True}, [X234],
     lambda x: x.logsumexp((0, 2), keepdim=True))
case("logsumexp transposed", "logsumexp", {"dim": 0, "keepdim": False}, [T(rand(4, 3))], lambda x: x.logsumexp(0))
case("logsumexp large", "logsumexp", {"dim": 1, "keepdim": False},
     [torch.tensor([[1000.0, 1001.0, 1002.0], [-1000.0, -1001.0, -1002.0]])], lambda x: x.logsumexp(1))
case("logsumexp infinities", "logsumexp", {"dim": 1, "keepdim": False},
     [torch.tensor([[-inf, -inf], [inf, 1.0], [-inf, 0.0]])], lambda x: x.logsumexp(1), grad=False)
case("logsumexp int", "logsumexp", {"dim": 1, "keepdim": False}, [torch.tensor([[1, 2], [3, 4]])],
     lambda x: x.logsumexp(1))
case("logsumexp empty", "logsumexp", {"dim": 0, "keepdim": False}, [torch.zeros(0, 3)], lambda x: x.logsumexp(0),
     grad=False)
case("logsumexp float64", "logsumexp", {"dim": (0, 1), "keepdim": False}, [rand(3, 2, dtype=torch.float64)],
     lambda x: x.logsumexp((0, 1)))

# --- softmax / log_softmax ---------------------------------------------------------
for op in ("softmax", "log_softmax"):
    f = getattr(torch, op)
    case(f"{op} dim 1", op, {"dim": 1, "dtype": None}, [X34], lambda x, f=f: f(x, 1))
    case(f"{op} dim 0", op, {"dim": 0, "dtype": None}, [X34], lambda x, f=f: f(x, 0))
    case(f"{op} dim -2 3d", op, {"dim": -2, "dtype": None}, [X234], lambda x, f=f: f(x, -2))
    case(f"{op} transposed", op, {"dim": 1, "dtype": None}, [T(rand(4, 3))], lambda x, f=f: f(x, 1))
    case(f"{op} large", op, {"dim": 0, "dtype": None}, [torch.tensor([1000.0, 1001.0, 1002.0])],
         lambda x, f=f: f(x, 0))
    case(f"{op} 0 and 200", op, {"dim": 0, "dtype": None}, [torch.tensor([0.0, 200.0])], lambda x, f=f: f(x, 0))
    case(f"{op} -inf row", op, {"dim": 1, "dtype": None}, [torch.tensor([[-inf, -inf], [0.0, -inf]])],
         lambda x, f=f: f(x, 1), grad=False)
    case(f"{op} 0-dim", op, {"dim": 0, "dtype": None}, [torch.tensor(3.0)], lambda x, f=f: f(x, 0))
    case(f"{op} float64", op, {"dim": 1, "dtype": None}, [rand(2, 5, dtype=torch.float64) / 3],
         lambda x, f=f: f(x, 1))
    case(f"{op} dtype=float64", op, {"dim": 1, "dtype": torch.float64}, [X34],
         lambda x, f=f: f(x, 1, dtype=torch.float64))
    case(f"{op} int dtype=float32", op, {"dim": 1, "dtype": torch.float32}, [torch.tensor([[1, 2], [3, 5]])],
         lambda x, f=f: f(x, 1, dtype=torch.float32))
    case(f"{op} empty", op, {"dim": 1, "dtype": None}, [torch.zeros(0, 3)], lambda x, f=f: f(x, 1), grad=False)


def main():
    cases = [run_case(c) for c in CASES]
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit(f"duplicate case names: {sorted(dup)}")
    with open(OUT, "w") as f:
        f.write("{\n")
        f.write(f' "torch_version": {json.dumps(torch.__version__)},\n')
        f.write(f' "python_version": {json.dumps(sys.version.split()[0])},\n')
        f.write(' "cases": [\n' + ",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in cases) + "\n ]\n}\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
