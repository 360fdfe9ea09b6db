// End-to-end: real CPython (Pyodide) running `import torch` over the engine.
// One Pyodide instance is shared by the whole file (loading it is slow);
// each test runs its snippet in a fresh namespace and captures what it prints.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readPackageFiles } from '../../engine/runtime/pyodide_node.ts';
import { usePython } from '../support/python.ts';

const { run, stdoutOf } = usePython();

describe('Python runtime', () => {
  it('imports torch and reports its version', () => {
    expect(stdoutOf('import torch\nprint(torch.__version__.startswith("2.11"))')).toBe('True\n');
  });

  it('does arithmetic with PyTorch promotion and printing', () => {
    const src = [
      'import torch',
      'x = torch.tensor([1, 2, 3])',
      'print(x + 1, x * 2.0, x / 2)',
      'print(repr(torch.tensor([[1.5, 2.0], [3.0, 4.0]])))',
      'print(torch.zeros(2, 3).shape, torch.float32, torch.tensor(2.5).item())',
    ].join('\n');
    expect(stdoutOf(src)).toBe(
      'tensor([2, 3, 4]) tensor([2., 4., 6.]) tensor([0.5000, 1.0000, 1.5000])\n' +
        'tensor([[1.5000, 2.0000],\n        [3.0000, 4.0000]])\n' +
        'torch.Size([2, 3]) torch.float32 2.5\n',
    );
  });

  it('shows storages as PyTorch 2.x does (untyped_storage) and warns on the legacy volatile flag', () => {
    const src = [
      'import torch, warnings',
      'x = torch.arange(6.).view(2, 3)',
      's = x.untyped_storage()',
      'print(s.data_ptr() == x.data_ptr(), s.nbytes(), x[1].untyped_storage().data_ptr() == s.data_ptr())',
      'print(x.t().contiguous().untyped_storage().data_ptr() == s.data_ptr())',
      'print(torch.tensor([1., 2.]).untyped_storage())',
      'print(torch.tensor([1, -2]).untyped_storage().tolist())',
      'with warnings.catch_warnings(record=True) as w:',
      '    warnings.simplefilter("always")',
      '    print(x.volatile)',
      '    x.volatile = True',
      'print([str(m.message) for m in w])',
    ].join('\n');
    expect(stdoutOf(src)).toBe(
      'True 24 True\nFalse\n 0\n 0\n 128\n 63\n 0\n 0\n 0\n 64\n[torch.storage.UntypedStorage(device=cpu) of size 8]\n' +
        '[1, 0, 0, 0, 0, 0, 0, 0, 254, 255, 255, 255, 255, 255, 255, 255]\nFalse\n' +
        "['volatile was removed (Variable.volatile is always False)', 'volatile was removed and now has no effect. Use `with torch.no_grad():` instead.']\n",
    );
  });

  it('runs custom autograd Functions as PyTorch does (transcript from PyTorch 1.13, setup_context from 2.x)', () => {
    const src = [
      'import torch',
      'class Exp(torch.autograd.Function):',
      '    @staticmethod',
      '    def forward(ctx, x):',
      '        y = x.exp()',
      '        ctx.save_for_backward(y)',
      '        return y',
      '    @staticmethod',
      '    def backward(ctx, grad):',
      '        (y,) = ctx.saved_tensors',
      '        return grad * y',
      'x = torch.tensor([0.0, 1.0], requires_grad=True)',
      'y = Exp.apply(x)',
      'print(y, type(y.grad_fn).__name__, type(y.grad_fn).__module__, y.grad_fn.next_functions[0][0].name())',
      'y.sum().backward()',
      'print(x.grad)',
      'class MulConst(torch.autograd.Function):',
      '    @staticmethod',
      '    def forward(ctx, x, c):',
      '        ctx.c = c',
      '        return x * c',
      '    @staticmethod',
      '    def backward(ctx, g):',
      '        assert ctx.needs_input_grad == (True, False)',
      '        return g * ctx.c, None',
      'MulConst.apply(x, 3.0).backward(torch.ones(2))',
      'print(x.grad)',
      'class Bad(torch.autograd.Function):',
      '    @staticmethod',
      '    def forward(ctx, x, c):',
      '        return x * c',
      '    @staticmethod',
      '    def backward(ctx, g):',
      '        return g',
      'try:',
      '    Bad.apply(x, 2).sum().backward()',
      'except RuntimeError as e:',
      '    print(e)',
      'class Split(torch.autograd.Function):',
      '    @staticmethod',
      '    def forward(x):',
      '        return x * 2, x.argmax()',
      '    @staticmethod',
      '    def setup_context(ctx, inputs, output):',
      '        ctx.mark_non_differentiable(output[1])',
      '    @staticmethod',
      '    def backward(ctx, g, gi):',
      '        return g * 2',
      'a, b = Split.apply(x)',
      'print(a.grad_fn.name(), b.requires_grad)',
      'with torch.no_grad():',
      '    print(Exp.apply(x).requires_grad)',
      'class Sq(torch.autograd.Function):',
      '    @staticmethod',
      '    def forward(ctx, x):',
      '        ctx.save_for_backward(x)',
      '        return x * x',
      '    @staticmethod',
      '    def backward(ctx, g):',
      '        (x,) = ctx.saved_tensors',
      '        return 2 * x * g',
      'w = torch.tensor([3.0], requires_grad=True)',
      '(gw,) = torch.autograd.grad(Sq.apply(w), w, create_graph=True)',
      'gw.backward()',
      'print(gw, w.grad)',
      'try:',
      '    Exp()(x)',
      'except RuntimeError as e:',
      '    print(str(e).split(".")[0])',
    ].join('\n');
    expect(stdoutOf(src)).toBe(
      'tensor([1.0000, 2.7183], grad_fn=<ExpBackward>) ExpBackward torch.autograd.function AccumulateGrad\n' +
        'tensor([1.0000, 2.7183])\n' +
        'tensor([4.0000, 5.7183])\n' +
        'function BadBackward returned an incorrect number of gradients (expected 2, got 1)\n' +
        'SplitBackward False\n' +
        'False\n' +
        'tensor([6.], grad_fn=<MulBackward0>) tensor([2.])\n' +
        'Legacy autograd function with non-static forward method is deprecated\n',
    );
  });

  it('runs backward and shows grad_fn names', () => {
    const src = [
      'import torch',
      'w = torch.tensor([1.0, 2.0], requires_grad=True)',
      'y = (w * w).sum()',
      'print(y, type(y.grad_fn).__name__)',
      'y.backward()',
      'print(w.grad)',
      'print(w.grad is w.grad, y.grad_fn.next_functions[0][0].name())',
    ].join('\n');
    expect(stdoutOf(src)).toBe(
      'tensor(5., grad_fn=<SumBackward0>) SumBackward0\ntensor([2., 4.])\nTrue MulBackward0\n',
    );
  });

  it('raises engine errors as the Python exception PyTorch raises', () => {
    const src = [
      'import torch',
      'try:',
      '    torch.arange(6).view(4, 2)',
      'except RuntimeError as e:',
      '    print(type(e).__name__, e)',
      'try:',
      '    torch.zeros(2, 3).sum(dim=5)',
      'except IndexError as e:',
      '    print(type(e).__name__, e)',
    ].join('\n');
    expect(stdoutOf(src)).toBe(
      "RuntimeError shape '[4, 2]' is invalid for input of size 6\n" +
        'IndexError Dimension out of range (expected to be in range of [-2, 1], but got 5)\n',
    );
  });

  it('prints an uncaught exception as a traceback and exits with status 1', () => {
    const r = run('import torch\nx = torch.ones(2)\nx.view(3)\n');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^Traceback \(most recent call last\):\n {2}File "snippet.py", line 3, in <module>/);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe("RuntimeError: shape '[3]' is invalid for input of size 2");
  });

  it("routes engine warnings through Python's warnings module, at the user's line", () => {
    const src = [
      'import torch, warnings',
      'with warnings.catch_warnings(record=True) as caught:',
      '    warnings.simplefilter("always")',
      '    torch.zeros(2, 3, 4).T',
      'w = caught[0]',
      'print(w.category.__name__, w.filename, w.lineno, str(w.message)[:19])',
    ].join('\n');
    expect(stdoutOf(src)).toBe('UserWarning snippet.py 4 The use of `x.T` on\n');
  });

  it('keeps one Python object per engine tensor', () => {
    const src = [
      'import torch',
      'x = torch.arange(6).view(2, 3)',
      'print(x.contiguous() is x, x.t().contiguous() is x)',
    ].join('\n');
    expect(stdoutOf(src)).toBe('True False\n');
  });
});

describe('Python facade: memory and nn', () => {
  it('frees engine memory when Python drops the last reference', () => {
    const src = [
      'import gc, torch',
      'from torch._bridge import E',
      'base = E.memoryStats().allocated',
      'x = torch.ones(100, requires_grad=True)',
      '(x * 2).exp().sum().backward()',
      'print(E.memoryStats().allocated - base)',
      'del x',
      'gc.collect()',
      'print(E.memoryStats().allocated - base)',
    ].join('\n');
    expect(stdoutOf(src)).toBe('800\n0\n');
  });

  it('trains a small model with nn and optim', () => {
    const src = [
      'import torch, torch.nn as nn',
      'x = torch.tensor([[0.0], [1.0], [2.0], [3.0]])',
      'y = 2 * x + 1',
      'model = nn.Linear(1, 1)',
      'with torch.no_grad():',
      '    model.weight.fill_(0.0)',
      '    model.bias.fill_(0.0)',
      'opt = torch.optim.SGD(model.parameters(), lr=0.05)',
      'for step in range(200):',
      '    opt.zero_grad()',
      '    loss = nn.functional.mse_loss(model(x), y)',
      '    loss.backward()',
      '    opt.step()',
      'print(f"{model.weight.item():.3f} {model.bias.item():.3f}")',
      'print(model)',
    ].join('\n');
    expect(stdoutOf(src)).toBe('2.000 1.000\nLinear(in_features=1, out_features=1, bias=True)\n');
  });
});

describe('bridge coverage', () => {
  it("exposes the exported functions of every op module that engine/ops/all.ts lists", () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
    const listed = (file: string, re: RegExp) => [...readFileSync(path.join(root, file), 'utf8').matchAll(re)].map((m) => m[1]);
    const ops = new Set(listed('engine/ops/all.ts', /^import '\.\/([a-z_]+)\.ts';$/gm));
    const bound = new Set(listed('engine/python/bridge_functions.ts', /from '\.\.\/ops\/([a-z_]+)\.ts';$/gm));
    expect([...ops].filter((m) => !bound.has(m))).toEqual([]);
  });
});

describe('Python files', () => {
  it('ships every .py file under engine/python, the torch package included', () => {
    const files = readPackageFiles();
    expect(files.has('torch/__init__.py')).toBe(true);
    expect(files.has('torch/nn/modules/module.py')).toBe(true);
    expect([...files.keys()].every((p) => p.endsWith('.py') && !p.includes('__pycache__'))).toBe(true);
  });
});
