"""The memory reference scenarios of ../shared/memory-reference/scenarios.py, measured with glassgrad.

The same code as scenarios.py, on the CPU, with ``glassgrad.memory_allocated()`` (512-byte blocks, as
``torch.cuda.memory_allocated()`` reports them) in place of the CUDA allocator's figure; no device moves,
no cuDNN switch, no ``synchronize`` and no warm-up step (the engine has no library workspaces). Each row
also records ``glassgrad.graph_nodes``, which must agree with the scenario's own ``graph_nodes``.
Run: python_scenarios.py [ITERATIONS] — prints the results as JSON in reference-torch2.11-cuda.json's shape.
"""
import json, sys, warnings
import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.autograd import Variable

import glassgrad

warnings.simplefilter("ignore")


class Net(nn.Module):  # the classic MNIST network from the lesson material
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

    def forward(self, x):
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


def graph_nodes(t):
    """Count autograd nodes reachable from t.grad_fn (each node once)."""
    if not isinstance(t, torch.Tensor) or t.grad_fn is None:
        return 0
    seen, stack = {}, [t.grad_fn]
    while stack:
        fn = stack.pop()
        if fn is None or id(fn) in seen:
            continue
        seen[id(fn)] = fn  # hold each node so that no id is reused while counting
        stack.extend(f for f, _ in fn.next_functions)
    return len(seen)


def batches(n, bs=64):
    g = torch.Generator().manual_seed(0)
    return [(torch.randn(bs, 1, 28, 28, generator=g),
             torch.randint(0, 10, (bs,), generator=g)) for _ in range(n)]


def run(name, *, train, accumulate, grad_mode, legacy_volatile=False, iters=8):
    torch.manual_seed(0)
    model = Net()
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.5)
    data = batches(iters)
    model.train() if train else model.eval()
    base = glassgrad.memory_allocated()
    running_loss = 0
    rows = []
    for x, y in data:
        ctx = torch.no_grad() if grad_mode == "no_grad" else torch.enable_grad()
        with ctx:
            if legacy_volatile:
                x, y = Variable(x, volatile=True), Variable(y, volatile=True)
            if train:
                opt.zero_grad()
            out = model(x)
            loss = F.nll_loss(out, y)
            if train:
                loss.backward()
                opt.step()
            if accumulate == "tensor":
                running_loss += loss
            elif accumulate == "item":
                running_loss += loss.item()
            elif accumulate == "data":
                running_loss += loss.data
        del out, loss
        rows.append({"bytes": glassgrad.memory_allocated() - base,
                     "graph_nodes": graph_nodes(running_loss),
                     "glassgrad_graph_nodes": glassgrad.graph_nodes(running_loss)})
    return {"name": name, "train": train, "accumulate": accumulate, "grad_mode": grad_mode,
            "legacy_volatile": legacy_volatile, "per_iteration": rows}


def views():
    """Bytes allocated by view, reshape and contiguous on a transposed activation."""
    out = {}
    x = torch.randn(64, 20, 4, 4)
    b0 = glassgrad.memory_allocated()
    v = x.view(64, 320)
    out["view_of_contiguous"] = glassgrad.memory_allocated() - b0
    t = x.transpose(1, 2)
    out["transpose"] = glassgrad.memory_allocated() - b0
    r = t.reshape(64, 320)
    out["reshape_of_transposed"] = glassgrad.memory_allocated() - b0
    c = t.contiguous()
    out["contiguous_of_transposed_plus_reshape"] = glassgrad.memory_allocated() - b0
    c2 = c.contiguous()
    out["contiguous_of_contiguous_adds"] = glassgrad.memory_allocated() - b0 - out["contiguous_of_transposed_plus_reshape"]
    out["same_storage"] = {"view": v.data_ptr() == x.data_ptr(), "transpose": t.data_ptr() == x.data_ptr(),
                           "reshape_of_transposed": r.data_ptr() == x.data_ptr(), "contiguous_again": c2.data_ptr() == c.data_ptr()}
    return out


iters = int(sys.argv[1]) if len(sys.argv) > 1 else 8
start = glassgrad.memory_allocated(exact=True)
scenarios = [
    run("train_accumulate_tensor", train=True, accumulate="tensor", grad_mode="enabled", iters=iters),
    run("train_accumulate_item", train=True, accumulate="item", grad_mode="enabled", iters=iters),
    run("train_accumulate_data", train=True, accumulate="data", grad_mode="enabled", iters=iters),
    run("val_accumulate_tensor_grad_enabled", train=False, accumulate="tensor", grad_mode="enabled", iters=iters),
    run("val_accumulate_item_grad_enabled", train=False, accumulate="item", grad_mode="enabled", iters=iters),
    run("val_accumulate_tensor_no_grad", train=False, accumulate="tensor", grad_mode="no_grad", iters=iters),
    run("val_legacy_volatile_accumulate_tensor", train=False, accumulate="tensor", grad_mode="enabled",
        legacy_volatile=True, iters=iters),
]
view_figures = views()
json.dump({"torch": torch.__version__, "device": "glassgrad (CPU)",
           "note": "bytes = glassgrad.memory_allocated() minus the baseline after model and data exist, "
                   "in 512-byte blocks as torch.cuda.memory_allocated() reports them",
           "scenarios": scenarios, "views": view_figures,
           "leftover_bytes": glassgrad.memory_allocated(exact=True) - start}, sys.stdout, indent=1)
print()
