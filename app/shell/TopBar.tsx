// The top bar: notebook title, save state, the toolbar and the kernel status.
import { useEffect, useState } from 'react';
import type { CellType } from '../notebook/model.ts';
import { useCommands } from '../services.tsx';
import { useApp, useStoreApi } from '../store/context.tsx';
import { Icon, type IconName } from './Icon.tsx';
import { KernelStatus } from './KernelStatus.tsx';

export function TopBar() {
  return (
    <header className="top-bar">
      <div className="top-row">
        <span className="brand" aria-hidden="true">
          Glassgrad
        </span>
        <TitleField />
        <SaveState />
        <div className="spacer" />
        <KernelStatus />
      </div>
      <Toolbar />
    </header>
  );
}

function TitleField() {
  const title = useApp((s) => s.notebook.doc.title);
  const commands = useCommands();
  const [draft, setDraft] = useState(title);
  useEffect(() => setDraft(title), [title]);
  return (
    <input
      className="title-field"
      aria-label="Notebook title"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={() => commands.setTitle(draft)}
      onKeyDown={(e) => {
        if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
        if (e.key === 'Escape') {
          setDraft(title);
          (e.target as HTMLInputElement).blur();
        }
      }}
    />
  );
}

function SaveState() {
  const save = useApp((s) => s.ui.save);
  const text = save.status === 'saved' ? 'Saved in this browser' : save.status === 'saving' ? 'Saving…' : save.status === 'unsaved' ? 'Unsaved changes' : 'Not saved!';
  return (
    <span className={`save-state save-${save.status}`} data-save-state={save.status} title={save.status === 'error' ? save.message : undefined}>
      {text}
    </span>
  );
}

function Toolbar() {
  const commands = useCommands();
  const store = useStoreApi();
  const selectedType = useApp((s) => (s.notebook.selectedId ? s.notebook.doc.cells[s.notebook.selectedId]?.type : undefined));
  const busy = useApp((s) => s.kernel.running !== null);
  const panelOpen = useApp((s) => s.ui.rightPanel.open);
  const sidebarOpen = useApp((s) => s.ui.sidebarOpen);
  return (
    <div className="toolbar" role="toolbar" aria-label="Notebook actions">
      <ToolButton label="Toggle notebook list" icon="menu" pressed={sidebarOpen} onClick={() => store.getState().toggleSidebar()} />
      <ToolButton label="Save" shortcut="Ctrl+S" icon="save" onClick={() => void commands.save()} />
      <ToolButton label="Download .ipynb" icon="download" onClick={() => commands.exportIpynb()} />
      <span className="toolbar-sep" />
      <ToolButton label="Insert cell below" shortcut="B" icon="plus" onClick={() => commands.insert('below')} />
      <ToolButton label="Run" shortcut="Shift+Enter" icon="run" text="Run" onClick={() => commands.runAndAdvance()} />
      <ToolButton label="Interrupt" shortcut="I I" icon="stop" disabled={!busy} onClick={() => void commands.interrupt()} />
      <ToolButton label="Restart" shortcut="0 0" icon="restart" onClick={() => void commands.restart()} />
      <ToolButton label="Restart and run all" icon="restartRun" onClick={() => void commands.restartAndRunAll()} />
      <span className="toolbar-sep" />
      <ToolButton label="Run all" icon="runAll" text="Run all" onClick={() => commands.runAll()} />
      <ToolButton label="Run all above" icon="runAbove" onClick={() => commands.runAbove()} />
      <ToolButton label="Run selected and below" icon="runBelow" onClick={() => commands.runBelow()} />
      <ToolButton label="Clear all outputs" icon="clear" onClick={() => store.getState().clearAllOutputs()} />
      <select
        aria-label="Cell type"
        title="Cell type (Y code, M Markdown, R raw)"
        value={selectedType ?? 'code'}
        onChange={(e) => commands.changeType(e.target.value as CellType)}
      >
        <option value="code">Code</option>
        <option value="markdown">Markdown</option>
        <option value="raw">Raw</option>
      </select>
      <div className="spacer" />
      <ToolButton label="Keyboard shortcuts" shortcut="H" icon="keyboard" onClick={() => store.getState().setShortcutsOpen(true)} />
      <ToolButton label="Toggle side panel" icon="panel" pressed={panelOpen} onClick={() => store.getState().setRightPanel({ open: !panelOpen })} />
    </div>
  );
}

function ToolButton(props: { label: string; icon: IconName; text?: string; shortcut?: string; disabled?: boolean; pressed?: boolean; onClick(): void }) {
  return (
    <button
      type="button"
      className="tool-button"
      aria-label={props.label}
      title={props.shortcut ? `${props.label} (${props.shortcut})` : props.label}
      disabled={props.disabled}
      aria-pressed={props.pressed}
      // Keep the cell editor focused: toolbar clicks act on the selected cell.
      onMouseDown={(e) => e.preventDefault()}
      onClick={props.onClick}
    >
      <Icon name={props.icon} />
      {props.text ? <span className="tool-text">{props.text}</span> : null}
    </button>
  );
}
