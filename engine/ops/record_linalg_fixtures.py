"""Record PyTorch's matrix products, convolutions and pooling as fixtures.

Run with a Python that has torch:
    /usr/bin/python3 engine/ops/record_linalg_fixtures.py

Writes engine/ops/linalg.fixtures.json, read by linalg.test.ts, conv.test.ts
and pool.test.ts. Each case names an op of the table and the attrs the engine
op takes, its inputs (dtype, shape, exact row-major values, and whether the
tensor is laid out transposed: built as the transpose of a contiguous tensor,
so it is not contiguous), and what PyTorch returned: each output's dtype,
shape and values, and for differentiable cases every floating input's gradient
for a fixed upstream gradient of output 0.

Inputs are multiples of 1/64 so that every dtype holds them exactly. The
recorder runs PyTorch 1.13; grad_fn names (which changed in 2.x for some of
these ops) and error messages are checked by hand in the tests, from the
PyTorch 2.11 goldens.
"""

import json
import math
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures'))
from torch_json import enc, flat  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "linalg.fixtures.json")
CASES = []
gen = torch.Generator().manual_seed(4321)


def rand(*shape, dtype=torch.float32, low=-2.0, high=2.0):
    t = torch.rand(tuple(shape), generator=gen, dtype=torch.float64) * (high - low) + low
    return (torch.round(t * 64) / 64).to(dtype)


def spec(t, transposed):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape), "values": flat(t), "transposed": transposed}


def case(name, op, attrs, inputs, fn, transposed=()):
    """inputs: contiguous tensors (their logical values); those listed in `transposed` are laid out transposed."""
    laid = []
    for i, t in enumerate(inputs):
        if i in transposed:
            t = t.transpose(-1, -2).contiguous().transpose(-1, -2)
            assert not t.is_contiguous()
        laid.append(t.clone().requires_grad_(t.is_floating_point()) if t.is_floating_point() else t)
    out = fn(*laid)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    entry = {
        "name": name,
        "op": op,
        "attrs": attrs,
        "inputs": [spec(t, i in transposed) for i, t in enumerate(inputs)],
        "outputs": [{"dtype": str(o.dtype).replace("torch.", ""), "shape": list(o.shape), "values": flat(o)} for o in outs],
    }
    if outs[0].requires_grad:
        up = rand(*outs[0].shape, dtype=outs[0].dtype)
        grads = torch.autograd.grad(outs[0], [t for t in laid if t.requires_grad], up, allow_unused=True)
        it = iter(grads)
        values = []
        for t in laid:
            g = next(it) if t.requires_grad else None
            values.append(None if g is None else flat(g))
        entry["grad"] = {"upstream": flat(up), "values": values}
    CASES.append(entry)


f32, f64, i64 = torch.float32, torch.float64, torch.int64

# ---- matrix products --------------------------------------------------------
case("mm", "mm", {}, [rand(3, 4), rand(4, 5)], torch.mm)
case("mm float64 transposed", "mm", {}, [rand(5, 4, dtype=f64), rand(4, 3, dtype=f64)], torch.mm, transposed=(0, 1))
case("mm larger (SIMD tiles and edges)", "mm", {}, [rand(13, 40), rand(40, 11)], torch.mm, transposed=(1,))
case("mm int64", "mm", {}, [rand(3, 4).mul(64).to(i64), rand(4, 2).mul(64).to(i64)], torch.mm)
case("mm empty inner", "mm", {}, [rand(2, 0), rand(0, 3)], torch.mm)
case("bmm", "bmm", {}, [rand(2, 3, 4), rand(2, 4, 5)], torch.bmm, transposed=(1,))
case("mv", "mv", {}, [rand(3, 4), rand(4)], torch.mv, transposed=(0,))
case("dot", "dot", {}, [rand(6, dtype=f64), rand(6, dtype=f64)], torch.dot)
case("addmm", "addmm", {"beta": 1, "alpha": 1}, [rand(5), rand(3, 4), rand(4, 5)], torch.addmm)
case("addmm beta alpha", "addmm", {"beta": 0.5, "alpha": -2}, [rand(3, 5), rand(3, 4), rand(4, 5)],
     lambda s, a, b: torch.addmm(s, a, b, beta=0.5, alpha=-2), transposed=(1,))
for sa, sb in [((4,), (4,)), ((3, 4), (4,)), ((4,), (4, 2)), ((3, 4), (4, 2)), ((2, 3, 4), (4, 2)),
               ((2, 3, 4), (4,)), ((3, 4), (2, 4, 2)), ((4,), (2, 4, 3)), ((2, 3, 4), (2, 4, 2)),
               ((2, 1, 3, 4), (3, 4, 2)), ((1, 3, 4), (2, 4, 2))]:
    case(f"matmul {list(sa)} @ {list(sb)}", "matmul", {}, [rand(*sa), rand(*sb)], torch.matmul)
case("matmul int64 batch", "matmul", {}, [rand(2, 2, 3).mul(64).to(i64), rand(3, 2).mul(64).to(i64)], torch.matmul)
case("linear 2-D", "linear", {}, [rand(4, 3), rand(5, 3), rand(5)], F.linear)
case("linear 1-D", "linear", {}, [rand(3), rand(5, 3), rand(5)], F.linear)
case("linear 3-D", "linear", {}, [rand(2, 4, 3), rand(5, 3), rand(5)], F.linear)
case("linear 3-D non-contiguous", "linear", {}, [rand(2, 4, 3), rand(5, 3), rand(5)], F.linear, transposed=(0,))
case("linear no bias", "linear", {}, [rand(4, 3), rand(5, 3)], F.linear)

# ---- convolution --------------------------------------------------------------


def conv_attrs(stride=(1, 1), padding=(0, 0), dilation=(1, 1), groups=1):
    return {"stride": list(stride), "padding": list(padding), "dilation": list(dilation), "transposed": False,
            "outputPadding": [0, 0], "groups": groups}


def conv_case(name, x, w, b, transposed=(), **kw):
    attrs = conv_attrs(**kw)
    inputs = [x, w] + ([b] if b is not None else [])
    fn = lambda *ts: F.conv2d(ts[0], ts[1], ts[2] if len(ts) > 2 else None, kw.get("stride", 1), kw.get("padding", 0),
                              kw.get("dilation", 1), kw.get("groups", 1))
    case(name, "convolution", attrs, inputs, fn, transposed)


conv_case("conv", rand(2, 3, 6, 5), rand(4, 3, 3, 3), rand(4))
conv_case("conv stride padding dilation", rand(1, 2, 7, 8), rand(3, 2, 3, 2), rand(3), stride=(2, 3), padding=(2, 1), dilation=(2, 1))
conv_case("conv groups", rand(2, 4, 5, 5), rand(6, 2, 3, 3), rand(6), groups=2, padding=(1, 1))
conv_case("conv depthwise no bias", rand(1, 3, 6, 6), rand(3, 1, 3, 3), None, groups=3, stride=(2, 2))
conv_case("conv 1x1 non-contiguous", rand(2, 3, 4, 5), rand(2, 3, 1, 1), rand(2), transposed=(0,))
conv_case("conv float64 padding", rand(1, 3, 9, 8, dtype=f64), rand(5, 3, 5, 4, dtype=f64), rand(5, dtype=f64), padding=(1, 2))
conv_case("conv many output channels", rand(1, 2, 8, 8), rand(20, 2, 5, 5), rand(20))
case("conv2d unbatched same", "conv2d", {"stride": [1], "padding": "same", "dilation": [1], "groups": 1},
     [rand(2, 5, 5), rand(3, 2, 3, 3), rand(3)], lambda x, w, b: F.conv2d(x, w, b, padding="same"))
case("conv2d valid stride", "conv2d", {"stride": [2], "padding": "valid", "dilation": [1], "groups": 1},
     [rand(1, 2, 7, 7), rand(3, 2, 3, 3)], lambda x, w: F.conv2d(x, w, None, stride=2, padding="valid"))

# ---- pooling ------------------------------------------------------------------


def max_attrs(k, stride=(), padding=(0, 0), dilation=(1, 1), ceil=False):
    return {"kernelSize": list(k), "stride": list(stride), "padding": list(padding), "dilation": list(dilation), "ceilMode": ceil}


def max_case(name, x, k, transposed=(), **kw):
    attrs = max_attrs(k, **kw)
    fn = lambda t: F.max_pool2d(t, k, kw.get("stride") or None, kw.get("padding", 0), kw.get("dilation", 1),
                                kw.get("ceil", False), return_indices=True)
    case(name, "max_pool2d_with_indices", attrs, [x], fn, transposed)


max_case("max_pool2d", rand(2, 3, 6, 6), (2, 2))
max_case("max_pool2d 3-D stride padding", rand(2, 7, 6), (3, 3), stride=(2, 1), padding=(1, 1))
max_case("max_pool2d dilation ceil", rand(1, 2, 9, 8), (3, 2), stride=(2, 2), dilation=(2, 1), ceil=True)
max_case("max_pool2d ceil padding", rand(1, 1, 5, 5), (2, 2), padding=(1, 1), ceil=True)
max_case("max_pool2d non-contiguous", rand(1, 2, 6, 5), (2, 2), transposed=(0,))
ties = torch.tensor([[[[1.0, 1.0, 2.0, 2.0], [1.0, 1.0, 2.0, float("nan")], [0.0, -1.0, 5.0, 5.0], [-1.0, 0.0, 5.0, 5.0]]]])
max_case("max_pool2d ties and NaN", ties, (2, 2))
max_case("max_pool2d larger", rand(1, 3, 12, 12), (2, 2))
max_case("max_pool2d 2x2 dilated ceil", rand(1, 2, 7, 6), (2, 2), dilation=(2, 1), ceil=True)
max_case("max_pool2d 2x2 ceil", rand(1, 2, 5, 7), (2, 2), ceil=True)


def avg_attrs(k, stride=(), padding=(0, 0), ceil=False, include=True, divisor=None):
    return {"kernelSize": list(k), "stride": list(stride), "padding": list(padding), "ceilMode": ceil,
            "countIncludePad": include, "divisorOverride": divisor}


def avg_case(name, x, k, transposed=(), **kw):
    attrs = avg_attrs(k, **kw)
    fn = lambda t: F.avg_pool2d(t, k, kw.get("stride") or None, kw.get("padding", 0), kw.get("ceil", False),
                                kw.get("include", True), kw.get("divisor"))
    case(name, "avg_pool2d", attrs, [x], fn, transposed)


avg_case("avg_pool2d", rand(2, 3, 6, 6), (2, 2))
avg_case("avg_pool2d padding counted", rand(1, 2, 5, 5), (3, 3), stride=(2, 2), padding=(1, 1))
avg_case("avg_pool2d padding not counted", rand(1, 2, 5, 5), (3, 3), stride=(2, 2), padding=(1, 1), include=False)
avg_case("avg_pool2d ceil", rand(2, 5, 7), (2, 3), stride=(2, 2), padding=(1, 1), ceil=True)
avg_case("avg_pool2d ceil not counted", rand(1, 1, 5, 5), (2, 2), padding=(1, 1), ceil=True, include=False)
avg_case("avg_pool2d divisor_override", rand(1, 2, 4, 6), (2, 3), divisor=4)
avg_case("avg_pool2d non-contiguous", rand(1, 2, 6, 5), (2, 2), transposed=(0,))

for size, shape in [((3, 2), (2, 2, 5, 7)), ((4, 4), (2, 6, 5)), ((2, 5), (1, 3, 7, 7))]:
    case(f"adaptive_avg_pool2d {list(size)}", "_adaptive_avg_pool2d", {"outputSize": list(size)}, [rand(*shape)],
         lambda t: F.adaptive_avg_pool2d(t, size))
case("adaptive_avg_pool2d 1x1 (mean)", "adaptive_avg_pool2d", {"outputSize": [1, 1]}, [rand(2, 3, 4, 5)],
     lambda t: F.adaptive_avg_pool2d(t, 1))
case("adaptive_avg_pool2d None", "adaptive_avg_pool2d", {"outputSize": [None, 2]}, [rand(1, 2, 3, 5)],
     lambda t: F.adaptive_avg_pool2d(t, (None, 2)))

with open(OUT, "w") as f:
    f.write('{\n "torch_version": %s,\n "cases": [\n' % json.dumps(torch.__version__))
    f.write(",\n".join("  " + json.dumps(c, separators=(",", ":")) for c in CASES))
    f.write("\n ]\n}\n")
print(f"wrote {len(CASES)} cases to {OUT}")
