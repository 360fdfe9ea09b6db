"""Record PyTorch's tensor reprs (and Python's float formatting) as fixtures.

Run with a Python that has torch:
    /usr/bin/python3 engine/format/record_repr_fixtures.py

Writes engine/format/repr.fixtures.json, read by engine/format/repr.test.ts.
Each tensor case stores the tensor's dtype, shape, exact row-major values
(only the shown ones for summarised tensors: see shown_ranges), autograd state
and the print options in force, plus the expected repr(t).
Values that JSON cannot hold are strings: "nan", "inf", "-inf", "-0".

Cases tagged with a conformance case name ("repr_002_floats_1d", ...) mirror
tensors printed by the conformance cases (test/conformance/cases); the test also checks that
their expected strings occur in the PyTorch 2.11 golden transcripts.

Known 1.13 vs 2.x difference: with edgeitems=0, 2.x prints "[...]" while 1.13
prints every element of a 1-D tensor (and fails on n-D); no case here uses
edgeitems=0 (repr.test.ts checks the 2.x behaviour by hand).
"""

import json
import math
import os
import random
import sys

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures'))
import torch_json  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "repr.fixtures.json")

nan, inf = float("nan"), float("inf")



def enc(v):
    return torch_json.enc(v, signed_zero=True)

def flat(t):
    data = t.detach().reshape(-1).tolist()
    return [enc(v) for v in data]


# (name, setup statements, expression, print options, conformance tag)
CASES = []


def case(name, expr, setup="", opts=None, tag=None, default_dtype=None, kind="tensor"):
    CASES.append(dict(name=name, expr=expr, setup=setup, opts=opts, tag=tag,
                      default_dtype=default_dtype, kind=kind))


# --- mirrors of the public conformance cases (PyTorch 2.11 goldens) ---------
for v in ("3", "3.0", "3.5", "-0.0", "True", "1e-5", "1e10", "123456.0", "0.1", "-2.25",
          "1e-8", "1e8", "99999.0", "100000.0", "nan", "inf", "-inf"):
    case(f"scalar {v}", f"torch.tensor({v})", tag="repr_001_scalars")
for e in ("[1.0, 2.0, 3.0]", "[1.5, 2.25]", "[0.1, 0.2]", "[-1.5, 2.0, 10.25]", "[1.0, -1.0]",
          "[100.0, 2.0]", "[0.12345678]", "[1.23456, 12.3456, 123.456]", "[0.5]", "[-0.5, 0.25]"):
    case(f"floats {e}", f"torch.tensor({e})", tag="repr_002_floats_1d")
for e in ("[1e-5, 1.0]", "[1e8, 1.0]", "[1e9]", "[0.0001]", "[12345.678]", "[1e-4, 1.0]",
          "[1000.0, 1.0]", "[1001.0, 1.0]", "[0.00012, 123.4]", "[1e16]", "[1e4, 2e4]",
          "[-1e-6, 5e-7]", "[[1e-10, 1.0], [2.0, 3.0]]", "1e-30"):
    case(f"sci {e}", f"torch.tensor({e})", tag="repr_004_scientific_notation")
for e in ("torch.tensor([1, -20, 300])", "torch.tensor([[1, 2], [30, -4]])",
          "torch.tensor([1000000000, 1])", "torch.tensor([0, 0])", "torch.tensor([-5])",
          "torch.tensor([2**40, -(2**40)])", "torch.tensor([[7]])",
          "torch.tensor([1, 2], dtype=torch.int32)", "torch.tensor([1, 2], dtype=torch.int8)",
          "torch.tensor([1, 2], dtype=torch.uint8)", "torch.tensor([1, 2], dtype=torch.int16)"):
    case(f"ints {e}", e, tag="repr_005_integers")
for e in ("torch.tensor([nan, inf, -inf, 1.5])", "torch.tensor([nan, 1.0])",
          "torch.tensor([inf, 2.0])", "torch.tensor([nan])",
          "torch.tensor([[nan, 1e-5], [inf, 100.0]])", "torch.tensor([inf, -inf])",
          "torch.tensor([nan, nan]).sum()", "torch.tensor([inf, -inf]).sum()",
          "torch.tensor([1.0, 2.0]).log() - torch.tensor([0.0, float('inf')])"):
    case(f"nan/inf {e}", e, tag="repr_007_nan_inf")
GRAD_X = "x = torch.tensor([1.0, 2.0], requires_grad=True)"
for e in ("x", "x * 2", "x.sum()", "x.mean()", "x.view(2, 1)", "x[0]", "x[1:]", "x.exp()",
          "x + x", "torch.tensor(2.0, requires_grad=True)",
          "torch.nn.functional.mse_loss(x, torch.tensor([0.5, 2.5]))", "x.detach()"):
    case(f"grad {e}", e, setup=GRAD_X, tag="repr_008_requires_grad_and_grad_fn")
for e in ("torch.arange(2000)", "torch.arange(1001)", "torch.arange(2000.0)",
          "torch.linspace(0, 1, 5000)", "torch.ones(1500, dtype=torch.bool)"):
    case(f"large {e}", e, tag="repr_010_large_1d_summarized")
for e in ("torch.arange(100)", "torch.arange(30.0) / 7", "torch.linspace(0, 1, 30)",
          "torch.arange(1000)[-5:]"):
    case(f"wrap {e}", e, tag="repr_011_medium_1d_wrapping")
for e in ("torch.arange(24).view(2, 3, 4)", "torch.arange(16.0).view(2, 2, 2, 2)",
          "torch.zeros(1, 1, 2)", "torch.zeros(2, 1, 1)"):
    case(f"nd {e}", e, tag="repr_013_three_and_four_dims")
for e in ("torch.tensor([])", "torch.zeros(0, 3)", "torch.zeros(2, 0, 1)",
          "torch.tensor([], dtype=torch.int64)", "torch.tensor([], dtype=torch.float64)",
          "torch.zeros(0, requires_grad=True)", "torch.ones(0, dtype=torch.bool)"):
    case(f"empty {e}", e, tag="repr_014_empty_tensors")
for e in ("torch.tensor(1)", "torch.tensor(2.5)", "torch.tensor([1])", "torch.tensor([True])",
          "torch.tensor(1.0)"):
    case(f"container {e}", e, tag="repr_016_size_dtype_device_containers")
for e in ("torch.tensor(2.5)", "torch.tensor([1.0, 2.0])", "torch.tensor([1])"):
    case(f"format {e}", e, tag="repr_017_format_spec")
for e in ("torch.tensor([1e-4])", "torch.tensor([1.0001e-4])", "torch.tensor([0.001, 0.01])",
          "torch.tensor([0.0001], dtype=torch.float64)", "torch.tensor([0.00015, 0.1])",
          "torch.tensor([1.0, 0.5, 0.25, 0.125, 0.0625])"):
    case(f"boundary {e}", e, tag="repr_019_boundary_1e-4")
for e in ("torch.tensor([[True, False], [False, True]])", "torch.eye(3) > 0",
          "torch.arange(12).view(3, 4) - 5", "torch.arange(6).view(2, 3) * 1000",
          "torch.tensor([[1, -1], [100, 0]], dtype=torch.int32)"):
    case(f"2d {e}", e, tag="repr_020_bool_and_int_2d")
SCI_X = ("x = torch.tensor([[[1e-5, 1.0], [2.0, 3.0]], [[4.0, 5.0], [6.0, 1e5]]], "
         "requires_grad=True)")
for e in ("x * 1", "x.sum(dim=0)", "torch.tensor([[1e6, 2e6]], requires_grad=True).mean()"):
    case(f"sci3d {e}", e, setup=SCI_X, tag="repr_022_sci_mode_3d_and_grad_fn")
for e in ("torch.arange(20.0) * 1.5", "torch.arange(40) * 100", "torch.tensor([[1.5] * 12])",
          "torch.arange(12.0).view(1, 12) / 3"):
    case(f"linewidth {e}", e, tag="repr_023_linewidth_float_wrap")
for e in ("torch.tensor(1, dtype=torch.float16)",
          "torch.tensor([0.1, 1000.0], dtype=torch.float16)",
          "torch.tensor([1 / 3], dtype=torch.float64)",
          "torch.tensor(65504.0, dtype=torch.float16) * 2"):
    case(f"half/double {e}", e, tag="dtype_010_half_and_float64_repr")

# --- every dtype: 1-D, 0-dim, negatives -----------------------------------------
for dt in ("float32", "float64", "float16"):
    for vals in ("[1.5, -2.25, 0.0]", "[1.0, 2.0]", "[-1.0, 10.0, -100.0]", "[1e-5, 1.0]",
                 "[0.1, 0.2, 0.3]", "[65000.0, -0.001]", "[3.14159]", "[1e4, 1e-4]"):
        case(f"{dt} {vals}", f"torch.tensor({vals}, dtype=torch.{dt})")
    for v in ("0.0", "-0.0", "1.0", "-2.5", "1e-6", "12345.6789", "nan", "-inf", "0.1"):
        case(f"{dt} 0-dim {v}", f"torch.tensor({v}, dtype=torch.{dt})")
for dt in ("int8", "int16", "int32", "int64", "uint8"):
    for vals in ("[1, 2, 3]", "[0, 100, 7]", "[[1, 22], [123, 4]]", "[5]"):
        case(f"{dt} {vals}", f"torch.tensor({vals}, dtype=torch.{dt})")
    case(f"{dt} 0-dim", f"torch.tensor(7, dtype=torch.{dt})")
for dt in ("int8", "int16", "int32", "int64"):
    case(f"{dt} negatives", f"torch.tensor([-1, 10, -100], dtype=torch.{dt})")
case("int8 extremes", "torch.tensor([-128, 127], dtype=torch.int8)")
case("int16 extremes", "torch.tensor([-32768, 32767], dtype=torch.int16)")
case("int32 extremes", "torch.tensor([-2147483648, 2147483647], dtype=torch.int32)")
case("int64 large", "torch.tensor([2**53, -(2**62), 12])")
case("uint8 255", "torch.tensor([0, 255], dtype=torch.uint8)")
case("bool 1-D", "torch.tensor([True, False, True])")
case("bool all true", "torch.tensor([True, True])")
case("bool all false", "torch.tensor([False])")
case("bool 0-dim false", "torch.tensor(False)")
case("bool 3-D", "torch.arange(12).view(2, 3, 2) % 3 == 0")

# --- empty tensors of many shapes and dtypes -------------------------------------
for shape in ("(0,)", "(0, 3)", "(3, 0)", "(2, 0, 1)", "(0, 0)", "(1, 0, 2, 3)"):
    for dt in ("float32", "float64", "float16", "int64", "int32", "uint8", "bool"):
        case(f"empty {shape} {dt}", f"torch.zeros({shape}, dtype=torch.{dt})")
case("empty requires_grad 2-D", "torch.zeros(0, 4, requires_grad=True)")
case("empty grad_fn", "torch.zeros(0, 3, requires_grad=True) * 2")

# --- seeded random tensors of 1 to 4 dims ------------------------------------------
for i, shape in enumerate(("5", "3, 4", "2, 3, 4", "2, 2, 2, 3", "1, 6", "6, 1", "4, 1, 3")):
    case(f"randn ({shape})", f"torch.randn({shape})", setup=f"torch.manual_seed({i})")
    case(f"randn*100 ({shape})", f"torch.randn({shape}) * 100", setup=f"torch.manual_seed({i})")
    case(f"randint ({shape})", f"torch.randint(-50, 50, ({shape},))",
         setup=f"torch.manual_seed({i})")
    case(f"randn f64 ({shape})", f"torch.randn({shape}, dtype=torch.float64)",
         setup=f"torch.manual_seed({i})")
case("rand small", "torch.rand(3, 3) * 1e-3", setup="torch.manual_seed(7)")
case("rand tiny", "torch.rand(4) * 1e-6", setup="torch.manual_seed(8)")
case("rand huge", "torch.rand(4) * 1e9", setup="torch.manual_seed(9)")

# --- big, summarised ---------------------------------------------------------------
for e in ("torch.randn(2000)", "torch.ones(1, 2000)", "torch.randn(50, 50, 3)",
          "torch.arange(10000).view(10, 10, 10, 10)", "torch.randn(40, 40)",
          "torch.randn(3, 400)", "torch.randn(400, 3)", "torch.arange(1001.0)",
          "torch.randn(7, 7, 7, 7)", "torch.arange(2000).view(2, 1000)",
          "torch.randn(1001) * 1e-5", "torch.zeros(2000)",
          "torch.arange(1100, dtype=torch.int32)", "torch.arange(6000.0).view(6, 1000) - 3000",
          "torch.randn(1002, 1)", "torch.full((30, 40), float('nan'))"):
    case(f"big {e}", e, setup="torch.manual_seed(11)")

# --- scientific-mode decisions ---------------------------------------------------------
for e in ("[1e-5, 1.0]", "[1e-3, 10.0]", "[0.001, 1.5]", "[1e5, 1.5]", "[123456789.0, 1.0]",
          "[1e8, 1.5]", "[1.5e8]", "[1.0001e-4]", "[9.9999e-5]", "[1000.0, 1.0]",
          "[1001.0, 1.0]", "[1e8]", "[1.00000008e8]", "[2e8]", "[1e9, 1e-9]", "[0.5, 500.0]",
          "[0.5, 500.5]", "[0.5, 501.0]", "[1e30, -1e-30]", "[3.4e38, 1.0]", "[1e-45, 1.0]",
          "[123.456, -0.0124]", "[-1e-6, 0.0, 1e6]", "[5e-5, 0.0]", "[99999.5, 0.1]",
          "[0.99995, 0.1]", "[0.99994, 0.1]", "[9.99995, 1.0]", "[0.03125, 0.5]",
          "[0.00015625, 1.0]", "[12345.0, 1.5]", "[12345.0, 12.5]"):
    case(f"sci-choice {e}", f"torch.tensor({e})")
    case(f"sci-choice f64 {e}", f"torch.tensor({e}, dtype=torch.float64)")

# --- integer-valued floats --------------------------------------------------------------
for e in ("[1.0, 2.0, 3.0]", "[100.0, -5.0]", "[-1.0, -10.0, -100.0]", "[0.0, 1.0]",
          "[1e7, 1.0]", "[99999999.0]", "[1e8, 1e6]", "[123456.0, 1000.0]", "[[2.0, 40.0], [600.0, 8.0]]",
          "[-0.0, 3.0]", "[4096.0, 4.0]"):
    case(f"int-mode {e}", f"torch.tensor({e})")

# --- nan / inf / zero mixtures ------------------------------------------------------
for e in ("[nan, 0.0]", "[0.0, -0.0]", "[-0.0]", "[0.0, 0.0, 0.0]", "[inf]", "[-inf, 1.0]",
          "[nan, inf, -inf]", "[nan, 1e-5]", "[inf, 1.5, -2.5]", "[nan, 100.0, -1.0]",
          "[[nan, 1.0], [2.0, inf]]", "[-inf, 1e10]", "[nan, -0.0, 2.5]", "[-0.0, 0.5]",
          "[-0.0, 1e-5]", "[-0.0, 1e9]", "[inf, 0.0]"):
    case(f"special {e}", f"torch.tensor({e})")
    case(f"special f16 {e}", f"torch.tensor({e}, dtype=torch.float16)")

# --- negative alignment -------------------------------------------------------------------
for e in ("torch.tensor([-1.0, 10.0])", "torch.tensor([-1.5, 100.25])",
          "torch.tensor([[-1, 2], [3, -400]])", "torch.tensor([-1e-5, 1.0])",
          "torch.tensor([[-0.5, 0.5], [5.5, -55.5]])", "-torch.arange(12.0).view(3, 4)",
          "torch.tensor([[-1000000, 1], [1, 1]])"):
    case(f"negative {e}", e)

# --- autograd suffixes -------------------------------------------------------------------
GRAD_SETUP = ("torch.manual_seed(3); a = torch.randn(3, 4, requires_grad=True); "
              "b = torch.tensor([1.0, 2.0, 3.0], requires_grad=True); "
              "d = torch.tensor([1.0, 2.0], dtype=torch.float64, requires_grad=True)")
for e in ("a", "a * 2", "a + 1", "a.sum()", "a.mean()", "a.t()", "a @ a.t()", "a.view(12)",
          "a[0]", "a[:, 1]", "a.relu()", "a.sigmoid()", "a.tanh()", "b.pow(2)", "b / 3",
          "b - 1", "-b", "b.exp()", "b.log()", "b.sqrt()", "d", "d * 2", "d.sum()",
          "b.unsqueeze(0)", "a.reshape(2, 6)", "a.max()", "b.clone()", "b.abs()",
          "a.softmax(dim=1)", "torch.arange(20.0, requires_grad=True)",
          "torch.arange(20.0, requires_grad=True) * 1",
          "torch.arange(20.0, dtype=torch.float64, requires_grad=True) * 1",
          "torch.arange(13.0, requires_grad=True) * 1",
          "torch.arange(12.0, requires_grad=True) / 7 + 1",
          "torch.arange(10.0, dtype=torch.float64, requires_grad=True) / 7 + 1",
          "torch.arange(1500.0, requires_grad=True)",
          "torch.randn(5, 9, requires_grad=True) * 1",
          "torch.randn(2, 2, 20, requires_grad=True).sum(0)"):
    case(f"autograd {e}", e, setup=GRAD_SETUP)

# --- line wrapping ----------------------------------------------------------------------
for e in ("torch.arange(30.0) / 7", "torch.arange(50)", "torch.arange(26) * 1000",
          "torch.randn(3, 20)", "torch.randn(2, 2, 15)", "torch.arange(60.0).view(2, 30)",
          "torch.arange(17.0) * 1e-5", "torch.ones(40, dtype=torch.bool)",
          "torch.arange(100, dtype=torch.int8)", "torch.randn(24, dtype=torch.float64)"):
    case(f"wrapping {e}", e, setup="torch.manual_seed(5)")

# --- print options -----------------------------------------------------------------------
OPT_EXPRS = ("torch.tensor([1.12345, 2.5])", "torch.tensor([1e-5, 1e3])",
             "torch.tensor([1.0, 2.0])", "torch.arange(10)", "torch.randn(4, 5)",
             "torch.arange(30.0) / 7", "torch.tensor([0.0, 0.0])", "torch.tensor([123456.0])",
             "torch.tensor(3.14159)", "torch.tensor([0.03125, 0.5])",
             "torch.tensor([nan, 1.5, inf])", "torch.tensor([1e10, 1.0])")
OPTIONS = ({"precision": 2}, {"precision": 0}, {"precision": 1}, {"precision": 6},
           {"precision": 10}, {"sci_mode": False}, {"sci_mode": True}, {"threshold": 5},
           {"threshold": 5, "edgeitems": 1}, {"edgeitems": 1, "threshold": 10},
           {"edgeitems": 5, "threshold": 20}, {"linewidth": 40}, {"linewidth": 120},
           {"linewidth": 10}, {"profile": "short"}, {"profile": "full"},
           {"precision": 3, "sci_mode": False}, {"precision": 2, "sci_mode": True})
for opts in OPTIONS:
    for e in OPT_EXPRS:
        case(f"opts {opts} {e}", e, setup="torch.manual_seed(2)", opts=opts)
for opts in ({"edgeitems": 1}, {"edgeitems": 5}, {"profile": "short"}, {"precision": 2},
             {"linewidth": 40}, {"threshold": 1500}):
    case(f"opts {opts} big", "torch.arange(1200.0) / 3", opts=opts)
case("opts full 1200", "torch.arange(1200.0)", opts={"profile": "full"})
case("opts short 3-D big", "torch.randn(10, 10, 20)", setup="torch.manual_seed(2)",
     opts={"profile": "short"})
case("opts sci False tiny", "torch.tensor([1e-9, 1.0])", opts={"sci_mode": False})
case("opts sci False huge", "torch.tensor([1e30, 1.0])", opts={"sci_mode": False})
case("opts sci False int huge", "torch.tensor([1e25, 3.0])", opts={"sci_mode": False})
case("opts linewidth grad", "torch.arange(8.0, requires_grad=True) * 1", opts={"linewidth": 40})
case("opts linewidth dtype", "torch.arange(8.0, dtype=torch.float64)", opts={"linewidth": 40})

# --- default dtype float64 ---------------------------------------------------------------
for e in ("torch.tensor([1.5, 2.0])", "torch.tensor([1.5], dtype=torch.float32)",
          "torch.tensor([], dtype=torch.float32)", "torch.tensor([])",
          "torch.zeros(0, 2, dtype=torch.float32)", "torch.tensor(2.0, dtype=torch.float32)",
          "torch.tensor([1, 2])"):
    case(f"default f64 {e}", e, default_dtype="float64")

# --- nn.Parameter: 'Parameter containing:\n' + repr(tensor) ------------------------
for e in ("torch.nn.Parameter(torch.tensor([1.0, 2.0]))",
          "torch.nn.Parameter(torch.arange(6.0).view(2, 3) / 7)",
          "torch.nn.Parameter(torch.arange(20.0))",
          "torch.nn.Parameter(torch.tensor([1.0, 2.0]), requires_grad=False)"):
    case(f"parameter {e}", e, kind="parameter")


# Summarised tensors store only the values a summary shows (found with PyTorch's
# own get_summarized_data on an index tensor), as "shown": [[start, stop], ...]
# flat index ranges; the test fills every other element with FILL. FILL is a
# non-integral value above 1e8, so an implementation that looked at hidden
# elements would switch notation or width and fail.
FILL = -123456789.25


def shown_ranges(t):
    from torch._tensor_str import PRINT_OPTS, get_summarized_data

    n = t.numel()
    if n <= PRINT_OPTS.threshold or n <= 64 or t.dim() == 0:
        return None
    idx = get_summarized_data(torch.arange(n).view(t.shape)).reshape(-1).tolist()
    ranges = []
    for i in idx:
        if ranges and ranges[-1][1] == i:
            ranges[-1][1] = i + 1
        else:
            ranges.append([i, i + 1])
    return ranges


def shown_values(t, ranges):
    data = flat(t)
    return [v for a, b in ranges for v in data[a:b]]


def run_case(c):
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)
    ns = {"torch": torch, "nan": nan, "inf": inf}
    if c["setup"]:
        exec(c["setup"], ns)
    if c["default_dtype"]:
        torch.set_default_dtype(getattr(torch, c["default_dtype"]))
    t = eval(c["expr"], ns)
    if c["opts"]:
        torch.set_printoptions(**c["opts"])
    expected = repr(t)
    shown = shown_ranges(t)
    torch.set_printoptions(profile="default")
    torch.set_default_dtype(torch.float32)
    grad_fn = None if t.grad_fn is None else type(t.grad_fn).__name__
    return {
        "name": c["name"],
        "expr": c["expr"],
        **({"tag": c["tag"]} if c["tag"] else {}),
        **({"options": c["opts"]} if c["opts"] else {}),
        **({"defaultDtype": c["default_dtype"]} if c["default_dtype"] else {}),
        **({"kind": c["kind"]} if c["kind"] != "tensor" else {}),
        "dtype": str(t.dtype).replace("torch.", ""),
        "shape": list(t.shape),
        **({"shown": shown, "fill": FILL} if shown else {}),
        "values": flat(t) if not shown else shown_values(t, shown),
        "requiresGrad": t.requires_grad,
        "isLeaf": t.is_leaf,
        "gradFn": grad_fn,
        "expected": expected,
    }


def number_cases():
    rng = random.Random(1234)
    xs = [0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.03125, 0.0625, 1e-5, 1e-4, 9.9999e-5,
          12345.0, 123456789.0, 1e16, 1e15, 1e21, 1e22, 1e-300, 5e-324, 2.2250738585072014e-308,
          1.7976931348623157e308, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 100.0, 99999.5, 0.99995,
          9.5, 10.5, 0.45, 1.45, 2.675, 1.005, 123.456, -0.000123, 4.35, 1e100, 65504.0,
          float(2 ** 53), float(2 ** 63), -float(2 ** 63), 3.4028234663852886e38]
    for _ in range(200):
        xs.append(rng.uniform(-1, 1) * 10 ** rng.uniform(-12, 12))
    for _ in range(150):
        # float32 values, the usual tensor element
        xs.append(torch.tensor(rng.gauss(0, 1) * 10 ** rng.randint(-8, 8)).item())
    for _ in range(100):
        # dyadic values: the ones where rounding ties can happen
        xs.append(rng.randint(-10 ** 6, 10 ** 6) / 2 ** rng.randint(0, 12))
    for _ in range(50):
        xs.append(float(rng.randint(-10 ** 9, 10 ** 9)))
    for _ in range(50):
        xs.append(rng.uniform(-1, 1) * 10 ** rng.uniform(-320, 308))
    fixed, expo = [], []
    for i, x in enumerate(xs):
        for p in (0, 2, 4, 10) if i % 3 else (1, 3, 4, 17):
            if abs(x) < 1e40 or p < 5:
                fixed.append([enc(x), p, format(x, f".{p}f")])
            expo.append([enc(x), p, format(x, f".{p}e")])
    reprs = [[enc(x), repr(x)] for x in xs]
    return {"fixed": fixed, "exp": expo, "repr": reprs}


def main():
    cases = [run_case(c) for c in CASES]
    names = [c["name"] for c in cases]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        sys.exit(f"duplicate case names: {sorted(dup)}")
    data = {
        "torch_version": torch.__version__,
        "python_version": sys.version.split()[0],
        "tensors": cases,
        "numbers": number_cases(),
    }
    # One case (or one number triple) per line: compact, yet diffs stay readable.
    def lines(items):
        return ",\n".join("  " + json.dumps(x, separators=(",", ":")) for x in items)

    with open(OUT, "w") as f:
        f.write("{\n")
        f.write(f' "torch_version": {json.dumps(data["torch_version"])},\n')
        f.write(f' "python_version": {json.dumps(data["python_version"])},\n')
        f.write(' "tensors": [\n' + lines(data["tensors"]) + "\n ],\n")
        f.write(' "numbers": {\n')
        parts = [f'  "{k}": [\n' + lines(v) + "\n  ]" for k, v in data["numbers"].items()]
        f.write(",\n".join(parts) + "\n }\n}\n")
    print(f"wrote {len(cases)} tensor cases to {OUT}")


if __name__ == "__main__":
    main()
