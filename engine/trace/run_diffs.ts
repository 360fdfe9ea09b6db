// Per-run diff: what each cell run added to and freed from the graph and memory.
import { roundToBlock } from '../memory/ledger.ts';
import type { GraphNodeRecord } from './graph_state.ts';
import type { TraceEvent } from './events.ts';

export interface RunDiff {
  runId: number;
  cell: string;
  executionCount: number;
  /** null while the run is going on. */
  status: string | null;
  nodesCreated: number;
  nodesDestroyed: number;
  /** Names of the nodes created / destroyed, with counts ("ConvolutionBackward0": 5). */
  createdNames: Record<string, number>;
  destroyedNames: Record<string, number>;
  /** Nodes whose saved tensors backward() released during the run. */
  nodesSavedFreed: number;
  /** Storages allocated and freed during the run, in 512-byte blocks. */
  bytesAllocated: number;
  bytesFreed: number;
  liveNodesBefore: number;
  liveNodesAfter: number;
  liveBytesBefore: number;
  liveBytesAfter: number;
}

/** How many runs are remembered (the oldest go first). */
export const MAX_RUN_DIFFS = 500;

export class RunDiffs {
  private readonly diffs: RunDiff[] = [];
  private current: RunDiff | null = null;
  version = 0;
  private cached: { version: number; diffs: readonly RunDiff[] } | null = null;

  /**
   * Applies one event; `live` gives the graph's node count and the live blocks
   * after the event; `node` is the record a node event touched.
   */
  apply(e: TraceEvent, live: { nodes: number; bytes: number }, node?: GraphNodeRecord): void {
    const d = this.current;
    switch (e.type) {
      case 'run-start':
        this.current = {
          runId: e.runId,
          cell: e.cell,
          executionCount: e.executionCount,
          status: null,
          nodesCreated: 0,
          nodesDestroyed: 0,
          createdNames: {},
          destroyedNames: {},
          nodesSavedFreed: 0,
          bytesAllocated: 0,
          bytesFreed: 0,
          liveNodesBefore: live.nodes,
          liveNodesAfter: live.nodes,
          liveBytesBefore: live.bytes,
          liveBytesAfter: live.bytes,
        };
        this.diffs.push(this.current);
        if (this.diffs.length > MAX_RUN_DIFFS) this.diffs.shift();
        break;
      case 'run-end':
        if (d && d.runId === e.runId) d.status = e.status;
        this.current = null;
        break;
      case 'node-created':
        if (d) {
          d.nodesCreated++;
          d.createdNames[e.name] = (d.createdNames[e.name] ?? 0) + 1;
        }
        break;
      case 'node-destroyed':
        if (d && node) {
          d.nodesDestroyed++;
          d.destroyedNames[node.name] = (d.destroyedNames[node.name] ?? 0) + 1;
        }
        break;
      case 'node-saved-freed':
        if (d && node && !node.savedFreed) d.nodesSavedFreed++;
        break;
      case 'storage-alloc':
        if (d) d.bytesAllocated += roundToBlock(e.bytes);
        break;
      case 'storage-free':
        if (d) d.bytesFreed += roundToBlock(e.bytes);
        break;
      default:
        return;
    }
    if (this.current) {
      this.current.liveNodesAfter = live.nodes;
      this.current.liveBytesAfter = live.bytes;
    }
    this.version++;
  }

  /** Finished runs' diffs as frozen copies, made once each. */
  private readonly finished = new WeakMap<RunDiff, RunDiff>();

  snapshot(): readonly RunDiff[] {
    if (!this.cached || this.cached.version !== this.version) {
      const copy = (d: RunDiff): RunDiff => ({ ...d, createdNames: { ...d.createdNames }, destroyedNames: { ...d.destroyedNames } });
      const diffs = this.diffs.map((d) => {
        if (d === this.current) return copy(d);
        let done = this.finished.get(d);
        if (!done) this.finished.set(d, (done = copy(d)));
        return done;
      });
      this.cached = { version: this.version, diffs };
    }
    return this.cached.diffs;
  }
}
