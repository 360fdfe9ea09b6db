// glassgrad.memory() inline: memory when it was called — by category, the
// timeline the kernel recorded until then, the largest storages.
import type { MemoryStats } from '../../../engine/memory/ledger.ts';
import type { StorageRow } from '../../../engine/memory/storage_report.ts';
import type { MemorySnapshot } from '../../../engine/trace/memory_timeline.ts';
import { MemoryChart, MemoryNow, StorageTable } from './MemoryBody.tsx';

export interface MemoryOutputData {
  stats: MemoryStats;
  storages: StorageRow[];
  timeline: MemorySnapshot | null;
}

/** The "now" figures from the ledger's stats when no timeline was recorded (outside the notebook kernel). */
function fromStats(stats: MemoryStats): MemorySnapshot {
  return {
    version: 0,
    samples: [],
    runs: [],
    forwards: [],
    forwardCount: 0,
    now: { blocks: stats.byCategoryBlocks, exact: stats.byCategory, totalBlocks: stats.allocatedBlocks, totalExact: stats.allocated, storages: stats.storages },
    peak: { totalBlocks: stats.peakBlocks, seq: 0 },
  };
}

export function MemoryOutput({ data }: { data: MemoryOutputData }) {
  const memory = data.timeline ? { ...data.timeline, now: fromStats(data.stats).now } : fromStats(data.stats);
  return (
    <div className="output-memory" aria-label="Memory">
      <MemoryNow memory={memory} />
      {data.timeline ? <MemoryChart memory={data.timeline} height={220} /> : null}
      <StorageTable rows={data.storages.map((r) => ({ storage: r.id, bytes: r.bytes, category: r.category, dtype: r.dtype, owner: r.owner }))} />
    </div>
  );
}
