// The list of cells and Jupyter's command-mode keyboard.
import { useEffect } from 'react';
import type { Commands } from '../commands.ts';
import { type Chord, type CommandAction, commandKey } from '../keyboard/command_keys.ts';
import { useCommands } from '../services.tsx';
import { useApp, useStoreApi } from '../store/context.tsx';
import type { AppStore } from '../store/store.ts';
import { CellView } from './CellView.tsx';

export function Notebook() {
  const order = useApp((s) => s.notebook.doc.cellOrder);
  const loaded = useApp((s) => s.ui.loaded);
  const store = useStoreApi();
  const commands = useCommands();

  // Command-mode keys are heard on the window, so they work wherever focus is
  // except in an editor, a form field or a dialog (as in Jupyter).
  useEffect(() => {
    let chord: Chord | null = null;
    const onKeyDown = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement;
      if (e.defaultPrevented || isTyping(target) || target.closest('[role="dialog"], .top-bar, .sidebar, .right-panel')) return;
      const result = commandKey(chord, { key: e.key, shift: e.shiftKey, mod: e.ctrlKey || e.metaKey, alt: e.altKey }, e.timeStamp);
      chord = result.pending;
      if (result.pending) e.preventDefault();
      if (!result.action) return;
      e.preventDefault();
      runAction(result.action, store, commands);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [store, commands]);

  if (!loaded) {
    return (
      <main className="notebook loading" aria-busy="true">
        Opening your notebook…
      </main>
    );
  }
  return (
    <main className="notebook" aria-label="Notebook">
      {order.map((id, i) => (
        <CellView key={id} cellId={id} index={i} />
      ))}
      <div className="add-cell-bar">
        <button type="button" onClick={() => addAtEnd(store, 'code')} title="Add a code cell at the end">
          + Code
        </button>
        <button type="button" onClick={() => addAtEnd(store, 'markdown')} title="Add a Markdown cell at the end">
          + Markdown
        </button>
      </div>
    </main>
  );
}

function addAtEnd(store: AppStore, type: 'code' | 'markdown') {
  store.getState().insertCell('end', type);
  store.getState().enterEditMode();
}

/** Keys typed into an editor or a form field, or pressed on a button or link, are not commands. */
function isTyping(target: HTMLElement): boolean {
  return !!target.closest('.cm-editor:not(.cell-static), input, textarea, select, button, a[href], summary, [contenteditable="true"]');
}

export function runAction(action: CommandAction, store: AppStore, commands: Commands): void {
  const s = store.getState();
  switch (action) {
    case 'edit':
      return s.enterEditMode();
    case 'run-advance':
      return commands.runAndAdvance();
    case 'run-in-place':
      return commands.runInPlace();
    case 'run-insert-below':
      return commands.runAndInsertBelow();
    case 'select-up':
      return s.selectRelative(-1);
    case 'select-down':
      return s.selectRelative(1);
    case 'insert-above':
      return commands.insert('above');
    case 'insert-below':
      return commands.insert('below');
    case 'delete':
      return commands.deleteSelected();
    case 'undo-delete':
      return s.undoDelete();
    case 'to-code':
      return commands.changeType('code');
    case 'to-markdown':
      return commands.changeType('markdown');
    case 'to-raw':
      return commands.changeType('raw');
    case 'move-up':
      return commands.move(-1);
    case 'move-down':
      return commands.move(1);
    case 'interrupt':
      return void commands.interrupt();
    case 'restart':
      return void commands.restart();
    case 'save':
      return void commands.save();
    case 'shortcuts':
      return s.setShortcutsOpen(true);
  }
}
