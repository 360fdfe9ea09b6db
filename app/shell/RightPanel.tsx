// The right-hand panel: tabs of views beside the notebook. A new view (the
// graph, the memory timeline) is one more entry in PANEL_TABS.
import type { ReactNode } from 'react';
import { useApp, useStoreApi } from '../store/context.tsx';
import { GraphPanel, MemoryPanel } from '../inspect/index.ts';
import { VariablesPanel } from './VariablesPanel.tsx';

export interface PanelTab {
  id: string;
  label: string;
  render(): ReactNode;
}

export const PANEL_TABS: PanelTab[] = [
  { id: 'variables', label: 'Variables', render: () => <VariablesPanel /> },
  { id: 'graph', label: 'Graph', render: () => <GraphPanel /> },
  { id: 'memory', label: 'Memory', render: () => <MemoryPanel /> },
];

export function RightPanel({ tabs = PANEL_TABS }: { tabs?: PanelTab[] }) {
  const panel = useApp((s) => s.ui.rightPanel);
  const store = useStoreApi();
  if (!panel.open) return null;
  const active = tabs.find((t) => t.id === panel.tab) ?? tabs[0];
  return (
    <aside className="right-panel" aria-label="Inspector">
      <div className="tabs" role="tablist" aria-label="Inspector views">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`tab-${t.id}`}
            aria-selected={t.id === active.id}
            aria-controls={`tabpanel-${t.id}`}
            onClick={() => store.getState().setRightPanel({ tab: t.id })}
          >
            {t.label}
          </button>
        ))}
      </div>
      <div className="tab-panel" role="tabpanel" id={`tabpanel-${active.id}`} aria-labelledby={`tab-${active.id}`}>
        {active.render()}
      </div>
    </aside>
  );
}
