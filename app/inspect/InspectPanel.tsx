// The right-hand panel's inspect views: Graph | Memory.
import { useInspect, useInspectFeed } from './context.tsx';
import { GraphPanel } from './graph/GraphPanel.tsx';
import { MemoryPanel } from './memory/MemoryPanel.tsx';
import type { InspectTab } from './store.ts';
import './inspect.css';

const TABS: { id: InspectTab; label: string }[] = [
  { id: 'graph', label: 'Graph' },
  { id: 'memory', label: 'Memory' },
];

/** Graph and Memory in one panel with its own tabs. */
export function InspectPanel() {
  const tab = useInspect((s) => s.inspect.tab);
  const feed = useInspectFeed();
  return (
    <div className="inspect-panel">
      <div className="inspect-tabs" role="tablist" aria-label="Inspect views">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={t.id === tab} onClick={() => feed.store.getState().setInspectTab(t.id)}>
            {t.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS.find((t) => t.id === tab)!.label}>
        {tab === 'graph' ? <GraphPanel /> : <MemoryPanel />}
      </div>
    </div>
  );
}

/** The panels on their own, for a host with its own tabs (the app's RightPanel: one PanelTab each). */
export { GraphPanel, MemoryPanel };
