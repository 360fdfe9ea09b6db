// The notebook kernel end to end: real CPython (Pyodide) and the engine,
// driven through InProcessKernelClient as the UI drives the Worker. One
// Pyodide for the whole file; cells share one namespace, as a notebook does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessKernelClient } from './in_process_kernel.ts';
import type { ExecuteOutcome, KernelEvent, MimeBundle, VariableInfo } from './protocol.ts';
import { PLOTLY_MIME, TENSOR_MIME } from './protocol.ts';
import type { TraceEvent } from '../trace/events.ts';

type Output =
  | { kind: 'stream'; name: string; text: string }
  | { kind: 'display'; data: MimeBundle; displayId?: string }
  | { kind: 'update'; data: MimeBundle; displayId: string }
  | { kind: 'result'; data: MimeBundle; executionCount: number }
  | { kind: 'error'; error: Extract<KernelEvent, { type: 'error' }> };

interface Run {
  outcome: ExecuteOutcome;
  outputs: Output[];
  trace: TraceEvent[];
  stdout: string;
  result?: MimeBundle;
  error?: Extract<KernelEvent, { type: 'error' }>;
}

let client: InProcessKernelClient;
let cell = 0;
const fileStart = performance.now();

beforeAll(async () => {
  client = await InProcessKernelClient.start({ trace: true });
  // What most tests use, so that each can also run alone (vitest -t).
  await ok('import time, torch\nimport matplotlib.pyplot as plt\nfrom tqdm import tqdm');
}, 120_000);

afterAll(() => {
  client.dispose();
  console.log(`kernel_core.test.ts: ${((performance.now() - fileStart) / 1000).toFixed(1)} s including Pyodide start-up`);
});

/** Runs a cell; `onOutput` may act during the run (e.g. interrupt). */
async function run(code: string, onOutput?: (o: Output) => void): Promise<Run> {
  const outputs: Output[] = [];
  const trace: TraceEvent[] = [];
  const push = (o: Output): void => {
    outputs.push(o);
    onOutput?.(o);
  };
  cell += 1;
  const outcome = await client.execute(
    { cellId: `c${cell}`, cellName: `<cell ${cell}>`, code, executionCount: cell },
    {
      onStream: (name, text) => push({ kind: 'stream', name, text }),
      onDisplay: (data, displayId) => push({ kind: 'display', data, ...(displayId ? { displayId } : {}) }),
      onUpdateDisplay: (data, displayId) => push({ kind: 'update', data, displayId }),
      onResult: (data, executionCount) => push({ kind: 'result', data, executionCount }),
      onError: (error) => push({ kind: 'error', error }),
      onTrace: (events) => trace.push(...events),
    },
  );
  const streams = outputs.filter((o): o is Extract<Output, { kind: 'stream' }> => o.kind === 'stream');
  const result = outputs.find((o): o is Extract<Output, { kind: 'result' }> => o.kind === 'result');
  const error = outputs.find((o): o is Extract<Output, { kind: 'error' }> => o.kind === 'error');
  return {
    outcome,
    outputs,
    trace,
    stdout: streams.filter((s) => s.name === 'stdout').map((s) => s.text).join(''),
    ...(result ? { result: result.data } : {}),
    ...(error ? { error: error.error } : {}),
  };
}

async function ok(code: string): Promise<Run> {
  const r = await run(code);
  if (r.outcome.status !== 'ok') throw new Error(`cell failed:\n${r.error?.traceback.join('\n')}`);
  return r;
}

/** The text/plain of the cell's result. */
async function value(code: string): Promise<string> {
  return String((await ok(code)).result?.['text/plain']);
}

describe('executing cells', () => {
  it('shows the value of a last expression, not of a statement, None, or a line ending in ;', async () => {
    const r = await ok('a = 40\na + 2');
    expect(r.result).toEqual({ 'text/plain': '42' });
    expect(r.outputs.filter((o) => o.kind === 'result')).toHaveLength(1);
    expect((await ok('b = a + 1')).result).toBeUndefined();
    expect((await ok('None')).result).toBeUndefined();
    expect((await ok('a + 1;')).result).toBeUndefined();
    expect((await ok('a + 1  # a comment after the value')).result).toEqual({ 'text/plain': '41' });
    expect((await ok('print("x"); a')).result).toEqual({ 'text/plain': '40' });
  });

  it('keeps one namespace across cells, named __main__, with _ as the last result', async () => {
    await ok('import torch\nclass Point:\n    pass\nseen = 0');
    await ok('seen += 1');
    expect(await value('seen, __name__, Point.__module__')).toBe("(1, '__main__', '__main__')");
    await ok('"first"');
    await ok('"second"');
    expect(await value('(_, __)')).toBe("('second', 'first')");
  });

  it('sends a tensor result with its repr and the inspector summary', async () => {
    const r = await ok('t = torch.arange(12).view(3, 4).t()\nt');
    expect(r.result?.['text/plain']).toBe(
      'tensor([[ 0,  4,  8],\n        [ 1,  5,  9],\n        [ 2,  6, 10],\n        [ 3,  7, 11]])',
    );
    expect(r.result?.[TENSOR_MIME]).toMatchObject({
      shape: [4, 3],
      dtype: 'torch.int64',
      strides: [1, 4],
      storageOffset: 0,
      requiresGrad: false,
      isLeaf: true,
      gradFn: null,
      storageBytes: 96,
      bytes: 96,
    });
    const view = (await ok('w = torch.ones(4, requires_grad=True)\n(w * 2)[1:]')).result?.[TENSOR_MIME];
    expect(view).toMatchObject({ shape: [3], strides: [1], storageOffset: 1, requiresGrad: true, isLeaf: false, gradFn: 'SliceBackward0', storageBytes: 16, bytes: 12 });
  });

  it('adds the rich forms an object offers (_repr_html_, _repr_markdown_, _repr_png_), as IPython does', async () => {
    const r = await ok(
      [
        'class Rich:',
        '    def _repr_html_(self): return "<b>rich</b>"',
        '    def _repr_markdown_(self): return "**rich**"',
        '    def _repr_png_(self): return b"\\x89PNG"',
        '    def _repr_latex_(self): return None',
        'Rich()',
      ].join('\n'),
    );
    expect(r.result?.['text/html']).toBe('<b>rich</b>');
    expect(r.result?.['text/markdown']).toBe('**rich**');
    expect(r.result?.['image/png']).toBe(Buffer.from('\x89PNG', 'latin1').toString('base64'));
    expect(r.result).not.toHaveProperty('text/latex');
    expect(String(r.result?.['text/plain'])).toMatch(/^<__main__\.Rich at 0x[0-9a-f]+>$/);
  });

  it('offers display() as a builtin and through IPython.display, in order with printed text', async () => {
    const r = await ok(
      'print("before")\ndisplay(1, "two")\nfrom IPython.display import display as d2, HTML\nd2(HTML("<i>x</i>"))\nprint("after")',
    );
    expect(r.outputs).toEqual([
      { kind: 'stream', name: 'stdout', text: 'before\n' },
      { kind: 'display', data: { 'text/plain': '1' } },
      { kind: 'display', data: { 'text/plain': "'two'" } },
      { kind: 'display', data: { 'text/plain': '<IPython.core.display.HTML object>', 'text/html': '<i>x</i>' } },
      { kind: 'stream', name: 'stdout', text: 'after\n' },
    ]);
    const h = await ok('h = display("v1", display_id=True)\nh.update("v2")');
    const [shown, updated] = h.outputs;
    expect(shown).toMatchObject({ kind: 'display', data: { 'text/plain': "'v1'" } });
    expect(updated).toEqual({ kind: 'update', data: { 'text/plain': "'v2'" }, displayId: (shown as { displayId: string }).displayId });
  });

  it('batches a tight print loop into a few stream messages', async () => {
    const r = await ok('for i in range(3000):\n    print(i)');
    const streams = r.outputs.filter((o) => o.kind === 'stream');
    expect(r.stdout).toBe(Array.from({ length: 3000 }, (_, i) => `${i}\n`).join(''));
    expect(streams.length).toBeLessThan(40);
  });
});

describe('errors', () => {
  it('prints warnings on stderr at the cell line, again on every run', async () => {
    const code = 'import warnings\nwarnings.warn("careful")';
    for (let i = 0; i < 2; i++) {
      const r = await ok(code);
      expect(r.outputs).toEqual([
        { kind: 'stream', name: 'stderr', text: `<cell ${cell}>:2: UserWarning: careful\n  warnings.warn("careful")\n` },
      ]);
    }
  });

  it('accepts %matplotlib inline and reports other magics as IPython does', async () => {
    expect((await ok('%matplotlib inline\n1 + 1')).result).toEqual({ 'text/plain': '2' });
    const r = await run('x = 1\n%timeit x + 1');
    expect(r.error).toMatchObject({ ename: 'UsageError', evalue: 'Line magic function `%timeit` not found.', frames: [] });
    expect(r.error?.traceback).toEqual(['UsageError: Line magic function `%timeit` not found.']);
  });

  it("reports PyTorch's error with the user's frames only, pointing at the cell line", async () => {
    const r = await run('x = torch.ones(2, 3)\nx.t().view(6)');
    expect(r.outcome.status).toBe('error');
    expect(r.error?.ename).toBe('RuntimeError');
    const message =
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.";
    expect(r.error?.evalue).toBe(message);
    expect(r.error?.traceback[0]).toBe('Traceback (most recent call last):');
    expect(r.error?.traceback[1]).toBe(`  File "<cell ${cell}>", line 2, in <module>`);
    expect(r.error?.traceback[2]).toBe('    x.t().view(6)');
    expect(r.error?.traceback.at(-1)).toBe(`RuntimeError: ${message}`);
    expect(r.error?.traceback.join('\n')).not.toMatch(/glassgrad_kernel|_glassgrad_runner|\.ts"|\.mjs"|torch\/_/);
    expect(r.error?.frames).toEqual([{ filename: `<cell ${cell}>`, lineno: 2, name: '<module>' }]);
  });

  it('lists every user frame, across cells, for an error raised in a function', async () => {
    await ok('def inner(v):\n    return v.view(5)');
    const r = await run('inner(torch.ones(2))');
    expect(r.error?.frames).toEqual([
      { filename: `<cell ${cell}>`, lineno: 1, name: '<module>' },
      { filename: `<cell ${cell - 1}>`, lineno: 2, name: 'inner' },
    ]);
    expect(r.error?.traceback).toContain('    return v.view(5)');
  });

  it('reports a SyntaxError as Python prints it, with its location as the frame', async () => {
    const r = await run('y = (1 +\n');
    expect(r.outcome.status).toBe('error');
    expect(r.error?.ename).toBe('SyntaxError');
    expect(r.error?.traceback[0]).toBe(`  File "<cell ${cell}>", line 1`);
    expect(r.error?.frames).toEqual([{ filename: `<cell ${cell}>`, lineno: 1, name: '<module>' }]);
  });

  it('reports SystemExit as IPython does and keeps the kernel alive', async () => {
    const r = await run('import sys\nsys.exit(3)');
    expect(r.outcome.status).toBe('error');
    expect(r.error).toMatchObject({ ename: 'SystemExit', evalue: '3', traceback: ['SystemExit: 3'] });
    expect(await value('1 + 1')).toBe('2');
  });

  it("frees the tensors a failed cell's frames held, even through a reference cycle", async () => {
    await ok('from torch._bridge import E\nbase = E.memoryStats().allocated');
    const r = await run(
      [
        'def fail():',
        '    big = torch.ones(1000)',
        '    try:',
        '        raise ValueError("boom")',
        '    except ValueError as e:',
        '        keep = e  # keep -> e -> traceback -> this frame -> keep: a cycle',
        '        raise',
        'fail()',
      ].join('\n'),
    );
    expect(r.error?.evalue).toBe('boom');
    expect(await value('E.memoryStats().allocated - base')).toBe('0');
    expect(await value('import sys\nhasattr(sys, "last_exc") or hasattr(sys, "last_value")')).toBe('False');
  });
});

describe('interrupts', () => {
  it('stops a busy loop when the interrupt buffer is set before it runs', async () => {
    const pending = run('n = 0\nwhile True:\n    n += 1');
    await client.interrupt();
    const r = await pending;
    expect(r.outcome.status).toBe('interrupted');
    expect(r.error).toMatchObject({ ename: 'KeyboardInterrupt', evalue: '' });
    expect(r.error?.traceback.at(-1)).toBe('KeyboardInterrupt');
    expect(client.interruptBuffer[0]).toBe(0);
    expect(await value('1 + 1')).toBe('2'); // the next cell is not hit
  });

  it('interrupts a long time.sleep at once', async () => {
    // "waiting" reaches the client when the sleep flushes it, so the interrupt lands inside the sleep.
    const r = await run('import time\nprint("a")\nprint("waiting", end="")\ntime.sleep(30)\nprint("not reached")', (o) => {
      if (o.kind === 'stream' && o.text.includes('waiting')) void client.interrupt();
    });
    expect(r.outcome.status).toBe('interrupted');
    expect(r.outcome.durationMs).toBeLessThan(5_000);
    expect(r.stdout).toBe('a\nwaiting');
    expect(r.error?.frames.at(-1)).toEqual({ filename: `<cell ${cell}>`, lineno: 4, name: '<module>' });
    expect(r.error?.ename).toBe('KeyboardInterrupt');
    expect(r.error?.traceback.join('\n')).not.toMatch(/glassgrad_kernel|\.ts"/);
  });

  it('still sleeps for real and validates the argument as time.sleep does', async () => {
    const r = await ok('import time\nt0 = time.perf_counter()\ntime.sleep(0.05)\nround(time.perf_counter() - t0, 2) >= 0.05');
    expect(r.result?.['text/plain']).toBe('True');
    expect((await run('time.sleep(-1)')).error?.evalue).toBe('sleep length must be non-negative');
  });
});

describe('variables', () => {
  it('lists data variables with tensor facts and module parameter bytes, after every run', async () => {
    let latest: VariableInfo[] = [];
    const off = client.onVariables((v) => (latest = v));
    await ok(
      [
        'import math, torch.nn as nn',
        'v_tensor = torch.ones(2, 3, requires_grad=True)',
        'v_view = v_tensor[0]',
        'v_model = nn.Linear(3, 2)',
        'v_text = "x" * 200',
        'def v_function(): pass',
        '_v_private = 1',
      ].join('\n'),
    );
    off();
    const byName = new Map(latest.map((v) => [v.name, v]));
    expect(byName.get('v_tensor')).toEqual({
      name: 'v_tensor',
      type: 'Tensor',
      shape: [2, 3],
      dtype: 'torch.float32',
      requiresGrad: true,
      bytes: 24,
      preview: 'tensor([[1., 1., 1.], [1., 1., 1.]], requires_grad=True)',
    });
    expect(byName.get('v_view')).toMatchObject({ shape: [3], bytes: 24 });
    expect(byName.get('v_model')).toMatchObject({ type: 'Linear', bytes: 32 });
    expect(byName.get('v_text')?.preview).toHaveLength(80);
    for (const hidden of ['math', 'nn', 'v_function', '_v_private', 'Point', '_']) expect(byName.has(hidden)).toBe(false);
    expect(await client.variables()).toEqual(latest);
  });
});

describe('completion', () => {
  it('completes torch. with functions and their signatures, fast', async () => {
    const t0 = performance.now();
    const { items, from } = await client.complete('torch.', 6);
    const ms = performance.now() - t0;
    console.log(`completion of "torch.": ${ms.toFixed(1)} ms, ${items.length} items`);
    expect(from).toBe(6);
    expect(items.find((i) => i.label === 'sum')).toMatchObject({ type: 'function', detail: '(input, dim=None, keepdim=False, *, dtype=None, out=None)' });
    expect(items.find((i) => i.label === 'float32')).toMatchObject({ type: 'variable' });
    expect(items.find((i) => i.label === 'nn')).toMatchObject({ type: 'module' });
    expect(items.some((i) => i.label.startsWith('_'))).toBe(false);
  });

  it('completes attribute chains of modules and of tensors', async () => {
    await ok('t = torch.ones(2)');
    const code = 'y = torch.nn.functional.re';
    const f = await client.complete(code, code.length);
    expect(f.items.map((i) => i.label)).toEqual(['relu', 'relu6', 'relu_']);
    expect(f.from).toBe(code.length - 2);
    expect(f.items[0]).toMatchObject({ type: 'function', detail: '(input, inplace=False)' });
    const m = await client.complete('t.vi', 4);
    expect(m.items.map((i) => i.label)).toEqual(['view', 'view_as']);
    expect(m.items[0]).toMatchObject({ type: 'method', detail: '(*shape)' });
    expect(m.from).toBe(2);
    const p = await client.complete('t.requires_g', 12);
    expect(p.items).toContainEqual(expect.objectContaining({ label: 'requires_grad', type: 'property' }));
  });

  it('completes names with keywords and builtins, and module names after import', async () => {
    const names = await client.complete('x = pri', 7);
    expect(names.items.find((i) => i.label === 'print')).toMatchObject({ type: 'function' });
    const kw = await client.complete('whi', 3);
    expect(kw.items).toContainEqual({ label: 'while', type: 'keyword' });
    const mods = await client.complete('import tor', 10);
    expect(mods.items.map((i) => i.label)).toContain('torch');
    expect((await client.complete('s = "torch.', 11)).items).toEqual([]);
    expect((await client.complete('f(x).vi', 7)).items).toEqual([]);
  });
});

describe('tqdm', () => {
  it('draws a bar as a display, redraws it at most ~10 times a second and ends at 100%', async () => {
    const r = await ok('from tqdm.auto import tqdm\nfor i in tqdm(range(10), desc="train"):\n    time.sleep(0.03)');
    const [first, ...rest] = r.outputs;
    expect(first).toMatchObject({ kind: 'display', data: { 'text/plain': 'train:   0%|          | 0/10 [00:00<?, ?it/s]' } });
    const id = (first as { displayId: string }).displayId;
    expect(id).toBeTruthy();
    expect(rest.length).toBeGreaterThanOrEqual(1);
    expect(rest.length).toBeLessThanOrEqual(5); // 0.3 s of work: about three redraws and the final one
    for (const u of rest) expect(u).toMatchObject({ kind: 'update', displayId: id });
    const last = rest.at(-1) as { data: MimeBundle };
    expect(String(last.data['text/plain'])).toMatch(/^train: 100%\|██████████\| 10\/10 \[00:00<00:00, +\d+\.\d\dit\/s\]$/);
    expect(String(last.data['text/html'])).toContain('width:100.0%');
  });

  it("formats the meter exactly as tqdm does", async () => {
    const text = await value(
      [
        'from tqdm import tqdm, trange',
        'print_ = tqdm.format_meter',
        '[print_(4, 10, 1.25), print_(0, None, 2), print_(3, 9, 30, prefix="d", postfix="loss=0.5"),',
        ' print_(5, 8, 12, unit_scale=True), tqdm.format_interval(3725), tqdm.format_num(0.000123)]',
      ].join('\n'),
    );
    expect(text).toBe(
      "[' 40%|████      | 4/10 [00:01<00:01,  3.20it/s]',\n" +
        " '0it [00:02, ?it/s]',\n" +
        " 'd:  33%|███▎      | 3/9 [00:30<01:00, 10.00s/it, loss=0.5]',\n" +
        " ' 62%|██████▎   | 5.00/8.00 [00:12<00:07, 2.40s/it]',\n" +
        " '1:02:05',\n" +
        " '0.000123']",
    );
  });

  it('supports manual updates, postfix, description and the context manager', async () => {
    const r = await ok(
      [
        'with tqdm(total=4, mininterval=0) as bar:',
        '    bar.set_description("fit")',
        '    for k in range(4):',
        '        bar.update(1)',
        '        bar.set_postfix(loss=1 / (k + 1))',
      ].join('\n'),
    );
    const last = r.outputs.at(-1) as { data: MimeBundle };
    expect(String(last.data['text/plain'])).toMatch(/^fit: 100%\|██████████\| 4\/4 \[00:00<00:00, .*it\/s, loss=0\.25\]$/);
  });

  it('writes to a file with \\r outside a notebook, as tqdm does in a terminal', async () => {
    const r = await ok(
      [
        'import io',
        'from glassgrad_kernel import display as gk_display',
        'publisher = gk_display._publisher',
        'gk_display.set_publisher(None)  # as in the CLI: no notebook to display in',
        'try:',
        '    f = io.StringIO()',
        '    for _ in tqdm(range(3), file=f, mininterval=0):',
        '        time.sleep(0.01)',
        'finally:',
        '    gk_display.set_publisher(publisher)',
        'print(f.getvalue(), end="")',
      ].join('\n'),
    );
    const lines = r.stdout.split('\r');
    expect(lines[0]).toBe('');
    expect(lines[1]).toBe('  0%|          | 0/3 [00:00<?, ?it/s]');
    expect(lines.at(-1)).toMatch(/^100%\|██████████\| 3\/3 \[00:00<00:00, +[\d.]+it\/s\]\n$/);
  });
});

describe('matplotlib', () => {
  it('displays a figure at the end of the cell as a Plotly figure with matplotlib text', async () => {
    const r = await ok(
      [
        'import matplotlib.pyplot as plt',
        'xs = torch.linspace(0, 1, 5)',
        'plt.figure(figsize=(5, 3))',
        'plt.plot(xs, xs ** 2, "r--", label="square")',
        'plt.scatter([0, 1], (3, 4))',
        'plt.fill_between(range(5), [1, 2, 3, 2, 1], alpha=0.3)',
        'plt.title("curves"); plt.xlabel("x"); plt.ylabel("y"); plt.legend(); plt.grid(True)',
        'plt.xlim(0, 2);',
      ].join('\n'),
    );
    expect(r.result).toBeUndefined();
    const shown = r.outputs.filter((o): o is Extract<Output, { kind: 'display' }> => o.kind === 'display');
    expect(shown).toHaveLength(1);
    expect(shown[0]!.data['text/plain']).toBe('<Figure size 500x300 with 1 Axes>');
    const fig = shown[0]!.data[PLOTLY_MIME] as { data: Record<string, unknown>[]; layout: Record<string, any> };
    expect(fig.data[0]).toMatchObject({
      type: 'scatter',
      mode: 'lines',
      x: [0, 0.25, 0.5, 0.75, 1],
      y: [0, 0.0625, 0.25, 0.5625, 1],
      name: 'square',
      showlegend: true,
      line: { color: '#ff0000', dash: 'dash' },
    });
    expect(fig.data[1]).toMatchObject({ type: 'scatter', mode: 'markers', x: [0, 1], y: [3, 4], marker: { color: '#1f77b4' } });
    expect(fig.data[2]).toMatchObject({ x: [0, 1, 2, 3, 4], y: [0, 0, 0, 0, 0], showlegend: false });
    expect(fig.data[3]).toMatchObject({ y: [1, 2, 3, 2, 1], fill: 'tonexty', fillcolor: '#ff7f0e', opacity: 0.3 });
    expect(fig.layout).toMatchObject({ width: 500, height: 300, showlegend: true });
    expect(fig.layout.xaxis).toMatchObject({ title: { text: 'x' }, range: [0, 2], showgrid: true });
    expect(fig.layout.annotations[0]).toMatchObject({ text: 'curves' });
    expect(await value('plt.get_fignums()')).toBe('[]'); // shown figures are closed, as by the inline backend
  });

  it('draws subplots, histograms and images (y reversed) and returns what matplotlib returns', async () => {
    const r = await ok(
      [
        'fig, axes = plt.subplots(1, 2)',
        'counts, edges, bars = axes[0].hist([1, 2, 2, 3, 3, 3], bins=2)',
        'img = axes[1].imshow(torch.arange(6.0).view(2, 3), cmap="gray")',
        'axes[1].set_title("image")',
        'counts, edges, bars, axes.shape, img',
      ].join('\n'),
    );
    expect(String(r.result?.['text/plain'])).toMatch(
      /^\(\[1\.0, 5\.0\],\n \[1\.0, 2\.0, 3\.0\],\n <BarContainer object of 2 artists>,\n \(2,\),\n <matplotlib\.image\.AxesImage at 0x[0-9a-f]+>\)$/,
    );
    const fig = (r.outputs.find((o) => o.kind === 'display') as { data: MimeBundle }).data[PLOTLY_MIME] as {
      data: Record<string, any>[];
      layout: Record<string, any>;
    };
    expect(fig.data[0]).toMatchObject({ type: 'histogram', x: [1.5, 2.5], y: [1, 5], histfunc: 'sum', xbins: { start: 1, end: 3, size: 1 }, xaxis: 'x', yaxis: 'y' });
    expect(fig.data[1]).toMatchObject({ type: 'heatmap', z: [[0, 1, 2], [3, 4, 5]], xaxis: 'x2', yaxis: 'y2', colorscale: [[0, '#000000'], [1, '#ffffff']] });
    expect(fig.layout.yaxis2).toMatchObject({ autorange: 'reversed', scaleanchor: 'x2' });
    expect(fig.layout.xaxis.domain[1]).toBeLessThan(fig.layout.xaxis2.domain[0]);
  });

  it('refuses what it does not support, naming it', async () => {
    const r = await run('plt.savefig("out.png")');
    expect(r.error).toMatchObject({ ename: 'NotImplementedError' });
    expect(r.error?.evalue).toContain('matplotlib.pyplot.savefig');
    expect((await run('plt.plot([1, 2], drawstyle="steps")')).error?.evalue).toContain('plot(drawstyle=...)');
    expect((await run('plt.plot([1, 2], [3])')).error?.evalue).toBe('x and y must have same first dimension, but have shapes (2,) and (1,)');
    expect((await run('plt.plot(torch.ones(2, requires_grad=True))')).error?.evalue).toBe(
      "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.",
    );
    await ok('plt.close("all")');
  });

  it('prints the figure line from show() outside a notebook', async () => {
    const r = await ok(
      [
        'from glassgrad_kernel import display as gk_display',
        'publisher = gk_display._publisher',
        'gk_display.set_publisher(None)  # as in the CLI',
        'try:',
        '    plt.subplots(2, 2)',
        '    plt.show()',
        'finally:',
        '    gk_display.set_publisher(publisher)',
      ].join('\n'),
    );
    expect(r.stdout).toBe('<Figure size 640x480 with 4 Axes>\n');
    expect(r.outputs.filter((o) => o.kind === 'display')).toEqual([]);
  });
});

describe('restart', () => {
  it('starts a fresh namespace and frees what the old one held', async () => {
    await ok('from torch._bridge import E\nbefore = E.memoryStats().allocated\nbig = torch.ones(100_000)');
    const held = Number(await value('E.memoryStats().allocated'));
    const before = Number(await value('before'));
    expect(held - before).toBe(400_000);
    await client.restart();
    expect(client.status).toBe('idle');
    expect((await run('big')).error?.ename).toBe('NameError');
    expect(Number(await value('import torch\nfrom torch._bridge import E\nE.memoryStats().allocated'))).toBeLessThanOrEqual(before);
  }, 60_000);
});

describe('trace events', () => {
  it("forwards the engine's memory events with the run's streams", async () => {
    const r = await ok('traced = torch.zeros(64)\ndel traced');
    expect(r.trace).toContainEqual(expect.objectContaining({ type: 'storage-alloc', bytes: 256 }));
    expect(r.trace).toContainEqual(expect.objectContaining({ type: 'storage-free', bytes: 256 }));
  });
});
