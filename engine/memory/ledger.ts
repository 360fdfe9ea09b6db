// The memory ledger: every storage's bytes, by category, live and peak.
//
// Note [Deterministic release]: a storage leaves the ledger the moment its last
// owner releases it (a tensor handle, a saved tensor, a grad slot), exactly as
// PyTorch's reference counting frees memory. The JavaScript GC is never
// consulted, so figures are repeatable and comparable with PyTorch's.
import type { DType } from '../core/dtype.ts';
import { runtimeError } from '../errors/errors.ts';
import { emit } from '../trace/events.ts';
import { LiveList, type LiveLinks } from './live.ts';

export type MemCategory = 'parameter' | 'gradient' | 'saved' | 'optimizer' | 'other';
export const MEM_CATEGORIES: readonly MemCategory[] = ['parameter', 'gradient', 'saved', 'optimizer', 'other'];

/** PyTorch's CUDA caching allocator rounds every block up to 512 bytes. */
export const BLOCK_BYTES = 512;
export function roundToBlock(bytes: number): number {
  return bytes === 0 ? 0 : Math.ceil(bytes / BLOCK_BYTES) * BLOCK_BYTES;
}

export interface StorageInfo extends LiveLinks<StorageInfo> {
  readonly id: number;
  readonly dtype: DType;
  readonly nbytes: number;
  category(): MemCategory;
}

export interface MemoryStats {
  allocated: number;
  allocatedBlocks: number;
  peak: number;
  peakBlocks: number;
  byCategory: Record<MemCategory, number>;
  /** Per category, each storage rounded up to 512-byte blocks (they sum to allocatedBlocks). */
  byCategoryBlocks: Record<MemCategory, number>;
  storages: number;
}

class Ledger {
  private readonly live = new LiveList<StorageInfo>();
  allocated = 0;
  allocatedBlocks = 0;
  peak = 0;
  peakBlocks = 0;
  /** Allocations that would take the total past this raise PyTorch's CPU OOM error. */
  capBytes = 4 * 1024 ** 3;

  /**
   * Settles frees deferred elsewhere (Python's batched releases, Note [Integer
   * handles] in engine/python/bridge_handles.ts). Runs before every tracked
   * allocation and every read of the figures, so live and peak bytes are
   * exactly those of immediate release.
   */
  settleDeferredFrees: (() => void) | null = null;

  checkCanAllocate(nbytes: number): void {
    this.settleDeferredFrees?.();
    if (this.allocated + nbytes > this.capBytes) {
      throw runtimeError(
        `[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory: you tried to allocate ${nbytes} bytes.`,
      );
    }
  }

  add(s: StorageInfo): void {
    this.live.add(s);
    this.allocated += s.nbytes;
    this.allocatedBlocks += roundToBlock(s.nbytes);
    if (this.allocated > this.peak) this.peak = this.allocated;
    if (this.allocatedBlocks > this.peakBlocks) this.peakBlocks = this.allocatedBlocks;
    emit({ type: 'storage-alloc', storage: s.id, bytes: s.nbytes, dtype: s.dtype, category: s.category() });
  }

  remove(s: StorageInfo): void {
    if (!this.live.delete(s)) return;
    this.allocated -= s.nbytes;
    this.allocatedBlocks -= roundToBlock(s.nbytes);
    emit({ type: 'storage-free', storage: s.id, bytes: s.nbytes });
  }

  resetPeak(): void {
    this.peak = this.allocated;
    this.peakBlocks = this.allocatedBlocks;
  }

  stats(): MemoryStats {
    this.settleDeferredFrees?.();
    const byCategory: Record<MemCategory, number> = { parameter: 0, gradient: 0, saved: 0, optimizer: 0, other: 0 };
    const byCategoryBlocks: Record<MemCategory, number> = { ...byCategory };
    for (const s of this.live) {
      const c = s.category();
      byCategory[c] += s.nbytes;
      byCategoryBlocks[c] += roundToBlock(s.nbytes);
    }
    return {
      allocated: this.allocated,
      allocatedBlocks: this.allocatedBlocks,
      peak: this.peak,
      peakBlocks: this.peakBlocks,
      byCategory,
      byCategoryBlocks,
      storages: this.live.size,
    };
  }

  liveStorages(): StorageInfo[] {
    return [...this.live];
  }
}

export const ledger = new Ledger();
