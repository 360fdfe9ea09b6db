// The memory view: the timeline (Plotly), live bytes now by category with the
// peak, and the largest live storages with their owners.
import { useMemo } from 'react';
import { MEM_CATEGORIES, type MemorySnapshot } from '../../../engine/trace/memory_timeline.ts';
import { formatBytes, formatExactBytes } from '../format.ts';
import { CATEGORY_COLORS, CATEGORY_LABELS, memoryFigure } from './figure.ts';
import { LivePlot } from './LivePlot.tsx';

export interface StorageRowView {
  storage: number;
  bytes: number;
  category: string;
  dtype?: string;
  owner: string | null;
}

export function MemoryNow({ memory }: { memory: MemorySnapshot }) {
  const { now, peak } = memory;
  return (
    <div className="memory-now">
      <p>
        Live now: <strong data-testid="memory-live">{formatExactBytes(now.totalBlocks)}</strong> in 512-byte blocks ({formatBytes(now.totalExact)} exact, {now.storages}{' '}
        storages) · peak <span data-testid="memory-peak">{formatExactBytes(peak.totalBlocks)}</span>
      </p>
      <ul className="memory-categories">
        {MEM_CATEGORIES.map((c) => (
          <li key={c}>
            <span className="swatch" style={{ background: CATEGORY_COLORS[c] }} /> {CATEGORY_LABELS[c]} <span className="num">{formatBytes(now.blocks[c])}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function MemoryChart({ memory, height }: { memory: MemorySnapshot; height?: number }) {
  const figure = useMemo(() => memoryFigure(memory, height), [memory, height]);
  if (memory.samples.length === 0) return <p className="muted">No memory events yet.</p>;
  return <LivePlot figure={figure} label={`Live bytes over ${memory.samples.at(-1)!.seq} memory events, peak ${formatBytes(memory.peak.totalBlocks)}`} />;
}

export function StorageTable({ rows, caption = 'Largest live storages' }: { rows: readonly StorageRowView[]; caption?: string }) {
  if (rows.length === 0) return null;
  return (
    <table className="storages">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Bytes</th>
          <th scope="col">Category</th>
          <th scope="col">Owner</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.storage}>
            <td className="num">{formatBytes(r.bytes)}</td>
            <td>
              <span className="swatch" style={{ background: CATEGORY_COLORS[r.category as keyof typeof CATEGORY_COLORS] ?? '#ccc' }} /> {r.category}
            </td>
            <td>{r.owner ?? <span className="muted">storage #{r.storage}{r.dtype ? ` (${r.dtype})` : ''}</span>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
