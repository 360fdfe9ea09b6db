// The In-prompt of a code cell: [ ] never run, [*] queued or running, [n] ran
// as the n-th execution — and how long the last run took.
import { useEffect, useState } from 'react';
import { isCellPending } from '../kernel/run_queue.ts';
import { formatDuration } from '../outputs/format.ts';
import { useApp } from '../store/context.tsx';

export function Prompt({ cellId }: { cellId: string }) {
  const pending = useApp((s) => isCellPending(s.kernel, cellId));
  const count = useApp((s) => s.notebook.doc.cells[cellId]?.executionCount ?? null);
  const text = pending ? '[*]:' : `[${count ?? ' '}]:`;
  return (
    <div className="cell-prompt" data-prompt={text} aria-label={pending ? 'queued or running' : count === null ? 'not run' : `execution ${count}`}>
      <span>{text}</span>
      <RunTime cellId={cellId} />
    </div>
  );
}

function RunTime({ cellId }: { cellId: string }) {
  const startedAt = useApp((s) => (s.kernel.running?.cellId === cellId ? s.kernel.running.startedAt : null));
  const last = useApp((s) => s.kernel.lastRuns[cellId]);
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(performance.now()), 100);
    return () => clearInterval(timer);
  }, [startedAt]);
  if (startedAt !== null) return <span className="cell-time running">{formatDuration(Math.max(0, now - startedAt))}</span>;
  if (!last) return null;
  return (
    <span className={`cell-time ${last.status}`} title={`Last run: ${last.status}, ${formatDuration(last.durationMs)}`}>
      {formatDuration(last.durationMs)}
    </span>
  );
}
