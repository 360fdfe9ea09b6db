// The `glassgrad` Python module (engine/python/glassgrad): memory figures,
// graph facts and why_alive, checked from Python against the tensors' own
// sizes. One Pyodide for the file; each test runs a snippet that prints one
// JSON line of facts, asserted here.
import { describe, expect, it } from 'vitest';
import { usePython } from '../support/python.ts';

const { stdoutOf: run } = usePython();

/** Runs a snippet whose last printed line is JSON; returns it parsed. */
function facts<T = Record<string, unknown>>(source: string): T {
  const lines = run(['import json, torch, glassgrad', source].join('\n')).trimEnd().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

describe('glassgrad: memory figures', () => {
  it("every docstring example runs as written (doctest)", () => {
    const r = facts<Record<string, [number, number]>>(
      [
        'import doctest, glassgrad._memory, glassgrad._graph, glassgrad._why_alive',
        'mods = (glassgrad, glassgrad._memory, glassgrad._graph, glassgrad._why_alive)',
        'print(json.dumps({m.__name__: list(doctest.testmod(m)) for m in mods}))',
      ].join('\n'),
    );
    for (const [mod, [failed, attempted]] of Object.entries(r)) {
      expect(failed, `${mod}: failed examples`).toBe(0);
      expect(attempted, `${mod} has runnable examples`).toBeGreaterThan(0);
    }
    // every public function documents itself with an example
    const undocumented = facts<string[]>(
      "print(json.dumps([n for n in glassgrad.__all__ if '>>>' not in (getattr(glassgrad, n).__doc__ or '')]))",
    );
    expect(undocumented).toEqual([]);
  });

  it('reports 512-byte blocks by default and exact bytes with exact=True; views are free; del frees', () => {
    const r = facts(
      [
        'b, e = glassgrad.memory_allocated(), glassgrad.memory_allocated(exact=True)',
        'x = torch.zeros(1000)',
        'small = torch.zeros(3, dtype=torch.float64)',
        'after = (glassgrad.memory_allocated() - b, glassgrad.memory_allocated(exact=True) - e)',
        'v = x.view(10, 100)',
        'view = glassgrad.memory_allocated(exact=True) - e',
        'del x',
        'kept_by_view = glassgrad.memory_allocated(exact=True) - e',
        'del v, small',
        'print(json.dumps({"after": after, "view": view, "kept_by_view": kept_by_view,',
        '    "gone": (glassgrad.memory_allocated() - b, glassgrad.memory_allocated(exact=True) - e)}))',
      ].join('\n'),
    );
    expect(r.after).toEqual([4096 + 512, 4000 + 24]);
    expect(r.view).toBe(4024);
    expect(r.kept_by_view).toBe(4024); // the view still owns the storage
    expect(r.gone).toEqual([0, 0]);
  });

  it('tracks the peak until reset_peak_memory_stats()', () => {
    const r = facts(
      [
        'glassgrad.reset_peak_memory_stats()',
        'e = glassgrad.memory_allocated(exact=True)',
        'reset = (glassgrad.max_memory_allocated(exact=True) == e, glassgrad.max_memory_allocated() == glassgrad.memory_allocated())',
        'big = torch.ones(10000) * 2',  // the ones are a temporary: 40,000 + 40,000 at the peak
        'del big',
        'peak = (glassgrad.max_memory_allocated(exact=True) - e, glassgrad.max_memory_allocated() - glassgrad.memory_allocated())',
        'glassgrad.reset_peak_memory_stats()',
        'print(json.dumps({"reset": reset, "peak": peak, "after_reset": glassgrad.max_memory_allocated(exact=True) - e}))',
      ].join('\n'),
    );
    expect(r.reset).toEqual([true, true]);
    expect(r.peak).toEqual([80_000, 2 * 40_448]);
    expect(r.after_reset).toBe(0);
  });

  it('counts parameters, gradients and SGD momentum exactly as the sums of their tensors (and in blocks)', () => {
    const r = facts(
      [
        'import torch.nn as nn, torch.nn.functional as F',
        'base, base_blocks = glassgrad.memory_by_category(exact=True), glassgrad.memory_by_category()',
        'torch.manual_seed(0)',
        'model = nn.Sequential(nn.Linear(20, 10), nn.ReLU(), nn.Linear(10, 3))',
        'opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)',
        'x, y = torch.randn(64, 20), torch.randint(0, 3, (64,))',
        'loss = F.cross_entropy(model(x), y)',
        'loss.backward()',
        'opt.step()',
        'cat = glassgrad.memory_by_category(exact=True)',
        'blocks = glassgrad.memory_by_category()',
        'd = {k: cat[k] - base[k] for k in cat}',
        'db = {k: blocks[k] - base_blocks[k] for k in blocks}',
        'params = list(model.parameters())',
        'bufs = [opt.state[p]["momentum_buffer"] for p in params]',
        'rb = lambda n: -(-n // 512) * 512',
        'print(json.dumps({"d": d, "db": db, "keys": sorted(cat),',
        '  "param": sum(p.nbytes for p in params), "grad": sum(p.grad.nbytes for p in params),',
        '  "opt": sum(b.nbytes for b in bufs), "param_blocks": sum(rb(p.nbytes) for p in params),',
        '  "other": x.nbytes + y.nbytes + loss.nbytes,',
        '  "sums": [sum(cat.values()) == glassgrad.memory_allocated(exact=True), sum(blocks.values()) == glassgrad.memory_allocated()],',
        '  "stats": glassgrad.memory_stats()["by_category_exact"] == cat}))',
      ].join('\n'),
    );
    const d = r.d as Record<string, number>;
    expect(r.keys).toEqual(['gradient', 'optimizer', 'other', 'parameter', 'saved']);
    expect(r.param).toBe((20 * 10 + 10 + 10 * 3 + 3) * 4);
    expect(d.parameter).toBe(r.param);
    expect(d.gradient).toBe(r.grad);
    expect(d.optimizer).toBe(r.opt);
    expect(d.optimizer).toBe(r.param); // one momentum buffer per parameter
    expect(d.saved).toBe(0); // backward freed what the graph saved
    expect(d.other).toBe(r.other);
    expect((r.db as Record<string, number>).parameter).toBe(r.param_blocks);
    expect(r.sums).toEqual([true, true]);
    expect(r.stats).toBe(true);
  });

  it('memory_stats() gathers every figure', () => {
    const r = facts(
      [
        's = glassgrad.memory_stats()',
        'print(json.dumps({"keys": sorted(s), "same": [s["allocated"] == glassgrad.memory_allocated(),',
        '  s["allocated_exact"] == glassgrad.memory_allocated(exact=True), s["peak"] == glassgrad.max_memory_allocated(),',
        '  s["peak_exact"] == glassgrad.max_memory_allocated(exact=True), s["by_category"] == glassgrad.memory_by_category(),',
        '  s["storages"] == len(glassgrad.live_storages())]}))',
      ].join('\n'),
    );
    expect(r.keys).toEqual(['allocated', 'allocated_exact', 'by_category', 'by_category_exact', 'peak', 'peak_exact', 'storages']);
    expect(r.same).toEqual([true, true, true, true, true, true]);
  });

  it('lists live storages largest first, with category, dtype and the owning parameter name', () => {
    const r = facts(
      [
        'import torch.nn as nn',
        'class Net(nn.Module):',
        '    def __init__(self):',
        '        super().__init__()',
        '        self.fc1 = nn.Linear(700, 600)',
        '        self.head = nn.Sequential(nn.Linear(600, 2))',
        'net = Net()',
        'rows = glassgrad.live_storages()',
        'mine = {r["owner"]: r for r in rows if r["owner"] in ("fc1.weight", "fc1.bias", "head.0.weight")}',
        'w = mine["fc1.weight"]',
        'print(json.dumps({"sorted": all(a["bytes"] >= b["bytes"] for a, b in zip(rows, rows[1:])),',
        '  "limit": len(glassgrad.live_storages(limit=2)), "first": glassgrad.live_storages(limit=1) == rows[:1],',
        '  "w": [w["bytes"], w["block_bytes"], w["category"], str(w["dtype"])], "owners": sorted(mine),',
        '  "keys": sorted(w)}))',
      ].join('\n'),
    );
    expect(r.sorted).toBe(true);
    expect(r.limit).toBe(2);
    expect(r.first).toBe(true);
    expect(r.w).toEqual([1_680_000, 1_680_384, 'parameter', 'torch.float32']);
    expect(r.owners).toEqual(['fc1.bias', 'fc1.weight', 'head.0.weight']);
    expect(r.keys).toEqual(['block_bytes', 'bytes', 'category', 'dtype', 'id', 'owner']);
  });
});

describe('glassgrad: the graph behind a tensor', () => {
  it('counts nodes and names as PyTorch does, and the bytes saved for backward before and after backward()', () => {
    const r = facts(
      [
        'torch.manual_seed(0)',
        'fc = torch.nn.Linear(20, 10)',
        'x = torch.randn(64, 20)',
        'saved_before = glassgrad.memory_by_category(exact=True)["saved"]',
        'loss = torch.relu(fc(x)).sum()',
        'names = glassgrad.graph_node_names(loss)',
        'summary = glassgrad.graph_summary(loss)',
        'before = (glassgrad.graph_nodes(loss), glassgrad.saved_bytes(loss), glassgrad.memory_by_category(exact=True)["saved"] - saved_before)',
        'loss.backward()',
        'after = (glassgrad.graph_nodes(loss), glassgrad.saved_bytes(loss), glassgrad.memory_by_category(exact=True)["saved"] - saved_before)',
        'print(json.dumps({"names": dict(names), "counter": type(names).__name__, "before": before, "after": after,',
        '  "summary": [summary["nodes"], dict(summary["node_names"]), summary["saved_bytes"]],',
        '  "none": [glassgrad.graph_nodes(0), glassgrad.graph_nodes(x), glassgrad.saved_bytes(1.5), len(glassgrad.graph_node_names(x))]}))',
      ].join('\n'),
    );
    // real PyTorch: Counter({'AccumulateGrad': 2, 'SumBackward0': 1, 'ReluBackward0': 1, 'AddmmBackward0': 1, 'TBackward0': 1})
    const names = { SumBackward0: 1, ReluBackward0: 1, AddmmBackward0: 1, TBackward0: 1, AccumulateGrad: 2 };
    expect(r.names).toEqual(names);
    expect(r.counter).toBe('Counter');
    // addmm saves x (mat1; mat2 is not saved as x needs no grad), relu saves its result
    const saved = 64 * 20 * 4 + 64 * 10 * 4;
    expect(r.before).toEqual([6, saved, saved]);
    expect(r.after).toEqual([6, 0, 0]);
    expect(r.summary).toEqual([6, names, saved]);
    expect(r.none).toEqual([0, 0, 0, 0]);
  });

  it('counts a storage saved by several nodes once', () => {
    const r = facts(
      [
        'w = torch.ones(100, requires_grad=True)',
        'e = w.exp()',  // ExpBackward0 saves its result e
        'y = (e.sin() + e.cos()).sum()',  // SinBackward0 and CosBackward0 save e as their input
        'print(json.dumps([glassgrad.saved_bytes(y), glassgrad.graph_nodes(y)]))',
      ].join('\n'),
    );
    expect(r).toEqual([400, 6]); // Sum, Add, Sin, Cos, Exp, AccumulateGrad
  });
});

describe('glassgrad.why_alive', () => {
  const model = [
    'import torch.nn as nn',
    'class Net(nn.Module):',
    '    def __init__(self):',
    '        super().__init__()',
    '        self.fc = nn.Linear(20, 10)',
    '    def forward(self, x):',
    '        return torch.relu(self.fc(x))',
  ].join('\n');

  it('follows name -> grad_fn -> nodes -> saved tensors and leaves, and its total is what the ledger counts', () => {
    const r = facts<{
      total: number;
      delta: number;
      saved: number;
      chain_sum: number;
      lines: string[];
      chains: { kind: string; via: string; label: string; bytes: number | null; name?: string; slot?: string; shape?: number[] }[][];
      after: [number, number, number];
    }>(
      [
        model,
        'torch.manual_seed(0)',
        'base = glassgrad.memory_allocated(exact=True)',
        'net = Net()',
        'x = torch.randn(64, 20)',
        'loss = net(x).sum()',
        'report = glassgrad.why_alive("loss")',
        'delta = glassgrad.memory_allocated(exact=True) - base',
        'chain_sum = sum(c[-1]["bytes"] for c in report.chains)',
        'loss.backward()',
        'again = glassgrad.why_alive(loss)',
        'after = (again.total_bytes, again.saved_bytes, glassgrad.memory_allocated(exact=True) - base - x.nbytes)',
        'print(json.dumps({"total": report.total_bytes, "saved": report.saved_bytes, "delta": delta, "chain_sum": chain_sum,',
        '  "lines": str(report).splitlines(), "chains": report.chains, "after": after}))',
      ].join('\n'),
    );
    // loss, x (saved by addmm), relu's result (saved), fc.weight and fc.bias: all made after `base`
    expect(r.total).toBe(r.delta);
    expect(r.total).toBe(4 + 64 * 20 * 4 + 64 * 10 * 4 + (200 + 10) * 4);
    expect(r.chain_sum).toBe(r.total);
    expect(r.saved).toBe(64 * 20 * 4 + 64 * 10 * 4);
    expect(r.lines).toEqual([
      'loss [] float32 → 4 B',
      'loss → SumBackward0 → saved ReluBackward0.result [64, 10] float32 → 2,560 B',
      'loss → SumBackward0 → ReluBackward0 → saved by AddmmBackward0 x [64, 20] float32 → 5,120 B',
      'loss → SumBackward0 → … → AccumulateGrad → fc.bias [10] float32 → 40 B', // more than three nodes: elided
      'loss → SumBackward0 → … → AccumulateGrad → fc.weight [10, 20] float32 → 800 B',
      'total 8,524 B (7,680 B saved for backward)',
    ]);
    const saved = r.chains[1]!;
    expect(saved.map((s) => s.via)).toEqual(['root', 'grad_fn', 'next_functions', 'saved', 'storage']);
    expect(saved.map((s) => s.kind)).toEqual(['tensor', 'node', 'node', 'tensor', 'storage']);
    expect(saved[0]!.name).toBe('loss');
    expect(saved[2]!.label).toBe('ReluBackward0');
    expect(saved[3]!).toMatchObject({ slot: 'result', shape: [64, 10], dtype: 'float32', bytes: null });
    expect(saved[4]!.bytes).toBe(2560);
    // after backward: nothing saved; loss still holds the parameters (and now their grads) through AccumulateGrad
    expect(r.after).toEqual([4 + 2 * (200 + 10) * 4, 0, 4 + 2 * (200 + 10) * 4]);
  });

  it('shows the memory a validation accumulator keeps, and that del gives it back', () => {
    const r = facts(
      [
        model,
        'torch.manual_seed(0)',
        'net = Net()',
        'data = [torch.randn(64, 20) for _ in range(3)]',
        'base = glassgrad.memory_allocated(exact=True)',
        'running_loss = 0',
        'for x in data:',
        '    loss = net(x).sum()',
        '    running_loss += loss',
        'del loss',
        'held = glassgrad.memory_allocated(exact=True) - base',
        'report = glassgrad.why_alive("running_loss")',
        'nodes = glassgrad.graph_nodes(running_loss)',
        'del running_loss',
        'print(json.dumps({"held": held, "saved": report.saved_bytes, "nodes": nodes,',
        '  "freed": glassgrad.memory_allocated(exact=True) - base}))',
      ].join('\n'),
    );
    // The graph keeps each iteration's relu result (2,560 B) and x (allocated before `base`); no node
    // saves the losses or the earlier running sums, so only the last sum's 4 bytes are added.
    expect(r.saved).toBe(3 * (64 * 20 * 4 + 64 * 10 * 4));
    expect(r.held).toBe(3 * (64 * 10 * 4) + 4);
    expect(r.nodes).toBe(3 + 3 * 4 + 2); // AddBackward0 x3, (Sum, Relu, Addmm, T) x3, AccumulateGrad x2
    expect(r.freed).toBe(0);
  });

  it('reflects Python lifetimes: a leaf deleted while a graph needs it stays, and goes with the graph', () => {
    const r = facts(
      [
        'base = glassgrad.memory_allocated(exact=True)',
        'w = torch.ones(1000, requires_grad=True)',
        'y = w * 3',
        'del w',
        'kept = glassgrad.memory_allocated(exact=True) - base',
        'chains = [[s["via"] for s in c] for c in glassgrad.why_alive("y").chains]',
        'del y',
        'gone = glassgrad.memory_allocated(exact=True) - base',
        'z = torch.zeros(10)',
        'z.grad = torch.ones(10)',
        'with_grad = glassgrad.why_alive(z).total_bytes',
        'z.grad = None',
        'print(json.dumps({"kept": kept, "chains": chains, "gone": gone, "with_grad": with_grad,',
        '  "grad_gone": glassgrad.why_alive(z).total_bytes}))',
      ].join('\n'),
    );
    expect(r.kept).toBe(8000); // y and, through MulBackward0 -> AccumulateGrad, w
    expect(r.chains).toEqual([
      ['root', 'storage'],
      ['root', 'grad_fn', 'next_functions', 'variable', 'storage'],
    ]);
    expect(r.gone).toBe(0);
    expect(r.with_grad).toBe(80);
    expect(r.grad_gone).toBe(40);
  });

  it('looks names up in the caller, and says when there is no tensor', () => {
    const r = facts(
      [
        'def inner():',
        '    local_t = torch.ones(5)',
        '    return glassgrad.why_alive("local_t").total_bytes',
        'running_loss = 0.0',
        'n = glassgrad.why_alive("running_loss")',
        'errors = []',
        'for bad in ("no_such_name", [1, 2]):',
        '    try:',
        '        glassgrad.why_alive(bad)',
        '    except (NameError, TypeError) as e:',
        '        errors.append(f"{type(e).__name__}: {e}")',
        'fc = torch.nn.Linear(3, 2)',  // its own parameters: labelled "weight" and "bias"
        'inp = torch.ones(4, 3, requires_grad=True)',
        'view_line = [l for l in str(glassgrad.why_alive(fc(inp).sum())).splitlines() if "AddmmBackward0 view" in l]',
        'print(json.dumps({"local": inner(), "number": [n.total_bytes, n.chains, str(n)], "errors": errors,',
        '  "view_line": view_line}))',
      ].join('\n'),
    );
    expect(r.local).toBe(20);
    expect(r.number).toEqual([0, [], 'running_loss is float: it holds no tensor memory\ntotal 0 B (0 B saved for backward)']);
    expect(r.errors).toEqual([
      "NameError: name 'no_such_name' is not defined",
      'TypeError: why_alive() takes a tensor or the name of one, got list',
    ]);
    // addmm saves weight.t() for inp's gradient: a view, named after the parameter it views
    expect(r.view_line).toEqual(['tensor → SumBackward0 → saved by AddmmBackward0 view of weight [3, 2] float32 → 24 B']);
  });
});
