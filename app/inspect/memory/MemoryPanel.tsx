// The right-hand panel's memory view, live from the trace, with what each run
// added and freed.
import { useInspect } from '../context.tsx';
import { RunDiffTable } from '../runs/RunDiffLine.tsx';
import { MemoryChart, MemoryNow, StorageTable } from './MemoryBody.tsx';

export function MemoryPanel() {
  const memory = useInspect((s) => s.inspect.trace.memory);
  const largest = useInspect((s) => s.inspect.trace.largest);
  const runs = useInspect((s) => s.inspect.trace.runs);
  return (
    <div className="memory-panel">
      <MemoryNow memory={memory} />
      <MemoryChart memory={memory} />
      <StorageTable rows={largest} />
      <RunDiffTable diffs={runs} />
    </div>
  );
}
