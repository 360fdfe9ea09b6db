// The inspect views' data from a real kernel run (Pyodide in this process):
// the reference CNN's validation and training loops reduced from the engine's
// trace, checked against PyTorch 2.11's figures (../shared/memory-reference/,
// vendored in test/memory/) and against the engine's own ledger.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessKernelClient } from '../../engine/runtime/in_process_kernel.ts';
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import type { TraceSnapshot } from '../../engine/trace/trace_state.ts';
import { InspectFeed } from './feed.ts';
import { buildViewGraph } from './graph/view_graph.ts';
import { GRAPH_MIME, LAYOUT_MIME, MEMORY_MIME } from './mime.ts';
import { createInspectStore } from './store.ts';
import { LAYOUT_CELL, SETUP_CELL, TRAINING_CELL, VALIDATION_CELL, VALIDATION_NO_GRAD_CELL } from './test_support/reference_cells.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const reference = JSON.parse(readFileSync(path.join(HERE, '../../test/memory/reference-torch2.11-cuda.json'), 'utf8')) as {
  scenarios: { name: string; per_iteration: { bytes: number; graph_nodes: number }[] }[];
};
const ITERATIONS = 5;

function referenceRows(name: string) {
  return reference.scenarios.find((s) => s.name === name)!.per_iteration.slice(0, ITERATIONS);
}

let client: InProcessKernelClient;
let feed: InspectFeed;
let count = 0;

interface CellRun {
  displays: MimeBundle[];
  /** Live node counts the store showed while the cell ran (one per published batch). */
  liveCounts: number[];
  text: string;
}

async function run(code: string): Promise<CellRun> {
  const displays: MimeBundle[] = [];
  const liveCounts: number[] = [];
  let text = '';
  count++;
  const outcome = await client.execute(
    { cellId: `c${count}`, cellName: `<cell ${count}>`, code, executionCount: count },
    {
      onTrace: (events) => {
        feed.ingest(events);
        feed.flush();
        liveCounts.push(feed.store.getState().inspect.trace.graph.nodes.length);
      },
      onDisplay: (data) => void displays.push(data),
      onStream: (_, t) => void (text += t),
      onError: (e) => void (text += e.traceback.join('\n')),
    },
  );
  if (outcome.status !== 'ok') throw new Error(`cell failed: ${text}`);
  feed.flush();
  return { displays, liveCounts, text };
}

async function value(expr: string): Promise<unknown> {
  const r = await run(`import json\nprint(json.dumps(${expr}))`);
  return JSON.parse(r.text.trim().split('\n').at(-1)!);
}

function snapshot(): TraceSnapshot {
  return feed.store.getState().inspect.trace;
}

/** Live bytes (blocks) at each forward pass of `runId`, then at its end. */
function stepsOf(s: TraceSnapshot, runId: number): { bytes: number[]; nodes: number[] } {
  const r = s.memory.runs.find((x) => x.runId === runId)!;
  const marks = s.memory.forwards.filter((f) => f.seq >= r.startSeq && f.seq <= r.endSeq!);
  const end = s.runs.find((d) => d.runId === runId)!;
  return {
    bytes: [...marks.map((m) => m.total), end.liveBytesAfter],
    nodes: [...marks.map((m) => m.liveNodes!), end.liveNodesAfter],
  };
}

const diffs = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);

beforeAll(async () => {
  client = await InProcessKernelClient.start({ trace: true });
  feed = new InspectFeed(createInspectStore(), () => undefined);
  await run(SETUP_CELL);
}, 180_000);

afterAll(() => client?.dispose());

describe('inspect views over the reference CNN (validation without no_grad, 5 batches)', () => {
  let validationRun: number;
  it("grow the graph while the cell runs, to PyTorch's node counts, and step memory by PyTorch's bytes per batch", async () => {
    const r = await run(VALIDATION_CELL);
    const s = snapshot();
    validationRun = s.memory.runs.at(-1)!.runId;
    const steps = stepsOf(s, validationRun);
    const torch = referenceRows('val_accumulate_tensor_grad_enabled');
    // nodes at the start of each forward pass are those the previous batches left: 0, 23, 38, 53, 68; then 83
    expect(steps.nodes).toEqual([0, ...torch.map((row) => row.graph_nodes)]);
    expect(s.graph.nodes).toHaveLength(83);
    // five equal steps of ~3.17 MB (the first also holds the 512-byte accumulator)
    expect(diffs(steps.bytes)).toEqual(diffs([0, ...torch.map((row) => row.bytes)]));
    expect(diffs(steps.bytes)).toEqual([3_170_304, 3_169_792, 3_169_792, 3_169_792, 3_169_792]);
    // the count the store showed rose during the run (batches flushed every 50 ms) and never went down at the end
    expect(r.liveCounts.at(-1)).toBe(83);
    expect(new Set(r.liveCounts).size).toBeGreaterThan(1);
    const diff = s.runs.find((d) => d.runId === validationRun)!;
    expect(diff.liveNodesAfter - diff.liveNodesBefore).toBe(83);
    expect(diff.liveBytesAfter - diff.liveBytesBefore).toBe(torch.at(-1)!.bytes);
    expect(s.names.find((n) => n.name === 'running_loss')).toMatchObject({ shape: [], dtype: 'float32' });
  }, 120_000);

  it('collapse the five batches into one group of 15 nodes drawn once (×5), grouped by Module on request', () => {
    const nodes = snapshot().graph.nodes;
    const view = buildViewGraph(nodes, { collapseRepeats: true, groupByModule: true });
    expect(view.groups.map((g) => [g.count, g.period])).toEqual([[5, 15]]);
    expect(view.nodes.filter((n) => n.kind === 'op')).toHaveLength(15);
    expect(view.nodes.filter((n) => n.kind === 'leaf').map((n) => n.title).sort()).toEqual(
      ['conv1.bias', 'conv1.weight', 'conv2.bias', 'conv2.weight', 'fc1.bias', 'fc1.weight', 'fc2.bias', 'fc2.weight'],
    );
    expect(view.clusters.filter((c) => c.kind === 'module').map((c) => c.label)).toEqual(expect.arrayContaining(['Net', 'conv1', 'conv2', 'fc1', 'fc2']));
    const conv = view.nodes.find((n) => n.title === 'ConvolutionBackward0')!;
    expect(conv.lines.some((l) => /\[64, 1, 28, 28\] float32/.test(l))).toBe(true);
    // every live node is drawn or stands in a group for a drawn one
    expect(view.shownAs.size).toBe(83);
  });

  it('show_graph, memory() and show_layout display their MIME bundles with text fallbacks', async () => {
    const g = (await run('glassgrad.show_graph(running_loss)')).displays[0]!;
    const graph = g[GRAPH_MIME] as { root: { name: string }; nodes: unknown[] };
    expect(graph.nodes).toHaveLength(83);
    expect(graph.root.name).toBe('running_loss');
    expect(String(g['text/plain'])).toMatch(/^graph of running_loss: 83 nodes, [\d,]+ B saved for backward/);
    const m = (await run('glassgrad.memory()')).displays[0]!;
    const mem = m[MEMORY_MIME] as { timeline: { runs: unknown[] } | null; storages: { owner: string | null }[] };
    expect(mem.timeline?.runs.length).toBeGreaterThan(2);
    expect(String(m['text/plain'])).toMatch(/^memory allocated: /);
    const l = (await run(LAYOUT_CELL)).displays[0]!;
    const layout = l[LAYOUT_MIME] as { tensors: { name: string; strides: number[]; storage: number; contiguous: boolean; shape: number[] }[] };
    expect(layout.tensors.map((t) => [t.shape, t.strides, t.contiguous])).toEqual([
      [[12], [1], true],
      [[4, 3], [1, 4], false],
    ]);
    expect(layout.tensors[0]!.storage).toBe(layout.tensors[1]!.storage);
    expect(String(l['text/plain'])).toContain('strides (1, 4)');
  }, 60_000);

  it('explain why running_loss is alive: the chains to the saved tensors, totalled as the ledger counts them', async () => {
    const torchFigures = referenceRows('val_accumulate_tensor_grad_enabled');
    feed.selectName('running_loss');
    const report = feed.store.getState().inspect.whyAlive!;
    const ledgerSaved = (await value("glassgrad.memory_by_category(exact=True)['saved']")) as number;
    const engine = (await value("[glassgrad.why_alive('running_loss').saved_bytes, glassgrad.why_alive('running_loss').total_bytes]")) as number[];
    expect(report.savedBytes).toBe(ledgerSaved);
    expect(report.savedBytes + report.sharedSavedBytes).toBe(engine[0]); // the engine also counts saved weights
    expect(report.engine).toMatchObject({ savedBytes: engine[0], heldBytes: engine[1] });
    // the saved tensors include the five batches, which `data` keeps too (conv1 saves its input, nll_loss its target)
    const batches = 5 * (64 * 28 * 28 * 4 + 64 * 8);
    const freed = (await value(
      '(b := glassgrad.memory_allocated(exact=True), exec("del running_loss"), b - glassgrad.memory_allocated(exact=True))[2]',
    )) as number;
    expect(report.engine!.retainedBytes).toBe(freed); // what `del running_loss` frees, measured by the ledger
    expect(report.savedBytes).toBe(freed - report.ownBytes + batches);
    // about 5 × 3.17 MB: five batches' graphs, each exactly 3,169,792 B in 512-byte blocks
    expect(freed).toBeGreaterThan(5 * 3_160_000);
    expect(freed).toBeLessThanOrEqual(5 * 3_169_792 + 512);
    // the cell that deleted it: the per-run diff shows the whole graph and its bytes going
    const diff = snapshot().runs.at(-1)!;
    expect([diff.nodesDestroyed, diff.liveNodesAfter]).toEqual([83, 0]);
    expect(diff.liveBytesBefore - diff.liveBytesAfter).toBe(torchFigures.at(-1)!.bytes);
    expect(report.nodes).toHaveLength(83);
    const chain = report.chains[0]!;
    expect(chain.steps[0]).toEqual({ kind: 'name', label: 'running_loss' });
    expect(chain.steps[1]).toMatchObject({ kind: 'node', label: 'AddBackward0' });
    expect(chain.steps.at(-2)).toMatchObject({ kind: 'saved' });
    expect(chain.steps.at(-1)!.label).toBe(`${chain.bytes.toLocaleString('en-US')} B`);
  }, 60_000);

  it('with no_grad: no nodes and flat memory (only the 512-byte accumulator)', async () => {
    await run(VALIDATION_NO_GRAD_CELL);
    const s = snapshot();
    const runId = s.memory.runs.at(-1)!.runId;
    const steps = stepsOf(s, runId);
    expect(steps.nodes).toEqual([0, 0, 0, 0, 0, 0]);
    expect(diffs(steps.bytes)).toEqual([512, 0, 0, 0, 0]);
    expect(s.runs.find((d) => d.runId === runId)!.createdNames).toEqual({});
  }, 120_000);
});

describe('inspect views over the reference CNN (training, running_loss += loss)', () => {
  it('keep every iteration\'s nodes (PyTorch\'s 25, 42, 59, ...) with their saved tensors freed: why-alive finds no saved bytes', async () => {
    await run(TRAINING_CELL);
    const s = snapshot();
    const runId = s.memory.runs.at(-1)!.runId;
    const torch = referenceRows('train_accumulate_tensor');
    expect(stepsOf(s, runId).nodes).toEqual([0, ...torch.map((row) => row.graph_nodes)]);
    expect(s.memory.now.exact.saved).toBe(0);
    feed.selectName('running_loss');
    const report = feed.store.getState().inspect.whyAlive!;
    expect(report.nodes).toHaveLength(torch.at(-1)!.graph_nodes);
    expect(report.chains).toEqual([]);
    expect(report.savedBytes).toBe(0);
    expect(report.freedNodes).toBeGreaterThan(0);
    expect(report.engine?.savedBytes).toBe(0);
    const view = buildViewGraph(s.graph.nodes, { collapseRepeats: true, groupByModule: false });
    expect(view.groups.map((g) => [g.count, g.period])).toEqual([[5, 17]]);
    expect(view.nodes.filter((n) => n.kind === 'op').every((n) => n.freed || n.lines.length === 0)).toBe(true);
  }, 120_000);
});
