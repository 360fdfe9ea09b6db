// "Reset this cell to the lesson's version": the line diff from the student's
// code to the lesson's, and a confirm.
import { useMemo } from 'react';
import { useApp } from '../store/context.tsx';
import { lessonVersionOf } from './lesson_notebook.ts';
import { lineDiff } from './line_diff.ts';

export function ResetDialog({ cellId, onClose }: { cellId: string; onClose(): void }) {
  const current = useApp((s) => s.notebook.doc.cells[cellId]?.source ?? '');
  const original = useApp((s) => lessonVersionOf(s.notebook.doc, cellId));
  const reset = useApp((s) => s.resetCellToLesson);
  const rows = useMemo(() => lineDiff(current, original ?? ''), [current, original]);
  return (
    <div className="reset-dialog" role="dialog" aria-modal="true" aria-label="Reset cell to the lesson's version" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <p>Resetting replaces your code with the lesson's. Lines marked − are yours and go; lines marked + come back.</p>
      <pre className="line-diff" aria-label="Changes">
        {rows.map((r, i) => (
          <div key={i} className={`diff-${r.kind}`} data-diff={r.kind}>
            {r.kind === 'added' ? '+ ' : r.kind === 'removed' ? '− ' : '  '}
            {r.text}
          </div>
        ))}
      </pre>
      <div className="dialog-actions">
        <button
          type="button"
          onClick={() => {
            reset(cellId);
            onClose();
          }}
        >
          Reset cell
        </button>
        <button type="button" onClick={onClose} autoFocus>
          Cancel
        </button>
      </div>
    </div>
  );
}
