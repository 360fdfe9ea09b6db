// A cell's CodeMirror editor, synced with the store: typing updates the cell's
// source (one transition per change), a source changed elsewhere replaces the
// editor's text, edit mode focuses it, a traceback link shows a line.
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'react';
import { useServices } from '../services.tsx';
import { useApp, useStoreApi } from '../store/context.tsx';
import { cellEditorExtensions } from './extensions.ts';
import { showLine } from './line_flash.ts';

/** Where the cursor goes in the next editor arrow keys move into: the end when coming from below (as Jupyter). */
let arrivingAt: { cellId: string; at: 'start' | 'end' } | null = null;

export function CellEditor({ cellId, language, label }: { cellId: string; language: 'python' | 'markdown' | 'raw'; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const store = useStoreApi();
  const { commands, session } = useServices();

  useEffect(() => {
    const state = () => store.getState();
    const view = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: state().notebook.doc.cells[cellId]?.source ?? '',
        extensions: cellEditorExtensions({
          language,
          label,
          onChange: (source) => state().setSource(cellId, source),
          onFocus: () => state().enterEditMode(cellId),
          complete: language === 'python' ? (code, cursor) => session.complete(code, cursor) : undefined,
          keys: {
            runAndAdvance: () => commands.runAndAdvance(),
            runInPlace: () => commands.runInPlace(),
            runAndInsertBelow: () => commands.runAndInsertBelow(),
            commandMode: () => state().enterCommandMode(),
            leave: (direction) => {
              const order = state().notebook.doc.cellOrder;
              const next = order[order.indexOf(cellId) + direction];
              if (!next) return;
              arrivingAt = { cellId: next, at: direction < 0 ? 'end' : 'start' };
              state().enterEditMode(next);
            },
            save: () => void commands.save(),
          },
        }),
      }),
    });
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
    // Rebuilt only for another cell or language; the label is read once.
  }, [cellId, language, store, commands, session]);

  const source = useApp((s) => s.notebook.doc.cells[cellId]?.source ?? '');
  useEffect(() => {
    const view = viewRef.current;
    if (view && view.state.doc.toString() !== source) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: source } });
  }, [source]);

  const editing = useApp((s) => s.notebook.selectedId === cellId && s.notebook.mode === 'edit');
  useEffect(() => {
    const view = viewRef.current;
    if (!editing || !view) return;
    if (arrivingAt?.cellId === cellId) {
      view.dispatch({ selection: { anchor: arrivingAt.at === 'end' ? view.state.doc.length : 0 }, scrollIntoView: true });
      arrivingAt = null;
    }
    if (!view.hasFocus) view.focus();
  }, [editing]);

  const flash = useApp((s) => (s.ui.lineHighlight?.cellId === cellId ? s.ui.lineHighlight : null));
  useEffect(() => {
    if (flash && viewRef.current) showLine(viewRef.current, flash.line);
  }, [flash]);

  return <div className="cell-editor" ref={host} />;
}
