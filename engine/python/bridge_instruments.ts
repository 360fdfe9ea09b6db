// The engine's instruments for the `glassgrad` Python module: the memory
// ledger, the live storages, graph facts and "why is this alive". Results are
// plain data (numbers, strings, arrays, objects) that Python converts with
// to_py(); no engine object crosses, so a report never keeps memory alive.
import type { Tensor } from '../core/tensor.ts';
import { ledger } from '../memory/ledger.ts';
import { graphFacts, type GraphFacts } from '../memory/graph_facts.ts';
import { liveStorageRows, type StorageRow } from '../memory/storage_report.ts';
import { heldBy, type AliveReport } from '../memory/why_alive.ts';
import type { MemoryStats } from '../memory/ledger.ts';
import { liveNodes } from '../memory/live.ts';
import { graphBehind, liveGraph, type GraphData } from '../trace/graph_snapshot.ts';
import { enterModule, exitModule } from '../trace/module_scope.ts';
import { publishNames } from '../trace/names.ts';
import { recordedTimeline } from '../trace/recorder.ts';
import type { MemorySnapshot } from '../trace/memory_timeline.ts';
import { tensorLayout, type LayoutData } from '../trace/tensor_layout.ts';
import { toJs } from './bridge_python.ts';

export const instrumentsBridge = {
  /** Bytes held by live storages, exact and rounded to allocator blocks, their peaks, and by category. */
  memoryStats(): MemoryStats {
    return ledger.stats();
  },
  /** memory_allocated without walking the storages: exact bytes, or 512-byte blocks. */
  memoryAllocated(exact: boolean): number {
    return exact ? ledger.allocated : ledger.allocatedBlocks;
  },
  maxMemoryAllocated(exact: boolean): number {
    return exact ? ledger.peak : ledger.peakBlocks;
  },
  resetPeakMemory(): void {
    ledger.resetPeak();
  },
  /** Live storages, largest first; `limit` (a number, or undefined for all) caps the rows. */
  liveStorages(limit?: number | null): StorageRow[] {
    return liveStorageRows(limit ?? undefined);
  },
  /** Nodes reachable from t.grad_fn, their names, and the bytes they save. */
  graphFacts(t: Tensor): GraphFacts {
    return graphFacts(t);
  },
  /** Everything `t` keeps alive: one ownership chain per storage, and the bytes. */
  heldBy(t: Tensor): AliveReport {
    return heldBy(t);
  },
  /** Module.__call__ starts / ends: nodes recorded meanwhile belong to `path` ("Net.conv1"). */
  enterModule(path: string): void {
    enterModule(path);
  },
  exitModule(): void {
    exitModule();
  },
  /** show_graph: the nodes behind `t` (or every live node when t is null), as node records. */
  graphData(t: Tensor | null | undefined): GraphData {
    return t ? graphBehind(t) : liveGraph();
  },
  /** show_layout: shape, strides and offset of each tensor over its storage. */
  tensorLayout(names: unknown, tensors: unknown): LayoutData {
    const ns = toJs(names) as string[];
    const ts = toJs(tensors) as Tensor[];
    return tensorLayout(ns.map((name, i) => ({ name, tensor: ts[i]! })));
  },
  /** After a cell (notebook kernel): the names that hold tensors, as a 'names' trace event. */
  publishNames(names: unknown, tensors: unknown): void {
    publishNames(toJs(names) as string[], toJs(tensors) as Tensor[], liveNodes.size);
  },
  /** The memory timeline the kernel records, or null outside the notebook kernel. */
  memoryTimeline(): MemorySnapshot | null {
    return recordedTimeline();
  },
};
