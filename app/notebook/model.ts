// The notebook document as the store keeps it. It mirrors nbformat 4 (cells
// with ids, sources, outputs, execution counts, metadata), so a notebook maps
// to .ipynb one to one (see ipynb.ts). Everything here is plain serializable
// data: it goes to IndexedDB as is.
import type { MimeBundle } from '../../engine/runtime/protocol.ts';

export type CellType = 'code' | 'markdown' | 'raw';

export type StreamName = 'stdout' | 'stderr';

/** One output, as nbformat 4 stores it (field names in our casing). */
export type Output =
  | { type: 'stream'; name: StreamName; text: string }
  | {
      type: 'display_data';
      data: MimeBundle;
      metadata: Record<string, unknown>;
      /** Jupyter's `transient` field: lives only in memory and IndexedDB, never in .ipynb. */
      transient?: { displayId: string };
    }
  | { type: 'execute_result'; data: MimeBundle; metadata: Record<string, unknown>; executionCount: number | null }
  | { type: 'error'; ename: string; evalue: string; traceback: string[] };

export interface Cell {
  id: string;
  type: CellType;
  source: string;
  /** Always empty for markdown and raw cells. */
  outputs: Output[];
  /** Always null for markdown and raw cells. */
  executionCount: number | null;
  metadata: Record<string, unknown>;
  /** Markdown cells' attachments (nbformat `attachments`: name → MIME bundle). */
  attachments?: Record<string, MimeBundle>;
}

/** The notebook metadata Jupyter expects for a Python notebook; filled in when absent. */
export const DEFAULT_NOTEBOOK_METADATA: Readonly<Record<string, unknown>> = {
  kernelspec: { display_name: 'Python 3 (Glassgrad)', language: 'python', name: 'python3' },
  language_info: {
    codemirror_mode: { name: 'ipython', version: 3 },
    file_extension: '.py',
    mimetype: 'text/x-python',
    name: 'python',
    nbconvert_exporter: 'python',
    pygments_lexer: 'ipython3',
  },
};

/** What is saved: the document. View state (selection, mode) lives beside it. */
export interface NotebookDoc {
  id: string;
  title: string;
  cellOrder: string[];
  cells: Record<string, Cell>;
  /** Notebook-level metadata, kept as imported (kernelspec, language_info, …). */
  metadata: Record<string, unknown>;
}

/**
 * A new cell id: nbformat 4.5 asks for 1–64 characters of [a-zA-Z0-9-_];
 * Jupyter uses 8 hex digits of a uuid4, and so do we.
 */
export function newCellId(taken?: (id: string) => boolean): string {
  for (;;) {
    const id = randomHex(8);
    if (!taken?.(id)) return id;
  }
}

export function newNotebookId(): string {
  return `nb-${Date.now().toString(36)}-${randomHex(6)}`;
}

function randomHex(digits: number): string {
  const bytes = new Uint8Array(Math.ceil(digits / 2));
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, digits);
}

export function makeCell(type: CellType, source = '', id = newCellId()): Cell {
  return { id, type, source, outputs: [], executionCount: null, metadata: {} };
}

/** A fresh notebook with one empty code cell, as Jupyter's "New notebook". */
export function makeNotebook(title = 'Untitled', id = newNotebookId()): NotebookDoc {
  const cell = makeCell('code');
  return { id, title, cellOrder: [cell.id], cells: { [cell.id]: cell }, metadata: structuredClone(DEFAULT_NOTEBOOK_METADATA) };
}

/** Builds a document from a list of cells (tests and importers). */
export function notebookFromCells(cells: Cell[], title = 'Untitled', id = newNotebookId(), metadata: Record<string, unknown> = {}): NotebookDoc {
  const byId: Record<string, Cell> = {};
  for (const c of cells) byId[c.id] = c;
  return { id, title, cellOrder: cells.map((c) => c.id), cells: byId, metadata };
}

export function orderedCells(doc: NotebookDoc): Cell[] {
  return doc.cellOrder.map((id) => doc.cells[id]);
}
