// The Python runtime's figures for `npm run bench`: how long the CLI takes to
// be ready, and what one tiny op costs from a Python loop through the bridge,
// each next to a baseline measured in the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

/**
 * µs per `a + b` on 1-element tensors from a Python loop (glassgrad in Pyodide,
 * or native PyTorch): the best of 400 runs of 500 ops, which is steady on a
 * shared machine where a median is not.
 */
const TINY_OP_LOOP = `
import time, torch
a = torch.ones(1); b = torch.ones(1)
def run(n):
    t0 = time.perf_counter()
    for _ in range(n):
        c = a + b
    return (time.perf_counter() - t0) / n * 1e6
run(20000)
print(min(run(500) for _ in range(400)))
`;

/** The same op from TypeScript, bundled by esbuild as the CLI is (tsx would add a __name call to every closure). */
async function tinyOpDirect(dir: string): Promise<number> {
  const esbuild = await import('esbuild');
  const outfile = path.join(dir, 'tiny_op_direct.mjs');
  await esbuild.build({
    entryPoints: [path.join(ROOT, 'bench/tiny_op_direct.ts')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'silent',
  });
  const r = spawnSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0) throw new Error(`tiny_op_direct failed: ${r.stderr}`);
  return Number(r.stdout.trim());
}

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

  const tinyProgram = path.join(dir, 'tiny_op.py');
  fs.writeFileSync(tinyProgram, TINY_OP_LOOP);
  const viaCli = spawnSync(process.execPath, ['bin/glassgrad.mjs', 'run', tinyProgram], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  if (viaCli.status !== 0) throw new Error(`glassgrad run tiny_op.py failed: ${viaCli.stderr}`);
  const viaPython = Number(viaCli.stdout.trim().split('\n').pop());
  const name = 'tiny op a + b from a Python loop (bridge)';
  rows.push({ name, unit: 'µs', ours: viaPython, baselineName: 'same op from TypeScript', baseline: await tinyOpDirect(dir) });
  const native = spawnSync('/usr/bin/python3', [tinyProgram], { encoding: 'utf8', timeout: 120_000 });
  if (native.status === 0) rows.push({ name, unit: 'µs', ours: viaPython, baselineName: 'native PyTorch eager', baseline: Number(native.stdout.trim()) });
  fs.rmSync(dir, { recursive: true, force: true });
  return rows;
}
