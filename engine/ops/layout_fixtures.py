"""Record PyTorch's results for the layout ops' unit tests.

    /usr/bin/python3 engine/ops/layout_fixtures.py

Writes engine/ops/layout_fixtures.json, read by engine/ops/layout_fixtures.test.ts,
which runs the same case (by name) through the engine.

Inputs are deterministic: input k of a case holds (i * 0.5 - 1 + k) at row-major
position i of its *storage*; with "t": true the tensor is the transpose (last two
dims) of a contiguous tensor, so it is not contiguous. Every output records its
shape, strides, storage offset, is_contiguous, which input's storage it shares,
its values and grad_fn name, and the gradient of sum(out * w) for each input,
with w[i] = (i % 5) - 1.5. Cases that raise record the exception type and the
first line of its message.

Recorded with PyTorch 1.13; where 2.x differs (grad_fn names, messages) the test
overrides the recorded value and says why.
"""

import json
import os

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "layout_fixtures.json")

DT = {"float64": torch.float64, "float32": torch.float32, "int64": torch.int64}


def make_input(spec, k):
    shape = spec["shape"]
    dtype = DT[spec.get("dtype", "float64")]
    transposed = spec.get("t", False)
    phys = list(shape)
    if transposed:
        phys[-1], phys[-2] = phys[-2], phys[-1]
    n = 1
    for s in phys:
        n *= s
    vals = torch.arange(n, dtype=torch.float64) * 0.5 - 1 + k
    t = vals.to(dtype).reshape(phys)
    if transposed:
        t = t.transpose(-1, -2)
    if dtype.is_floating_point:
        t.requires_grad_(True)
    return t


def weights(o):
    return (torch.arange(o.numel(), dtype=torch.float64) % 5 - 1.5).to(o.dtype).reshape(o.shape)


A = torch.ops.aten

# name: (inputs, fn). Names are the keys the TypeScript test maps to engine calls.
CASES = {
    # view / reshape / flatten / unflatten
    "view": ([{"shape": [3, 4]}], lambda x: x.view(2, -1, 3)),
    "view_0d": ([{"shape": []}], lambda x: x.view(1, 1)),
    "view_noncontig_ok": ([{"shape": [4, 3], "t": True}], lambda x: x.view(4, 3, 1)),
    "view_size1": ([{"shape": [1, 4], "t": True}], lambda x: x.view(4)),
    "view_empty": ([{"shape": [0, 3]}], lambda x: x.view(-1, 3)),
    "view_err_stride": ([{"shape": [4, 3], "t": True}], lambda x: x.view(12)),
    "view_err_size": ([{"shape": [3, 4]}], lambda x: x.view(2, 5)),
    "view_err_two": ([{"shape": [12]}], lambda x: x.view(-1, -1)),
    "view_err_neg": ([{"shape": [12]}], lambda x: x.view(-2, 6)),
    "view_err_0d": ([{"shape": [2]}], lambda x: x.view(())),
    "reshape_view": ([{"shape": [3, 4]}], lambda x: x.reshape(4, 3)),
    "reshape_copy": ([{"shape": [4, 3], "t": True}], lambda x: x.reshape(12)),
    "reshape_copy_3d": ([{"shape": [2, 4, 3], "t": True}], lambda x: x.reshape(2, 12)),
    "flatten": ([{"shape": [2, 3, 4]}], lambda x: x.flatten(1)),
    "flatten_copy": ([{"shape": [2, 4, 3], "t": True}], lambda x: x.flatten()),
    "flatten_0d": ([{"shape": []}], lambda x: x.flatten()),
    "flatten_err": ([{"shape": [2, 3]}], lambda x: x.flatten(1, 0)),
    "unflatten": ([{"shape": [3, 4], "t": True}], lambda x: x.unflatten(0, (-1, 1))),
    "unflatten_err": ([{"shape": [3, 4]}], lambda x: x.unflatten(1, (3, 2))),
    "unflatten_err_two": ([{"shape": [3, 4]}], lambda x: x.unflatten(1, (-1, -1))),
    # expand
    "expand": ([{"shape": [3, 1]}], lambda x: x.expand(2, 3, 4)),
    "expand_keep": ([{"shape": [1, 3], "t": True}], lambda x: x.expand(2, 4, -1)),
    "expand_lead1": ([{"shape": [3]}], lambda x: x.expand(1, 3)),
    "expand_0d": ([{"shape": []}], lambda x: x.expand(2, 3)),
    "expand_as": ([{"shape": [2, 1]}, {"shape": [2, 5]}], lambda x, y: x.expand_as(y)),
    "expand_err_match": ([{"shape": [3]}], lambda x: x.expand(2, 4)),
    "expand_err_lead": ([{"shape": [3, 4]}], lambda x: x.expand(-1, 3, 4)),
    "expand_err_few": ([{"shape": [3, 4], "dtype": "float32"}], lambda x: x.expand(4)),
    "sum_to_size": ([{"shape": [2, 3, 4]}], lambda x: x.sum_to_size(1, 3, 1)),
    "sum_to_size_lead": ([{"shape": [2, 3, 4], "t": True}], lambda x: x.sum_to_size(3, 1)),
    # as_strided
    "as_strided": ([{"shape": [3, 4]}], lambda x: x.as_strided((2, 2), (3, 1), 1)),
    "as_strided_overlap": ([{"shape": [3, 4]}], lambda x: x.as_strided((3, 3), (1, 1))),
    "as_strided_noncontig": ([{"shape": [4, 3], "t": True}], lambda x: x[1:].as_strided((2, 3), (1, 3))),
    "as_strided_of_expand": ([{"shape": [3, 1]}], lambda x: x.expand(3, 4).as_strided((2, 2), (1, 1))),
    "as_strided_err_oob": ([{"shape": [3, 4], "dtype": "float32"}], lambda x: x.as_strided((5,), (3,))),
    "as_strided_err_neg": ([{"shape": [3, 4]}], lambda x: x.as_strided((2,), (-1,))),
    # transpose / t / permute / T / mT / movedim
    "transpose": ([{"shape": [2, 3, 4]}], lambda x: x.transpose(0, -1)),
    "transpose_noncontig": ([{"shape": [4, 3], "t": True}], lambda x: x.transpose(1, 0)),
    "transpose_err": ([{"shape": [2, 3, 4]}], lambda x: x.transpose(0, 3)),
    "t": ([{"shape": [3, 4]}], lambda x: x.t()),
    "t_1d": ([{"shape": [5]}], lambda x: x.t()),
    "t_err": ([{"shape": [2, 3, 4]}], lambda x: x.t()),
    "permute": ([{"shape": [2, 3, 4]}], lambda x: x.permute(2, 0, 1)),
    "permute_noncontig": ([{"shape": [2, 4, 3], "t": True}], lambda x: x.permute(-1, 0, 1)),
    "permute_err_len": ([{"shape": [2, 3, 4]}], lambda x: x.permute(0, 1)),
    "permute_err_dup": ([{"shape": [2, 3, 4]}], lambda x: x.permute(0, 1, 1)),
    "T_2d": ([{"shape": [3, 4]}], lambda x: x.T),
    "T_3d": ([{"shape": [2, 3, 4]}], lambda x: x.T),
    "mT": ([{"shape": [2, 3, 4]}], lambda x: x.mT),
    "mT_err": ([{"shape": [3]}], lambda x: x.mT),
    "movedim": ([{"shape": [2, 3, 4]}], lambda x: x.movedim(0, -1)),
    "movedim_list": ([{"shape": [2, 3, 4]}], lambda x: x.movedim((0, 1), (2, 0))),
    "swapaxes": ([{"shape": [2, 3, 4]}], lambda x: x.swapaxes(0, 1)),
    # squeeze / unsqueeze
    "squeeze": ([{"shape": [1, 3, 1, 2]}], lambda x: x.squeeze()),
    "squeeze_dim": ([{"shape": [3, 1, 2]}], lambda x: x.squeeze(1)),
    "squeeze_dim_not1": ([{"shape": [3, 2]}], lambda x: x.squeeze(-1)),
    "squeeze_noncontig": ([{"shape": [4, 1], "t": True}], lambda x: x.squeeze()),
    "squeeze_sliced": ([{"shape": [1, 4, 1]}], lambda x: x[:, 1:].squeeze()),
    "squeeze_err": ([{"shape": [1, 3, 1, 2]}], lambda x: x.squeeze(4)),
    "unsqueeze": ([{"shape": [2, 3]}], lambda x: x.unsqueeze(2)),
    "unsqueeze_front": ([{"shape": [2, 3]}], lambda x: x.unsqueeze(0)),
    "unsqueeze_noncontig": ([{"shape": [3, 2], "t": True}], lambda x: x.unsqueeze(1)),
    "unsqueeze_noncontig_end": ([{"shape": [3, 2], "t": True}], lambda x: x.unsqueeze(-1)),
    "unsqueeze_0d": ([{"shape": []}], lambda x: x.unsqueeze(0)),
    "unsqueeze_err": ([{"shape": [3]}], lambda x: x.unsqueeze(3)),
    # select / slice / narrow
    "select": ([{"shape": [3, 4]}], lambda x: x.select(1, 2)),
    "select_neg": ([{"shape": [4, 3], "t": True}], lambda x: x.select(0, -1)),
    "select_err": ([{"shape": [3]}], lambda x: x.select(0, 5)),
    "select_err_2d": ([{"shape": [3, 4]}], lambda x: x.select(1, -5)),
    "select_err_0d": ([{"shape": []}], lambda x: x.select(0, 0)),
    "slice": ([{"shape": [2, 3, 4]}], lambda x: x[:, 1:]),
    "slice_step": ([{"shape": [2, 3, 4]}], lambda x: x[:, :, ::2]),
    "slice_clamp": ([{"shape": [2, 3, 4]}], lambda x: x[:, -10:2]),
    "slice_empty": ([{"shape": [2, 3, 4]}], lambda x: x[:, 5:1]),
    "slice_step_over": ([{"shape": [2, 3, 4]}], lambda x: x[:, 1:100:2]),
    "slice_noncontig": ([{"shape": [3, 7], "t": True}], lambda x: x[1:3]),
    "slice_err_step": ([{"shape": [4]}], lambda x: x[::-1]),
    "narrow": ([{"shape": [3, 4]}], lambda x: x.narrow(1, 1, 2)),
    "narrow_rows": ([{"shape": [3, 4]}], lambda x: x.narrow(0, 1, 2)),
    "narrow_negstart": ([{"shape": [3, 4]}], lambda x: x.narrow(0, -1, 1)),
    "narrow_err_len": ([{"shape": [3, 4]}], lambda x: x.narrow(0, 1, 3)),
    "narrow_err_0d": ([{"shape": []}], lambda x: x.narrow(0, 0, 1)),
    "select_backward": ([{"shape": [4]}], lambda g: A.select_backward(g, [3, 4], 0, 1)),
    "slice_backward": ([{"shape": [3, 2], "t": True}], lambda g: A.slice_backward(g, [3, 5], 1, 0, 5, 3)),
    # copies
    "clone": ([{"shape": [4, 3], "t": True}], lambda x: x.clone()),
    "clone_sliced": ([{"shape": [4, 6], "t": True}], lambda x: x[::2].clone()),
    "clone_expanded": ([{"shape": [3, 1]}], lambda x: x.expand(3, 4).clone()),
    "clone_3d": ([{"shape": [2, 3, 4]}], lambda x: x.permute(2, 0, 1)[:, :, :2].clone()),
    "clone_column": ([{"shape": [4, 3]}], lambda x: x[:, :1].clone()),
    "contiguous": ([{"shape": [4, 3], "t": True}], lambda x: x.contiguous()),
    "to_float32": ([{"shape": [4, 3], "t": True}], lambda x: x.to(torch.float32)),
    "to_int64": ([{"shape": [2, 3]}], lambda x: x.to(torch.int64)),
    "int_to_float": ([{"shape": [2, 3], "dtype": "int64"}], lambda x: x.to(torch.float64)),
    # cat / stack / unbind
    "cat": ([{"shape": [2, 3]}, {"shape": [1, 3]}], lambda a, b: torch.cat([a, b])),
    "cat_dim1": ([{"shape": [3, 2], "t": True}, {"shape": [3, 4]}, {"shape": [3, 1]}], lambda a, b, c: torch.cat([a, b, c], -1)),
    "cat_legacy_empty": ([{"shape": [0]}, {"shape": [2, 2]}], lambda a, b: torch.cat([a, b], 1)),
    "cat_promote": ([{"shape": [2], "dtype": "int64"}, {"shape": [1]}], lambda a, b: torch.cat([a, b])),
    "cat_promote_f32": ([{"shape": [2], "dtype": "float32"}, {"shape": [1]}], lambda a, b: torch.cat([a, b])),
    "cat_err_size": ([{"shape": [2, 2]}, {"shape": [1, 2]}], lambda a, b: torch.cat([a, b], 1)),
    "cat_err_ndim": ([{"shape": [2, 2]}, {"shape": [2]}], lambda a, b: torch.cat([a, b])),
    "cat_err_0d": ([{"shape": [2]}, {"shape": []}], lambda a, b: torch.cat([a, b])),
    "cat_err_dim": ([{"shape": [2, 2]}, {"shape": [2, 2]}], lambda a, b: torch.cat([a, b], 2)),
    "stack": ([{"shape": [3]}, {"shape": [3]}], lambda a, b: torch.stack([a, b])),
    "stack_dim1": ([{"shape": [3, 2], "t": True}, {"shape": [3, 2]}], lambda a, b: torch.stack([a, b], 1)),
    "stack_last": ([{"shape": [2, 3]}, {"shape": [2, 3]}], lambda a, b: torch.stack([a, b], -1)),
    "stack_0d": ([{"shape": []}, {"shape": []}], lambda a, b: torch.stack([a, b])),
    "stack_err_size": ([{"shape": [3]}, {"shape": [2]}], lambda a, b: torch.stack([a, b])),
    "stack_err_dim": ([{"shape": [3]}, {"shape": [3]}], lambda a, b: torch.stack([a, b], 2)),
    "unbind": ([{"shape": [3, 2]}], lambda x: x.unbind()),
    "unbind_last": ([{"shape": [2, 4, 3], "t": True}], lambda x: x.unbind(-1)),
    "unbind_err": ([{"shape": []}], lambda x: x.unbind()),
    # split / chunk / tensor_split
    "split": ([{"shape": [5, 2]}], lambda x: x.split(2)),
    "split_dim": ([{"shape": [3, 4], "t": True}], lambda x: x.split(3, -1)),
    "split_sizes": ([{"shape": [2, 6]}], lambda x: x.split([1, 0, 3, 2], 1)),
    "split_empty": ([{"shape": [0]}], lambda x: x.split(0)),
    "split_err_zero": ([{"shape": [3, 4]}], lambda x: x.split(0)),
    "split_err_neg": ([{"shape": [3, 4]}], lambda x: x.split(-1)),
    "split_err_sum": ([{"shape": [3, 4]}], lambda x: x.split([1, 1])),
    "split_err_negsize": ([{"shape": [3, 4]}], lambda x: x.split([4, -1])),
    "split_err_0d": ([{"shape": []}], lambda x: x.split(1)),
    "chunk": ([{"shape": [5]}], lambda x: x.chunk(3)),
    "chunk_even": ([{"shape": [2, 6]}], lambda x: x.chunk(3, 1)),
    "chunk_fewer": ([{"shape": [6]}], lambda x: x.chunk(4)),
    "chunk_err": ([{"shape": [3]}], lambda x: x.chunk(0)),
    "chunk_err_0d": ([{"shape": []}], lambda x: x.chunk(1)),
    "tensor_split": ([{"shape": [7]}], lambda x: x.tensor_split(3)),
    "tensor_split_idx": ([{"shape": [2, 7]}], lambda x: x.tensor_split([1, 5], 1)),
    # flip / roll / repeat
    "flip": ([{"shape": [3, 4]}], lambda x: x.flip(0)),
    "flip_noncontig": ([{"shape": [2, 4, 3], "t": True}], lambda x: x.flip(-1, 0)),
    "flip_err_dup": ([{"shape": [3, 4]}], lambda x: x.flip(0, 0)),
    "roll": ([{"shape": [3, 4]}], lambda x: x.roll((1, -2), (0, 1))),
    "roll_flat": ([{"shape": [4, 3], "t": True}], lambda x: x.roll(5)),
    "roll_same_dim": ([{"shape": [5]}], lambda x: x.roll((1, 2), (0, 0))),
    "roll_err": ([{"shape": [3, 4]}], lambda x: x.roll((1, 2), (0,))),
    "repeat": ([{"shape": [2, 3]}], lambda x: x.repeat(2, 1, 3)),
    "repeat_noncontig": ([{"shape": [3, 2], "t": True}], lambda x: x.repeat(2, 2)),
    "repeat_zero": ([{"shape": [2]}], lambda x: x.repeat(0, 2)),
    "repeat_err": ([{"shape": [2, 3]}], lambda x: x.repeat(2)),
    "repeat_err_neg": ([{"shape": [2, 3]}], lambda x: x.repeat(3, -2)),
}


def enc(v):
    return v if v == v else "nan"


def record(name, specs, fn):
    xs = [make_input(s, k) for k, s in enumerate(specs)]
    try:
        result = fn(*xs)
    except Exception as e:  # noqa: BLE001 — the exception is the fixture
        return {"inputs": specs, "error": {"type": type(e).__name__, "message": str(e).split("\n")[0]}}
    outs = list(result) if isinstance(result, (tuple, list)) else [result]
    ptrs = [x.storage().data_ptr() for x in xs]
    recorded = []
    for o in outs:
        ptr = o.storage().data_ptr() if o.numel() > 0 else None
        recorded.append({
            "shape": list(o.shape),
            "strides": list(o.stride()),
            "offset": o.storage_offset(),
            "contiguous": o.is_contiguous(),
            "dtype": str(o.dtype).replace("torch.", ""),
            "aliasOf": ptrs.index(ptr) if ptr in ptrs else None,
            "values": [enc(v) for v in o.detach().reshape(-1).tolist()],
            "gradFn": type(o.grad_fn).__name__ if o.grad_fn is not None else None,
        })
    pairs = [(o, weights(o)) for o in outs if o.requires_grad]
    leaves = [x for x in xs if x.requires_grad]
    grads = [None] * len(xs)
    if pairs and leaves:
        loss = sum((o * w).sum() for o, w in pairs)
        gs = torch.autograd.grad(loss, leaves, allow_unused=True)
        k = 0
        for i, x in enumerate(xs):
            if x.requires_grad:
                grads[i] = None if gs[k] is None else gs[k].reshape(-1).tolist()
                k += 1
    return {"inputs": specs, "outputs": recorded, "grads": grads}


def main():
    out = {
        "torchVersion": torch.__version__,
        "cases": {name: record(name, specs, fn) for name, (specs, fn) in CASES.items()},
    }
    # One case per line: diffs of a re-recording show which cases changed.
    lines = [f"  {json.dumps(name)}: {json.dumps(case, separators=(',', ':'))}" for name, case in out["cases"].items()]
    with open(OUT, "w") as f:
        f.write(f'{{\n"torchVersion": {json.dumps(out["torchVersion"])},\n"cases": {{\n' + ",\n".join(lines) + "\n}}\n")
    print(f"wrote {len(CASES)} cases to {os.path.relpath(OUT)}")


if __name__ == "__main__":
    main()
