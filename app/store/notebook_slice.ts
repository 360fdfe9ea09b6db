// The notebook slice: the open document and how it is being viewed. Every
// action is a named pure transition from notebook/transitions.ts.
import type { StateCreator } from 'zustand/vanilla';
import type { MimeBundle } from '../../engine/runtime/protocol.ts';
import type { CellType, NotebookDoc, StreamName } from '../notebook/model.ts';
import { makeNotebook } from '../notebook/model.ts';
import * as t from '../notebook/transitions.ts';
import type { AppState } from './store.ts';

export interface NotebookSlice {
  notebook: t.NotebookState;
  openDoc(doc: NotebookDoc): void;
  selectCell(id: string): void;
  selectRelative(delta: number): void;
  enterEditMode(id?: string): void;
  enterCommandMode(): void;
  insertCell(where: 'above' | 'below' | 'end', type?: CellType): string;
  deleteCells(ids: string[]): void;
  undoDelete(): void;
  moveCell(id: string, delta: -1 | 1): void;
  changeCellType(id: string, type: CellType): void;
  advanceAfterRun(id: string): void;
  setSource(id: string, source: string): void;
  setTitle(title: string): void;
  renderMarkdown(id: string): void;
  clearOutputs(id: string): void;
  clearAllOutputs(): void;
  startCellRun(id: string, executionCount: number): void;
  cellStream(id: string, name: StreamName, text: string): void;
  cellDisplay(id: string, data: MimeBundle, displayId?: string): void;
  replaceDisplay(displayId: string, data: MimeBundle): void;
  cellResult(id: string, data: MimeBundle, executionCount: number): void;
  cellError(id: string, error: { ename: string; evalue: string; traceback: string[] }): void;
}

export const createNotebookSlice: StateCreator<AppState, [], [], NotebookSlice> = (set, get) => {
  const apply = (f: (s: t.NotebookState) => t.NotebookState) =>
    set((s) => {
      const next = f(s.notebook);
      return next === s.notebook ? s : { notebook: next };
    });
  return {
    notebook: t.openDoc(makeNotebook()),
    openDoc: (doc) => set({ notebook: t.openDoc(doc) }),
    selectCell: (id) => apply((s) => t.selectCell(s, id)),
    selectRelative: (delta) => apply((s) => t.selectRelative(s, delta)),
    enterEditMode: (id) => apply((s) => t.enterEditMode(s, id)),
    enterCommandMode: () => apply(t.enterCommandMode),
    insertCell: (where, type) => {
      apply((s) => t.insertCell(s, where, type));
      return get().notebook.selectedId!;
    },
    deleteCells: (ids) => apply((s) => t.deleteCells(s, ids)),
    undoDelete: () => apply(t.undoDelete),
    moveCell: (id, delta) => apply((s) => t.moveCell(s, id, delta)),
    changeCellType: (id, type) => apply((s) => t.changeCellType(s, id, type)),
    advanceAfterRun: (id) => apply((s) => t.advanceAfterRun(s, id)),
    setSource: (id, source) => apply((s) => t.setSource(s, id, source)),
    setTitle: (title) => apply((s) => t.setTitle(s, title)),
    renderMarkdown: (id) => apply((s) => t.renderMarkdown(s, id)),
    clearOutputs: (id) => apply((s) => t.clearOutputs(s, id)),
    clearAllOutputs: () => apply(t.clearAllOutputs),
    startCellRun: (id, count) => apply((s) => t.startCellRun(s, id, count)),
    cellStream: (id, name, text) => apply((s) => t.cellStream(s, id, name, text)),
    cellDisplay: (id, data, displayId) => apply((s) => t.cellDisplay(s, id, data, displayId)),
    replaceDisplay: (displayId, data) => apply((s) => t.replaceDisplay(s, displayId, data)),
    cellResult: (id, data, count) => apply((s) => t.cellResult(s, id, data, count)),
    cellError: (id, error) => apply((s) => t.cellError(s, id, error)),
  };
};
