// The Python runtime's figures for `npm run bench`: how long the CLI takes to
// be ready, and what one tiny op costs from a Python loop through the bridge,
// each next to a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { add } from '../engine/ops/pointwise_binary.ts';
import { ones } from '../engine/ops/creation.ts';
import { startNodeRuntime } from '../engine/runtime/pyodide_node.ts';
import { measure } from './timing.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export interface PythonRow {
  name: string;
  unit: string;
  ours: number;
  baselineName: string;
  baseline: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median wall time of a whole process, in ms. */
function processMs(cmd: string, args: string[], runs = 5): number | null {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) return null;
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** `glassgrad run` of a program that imports torch, from process start to exit; the runtime-ready part from GLASSGRAD_TIMING. */
function cliStartup(program: string): { wallMs: number; readyMs: number } {
  const walls: number[] = [];
  const readies: number[] = [];
  for (let i = 0; i < 6; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['bin/glassgrad.mjs', 'run', program], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, GLASSGRAD_TIMING: '1' },
    });
    const wall = performance.now() - t0;
    const m = /node (\d+) ms; start (\d+) ms/.exec(r.stderr);
    if (r.status !== 0 || !m) throw new Error(`glassgrad run failed: ${r.stderr}`);
    if (i === 0) continue; // the first run may rebuild caches
    walls.push(wall);
    readies.push(Number(m[1]) + Number(m[2]));
  }
  return { wallMs: median(walls), readyMs: median(readies) };
}

/** µs per `a + b` on 1-element tensors from a Python loop (glassgrad in Pyodide, or native PyTorch). */
const TINY_OP_LOOP = `
import time, torch
a = torch.ones(1); b = torch.ones(1)
def run(n):
    t0 = time.perf_counter()
    for _ in range(n):
        c = a + b
    return (time.perf_counter() - t0) / n * 1e6
run(2000)
print(sorted(run(20000) for _ in range(5))[2])
`;

export async function pythonRows(): Promise<PythonRow[]> {
  const rows: PythonRow[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glassgrad-bench-'));
  const program = path.join(dir, 'start.py');
  fs.writeFileSync(program, 'import torch\nprint(torch.ones(2, 3).sum())\n');

  const cli = cliStartup(program);
  const nativeImport = processMs('/usr/bin/python3', [program]);
  const nodeBare = processMs(process.execPath, ['-e', '0'])!;
  rows.push({ name: 'CLI runtime ready (node start → torch importable)', unit: 'ms', ours: cli.readyMs, baselineName: 'bare node process', baseline: nodeBare });
  rows.push({
    name: 'glassgrad run: import torch + first result, whole process',
    unit: 'ms',
    ours: cli.wallMs,
    ...(nativeImport === null
      ? { baselineName: 'bare node process', baseline: nodeBare }
      : { baselineName: 'native python3 + PyTorch', baseline: nativeImport }),
  });

  let captured = '';
  const decoder = new TextDecoder();
  const runtime = await startNodeRuntime({ io: { stdout: (b) => void (captured += decoder.decode(b)), stderr: () => {} } });
  runtime.runMain(TINY_OP_LOOP, 'tiny_op.py');
  const viaPython = Number(captured.trim().split('\n').pop());
  const a = ones([1]);
  const b = ones([1]);
  const n = 20000;
  const direct = measure(() => {
    for (let i = 0; i < n; i++) add(a, b).release();
  }).medianMs * 1000 / n;
  rows.push({ name: 'tiny op a + b from a Python loop (bridge)', unit: 'µs', ours: viaPython, baselineName: 'same op from TypeScript', baseline: direct });
  const native = spawnSync('/usr/bin/python3', ['-c', TINY_OP_LOOP], { encoding: 'utf8', timeout: 60_000 });
  if (native.status === 0) {
    rows.push({ name: 'tiny op a + b from a Python loop (bridge)', unit: 'µs', ours: viaPython, baselineName: 'native PyTorch eager', baseline: Number(native.stdout.trim()) });
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}
