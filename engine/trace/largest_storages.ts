// The memory view's table: the largest live storages, with who owns them as
// far as the trace tells — a parameter's label through its AccumulateGrad
// leaf, or the node that saves it for backward.
import { roundToBlock } from '../memory/ledger.ts';
import type { MemoryCategory } from './memory_timeline.ts';

export interface LargestStorage {
  storage: number;
  bytes: number;
  blocks: number;
  category: MemoryCategory;
  /** "fc1.weight", "x · saved by ConvolutionBackward0 (Net.conv1)", or null when the trace does not say. */
  owner: string | null;
}

/** What the trace tells about who owns a storage (kept up to date by TraceState). */
export interface StorageOwners {
  /** A parameter's label, through its AccumulateGrad leaf or the kernel's labels; or a Python name. */
  named(storage: number): string | undefined;
  /** "saved by ConvolutionBackward0 (Net.conv1)": the first live node that saves it. */
  savedBy(storage: number): string | undefined;
}

/** The `limit` largest of `live` ([id, bytes, category]), largest first, ties oldest first. */
export function largestStorages(live: readonly [number, number, MemoryCategory][], owners: StorageOwners, limit: number): LargestStorage[] {
  const top = [...live].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, limit);
  return top.map(([storage, bytes, category]) => {
    const parts = [owners.named(storage), owners.savedBy(storage)].filter((p): p is string => !!p);
    return { storage, bytes, blocks: roundToBlock(bytes), category, owner: parts.length > 0 ? parts.join(' · ') : null };
  });
}
