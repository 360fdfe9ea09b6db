// Live bytes over execution, by category, rebuilt from trace events: the
// memory view's data. Figures are in 512-byte blocks, as PyTorch's CUDA
// allocator reports memory_allocated (so a step reads like the memory
// reference's +3,170,304 B), with the exact bytes kept beside them.
//
// A storage's category follows Storage.category(): its role (parameter,
// gradient, optimizer) when it has one, else "saved" while a node's saved
// slot holds it, else "other". Saved slots are counted here from the nodes'
// events (Note [Trace state] in graph_state.ts).
//
// The timeline is bounded: at most MAX_SAMPLES points. When it fills up,
// neighbouring points merge (keeping the higher, so peaks survive) and each
// later point stands for twice as many changes.
import { roundToBlock } from '../memory/ledger.ts';
import type { GraphNodeRecord } from './graph_state.ts';
import type { TraceEvent } from './events.ts';

export const MEM_CATEGORIES = ['parameter', 'gradient', 'saved', 'optimizer', 'other'] as const;
export type MemoryCategory = (typeof MEM_CATEGORIES)[number];
export type CategoryBytes = Record<MemoryCategory, number>;

export const MAX_SAMPLES = 4096;
/** Forward-pass marks kept (a longer loop keeps its first ones and counts the rest). */
export const MAX_FORWARD_MARKS = 20_000;

export interface TimelineSample {
  /** Memory changes so far (allocations, frees, category changes): the x axis. */
  seq: number;
  /** Live bytes per category in 512-byte blocks. */
  blocks: CategoryBytes;
  total: number;
}

export interface RunMark {
  runId: number;
  cell: string;
  executionCount: number;
  startSeq: number;
  endSeq: number | null;
  status: string | null;
}

export interface ForwardMark {
  seq: number;
  module: string;
  /** Live bytes (blocks) when the forward pass started. */
  total: number;
  /** Live autograd nodes then (when the caller knows them), else null. */
  liveNodes: number | null;
}

export interface MemorySnapshot {
  version: number;
  samples: readonly TimelineSample[];
  runs: readonly RunMark[];
  forwards: readonly ForwardMark[];
  /** Forward passes seen, including those past MAX_FORWARD_MARKS. */
  forwardCount: number;
  now: { blocks: CategoryBytes; exact: CategoryBytes; totalBlocks: number; totalExact: number; storages: number };
  peak: { totalBlocks: number; seq: number };
}

interface StorageRecord {
  bytes: number;
  blocks: number;
  role: MemoryCategory | null;
  savedRefs: number;
}

const ROLES = new Set<string>(['parameter', 'gradient', 'optimizer']);

export function zeroCategories(): CategoryBytes {
  return { parameter: 0, gradient: 0, saved: 0, optimizer: 0, other: 0 };
}

function categoryOf(s: StorageRecord): MemoryCategory {
  if (s.role) return s.role;
  return s.savedRefs > 0 ? 'saved' : 'other';
}

export class MemoryTimeline {
  private readonly storages = new Map<number, StorageRecord>();
  private readonly blocks = zeroCategories();
  private readonly exact = zeroCategories();
  /** Live bytes now, in 512-byte blocks. */
  totalBlocks = 0;
  private totalExact = 0;
  private seq = 0;
  private samples: TimelineSample[] = [];
  /** Changes per sample (doubles each time the samples merge). */
  private stride = 1;
  private bucket: TimelineSample | null = null;
  private bucketCount = 0;
  private readonly runs: RunMark[] = [];
  private readonly forwards: ForwardMark[] = [];
  private forwardCount = 0;
  private peak = { totalBlocks: 0, seq: 0 };
  version = 0;
  private cached: MemorySnapshot | null = null;

  /** Applies one event. `node` is the graph record a node event touched (GraphState.apply's result). */
  apply(e: TraceEvent, node?: GraphNodeRecord, liveNodes: number | null = null): void {
    switch (e.type) {
      case 'storage-alloc': {
        const role = ROLES.has(e.category) ? (e.category as MemoryCategory) : null;
        const s: StorageRecord = { bytes: e.bytes, blocks: roundToBlock(e.bytes), role, savedRefs: 0 };
        this.storages.set(e.storage, s);
        this.add(s, 1);
        return this.changed();
      }
      case 'storage-free': {
        const s = this.storages.get(e.storage);
        if (!s) return;
        this.add(s, -1);
        this.storages.delete(e.storage);
        return this.changed();
      }
      case 'storage-category': {
        const s = this.storages.get(e.storage);
        if (!s) return;
        return this.recategorize(s, () => (s.role = ROLES.has(e.category) ? (e.category as MemoryCategory) : null));
      }
      case 'node-created':
        return this.savedRefs(e.saved ?? [], 1);
      case 'node-saved-freed':
        if (node && !node.savedFreed) this.savedRefs(node.saved, -1);
        return;
      case 'node-destroyed':
        if (node && !node.savedFreed) this.savedRefs(node.saved, -1);
        return;
      case 'run-start':
        this.closeBucket();
        this.runs.push({ runId: e.runId, cell: e.cell, executionCount: e.executionCount, startSeq: this.seq, endSeq: null, status: null });
        this.version++;
        return;
      case 'run-end': {
        this.closeBucket();
        const run = this.runs.findLast((r) => r.runId === e.runId);
        if (run) Object.assign(run, { endSeq: this.seq, status: e.status });
        this.version++;
        return;
      }
      case 'forward':
        this.forwardCount++;
        if (this.forwards.length < MAX_FORWARD_MARKS) this.forwards.push({ seq: this.seq, module: e.module, total: this.totalBlocks, liveNodes });
        this.version++;
        return;
      case 'names':
        return;
      default: {
        const never: never = e;
        return never;
      }
    }
  }

  snapshot(): MemorySnapshot {
    if (this.cached && this.cached.version === this.version) return this.cached;
    const samples = this.bucket ? [...this.samples, this.bucket] : [...this.samples];
    this.cached = {
      version: this.version,
      samples,
      runs: this.runs.map((r) => ({ ...r })),
      forwards: [...this.forwards],
      forwardCount: this.forwardCount,
      now: {
        blocks: { ...this.blocks },
        exact: { ...this.exact },
        totalBlocks: this.totalBlocks,
        totalExact: this.totalExact,
        storages: this.storages.size,
      },
      peak: { ...this.peak },
    };
    return this.cached;
  }

  /** The category of a live storage now, or null for one this timeline never saw allocated. */
  categoryOf(storage: number): MemoryCategory | null {
    const s = this.storages.get(storage);
    return s ? categoryOf(s) : null;
  }

  /** Live storages as [id, exact bytes, category]. */
  liveStorages(): [number, number, MemoryCategory][] {
    return [...this.storages].map(([id, s]) => [id, s.bytes, categoryOf(s)]);
  }

  private savedRefs(saved: readonly { storage: number }[], delta: 1 | -1): void {
    for (const { storage } of saved) {
      const s = this.storages.get(storage);
      if (s) this.recategorize(s, () => (s.savedRefs += delta));
    }
  }

  private recategorize(s: StorageRecord, change: () => void): void {
    const before = categoryOf(s);
    change();
    if (categoryOf(s) === before) return;
    this.blocks[before] -= s.blocks;
    this.exact[before] -= s.bytes;
    this.blocks[categoryOf(s)] += s.blocks;
    this.exact[categoryOf(s)] += s.bytes;
    this.changed();
  }

  private add(s: StorageRecord, sign: 1 | -1): void {
    const c = categoryOf(s);
    this.blocks[c] += sign * s.blocks;
    this.exact[c] += sign * s.bytes;
    this.totalBlocks += sign * s.blocks;
    this.totalExact += sign * s.bytes;
  }

  /** One memory change: a point (or part of one) on the timeline. */
  private changed(): void {
    this.seq++;
    this.version++;
    if (this.totalBlocks > this.peak.totalBlocks) this.peak = { totalBlocks: this.totalBlocks, seq: this.seq };
    const point: TimelineSample = { seq: this.seq, blocks: { ...this.blocks }, total: this.totalBlocks };
    if (!this.bucket || point.total >= this.bucket.total) this.bucket = point;
    else this.bucket = { ...this.bucket, seq: point.seq };
    if (++this.bucketCount >= this.stride) this.closeBucket();
  }

  private closeBucket(): void {
    if (!this.bucket) return;
    this.samples.push(this.bucket);
    this.bucket = null;
    this.bucketCount = 0;
    if (this.samples.length >= MAX_SAMPLES) this.mergeSamples();
  }

  /** Halves the samples: each pair becomes its higher point, at the later change. */
  private mergeSamples(): void {
    const merged: TimelineSample[] = [];
    for (let i = 0; i < this.samples.length; i += 2) {
      const a = this.samples[i]!;
      const b = this.samples[i + 1];
      if (!b) merged.push(a);
      else merged.push(b.total >= a.total ? b : { ...a, seq: b.seq });
    }
    this.samples = merged;
    this.stride *= 2;
  }
}
