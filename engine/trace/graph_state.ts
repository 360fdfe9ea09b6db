// The live autograd graph as the views know it, rebuilt from trace events
// alone: every node created and not yet destroyed, in creation order, with
// what it saves and whether backward() freed that.
//
// Note [Trace state]: the reducers in this folder keep a mutable container
// (a Map, O(1) per event: a 1,000-iteration loop sends ~10^5 events) but
// every record in it is immutable — a change replaces the record — so a
// snapshot is a cheap array of shared records that the UI store can hold.
import type { NodeInfo } from './node_info.ts';
import type { TraceEvent } from './events.ts';

export interface GraphNodeRecord extends Omit<NodeInfo, 'savedFreed'> {
  savedFreed: boolean;
  /** Position in creation order over the whole session. */
  seq: number;
  /** The run (cell execution) that created it, or null outside any run. */
  run: number | null;
}

export interface GraphSnapshot {
  /** Bumped by every change; equal versions mean equal snapshots. */
  version: number;
  /** Live nodes in creation order. */
  nodes: readonly GraphNodeRecord[];
}

export class GraphState {
  private readonly nodes = new Map<number, GraphNodeRecord>();
  private seq = 0;
  private run: number | null = null;
  version = 0;
  private cached: GraphSnapshot | null = null;

  get size(): number {
    return this.nodes.size;
  }

  get(id: number): GraphNodeRecord | undefined {
    return this.nodes.get(id);
  }

  /** Applies one event; returns the record a node event touched (before removal, for destroyed nodes). */
  apply(e: TraceEvent): GraphNodeRecord | undefined {
    switch (e.type) {
      case 'run-start':
        this.run = e.runId;
        return undefined;
      case 'run-end':
        this.run = null;
        return undefined;
      case 'node-created': {
        const record: GraphNodeRecord = {
          node: e.node,
          name: e.name,
          next: e.next,
          savedBytes: e.savedBytes,
          module: e.module ?? null,
          saved: e.saved ?? [],
          ...(e.leaf ? { leaf: e.leaf } : {}),
          savedFreed: false,
          seq: this.seq++,
          run: this.run,
        };
        this.nodes.set(e.node, record);
        this.changed();
        return record;
      }
      case 'node-saved-freed': {
        const r = this.nodes.get(e.node);
        if (!r || r.savedFreed) return r;
        const freed = { ...r, savedFreed: true };
        this.nodes.set(e.node, freed);
        this.changed();
        return r;
      }
      case 'node-destroyed': {
        const r = this.nodes.get(e.node);
        if (!r) return undefined;
        this.nodes.delete(e.node);
        this.changed();
        return r;
      }
      default:
        return undefined;
    }
  }

  snapshot(): GraphSnapshot {
    if (!this.cached || this.cached.version !== this.version) {
      this.cached = { version: this.version, nodes: [...this.nodes.values()] };
    }
    return this.cached;
  }

  private changed(): void {
    this.version++;
  }
}
