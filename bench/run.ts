// `npm run bench`: Glassgrad against TensorFlow.js (core + WASM and CPU
// backends) and native PyTorch, measured in the same process (PyTorch in a
// child), one thread, printed as ratios. Glassgrad runs twice: on its
// WebAssembly kernels, and on the TypeScript kernels alone (the reference
// they are tested against).
import { spawnSync } from 'node:child_process';
import { randn } from '../engine/ops/creation_random.ts';
import { add } from '../engine/ops/pointwise_binary.ts';
import { mm } from '../engine/ops/linalg.ts';
import { glassgradCnnStep } from './cnn_step.ts';
import { setGemmSimd } from '../engine/kernels/gemm.ts';
import { setConvColumnsWasm } from '../engine/kernels/conv.ts';
import { measure } from './timing.ts';
import { initTfjs, tfjsAdd, tfjsCnnStep, tfjsMatmul, useTfjsBackend, type TfjsBackend } from './tfjs_baseline.ts';
import { pythonRows } from './python.ts';

interface Row {
  name: string;
  unit: string;
  ours: Record<KernelSet, number>;
  tfjs: Record<TfjsBackend, number>;
  /** true when bigger is better (throughput), false for times. */
  higherIsBetter: boolean;
  torch?: number;
}

const BACKENDS: readonly TfjsBackend[] = ['wasm', 'cpu'];

type KernelSet = 'wasm' | 'ts';
const KERNEL_SETS: readonly KernelSet[] = ['wasm', 'ts'];

/** Switches every WebAssembly kernel on or off (off: the TypeScript kernels alone). */
function useWasmKernels(on: boolean): void {
  setGemmSimd(on);
  setConvColumnsWasm(on);
}

/** Times a Glassgrad benchmark on each kernel set; `ts` options apply to the (slower) TypeScript run. */
function glassgradTimes(make: () => () => void, wasm: Parameters<typeof measure>[1], ts: Parameters<typeof measure>[1]): Record<KernelSet, number> {
  const out = {} as Record<KernelSet, number>;
  for (const k of KERNEL_SETS) {
    useWasmKernels(k === 'wasm');
    try {
      out[k] = measure(make(), k === 'wasm' ? wasm : ts).bestMs;
    } finally {
      useWasmKernels(true);
    }
  }
  return out;
}

/** Times a tfjs benchmark on each backend in turn (the setup runs on the backend it measures). */
async function tfjsTimes(make: () => () => void, opts: Parameters<typeof measure>[1] = {}): Promise<Record<TfjsBackend, number>> {
  const out = {} as Record<TfjsBackend, number>;
  for (const b of BACKENDS) {
    await useTfjsBackend(b);
    out[b] = measure(make(), opts).bestMs;
  }
  return out;
}

const mapTimes = (t: Record<TfjsBackend, number>, f: (ms: number) => number): Record<TfjsBackend, number> => ({ wasm: f(t.wasm), cpu: f(t.cpu) });
const mapOurs = (t: Record<KernelSet, number>, f: (ms: number) => number): Record<KernelSet, number> => ({ wasm: f(t.wasm), ts: f(t.ts) });

function glassgradMatmul(n: number): () => void {
  const a = randn([n, n]);
  const b = randn([n, n]);
  return () => mm(a, b).release();
}

function glassgradAdd(n: number): () => void {
  const a = randn([n]);
  const b = randn([n]);
  return () => add(a, b).release();
}

/** Native PyTorch (Debian's python3-torch) on one thread, when this machine has it. */
function torchFigures(): Record<string, number> | null {
  const script = `
import torch, time, json
torch.set_num_threads(1)
import torch.nn as nn, torch.nn.functional as F
def best(fn, budget=2.0):
    fn(); ts=[]; t0=time.perf_counter()
    while len(ts) < 3 or time.perf_counter()-t0 < budget:
        s=time.perf_counter(); fn(); ts.append(time.perf_counter()-s)
    return min(ts)*1000
out={}
for n in (256,512,1024):
    a=torch.randn(n,n); b=torch.randn(n,n)
    out['mm%d'%n]=2*n**3/best(lambda: a@b)/1e6
x=torch.randn(1<<20); y=torch.randn(1<<20)
out['add']=12*(1<<20)/best(lambda: x+y)/1e6
class Net(nn.Module):
    def __init__(s):
        super().__init__(); s.conv1=nn.Conv2d(1,10,5); s.conv2=nn.Conv2d(10,20,5); s.d=nn.Dropout2d(); s.fc1=nn.Linear(320,50); s.fc2=nn.Linear(50,10)
    def forward(s,x):
        x=F.relu(F.max_pool2d(s.conv1(x),2)); x=F.relu(F.max_pool2d(s.d(s.conv2(x)),2)); x=x.view(-1,320)
        x=F.relu(s.fc1(x)); x=F.dropout(x,training=s.training); return F.log_softmax(s.fc2(x),dim=1)
m=Net(); opt=torch.optim.SGD(m.parameters(),lr=0.01,momentum=0.5); xb=torch.randn(64,1,28,28); yb=torch.randint(0,10,(64,))
def step():
    opt.zero_grad(); F.nll_loss(m(xb),yb).backward(); opt.step()
out['cnn']=best(step)
print(json.dumps(out))
`;
  const r = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, number>;
  } catch {
    return null;
  }
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

async function main(): Promise<void> {
  await initTfjs();
  const rows: Row[] = [];
  for (const n of [256, 512, 1024]) {
    const flops = 2 * n ** 3;
    const budget = n === 1024 ? 3000 : 1500;
    const ours = glassgradTimes(() => glassgradMatmul(n), { budgetMs: budget }, { budgetMs: n === 1024 ? 1500 : 1000, minRuns: n === 1024 ? 1 : 3 });
    const tf = await tfjsTimes(() => tfjsMatmul(n), { budgetMs: budget, minRuns: n === 1024 ? 1 : 3 });
    rows.push({ name: `matmul ${n}`, unit: 'GFLOP/s', ours: mapOurs(ours, (ms) => flops / ms / 1e6), tfjs: mapTimes(tf, (ms) => flops / ms / 1e6), higherIsBetter: true });
  }
  const n = 1 << 20;
  const bytes = 3 * 4 * n;
  const addOurs = glassgradTimes(() => glassgradAdd(n), {}, {});
  const addTf = await tfjsTimes(() => tfjsAdd(n));
  rows.push({ name: 'add 1M float32', unit: 'GB/s', ours: mapOurs(addOurs, (ms) => bytes / ms / 1e6), tfjs: mapTimes(addTf, (ms) => bytes / ms / 1e6), higherIsBetter: true });
  const batch = 64;
  // The TypeScript-only step is several times slower: a smaller budget keeps the run short.
  const cnnOurs = glassgradTimes(() => glassgradCnnStep(batch), { budgetMs: 4000 }, { budgetMs: 1500, minRuns: 3 });
  const cnnTf = await tfjsTimes(() => tfjsCnnStep(batch), { budgetMs: 4000 });
  const perStep = (ms: number) => (batch * 1000) / ms;
  rows.push({ name: `CNN train step, batch ${batch}`, unit: 'samples/s', ours: mapOurs(cnnOurs, perStep), tfjs: mapTimes(cnnTf, perStep), higherIsBetter: true });

  const torch = torchFigures();
  if (torch) {
    const key = ['mm256', 'mm512', 'mm1024', 'add', 'cnn'];
    rows.forEach((r, i) => (r.torch = key[i] === 'cnn' ? (batch * 1000) / torch.cnn! : torch[key[i]!]));
  }

  console.log('Glassgrad vs TensorFlow.js 4.22 (tfjs-core with the WASM (SIMD) and CPU backends; CNN weight gradient via tf.customGrad), same process, 1 thread');
  const header = [
    'benchmark', 'unit', 'Glassgrad WASM', 'Glassgrad TS', 'tfjs-wasm', 'tfjs-cpu', ...(torch ? ['PyTorch (native)'] : []),
    'vs tfjs-wasm (WASM / TS)', 'vs tfjs-cpu (WASM / TS)', ...(torch ? ['vs PyTorch (WASM / TS)'] : []),
  ];
  const ratio = (a: number, b: number, higher: boolean) => `${(higher ? a / b : b / a).toFixed(2)}x`;
  const ratios = (r: Row, base: number) => `${ratio(r.ours.wasm, base, r.higherIsBetter)} / ${ratio(r.ours.ts, base, r.higherIsBetter)}`;
  const lines = rows.map((r) => {
    const figures = [r.name, r.unit, fmt(r.ours.wasm), fmt(r.ours.ts), fmt(r.tfjs.wasm), fmt(r.tfjs.cpu)];
    const vs = [ratios(r, r.tfjs.wasm), ratios(r, r.tfjs.cpu)];
    if (torch) {
      figures.push(r.torch === undefined ? '-' : fmt(r.torch));
      vs.push(r.torch === undefined ? '-' : ratios(r, r.torch));
    }
    return [...figures, ...vs];
  });
  printTable(header, lines);
  console.log('(each figure is the best of repeated runs in a time budget — other load on a shared machine only adds time; every figure is a throughput, higher is better; ratios above 1x mean Glassgrad is faster; the CNN step is forward + backward + SGD with momentum)');
  console.log('(Glassgrad WASM: the WebAssembly SIMD kernels (SGEMM, convolution columns, 2x2 max pooling); Glassgrad TS: every WebAssembly kernel switched off, the TypeScript reference kernels alone; add has no WebAssembly kernel, so both columns run the same loop)');

  console.log('\nPython runtime (Pyodide ' + (await import('pyodide')).version + ' in Node), each figure next to a baseline from the same run');
  const py = await pythonRows();
  printTable(
    ['benchmark', 'unit', 'Glassgrad', 'baseline', 'baseline value', 'Glassgrad / baseline'],
    py.map((r) => [r.name, r.unit, fmt(r.ours), r.baselineName, fmt(r.baseline), `${(r.ours / r.baseline).toFixed(2)}x`]),
  );
  console.log('(for these rows lower is better: times and µs per op)');

  console.log('\nChromium (headless, production build): navigation to the first cell\'s result, median of 3 fresh profiles');
  try {
    const { measureBrowserStartup } = await import('./startup_browser.ts');
    const b = await measureBrowserStartup({ runs: 3 });
    const cli = py.find((r) => r.name.startsWith('glassgrad run'))!;
    printTable(
      ['benchmark', 'unit', 'Glassgrad', 'baseline', 'baseline value', 'Glassgrad / baseline'],
      [
        ['first cell result, cold cache', 'ms', fmt(b.coldMs), 'glassgrad run in Node (same run)', fmt(cli.ours), `${(b.coldMs / cli.ours).toFixed(2)}x`],
        ['first cell result, warm cache', 'ms', fmt(b.warmMs), 'glassgrad run in Node (same run)', fmt(cli.ours), `${(b.warmMs / cli.ours).toFixed(2)}x`],
        ['app (index.html): kernel ready, cold cache', 'ms', fmt(b.appReadyColdMs), 'glassgrad run in Node (same run)', fmt(cli.ours), `${(b.appReadyColdMs / cli.ours).toFixed(2)}x`],
      ],
    );
  } catch (err) {
    console.log(`(skipped: ${(err as Error).message})`);
  }

  console.log('\nGraph view (Chromium): layout and pan of a synthetic graph; a training loop with the panel open vs closed');
  try {
    const { graphViewLines, measureGraphView } = await import('./graph_view.ts');
    for (const line of graphViewLines(await measureGraphView())) console.log(line);
  } catch (err) {
    console.log(`(skipped: ${(err as Error).message})`);
  }

  console.log("\nLesson 06 in the app (Chromium): the lesson's Python training loop, samples/s with the Graph tab open vs the panel closed");
  try {
    const { lesson06Lines, measureLesson06Training } = await import('./lesson06_browser.ts');
    for (const line of lesson06Lines(await measureLesson06Training())) console.log(line);
  } catch (err) {
    console.log(`(skipped: ${(err as Error).message})`);
  }
}

function printTable(header: string[], lines: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const print = (cells: string[]) => console.log('| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |');
  print(header);
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const l of lines) print(l);
}

await main();
