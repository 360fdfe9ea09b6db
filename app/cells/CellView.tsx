// One cell: selection and mode styling, the small toolbar of the selected cell,
// and the body for its type.
import { memo, useEffect, useRef } from 'react';
import { useCommands } from '../services.tsx';
import { Icon } from '../shell/Icon.tsx';
import { LessonCellExtras } from '../lessons/LessonCellExtras.tsx';
import { useApp, useStoreApi } from '../store/context.tsx';
import { CodeCellBody, MarkdownCellBody, RawCellBody } from './CellBodies.tsx';
import { EAGER_CELLS, useSeenNearViewport } from './visibility.ts';

const TYPE_LABEL = { code: 'Code', markdown: 'Markdown', raw: 'Raw' } as const;

export const CellView = memo(function CellView({ cellId, index }: { cellId: string; index: number }) {
  const type = useApp((s) => s.notebook.doc.cells[cellId]?.type);
  const selected = useApp((s) => s.notebook.selectedId === cellId);
  const mode = useApp((s) => (s.notebook.selectedId === cellId ? s.notebook.mode : null));
  const store = useStoreApi();
  const ref = useRef<HTMLDivElement>(null);
  const shown = useSeenNearViewport(ref, index < EAGER_CELLS || selected);

  // The selected cell takes the focus in command mode (so keys reach it) and is
  // scrolled into view — after the next frame's layout, not during the commit,
  // where focusing would force a layout of the whole notebook.
  useEffect(() => {
    const el = ref.current;
    if (!el || !selected || mode !== 'command') return;
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (!active || active === document.body || el.closest('.notebook')?.contains(active)) el.focus({ preventScroll: true });
      el.scrollIntoView?.({ block: 'nearest' });
    });
    return () => cancelAnimationFrame(frame);
  }, [selected, mode]);

  if (!type) return null;
  const onMouseDown = (e: React.MouseEvent) => {
    const target = e.target as HTMLElement;
    if (target.closest('.cm-editor:not(.cell-static)')) store.getState().enterEditMode(cellId);
    else if (!target.closest('button, a, input, select, summary, .output-plotly')) store.getState().selectCell(cellId);
  };
  return (
    <div
      ref={ref}
      className={`cell cell-${type}${selected ? ' selected' : ''}${mode === 'edit' ? ' editing' : ''}`}
      data-cell-id={cellId}
      data-cell-type={type}
      tabIndex={-1}
      role="group"
      aria-label={`${TYPE_LABEL[type]} cell ${index + 1}`}
      onMouseDown={onMouseDown}
    >
      {selected ? <CellToolbar cellId={cellId} /> : null}
      {type === 'code' ? (
        <CodeCellBody cellId={cellId} index={index} shown={shown} />
      ) : type === 'markdown' ? (
        <MarkdownCellBody cellId={cellId} index={index} shown={shown} />
      ) : (
        <RawCellBody cellId={cellId} index={index} shown={shown} />
      )}
      {type === 'code' ? <LessonCellExtras cellId={cellId} /> : null}
    </div>
  );
});

function CellToolbar({ cellId }: { cellId: string }) {
  const commands = useCommands();
  const store = useStoreApi();
  return (
    <div className="cell-toolbar" role="toolbar" aria-label="Cell actions">
      <button type="button" title="Move cell up (Ctrl+Shift+↑)" aria-label="Move cell up" onClick={() => store.getState().moveCell(cellId, -1)}>
        <Icon name="up" />
      </button>
      <button type="button" title="Move cell down (Ctrl+Shift+↓)" aria-label="Move cell down" onClick={() => store.getState().moveCell(cellId, 1)}>
        <Icon name="down" />
      </button>
      <button type="button" title="Insert a cell below (B)" aria-label="Insert cell below" onClick={() => commands.insert('below')}>
        <Icon name="plus" />
      </button>
      <button type="button" title="Delete cell (D D); Z brings it back" aria-label="Delete cell" onClick={() => store.getState().deleteCells([cellId])}>
        <Icon name="trash" />
      </button>
    </div>
  );
}
