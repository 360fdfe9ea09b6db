"""Record PyTorch's torch.nn.functional ops (losses, activations, dropout,
batch_norm, embedding, one_hot) as fixtures.

Run with a Python that has torch:
    /usr/bin/python3 engine/ops/record_nn_fixtures.py

Writes engine/ops/nn.fixtures.json, read by engine/ops/nn_fixtures.test.ts.
Each case calls `torch.nn.functional.<fn>` with tensors (positional first,
then keyword tensors) and keyword arguments, and stores:

- the inputs: dtype, shape, exact row-major values, whether laid out
  transposed (the transpose of a contiguous tensor), whether they require grad;
- the output: dtype, shape, strides, values, grad_fn name, and the graph below it
  (node names, AccumulateGrad leaves, down to a few levels);
- the storage bytes of every tensor the grad_fn saved (`_saved_*`);
- the gradients of sum(out * w) for fixed weights w, and where asked the
  double backward: the gradient of sum(grad * v) with create_graph;
- the inputs after the call where the op changes them (running stats,
  in-place dropout, max_norm), and whether the result *is* an input;
- the warnings, or the error (type and first line) instead of a result.

Random cases (dropout) reseed the default generator first; PyTorch builds
without MKL's Intel-only bernoulli path (this one) draw one uniform double per
element, as the engine does.

The recorder runs PyTorch 1.13. Where 2.x differs, either the case is left
out here and the unit tests check the 2.x behaviour by hand (label smoothing's
graph, binary_cross_entropy's target range check, nll_loss of a 1-D input with
a 1-D target), or nn_fixtures.test.ts patches the expectation (TORCH2 there:
smooth_l1_loss with beta=0 is l1_loss, one_hot's and narrow's messages, and
EmbeddingBackward0 no longer saving weight).
Values that JSON cannot hold are strings: "nan", "inf", "-inf".
"""

import json
import math
import os
import sys
import warnings

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'test', 'fixtures'))
from torch_json import enc, flat, dtype_name  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "nn.fixtures.json")

CASES = []


gen = torch.Generator().manual_seed(4321)


def rand(*shape, dtype=torch.float32, low=-2.0, high=2.0):
    """Uniform values rounded to 1/64 steps: exact in every float dtype."""
    t = torch.rand(*shape, generator=gen, dtype=torch.float64) * (high - low) + low
    return (torch.round(t * 64) / 64).to(dtype)


def prob(*shape, dtype=torch.float32):
    return rand(*shape, dtype=dtype, low=0.05, high=0.95)


def idx(values, dtype=torch.int64):
    return torch.tensor(values, dtype=dtype)


def T(t):
    """Lay the input out transposed (last two dims swapped in memory)."""
    return ("T", t)


def weights(n, dtype):
    return ((torch.arange(n, dtype=torch.float64) % 5 - 1.5) / 2).to(dtype)


def second_weights(n, dtype):
    return (torch.arange(n, dtype=torch.float64).sin()).to(dtype)


def case(name, fn, tensors, kwargs=None, pos=None, grad=(), gradgrad=False, seed=None, after=(), graph=True, saved=True):
    """tensors: list of (argname, tensor | T(tensor)); the first `pos` are passed positionally."""
    CASES.append(dict(name=name, fn=fn, tensors=tensors, kwargs=kwargs or {}, pos=len(tensors) if pos is None else pos,
                      grad=list(grad), gradgrad=gradgrad, seed=seed, after=list(after), graph=graph, saved=saved))


def node_name(fn):
    return fn.name().replace("torch::autograd::", "")


def graph_of(fn, depth=4):
    if fn is None:
        return None
    name = node_name(fn)
    if depth == 0 or not fn.next_functions:
        return name
    kids = [graph_of(f, depth - 1) for f, _ in fn.next_functions if f is not None]
    return name + ("(" + ", ".join(kids) + ")" if kids else "")


def saved_bytes(fn):
    out = []
    for a in dir(fn):
        if not a.startswith("_saved_"):
            continue
        try:
            v = getattr(fn, a)
        except Exception:
            continue
        vals = v if isinstance(v, (tuple, list)) else [v]
        for t in vals:
            if isinstance(t, torch.Tensor):
                out.append(t.storage().nbytes())
    return sorted(out)


def spec_of(name, t, transposed, requires_grad):
    return dict(name=name, dtype=dtype_name(t.dtype), shape=list(t.shape), values=flat(t), transposed=transposed,
                requiresGrad=requires_grad)


def run_case(c):
    names, leaves, specs = [], [], []
    for name, item in c["tensors"]:
        transposed = isinstance(item, tuple)
        t = item[1] if transposed else item
        rg = name in c["grad"]
        specs.append(spec_of(name, t, transposed, rg))
        leaf = t.detach().clone()
        if transposed:
            leaf = leaf.transpose(-1, -2).contiguous().transpose(-1, -2)
        if rg:
            leaf.requires_grad_()
        names.append(name)
        leaves.append(leaf)
    rec = dict(name=c["name"], fn=c["fn"], kwargs=c["kwargs"], pos=c["pos"], inputs=specs, seed=c["seed"])
    args = leaves[: c["pos"]]
    kw = dict(c["kwargs"])
    for name, leaf in zip(names[c["pos"]:], leaves[c["pos"]:]):
        kw[name] = leaf
    if c["seed"] is not None:
        torch.manual_seed(c["seed"])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            out = getattr(F, c["fn"])(*args, **kw)
        except Exception as e:  # noqa: BLE001
            rec["error"] = dict(type=type(e).__name__, message=str(e).split("\n")[0])
            out = None
    rec["warnings"] = [f"{w.category.__name__}: {str(w.message).splitlines()[0]}" for w in caught]
    if out is None:
        return rec
    rec["isInput"] = next((i for i, l in enumerate(leaves) if out is l), None)
    rec["output"] = dict(dtype=dtype_name(out.dtype), shape=list(out.shape), strides=list(out.stride()), values=flat(out),
                         requiresGrad=out.requires_grad,
                         gradFn=node_name(out.grad_fn) if out.grad_fn is not None else None)
    if c["graph"] and out.grad_fn is not None:
        rec["graph"] = graph_of(out.grad_fn)
    if c["saved"] and out.grad_fn is not None:
        rec["savedBytes"] = saved_bytes(out.grad_fn)
    rec["after"] = {names[i]: flat(leaves[i]) for i in range(len(leaves)) if names[i] in c["after"]}
    diff = [l for l in leaves if l.requires_grad]
    if out.requires_grad and diff:
        w = weights(out.numel(), out.dtype).reshape(out.shape)
        grads = torch.autograd.grad((out * w).sum(), diff, allow_unused=True, create_graph=c["gradgrad"])
        rec["grads"] = [flat(g) if g is not None else None for g in grads]
        if c["gradgrad"]:
            total = sum((g * second_weights(g.numel(), g.dtype).reshape(g.shape)).sum() for g in grads if g is not None)
            if torch.is_tensor(total) and total.requires_grad:
                gg = torch.autograd.grad(total, diff, allow_unused=True)
            else:
                gg = [None] * len(diff)
            rec["gradgrads"] = [flat(g) if g is not None else None for g in gg]
    return rec


# --- activations ---------------------------------------------------------------
def with_kinks(t, values):
    t = t.clone()
    flat_t = t.view(-1)
    for i, v in enumerate(values):
        flat_t[i] = v
    return t


ACTIVATIONS = [
    ("leaky_relu", {"negative_slope": 0.2}, [0.0]),
    ("leaky_relu", {}, []),
    ("elu", {"alpha": 1.5}, [0.0]),
    ("selu", {}, []),
    ("celu", {"alpha": 2.0}, []),
    ("gelu", {}, []),
    ("gelu", {"approximate": "tanh"}, []),
    ("softplus", {}, [25.0]),
    ("softplus", {"beta": 2.0, "threshold": 1.0}, [0.5]),
    ("silu", {}, []),
    ("hardtanh", {"min_val": -0.5, "max_val": 0.5}, [-0.5, 0.5]),
    ("hardtanh", {}, [-1.0, 1.0]),
    ("relu6", {}, [0.0, 6.0, 7.5]),
    ("logsigmoid", {}, [-30.0, 30.0]),
]
for fn, kw, kinks in ACTIVATIONS:
    label = fn + ("" if not kw else " " + ",".join(f"{k}={v}" for k, v in kw.items()))
    x = with_kinks(rand(3, 4) * 2, kinks)
    case(f"{label} float32", fn, [("input", x)], kw, grad=["input"], gradgrad=True)
    case(f"{label} float64 transposed", fn, [("input", T(rand(4, 3, dtype=torch.float64)))], kw, grad=["input"], gradgrad=True)
    case(f"{label} 0-dim", fn, [("input", torch.tensor(-0.75))], kw, grad=["input"])
for fn in ["leaky_relu", "elu", "gelu", "softplus", "silu", "logsigmoid"]:
    case(f"{fn} int64 error", fn, [("input", idx([1, 2]))])
case("hardtanh int64", "hardtanh", [("input", idx([-3, 0, 3]))])
case("gelu bad approximate", "gelu", [("input", rand(3))], {"approximate": "fast"})
case("gelu tails", "gelu", [("input", torch.tensor([-9.0, -5.5, -3.0, -0.5, 0.0, 0.5, 3.0, 5.5, 9.0], dtype=torch.float64))],
     grad=["input"], gradgrad=True)

# --- nll_loss / cross_entropy ----------------------------------------------------
LOGP = F.log_softmax(rand(4, 5), 1).detach()
case("nll_loss mean", "nll_loss", [("input", LOGP), ("target", idx([0, 4, 2, 1]))], grad=["input"], gradgrad=True)
case("nll_loss weight ignore_index", "nll_loss", [("input", LOGP), ("target", idx([0, 4, 2, 4])), ("weight", prob(5) * 2)],
     {"ignore_index": 4}, pos=2, grad=["input"], gradgrad=True)
case("nll_loss none", "nll_loss", [("input", T(rand(4, 5))), ("target", idx([3, 0, 1, 4]))], {"reduction": "none"},
     grad=["input"], gradgrad=True)
case("nll_loss sum weight", "nll_loss", [("input", LOGP), ("target", idx([1, 1, 3, 0])), ("weight", prob(5))],
     {"reduction": "sum"}, pos=2, grad=["input"])
case("nll_loss none weight ignore", "nll_loss", [("input", LOGP), ("target", idx([1, -100, 3, 0])), ("weight", prob(5))],
     {"reduction": "none"}, pos=2, grad=["input"])
case("nll_loss 1-D input", "nll_loss", [("input", rand(5)), ("target", idx(3))], grad=["input"])
case("nll_loss 1-D input none", "nll_loss", [("input", rand(5)), ("target", idx(3))], {"reduction": "none"}, grad=["input"])
case("nll_loss all ignored", "nll_loss", [("input", LOGP), ("target", idx([-100] * 4))], grad=["input"])
case("nll_loss uint8 target", "nll_loss", [("input", LOGP), ("target", idx([0, 1, 2, 3], torch.uint8))], grad=["input"])
case("nll_loss float64 many", "nll_loss", [("input", rand(40, 3, dtype=torch.float64)), ("target", torch.randint(0, 3, (40,), generator=gen))],
     grad=["input"])
case("nll_loss float32 many", "nll_loss", [("input", rand(300, 3) / 3), ("target", torch.randint(0, 3, (300,), generator=gen))],
     grad=["input"])
case("nll_loss 4-D", "nll_loss", [("input", rand(2, 3, 2, 2)), ("target", torch.randint(0, 3, (2, 2, 2), generator=gen))],
     grad=["input"], gradgrad=True)
case("nll_loss 4-D none weight", "nll_loss", [("input", rand(2, 3, 2, 2)), ("target", idx([[[0, 2], [1, -100]], [[2, 2], [0, 1]]])),
                                            ("weight", prob(3))], {"reduction": "none"}, pos=2, grad=["input"], gradgrad=True)
case("nll_loss 3-D", "nll_loss", [("input", rand(2, 3, 4)), ("target", torch.randint(0, 3, (2, 4), generator=gen))], grad=["input"])
case("nll_loss 3-D none", "nll_loss", [("input", rand(2, 3, 4)), ("target", torch.randint(0, 3, (2, 4), generator=gen))],
     {"reduction": "none"}, grad=["input"])
case("nll_loss 5-D sum", "nll_loss", [("input", rand(2, 3, 2, 1, 2)), ("target", torch.randint(0, 3, (2, 2, 1, 2), generator=gen))],
     {"reduction": "sum"}, grad=["input"])
case("nll_loss batch mismatch", "nll_loss", [("input", LOGP), ("target", idx([0, 1, 2]))])
case("nll_loss out of bounds", "nll_loss", [("input", LOGP), ("target", idx([0, 5, 1, 1]))])
case("nll_loss negative target", "nll_loss", [("input", LOGP), ("target", idx([0, -1, 1, 1]))])
case("nll_loss int32 target", "nll_loss", [("input", LOGP), ("target", idx([0, 1, 2, 3], torch.int32))])
case("nll_loss float target", "nll_loss", [("input", LOGP), ("target", torch.zeros(4))])
case("nll_loss int input", "nll_loss", [("input", idx([[1, 2], [3, 4]])), ("target", idx([0, 1]))])
case("nll_loss weight size", "nll_loss", [("input", LOGP), ("target", idx([0, 1, 2, 3])), ("weight", prob(4))], pos=2)
case("nll_loss weight dtype", "nll_loss", [("input", LOGP), ("target", idx([0, 1, 2, 3])), ("weight", prob(5, dtype=torch.float64))], pos=2)
case("nll_loss 2-D target", "nll_loss", [("input", LOGP), ("target", idx([[0, 1, 2, 3]] * 4))])
case("nll_loss 0-dim input", "nll_loss", [("input", torch.tensor(1.0)), ("target", idx(0))])
case("nll_loss 4-D target dims", "nll_loss", [("input", rand(2, 3, 2, 2)), ("target", idx([[0, 1], [1, 0]]))])
case("nll_loss 4-D size mismatch", "nll_loss", [("input", rand(2, 3, 2, 2)), ("target", torch.zeros(2, 2, 3, dtype=torch.long))])
case("nll_loss 3-D target size", "nll_loss", [("input", rand(2, 3, 4)), ("target", torch.zeros(2, 5, dtype=torch.long))])
case("nll_loss bad reduction", "nll_loss", [("input", LOGP), ("target", idx([0, 1, 2, 3]))], {"reduction": "avg"})

LOGITS = rand(4, 5) * 2
case("cross_entropy", "cross_entropy", [("input", torch.tensor([[2.0, 1.0, 0.1], [0.5, 2.5, 0.3]])), ("target", idx([0, 1]))],
     grad=["input"], gradgrad=True)
case("cross_entropy weight ignore", "cross_entropy", [("input", LOGITS), ("target", idx([0, 4, 2, 2])), ("weight", prob(5))],
     {"ignore_index": 2}, pos=2, grad=["input"], gradgrad=True)
case("cross_entropy none float64", "cross_entropy", [("input", T(rand(4, 5, dtype=torch.float64))), ("target", idx([3, 0, 1, 4]))],
     {"reduction": "none"}, grad=["input"])
case("cross_entropy sum", "cross_entropy", [("input", LOGITS), ("target", idx([1, 1, 3, 0]))], {"reduction": "sum"}, grad=["input"])
case("cross_entropy 1-D", "cross_entropy", [("input", rand(5)), ("target", idx(2))], grad=["input"])
case("cross_entropy 4-D", "cross_entropy", [("input", rand(2, 3, 2, 2)), ("target", torch.randint(0, 3, (2, 2, 2), generator=gen))],
     grad=["input"])
case("cross_entropy 3-D none", "cross_entropy", [("input", rand(2, 3, 4)), ("target", torch.randint(0, 3, (2, 4), generator=gen))],
     {"reduction": "none"}, grad=["input"])
PROBS = torch.softmax(rand(4, 5), 1)
case("cross_entropy probs", "cross_entropy", [("input", LOGITS), ("target", PROBS)], grad=["input", "target"], gradgrad=True)
case("cross_entropy probs golden", "cross_entropy",
     [("input", torch.tensor([[2.0, 0.5, -1.0], [0.1, 0.2, 0.3]])), ("target", torch.tensor([[1.0, 0.0, 0.0], [0.0, 0.5, 0.5]]))])
case("cross_entropy probs none weight", "cross_entropy", [("input", LOGITS), ("target", PROBS), ("weight", prob(5))],
     {"reduction": "none"}, pos=2, grad=["input"])
case("cross_entropy probs sum smoothing", "cross_entropy", [("input", LOGITS), ("target", PROBS)],
     {"reduction": "sum", "label_smoothing": 0.2}, grad=["input"])
case("cross_entropy probs 1-D", "cross_entropy", [("input", rand(5)), ("target", torch.softmax(rand(5), 0))], grad=["input"])
case("cross_entropy smoothing", "cross_entropy", [("input", LOGITS), ("target", idx([0, 4, 2, 2]))], {"label_smoothing": 0.1},
     grad=["input"], graph=False, saved=False)
case("cross_entropy smoothing weight ignore", "cross_entropy",
     [("input", LOGITS), ("target", idx([0, 4, 2, 2])), ("weight", prob(5))], {"label_smoothing": 0.3, "ignore_index": 2},
     pos=2, grad=["input"], graph=False, saved=False)
case("cross_entropy smoothing none", "cross_entropy", [("input", LOGITS), ("target", idx([0, -100, 2, 1]))],
     {"label_smoothing": 0.1, "reduction": "none"}, grad=["input"], graph=False, saved=False)
case("cross_entropy smoothing sum weight", "cross_entropy", [("input", LOGITS), ("target", idx([0, 3, 2, 1])), ("weight", prob(5))],
     {"label_smoothing": 0.25, "reduction": "sum"}, pos=2, grad=["input"], graph=False, saved=False)
case("cross_entropy int32 target", "cross_entropy", [("input", LOGITS), ("target", idx([0, 1, 2, 3], torch.int32))])
case("cross_entropy batch mismatch", "cross_entropy", [("input", LOGITS), ("target", idx([0, 1, 2]))])
case("cross_entropy long probs", "cross_entropy", [("input", LOGITS), ("target", torch.zeros(4, 5, dtype=torch.long))])
case("cross_entropy probs ignore_index", "cross_entropy", [("input", LOGITS), ("target", PROBS)], {"ignore_index": 1})
case("cross_entropy smoothing too big", "cross_entropy", [("input", LOGITS), ("target", idx([0, 1, 2, 3]))], {"label_smoothing": 1.5})
case("cross_entropy probs weight size", "cross_entropy", [("input", LOGITS), ("target", PROBS), ("weight", prob(3))], pos=2)

# --- regression and binary losses -------------------------------------------------
A, B = rand(3, 4), rand(3, 4)
for red in ["mean", "sum", "none"]:
    case(f"mse_loss {red}", "mse_loss", [("input", A), ("target", B)], {"reduction": red}, grad=["input", "target"], gradgrad=True)
    case(f"l1_loss {red}", "l1_loss", [("input", A), ("target", B)], {"reduction": red}, grad=["input", "target"])
    case(f"smooth_l1_loss {red}", "smooth_l1_loss", [("input", A), ("target", B)], {"reduction": red, "beta": 0.5},
         grad=["input", "target"], gradgrad=True)
    case(f"huber_loss {red}", "huber_loss", [("input", A), ("target", B)], {"reduction": red, "delta": 0.75},
         grad=["input", "target"], gradgrad=True)
case("mse_loss golden", "mse_loss", [("input", torch.tensor([1.0, 2.0, 3.0])), ("target", torch.tensor([1.5, 2.0, 5.0]))], grad=["input"])
case("mse_loss broadcast", "mse_loss", [("input", rand(3, 1)), ("target", rand(3))], grad=["input", "target"])
case("mse_loss float64 transposed", "mse_loss", [("input", T(rand(4, 3, dtype=torch.float64))), ("target", rand(4, 3, dtype=torch.float64))],
     grad=["input"])
case("mse_loss bad reduction", "mse_loss", [("input", A), ("target", B)], {"reduction": "avg"})
case("l1_loss broadcast", "l1_loss", [("input", rand(2, 3)), ("target", rand(3))], grad=["input"])
case("smooth_l1_loss default", "smooth_l1_loss", [("input", A), ("target", B)], grad=["input", "target"])
case("smooth_l1_loss beta 0", "smooth_l1_loss", [("input", A), ("target", B)], {"beta": 0.0}, grad=["input"], graph=False, saved=False)
case("smooth_l1_loss negative beta", "smooth_l1_loss", [("input", A), ("target", B)], {"beta": -1.0})
case("huber_loss zero delta", "huber_loss", [("input", A), ("target", B)], {"delta": 0.0})
P, Y = prob(3, 4), prob(3, 4)
for red in ["mean", "sum", "none"]:
    case(f"binary_cross_entropy {red}", "binary_cross_entropy", [("input", P), ("target", Y)], {"reduction": red},
         grad=["input", "target"], gradgrad=True)
    case(f"binary_cross_entropy_with_logits {red}", "binary_cross_entropy_with_logits", [("input", A), ("target", Y)],
         {"reduction": red}, grad=["input", "target"], gradgrad=True)
case("binary_cross_entropy weight", "binary_cross_entropy", [("input", P), ("target", Y), ("weight", prob(4))], pos=2,
     grad=["input", "target"])
case("binary_cross_entropy clamps", "binary_cross_entropy",
     [("input", torch.tensor([0.0, 1.0, 0.5, 1.0])), ("target", torch.tensor([1.0, 0.0, 0.5, 1.0]))], {"reduction": "none"})
case("binary_cross_entropy float64 transposed", "binary_cross_entropy",
     [("input", T(prob(4, 3, dtype=torch.float64))), ("target", prob(4, 3, dtype=torch.float64))], grad=["input"])
case("binary_cross_entropy input range", "binary_cross_entropy", [("input", torch.tensor([0.5, 1.5])), ("target", torch.tensor([0.0, 1.0]))])
case("binary_cross_entropy size", "binary_cross_entropy", [("input", prob(3, 1)), ("target", prob(3))])
case("binary_cross_entropy long", "binary_cross_entropy", [("input", idx([0, 1])), ("target", idx([0, 1]))])
case("binary_cross_entropy target dtype", "binary_cross_entropy", [("input", prob(2)), ("target", idx([0, 1]))])
case("binary_cross_entropy_with_logits weights", "binary_cross_entropy_with_logits",
     [("input", A), ("target", Y), ("weight", prob(4)), ("pos_weight", prob(4) * 3)], pos=2, grad=["input", "target"], gradgrad=True)
case("binary_cross_entropy_with_logits pos_weight", "binary_cross_entropy_with_logits",
     [("input", T(rand(4, 3, dtype=torch.float64))), ("target", prob(4, 3, dtype=torch.float64)), ("pos_weight", prob(3, dtype=torch.float64) * 3)],
     {"reduction": "sum"}, pos=2, grad=["input", "target"])
case("binary_cross_entropy_with_logits large", "binary_cross_entropy_with_logits",
     [("input", torch.tensor([-100.0, -20.0, 0.0, 20.0, 100.0])), ("target", torch.tensor([1.0, 0.0, 0.5, 1.0, 0.0]))],
     {"reduction": "none"}, grad=["input"])
case("binary_cross_entropy_with_logits size", "binary_cross_entropy_with_logits", [("input", rand(3, 1)), ("target", prob(3))])

# --- dropout -------------------------------------------------------------------------
ONES = torch.ones(4, 3)
case("dropout p=0.5", "dropout", [("input", ONES)], {"p": 0.5}, grad=["input"], seed=0)
case("dropout p=0.2 float64", "dropout", [("input", rand(5, 4, dtype=torch.float64))], {"p": 0.2}, grad=["input"], seed=7)
case("dropout transposed", "dropout", [("input", T(rand(4, 3)))], {"p": 0.5}, grad=["input"], seed=3)
case("dropout p=1", "dropout", [("input", rand(3, 2))], {"p": 1.0}, grad=["input"], seed=0)
case("dropout p=0", "dropout", [("input", rand(3, 2))], {"p": 0.0}, grad=["input"], seed=0)
case("dropout eval", "dropout", [("input", rand(3, 2))], {"p": 0.5, "training": False}, grad=["input"], seed=0)
case("dropout inplace", "dropout", [("input", rand(3, 4))], {"p": 0.5, "inplace": True}, seed=1, after=["input"])
case("dropout p=1.5", "dropout", [("input", ONES)], {"p": 1.5})
case("dropout p=-0.25", "dropout", [("input", ONES)], {"p": -0.25})
case("dropout int64", "dropout", [("input", idx([1, 2, 3]))], {"p": 0.5}, seed=0)
case("dropout2d", "dropout2d", [("input", rand(2, 3, 2, 2))], {"p": 0.5}, grad=["input"], seed=5)
case("dropout2d 3-D", "dropout2d", [("input", rand(2, 3, 4))], {"p": 0.5}, grad=["input"], seed=5)
case("dropout2d 2-D", "dropout2d", [("input", rand(3, 4))], {"p": 0.5}, grad=["input"], seed=5)
case("dropout2d 1-D", "dropout2d", [("input", rand(3))], {"p": 0.5}, seed=5)
case("dropout1d", "dropout1d", [("input", rand(2, 3, 4))], {"p": 0.5}, grad=["input"], seed=11)
case("dropout1d unbatched", "dropout1d", [("input", rand(3, 4))], {"p": 0.5}, grad=["input"], seed=11)
case("dropout1d 4-D", "dropout1d", [("input", rand(2, 3, 4, 1))], {"p": 0.5})
case("dropout3d", "dropout3d", [("input", rand(2, 2, 2, 1, 2))], {"p": 0.5}, grad=["input"], seed=2)
case("dropout3d unbatched", "dropout3d", [("input", rand(2, 2, 1, 2))], {"p": 0.5}, grad=["input"], seed=2)
case("alpha_dropout", "alpha_dropout", [("input", rand(3, 4))], {"p": 0.3, "training": True}, grad=["input"], seed=9)
case("alpha_dropout eval", "alpha_dropout", [("input", rand(3, 4))], {"p": 0.3}, grad=["input"], seed=9)

# --- batch_norm ------------------------------------------------------------------------
def bn(name, x, training, affine=True, stats=True, **kw):
    t = x[1] if isinstance(x, tuple) else x
    c, dt = t.shape[1], t.dtype
    tensors = [("input", x)]
    tensors.append(("running_mean", rand(c, dtype=dt) if stats else None))
    tensors.append(("running_var", prob(c, dtype=dt) * 2 if stats else None))
    if affine:
        tensors += [("weight", prob(c, dtype=dt) * 2), ("bias", rand(c, dtype=dt))]
    tensors = [(n, t) for n, t in tensors if t is not None]
    grad = ["input"] + (["weight", "bias"] if affine else [])
    pos = 3 if stats else 1
    kwargs = dict(training=training, **kw)
    if not stats:
        kwargs.update(running_mean=None, running_var=None)
    case(name, "batch_norm", tensors, kwargs, pos=pos, grad=grad, after=["running_mean", "running_var"])


bn("batch_norm training", rand(4, 3), True)
bn("batch_norm training golden", torch.tensor([[1.0, 10.0], [3.0, 30.0]]), True)
bn("batch_norm eval 4-D", rand(2, 3, 2, 2), False)
bn("batch_norm training 3-D transposed", T(rand(2, 4, 3)), True, momentum=0.3, eps=1e-3)
bn("batch_norm training float64 4-D", rand(3, 2, 2, 2, dtype=torch.float64), True)
bn("batch_norm eval float64", rand(5, 3, dtype=torch.float64), False, affine=False)
bn("batch_norm one value per channel", rand(1, 3), True)
bn("batch_norm eval without stats", rand(4, 3), False, stats=False)
case("batch_norm running_mean size", "batch_norm", [("input", rand(4, 3)), ("running_mean", rand(2)), ("running_var", prob(3))],
     {"training": True})
case("batch_norm weight size", "batch_norm", [("input", rand(4, 3)), ("running_mean", rand(3)), ("running_var", prob(3)), ("weight", prob(2))],
     {"training": False}, pos=3)
case("batch_norm no stats training", "batch_norm", [("input", rand(4, 3))], {"training": True, "running_mean": None, "running_var": None},
     grad=["input"])

# --- embedding / one_hot -----------------------------------------------------------------
W = rand(5, 3)
case("embedding", "embedding", [("input", idx([4, 0, 2, 0])), ("weight", W)], grad=["weight"], gradgrad=True)
case("embedding 2-D padding_idx", "embedding", [("input", idx([[1, 3, 1], [0, 3, 3]])), ("weight", W)], {"padding_idx": 3},
     grad=["weight"], gradgrad=True)
case("embedding negative padding_idx", "embedding", [("input", idx([[1, 4], [4, 0]])), ("weight", W)], {"padding_idx": -1}, grad=["weight"])
case("embedding scale_grad_by_freq", "embedding", [("input", idx([1, 2, 1, 1])), ("weight", W)], {"scale_grad_by_freq": True},
     grad=["weight"])
case("embedding 0-dim index", "embedding", [("input", idx(2)), ("weight", T(rand(3, 5)))], grad=["weight"])
case("embedding int32", "embedding", [("input", idx([1, 0], torch.int32)), ("weight", W)], grad=["weight"])
case("embedding max_norm", "embedding", [("input", idx([1, 3, 1])), ("weight", W * 2)], {"max_norm": 1.0}, after=["weight"])
case("embedding max_norm p=1", "embedding", [("input", idx([0, 4])), ("weight", W * 2)], {"max_norm": 1.5, "norm_type": 1.0},
     after=["weight"])
case("embedding out of range", "embedding", [("input", idx([0, 5])), ("weight", W)])
case("embedding negative index", "embedding", [("input", idx([0, -1])), ("weight", W)])
case("embedding float indices", "embedding", [("input", torch.tensor([0.0, 1.0])), ("weight", W)])
case("embedding 1-D weight", "embedding", [("input", idx([0, 1])), ("weight", rand(3))])
case("one_hot", "one_hot", [("tensor", idx([[0, 2], [1, 0]]))])
case("one_hot num_classes", "one_hot", [("tensor", idx([0, 2, 1]))], {"num_classes": 5})
case("one_hot too small", "one_hot", [("tensor", idx([0, 2]))], {"num_classes": 2})
case("one_hot negative", "one_hot", [("tensor", idx([0, -2]))])
case("one_hot float", "one_hot", [("tensor", torch.tensor([0.0, 2.0]))])
case("one_hot empty", "one_hot", [("tensor", torch.zeros(0, dtype=torch.long))])
case("one_hot empty num_classes", "one_hot", [("tensor", torch.zeros(2, 0, dtype=torch.long))], {"num_classes": 3})

# --- pad (constant) ---------------------------------------------------------------------
case("pad last dim", "pad", [("input", rand(3, 4))], {"pad": [1, 2]}, grad=["input"], gradgrad=True)
case("pad two dims value", "pad", [("input", T(rand(2, 4, 3)))], {"pad": [1, 0, 0, 2], "value": 1.5}, grad=["input"])
case("pad negative", "pad", [("input", rand(3, 4, dtype=torch.float64))], {"pad": [-1, 2, 1, -1], "value": -1.0}, grad=["input"])
case("pad crop only", "pad", [("input", rand(3, 4))], {"pad": [-1, -1]}, grad=["input"])
case("pad int64", "pad", [("input", idx([[1, 2], [3, 4]]))], {"pad": [1, 1], "value": 7})
case("pad odd length", "pad", [("input", rand(3, 4))], {"pad": [1, 2, 3]})
case("pad too long", "pad", [("input", rand(3))], {"pad": [1, 1, 1, 1]})
case("pad negative size", "pad", [("input", rand(3, 4))], {"pad": [1, 1, -2, -2]})


def main():
    records = [run_case(c) for c in CASES]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": records}, f, indent=None, separators=(",", ":"))
        f.write("\n")
    print(f"wrote {len(records)} cases to {OUT}")


if __name__ == "__main__":
    main()
