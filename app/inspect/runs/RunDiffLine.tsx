// Per-run diff: what a cell run added to and freed from the graph and memory.
import type { RunDiff } from '../../../engine/trace/run_diffs.ts';
import { formatBytes, formatDelta } from '../format.ts';

function runLabel(d: RunDiff): string {
  return d.executionCount > 0 ? `[${d.executionCount}]` : d.cell;
}

export function RunDiffLine({ diff }: { diff: RunDiff }) {
  const net = diff.liveBytesAfter - diff.liveBytesBefore;
  return (
    <p className="run-diff" data-testid="run-diff">
      {diff.status === null ? 'Running' : 'Last run'} {runLabel(diff)}: <span className="added">+{diff.nodesCreated} nodes</span>,{' '}
      <span className="freed">−{diff.nodesDestroyed} nodes</span>
      {diff.nodesSavedFreed > 0 ? `, ${diff.nodesSavedFreed} freed their saved tensors` : ''} · memory {formatDelta(net)} (
      <span className="added">+{formatBytes(diff.bytesAllocated)}</span> allocated, <span className="freed">−{formatBytes(diff.bytesFreed)}</span> freed)
    </p>
  );
}

export function RunDiffTable({ diffs, limit = 12 }: { diffs: readonly RunDiff[]; limit?: number }) {
  const shown = diffs.slice(-limit).reverse();
  if (shown.length === 0) return null;
  return (
    <table className="run-diffs">
      <caption>What each run added and freed</caption>
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Nodes +/−</th>
          <th scope="col">Live nodes</th>
          <th scope="col">Memory</th>
          <th scope="col">Allocated / freed</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((d) => (
          <tr key={d.runId}>
            <th scope="row">{runLabel(d)}</th>
            <td className="num">
              +{d.nodesCreated} / −{d.nodesDestroyed}
            </td>
            <td className="num">{d.liveNodesAfter}</td>
            <td className="num">{formatDelta(d.liveBytesAfter - d.liveBytesBefore)}</td>
            <td className="num">
              {formatBytes(d.bytesAllocated)} / {formatBytes(d.bytesFreed)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
