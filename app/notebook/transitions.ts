// Named pure transitions on the notebook slice: (state, …args) → new state.
// The store's actions are thin wrappers around these, and the tests run them in
// Node and compare text snapshots (describe.ts). A transition that changes
// nothing returns the state it was given, so subscribers see no change.
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import { type Cell, type CellType, type NotebookDoc, type Output, type StreamName, makeCell, newCellId } from './model.ts';
import { appendDisplay, appendError, appendResult, appendStream, updateDisplay } from './outputs.ts';

export type EditMode = 'command' | 'edit';

export interface NotebookState {
  doc: NotebookDoc;
  selectedId: string | null;
  /** Jupyter's modes: keys act on cells (command) or type into the selected cell (edit). */
  mode: EditMode;
  /** Markdown cells showing their source instead of the rendered text. */
  editingMarkdown: Record<string, true>;
  /** Deleted cells, most recent last, with the index each had (Z restores them). */
  trash: { cell: Cell; index: number }[];
}

/** A state showing `doc`: first cell selected, command mode, nothing in the trash. */
export function openDoc(doc: NotebookDoc): NotebookState {
  return { doc, selectedId: doc.cellOrder[0] ?? null, mode: 'command', editingMarkdown: {}, trash: [] };
}

// ---- selection and modes ----

export function selectCell(state: NotebookState, id: string): NotebookState {
  if (!(id in state.doc.cells) || (state.selectedId === id && state.mode === 'command')) return state;
  return { ...state, selectedId: id, mode: 'command' };
}

/** Moves the selection up (-1) or down (+1), staying inside the notebook (arrows, J/K). */
export function selectRelative(state: NotebookState, delta: number): NotebookState {
  const order = state.doc.cellOrder;
  if (order.length === 0) return state;
  const at = state.selectedId === null ? 0 : order.indexOf(state.selectedId);
  const next = order[Math.max(0, Math.min(order.length - 1, at + delta))];
  return next === state.selectedId ? state : { ...state, selectedId: next };
}

/** Enter edit mode on a cell (Enter, double-click): a markdown cell shows its source. */
export function enterEditMode(state: NotebookState, id = state.selectedId): NotebookState {
  if (id === null || !(id in state.doc.cells)) return state;
  const cell = state.doc.cells[id];
  const editingMarkdown = cell.type === 'markdown' && !state.editingMarkdown[id] ? { ...state.editingMarkdown, [id]: true as const } : state.editingMarkdown;
  if (state.selectedId === id && state.mode === 'edit' && editingMarkdown === state.editingMarkdown) return state;
  return { ...state, selectedId: id, mode: 'edit', editingMarkdown };
}

export function enterCommandMode(state: NotebookState): NotebookState {
  return state.mode === 'command' ? state : { ...state, mode: 'command' };
}

// ---- structure ----

/** Inserts a new cell above or below the selection (A/B) or at the end, selects it. */
export function insertCell(state: NotebookState, where: 'above' | 'below' | 'end', type: CellType = 'code', source = ''): NotebookState {
  const cell = makeCell(type, source, newCellId((id) => id in state.doc.cells));
  const order = state.doc.cellOrder;
  const at = state.selectedId === null ? -1 : order.indexOf(state.selectedId);
  let index: number;
  if (where === 'end') index = order.length;
  else if (at < 0) index = where === 'above' ? 0 : order.length;
  else index = where === 'above' ? at : at + 1;
  const cellOrder = [...order.slice(0, index), cell.id, ...order.slice(index)];
  const editingMarkdown = type === 'markdown' ? { ...state.editingMarkdown, [cell.id]: true as const } : state.editingMarkdown;
  return { ...state, doc: { ...state.doc, cellOrder, cells: { ...state.doc.cells, [cell.id]: cell } }, selectedId: cell.id, editingMarkdown };
}

/**
 * Deletes cells (DD). The selection moves to the cell after the last deleted
 * one (or before, at the end). Deleting every cell leaves one empty code cell,
 * as JupyterLab does.
 */
export function deleteCells(state: NotebookState, ids: string[]): NotebookState {
  const doomed = new Set(ids.filter((id) => id in state.doc.cells));
  if (doomed.size === 0) return state;
  const order = state.doc.cellOrder;
  const trash = [...state.trash];
  order.forEach((id, index) => {
    if (doomed.has(id)) trash.push({ cell: state.doc.cells[id], index });
  });
  const cells = { ...state.doc.cells };
  for (const id of doomed) delete cells[id];
  let cellOrder = order.filter((id) => !doomed.has(id));
  let selectedId = state.selectedId;
  if (selectedId === null || doomed.has(selectedId)) {
    const lastDeleted = Math.max(...[...doomed].map((id) => order.indexOf(id)));
    const after = order.slice(lastDeleted + 1).find((id) => !doomed.has(id));
    selectedId = after ?? cellOrder[cellOrder.length - 1] ?? null;
  }
  if (cellOrder.length === 0) {
    const fresh = makeCell('code', '', newCellId((id) => id in state.doc.cells));
    cells[fresh.id] = fresh;
    cellOrder = [fresh.id];
    selectedId = fresh.id;
  }
  const editingMarkdown = { ...state.editingMarkdown };
  for (const id of doomed) delete editingMarkdown[id];
  return { ...state, doc: { ...state.doc, cellOrder, cells }, selectedId, mode: 'command', editingMarkdown, trash };
}

/** Restores the most recently deleted cell where it was (Z). */
export function undoDelete(state: NotebookState): NotebookState {
  const last = state.trash[state.trash.length - 1];
  if (!last) return state;
  const cell = last.cell.id in state.doc.cells ? { ...last.cell, id: newCellId((id) => id in state.doc.cells) } : last.cell;
  const order = state.doc.cellOrder;
  const index = Math.min(last.index, order.length);
  const cellOrder = [...order.slice(0, index), cell.id, ...order.slice(index)];
  return {
    ...state,
    doc: { ...state.doc, cellOrder, cells: { ...state.doc.cells, [cell.id]: cell } },
    selectedId: cell.id,
    mode: 'command',
    trash: state.trash.slice(0, -1),
  };
}

/** Moves a cell one place up (-1) or down (+1). */
export function moveCell(state: NotebookState, id: string, delta: -1 | 1): NotebookState {
  const order = state.doc.cellOrder;
  const at = order.indexOf(id);
  const to = at + delta;
  if (at < 0 || to < 0 || to >= order.length) return state;
  const cellOrder = [...order];
  [cellOrder[at], cellOrder[to]] = [cellOrder[to], cellOrder[at]];
  return { ...state, doc: { ...state.doc, cellOrder } };
}

/**
 * Changes a cell's type (M, Y, R). A code cell's outputs and count go, as in
 * Jupyter; a cell that becomes Markdown shows its source until it is run.
 */
export function changeCellType(state: NotebookState, id: string, type: CellType): NotebookState {
  const cell = state.doc.cells[id];
  if (!cell || cell.type === type) return state;
  const changed: Cell = { ...cell, type, outputs: [], executionCount: null };
  if (type !== 'markdown') delete changed.attachments;
  const editingMarkdown = { ...state.editingMarkdown };
  if (type === 'markdown') editingMarkdown[id] = true;
  else delete editingMarkdown[id];
  return { ...withCell(state, changed), editingMarkdown };
}

/** The cell after a run with Shift+Enter: the next one, or a new code cell when this was the last. */
export function advanceAfterRun(state: NotebookState, id: string): NotebookState {
  const order = state.doc.cellOrder;
  const at = order.indexOf(id);
  if (at < 0) return state;
  if (at === order.length - 1) return enterEditMode(insertCell({ ...state, selectedId: id }, 'below'));
  return { ...state, selectedId: order[at + 1], mode: 'command' };
}

// ---- content ----

export function setSource(state: NotebookState, id: string, source: string): NotebookState {
  const cell = state.doc.cells[id];
  if (!cell || cell.source === source) return state;
  return withCell(state, { ...cell, source });
}

export function setTitle(state: NotebookState, title: string): NotebookState {
  const trimmed = title.trim() || 'Untitled';
  return trimmed === state.doc.title ? state : { ...state, doc: { ...state.doc, title: trimmed } };
}

/** Shows a markdown cell rendered (running it). */
export function renderMarkdown(state: NotebookState, id: string): NotebookState {
  if (!state.editingMarkdown[id]) return state;
  const editingMarkdown = { ...state.editingMarkdown };
  delete editingMarkdown[id];
  return { ...state, editingMarkdown, mode: state.selectedId === id ? 'command' : state.mode };
}

export function clearOutputs(state: NotebookState, id: string): NotebookState {
  const cell = state.doc.cells[id];
  if (!cell || (cell.outputs.length === 0 && cell.executionCount === null)) return state;
  return withCell(state, { ...cell, outputs: [], executionCount: null });
}

export function clearAllOutputs(state: NotebookState): NotebookState {
  return state.doc.cellOrder.reduce(clearOutputs, state);
}

// ---- outputs of a run ----

/** A run starts: old outputs go and the cell takes its execution count. */
export function startCellRun(state: NotebookState, id: string, executionCount: number): NotebookState {
  const cell = state.doc.cells[id];
  if (!cell) return state;
  return withCell(state, { ...cell, outputs: [], executionCount });
}

export function cellStream(state: NotebookState, id: string, name: StreamName, text: string): NotebookState {
  return withOutputs(state, id, (o) => appendStream(o, name, text));
}

export function cellDisplay(state: NotebookState, id: string, data: MimeBundle, displayId?: string): NotebookState {
  return withOutputs(state, id, (o) => appendDisplay(o, data, displayId));
}

export function cellResult(state: NotebookState, id: string, data: MimeBundle, executionCount: number): NotebookState {
  return withOutputs(state, id, (o) => appendResult(o, data, executionCount));
}

export function cellError(state: NotebookState, id: string, error: { ename: string; evalue: string; traceback: string[] }): NotebookState {
  return withOutputs(state, id, (o) => appendError(o, error));
}

/** Replaces a display wherever it is shown: Jupyter updates a display id in every cell. */
export function replaceDisplay(state: NotebookState, displayId: string, data: MimeBundle): NotebookState {
  let cells: Record<string, Cell> | null = null;
  for (const id of state.doc.cellOrder) {
    const cell = state.doc.cells[id];
    const outputs = updateDisplay(cell.outputs, displayId, data);
    if (outputs !== cell.outputs) (cells ??= { ...state.doc.cells })[id] = { ...cell, outputs };
  }
  return cells ? { ...state, doc: { ...state.doc, cells } } : state;
}

function withOutputs(state: NotebookState, id: string, change: (outputs: Output[]) => Output[]): NotebookState {
  const cell = state.doc.cells[id];
  if (!cell) return state;
  return withCell(state, { ...cell, outputs: change(cell.outputs) });
}

function withCell(state: NotebookState, cell: Cell): NotebookState {
  return { ...state, doc: { ...state.doc, cells: { ...state.doc.cells, [cell.id]: cell } } };
}
