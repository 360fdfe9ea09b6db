// The right-hand panel's graph: every live autograd node, growing while a cell
// runs; the last run's diff; "why is this alive?" for the notebook's names.
import { useShallow } from 'zustand/react/shallow';
import { useInspect, useInspectFeed } from '../context.tsx';
import { RunDiffLine } from '../runs/RunDiffLine.tsx';
import { formatBytes } from '../format.ts';
import { GraphBody } from './GraphBody.tsx';
import { WhyAliveReport } from './WhyAliveReport.tsx';

const NONE: readonly number[] = [];

export function GraphPanel() {
  const feed = useInspectFeed();
  const graph = useInspect((s) => s.inspect.trace.graph);
  const named = useInspect((s) => s.inspect.trace.names);
  const names = useInspect(useShallow((s) => s.inspect.trace.names.map((n) => n.name)));
  const lastRun = useInspect((s) => s.inspect.trace.runs.at(-1) ?? null);
  const { options, selectedNode, selectedName, whyAlive } = useInspect(
    useShallow((s) => ({ options: s.inspect.options, selectedNode: s.inspect.selectedNode, selectedName: s.inspect.selectedName, whyAlive: s.inspect.whyAlive })),
  );
  const saved = useInspect((s) => s.inspect.trace.memory.now.exact.saved);
  const store = feed.store.getState();
  return (
    <div className="graph-panel">
      <p className="graph-summary">
        <strong data-testid="graph-node-count">{graph.nodes.length}</strong> live autograd nodes · {formatBytes(saved)} saved for backward
      </p>
      {lastRun ? <RunDiffLine diff={lastRun} /> : null}
      <label className="why-select">
        Why is this alive?{' '}
        <select aria-label="Why is this alive?" value={selectedName ?? ''} onChange={(e) => feed.selectName(e.target.value || null)}>
          <option value="">(choose a name)</option>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      {whyAlive ? (
        <WhyAliveReport report={whyAlive} />
      ) : selectedName !== null ? (
        <p className="muted why-alive-none">
          <code>{selectedName}</code> holds no tensor now, so it keeps nothing of the graph alive.
        </p>
      ) : null}
      {graph.nodes.length === 0 ? (
        <p className="panel-empty">No autograd graph is alive. Run a cell that computes with tensors that require grad, and its graph grows here.</p>
      ) : (
        <GraphBody
          nodes={graph.nodes}
          options={options}
          onOptions={(o) => store.setViewOptions(o)}
          selected={selectedNode}
          onSelect={(id) => feed.store.getState().selectGraphNode(id)}
          highlighted={whyAlive?.nodes ?? NONE}
          names={named}
          onWhyAlive={(name) => feed.selectName(name)}
        />
      )}
    </div>
  );
}
