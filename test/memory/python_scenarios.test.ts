// The memory reference scenarios run as Python, measured with `glassgrad`
// instead of torch.cuda: python_scenarios.py is ../shared/memory-reference/
// scenarios.py on the CPU with glassgrad.memory_allocated() (512-byte blocks).
// The expected figures are PyTorch 2.11's on CUDA, read from
// reference-torch2.11-cuda.json: a copy of ../shared/memory-reference/'s file
// (outside the repo), vendored so the test runs from a clean clone.
// A few iterations suffice: what matters is the figure per iteration.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeRuntime } from '../../engine/runtime/pyodide_node.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ITERATIONS = 4;

interface Row {
  bytes: number;
  graph_nodes: number;
  glassgrad_graph_nodes?: number;
}
interface Scenario {
  name: string;
  per_iteration: Row[];
}
interface Results {
  scenarios: Scenario[];
  views: Record<string, unknown>;
  leftover_bytes?: number;
}

const reference = JSON.parse(readFileSync(path.join(HERE, 'reference-torch2.11-cuda.json'), 'utf8')) as Results;
let measured: Results;

beforeAll(async () => {
  let out = '';
  let err = '';
  const decoder = new TextDecoder();
  const runtime = await startNodeRuntime({
    io: { stdout: (b) => void (out += decoder.decode(b)), stderr: (b) => void (err += decoder.decode(b)) },
  });
  const source = readFileSync(path.join(HERE, 'python_scenarios.py'), 'utf8');
  const status = runtime.runMain(source, 'python_scenarios.py', ['python_scenarios.py', String(ITERATIONS)]);
  if (status !== 0) throw new Error(`python_scenarios.py failed:\n${err}`);
  measured = JSON.parse(out) as Results;
}, 180_000);

function rowsOf(results: Results, name: string): Row[] {
  const s = results.scenarios.find((x) => x.name === name);
  if (!s) throw new Error(`no scenario ${name}`);
  return s.per_iteration.slice(0, ITERATIONS);
}

/** Each row within one 512-byte block of PyTorch's, and the change from row to row exactly PyTorch's. */
function expectBytesLikePyTorch(name: string): void {
  const ours = rowsOf(measured, name).map((r) => r.bytes);
  const torch = rowsOf(reference, name).map((r) => r.bytes);
  expect(ours).toHaveLength(ITERATIONS);
  ours.forEach((b, i) => expect(Math.abs(b - torch[i]!), `${name}, iteration ${i + 1}: ${b} vs ${torch[i]}`).toBeLessThanOrEqual(512));
  const steps = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);
  expect(steps(ours)).toEqual(steps(torch));
}

function expectNodesLikePyTorch(name: string): void {
  const ours = rowsOf(measured, name);
  expect(ours.map((r) => r.graph_nodes)).toEqual(rowsOf(reference, name).map((r) => r.graph_nodes));
  // glassgrad.graph_nodes counts as the scenario's own graph_nodes does.
  expect(ours.map((r) => r.glassgrad_graph_nodes)).toEqual(ours.map((r) => r.graph_nodes));
}

describe('memory reference scenarios from Python, as PyTorch 2.11 measured them', () => {
  it('validation without no_grad, running_loss += loss: +3,170,304 B and +15 nodes per iteration (23, 38, 53, ...)', () => {
    expectBytesLikePyTorch('val_accumulate_tensor_grad_enabled');
    expectNodesLikePyTorch('val_accumulate_tensor_grad_enabled');
    const bytes = rowsOf(measured, 'val_accumulate_tensor_grad_enabled').map((r) => r.bytes);
    expect(bytes[1]! - bytes[0]!).toBe(3_169_792); // the graph one more iteration keeps
  });

  it('validation under no_grad: the 512-byte accumulator only, no graph', () => {
    expectBytesLikePyTorch('val_accumulate_tensor_no_grad');
    expectNodesLikePyTorch('val_accumulate_tensor_no_grad');
    expect(rowsOf(measured, 'val_accumulate_tensor_no_grad').map((r) => r.bytes)).toEqual(new Array(ITERATIONS).fill(512));
  });

  it('validation with .item(): nothing kept', () => {
    expectBytesLikePyTorch('val_accumulate_item_grad_enabled');
    expectNodesLikePyTorch('val_accumulate_item_grad_enabled');
    expect(rowsOf(measured, 'val_accumulate_item_grad_enabled').map((r) => r.bytes)).toEqual(new Array(ITERATIONS).fill(0));
  });

  it('training with running_loss += loss: bytes flat at 179,712, +17 nodes per iteration (25, 42, 59, ...)', () => {
    expectBytesLikePyTorch('train_accumulate_tensor');
    expectNodesLikePyTorch('train_accumulate_tensor');
    expect(rowsOf(measured, 'train_accumulate_tensor').map((r) => r.bytes)).toEqual(new Array(ITERATIONS).fill(179_712));
  });

  it('training with running_loss += loss.item(): grads and momentum only (179,200)', () => {
    expectBytesLikePyTorch('train_accumulate_item');
    expectNodesLikePyTorch('train_accumulate_item');
  });

  it('training with running_loss += loss.data: flat at 179,712, no graph', () => {
    expectBytesLikePyTorch('train_accumulate_data');
    expectNodesLikePyTorch('train_accumulate_data');
    expect(rowsOf(measured, 'train_accumulate_data').map((r) => r.graph_nodes)).toEqual(new Array(ITERATIONS).fill(0));
  });

  it('legacy Variable(x, volatile=True): no effect, the same as grad enabled', () => {
    expectBytesLikePyTorch('val_legacy_volatile_accumulate_tensor');
    expectNodesLikePyTorch('val_legacy_volatile_accumulate_tensor');
    expect(rowsOf(measured, 'val_legacy_volatile_accumulate_tensor')).toEqual(rowsOf(measured, 'val_accumulate_tensor_grad_enabled'));
  });

  it('views: view and transpose free, reshape and contiguous of the transposed tensor +81,920 each, contiguous again +0', () => {
    expect(measured.views).toEqual(reference.views);
    expect(measured.views.reshape_of_transposed).toBe(81_920);
  });

  it('every scenario gave back all its memory when its names went away', () => {
    expect(measured.leftover_bytes).toBe(0);
  });
});
