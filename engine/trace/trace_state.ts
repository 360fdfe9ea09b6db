// Everything the graph and memory views know, reduced from the engine's trace
// events: the live graph, the memory timeline, per-run diffs and the names
// that hold tensors. Pure data in, plain snapshots out (Note [Trace state]).
//
//   const state = new TraceState();
//   state.applyAll(events);              // 'trace' batches, in order
//   state.snapshot().graph.nodes.length  // live autograd nodes
import type { NamedTensor, TraceEvent } from './events.ts';
import { GraphState, type GraphSnapshot } from './graph_state.ts';
import { MemoryTimeline, type MemorySnapshot } from './memory_timeline.ts';
import { RunDiffs, type RunDiff } from './run_diffs.ts';
import { largestStorages, type LargestStorage } from './largest_storages.ts';

/** Rows of the largest-storages table in a snapshot. */
export const LARGEST_ROWS = 12;

export interface TraceSnapshot {
  graph: GraphSnapshot;
  memory: MemorySnapshot;
  runs: readonly RunDiff[];
  names: readonly NamedTensor[];
  largest: readonly LargestStorage[];
  /** The run going on, or null between runs. */
  running: number | null;
}

export class TraceState {
  readonly graph = new GraphState();
  readonly memory = new MemoryTimeline();
  readonly runs = new RunDiffs();
  private names: readonly NamedTensor[] = [];
  /** Storage -> what people call it: leaves' labels as nodes arrive, then the last 'names' event (labels, Python names). */
  private readonly named = new Map<number, string>();
  /** Storage -> the first live node that saves it ("saved by ..."), and that node. */
  private readonly savedBy = new Map<number, { text: string; node: number }>();
  private running: number | null = null;
  private cached: TraceSnapshot | null = null;

  apply(e: TraceEvent): void {
    if (e.type === 'names') {
      this.names = e.names;
      for (const l of e.labels ?? []) this.named.set(l.storage, l.label);
      for (const n of e.names) if (!this.named.has(n.storage)) this.named.set(n.storage, n.name);
      this.cached = null;
      return;
    }
    this.trackOwners(e);
    if (e.type === 'run-start') this.running = e.runId;
    if (e.type === 'run-end') this.running = null;
    // The memory timeline reads a node's saved list as it was before the event.
    const node = this.graph.apply(e);
    this.memory.apply(e, node, this.graph.size);
    this.runs.apply(e, { nodes: this.graph.size, bytes: this.memory.totalBlocks }, node);
    this.cached = null;
  }

  private trackOwners(e: TraceEvent): void {
    switch (e.type) {
      case 'node-created':
        if (e.leaf?.label) this.named.set(e.leaf.storage, e.leaf.label);
        for (const s of e.saved ?? []) {
          if (!this.savedBy.has(s.storage)) this.savedBy.set(s.storage, { text: `saved by ${e.name}${e.module ? ` (${e.module})` : ''}`, node: e.node });
        }
        return;
      case 'node-saved-freed':
      case 'node-destroyed': {
        const saved = this.graph.get(e.node)?.saved ?? [];
        for (const s of saved) if (this.savedBy.get(s.storage)?.node === e.node) this.savedBy.delete(s.storage);
        return;
      }
      case 'storage-free':
        this.named.delete(e.storage);
        this.savedBy.delete(e.storage);
        return;
      default:
        return;
    }
  }

  applyAll(events: readonly TraceEvent[]): void {
    for (const e of events) this.apply(e);
  }

  snapshot(): TraceSnapshot {
    if (!this.cached) {
      const graph = this.graph.snapshot();
      this.cached = {
        graph,
        memory: this.memory.snapshot(),
        runs: this.runs.snapshot(),
        names: this.names,
        largest: largestStorages(this.memory.liveStorages(), { named: (id) => this.named.get(id), savedBy: (id) => this.savedBy.get(id)?.text }, LARGEST_ROWS),
        running: this.running,
      };
    }
    return this.cached;
  }
}
