// Named pure transitions for lesson cells on the notebook state: reveal the
// next hint, reveal the solution, put the solution or the lesson's version
// back into a cell. Hints and solutions shown are kept in the cell's metadata,
// so they survive a reload with the rest of the working copy.
import type { Cell, NotebookDoc } from '../notebook/model.ts';
import type { NotebookState } from '../notebook/transitions.ts';
import { lessonCellRole, lessonVersionOf, type LessonCellRole } from './lesson_notebook.ts';

function withDoc(state: NotebookState, doc: NotebookDoc): NotebookState {
  return { ...state, doc };
}

function withCell(state: NotebookState, cell: Cell): NotebookState {
  return withDoc(state, { ...state.doc, cells: { ...state.doc.cells, [cell.id]: cell } });
}

function withRole(state: NotebookState, cellId: string, change: (role: LessonCellRole) => LessonCellRole): NotebookState {
  const cell = state.doc.cells[cellId];
  const role = lessonCellRole(cell);
  if (!cell || !role) return state;
  const next = change(role);
  return next === role ? state : withCell(state, { ...cell, metadata: { ...cell.metadata, glassgrad: next } });
}

/** One more hint of an exercise cell (at most `available`). */
export function revealHint(state: NotebookState, cellId: string, available: number): NotebookState {
  return withRole(state, cellId, (role) => {
    const shown = role.hintsShown ?? 0;
    return role.role !== 'exercise' || shown >= available ? role : { ...role, hintsShown: shown + 1 };
  });
}

export function revealSolution(state: NotebookState, cellId: string): NotebookState {
  return withRole(state, cellId, (role) => (role.role !== 'exercise' || role.solutionShown ? role : { ...role, solutionShown: true }));
}

/** Replaces a cell's code (the solution, or the lesson's version); its outputs go, as after an edit and rerun. */
export function replaceSource(state: NotebookState, cellId: string, source: string): NotebookState {
  const cell = state.doc.cells[cellId];
  if (!cell || (cell.source === source && cell.outputs.length === 0)) return state;
  return withCell(state, { ...cell, source, outputs: [], executionCount: null });
}

/** "Reset this cell to the lesson's version": the starter code of an exercise, the lesson's text otherwise. */
export function resetCellToLesson(state: NotebookState, cellId: string): NotebookState {
  const original = lessonVersionOf(state.doc, cellId);
  return original === undefined ? state : replaceSource(state, cellId, original);
}
