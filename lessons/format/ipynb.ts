// Lesson ↔ Jupyter notebook (nbformat 4.5). Every cell keeps its role in
// `metadata.glassgrad` ({ role: 'exercise', id: 'ex1' }, { role: 'check',
// for: 'ex1', hidden: true }...), the lesson's front matter sits in the
// notebook's `metadata.glassgrad`, so lesson → .ipynb → lesson is exact.
// Hints, solutions and hidden checks are also marked `jupyter.source_hidden`
// (JupyterLab collapses them) and a cell meant to raise carries Jupyter Book's
// `raises-exception` tag; both are ignored on the way back.
import { FORMAT_VERSION, type Cell, type Diagnostic, type Lesson } from './model.ts';
import { diagnostic } from './ranges.ts';

export interface NotebookCell {
  cell_type: 'markdown' | 'code' | 'raw';
  id?: string;
  metadata: Record<string, unknown>;
  /** nbformat allows one string or a list of lines (each but the last ending in '\n'). */
  source: string | string[];
  execution_count?: number | null;
  outputs?: unknown[];
  attachments?: unknown;
}

export interface Notebook {
  cells: NotebookCell[];
  metadata: Record<string, unknown>;
  nbformat: number;
  nbformat_minor: number;
}

/** The roles in `metadata.glassgrad`. */
interface CellRole {
  role: Cell['kind'];
  id?: string;
  for?: string;
  hidden?: boolean;
  raises?: string;
}

function sourceLines(source: string): string[] {
  return source === '' ? [] : source.split(/(?<=\n)/);
}

function roleOf(cell: Cell): CellRole | undefined {
  switch (cell.kind) {
    case 'markdown':
      return undefined;
    case 'code':
      return cell.raises !== undefined ? { role: 'code', raises: cell.raises } : undefined;
    case 'exercise':
      return { role: 'exercise', id: cell.id };
    case 'check':
      return { role: 'check', for: cell.for, hidden: cell.hidden };
    case 'hint':
    case 'solution':
      return { role: cell.kind, for: cell.for };
  }
}

function notebookCell(cell: Cell, index: number): NotebookCell {
  const metadata: Record<string, unknown> = {};
  const role = roleOf(cell);
  if (role) metadata.glassgrad = role;
  const collapsed = cell.kind === 'hint' || cell.kind === 'solution' || (cell.kind === 'check' && cell.hidden);
  if (collapsed) metadata.jupyter = { source_hidden: true };
  if (cell.kind === 'code' && cell.raises !== undefined) metadata.tags = ['raises-exception'];
  const id = `${cell.kind}-${index}`;
  const source = sourceLines(cell.source);
  if (cell.kind === 'markdown' || cell.kind === 'hint') return { cell_type: 'markdown', id, metadata, source };
  return { cell_type: 'code', execution_count: null, id, metadata, outputs: [], source };
}

/**
 * @example
 * const nb = lessonToIpynb(parseLesson(text).lesson);
 * JSON.stringify(nb, null, 1); // what Jupyter writes
 */
export function lessonToIpynb(lesson: Lesson): Notebook {
  const front: Record<string, unknown> = { 'glassgrad-lesson': lesson.formatVersion, id: lesson.id, title: lesson.title };
  if (lesson.description !== undefined) front.description = lesson.description;
  return {
    cells: lesson.cells.map(notebookCell),
    metadata: {
      glassgrad: front,
      kernelspec: { display_name: 'Python 3 (glassgrad)', language: 'python', name: 'python3' },
      language_info: { name: 'python' },
    },
    nbformat: 4,
    nbformat_minor: 5,
  };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function joinSource(source: unknown): string {
  const text = Array.isArray(source) ? source.map(str).join('') : str(source);
  return text.replace(/\r\n?/g, '\n');
}

/** Markdown cannot start or end with a blank line in a lesson (blank lines separate cells). */
function trimBlankLines(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '').replace(/^[ \t]+$/, '');
}

function lessonCell(cell: NotebookCell, role: CellRole | undefined, source: string): Cell {
  switch (role?.role ?? (cell.cell_type === 'markdown' ? 'markdown' : 'code')) {
    case 'markdown':
      return { kind: 'markdown', source: trimBlankLines(source) };
    case 'code':
      return typeof role?.raises === 'string' ? { kind: 'code', source, raises: role.raises } : { kind: 'code', source };
    case 'exercise':
      return { kind: 'exercise', id: str(role?.id), source };
    case 'check':
      return { kind: 'check', for: str(role?.for), hidden: role?.hidden === true, source };
    case 'hint':
      return { kind: 'hint', for: str(role?.for), source };
    case 'solution':
      return { kind: 'solution', for: str(role?.for), source };
  }
}

const ROLES: readonly string[] = ['markdown', 'code', 'exercise', 'check', 'hint', 'solution'];

/**
 * Reads a notebook (parsed JSON) back into a lesson; tolerant: problems become
 * diagnostics with a JSON pointer into the notebook (positioned at 1:1).
 * Outputs are dropped: a lesson keeps none.
 */
export function ipynbToLesson(nb: unknown): { lesson: Lesson; errors: Diagnostic[] } {
  const errors: Diagnostic[] = [];
  const problem = (severity: Diagnostic['severity'], message: string, path: string): void =>
    void errors.push(diagnostic(severity, message, { line: 1, column: 1, endLine: 1, endColumn: 1 }, path));
  const head: Omit<Lesson, 'cells'> = { formatVersion: FORMAT_VERSION, id: '', title: '' };
  const cells: Cell[] = [];
  if (!isRecord(nb)) {
    problem('error', 'a notebook is a JSON object', '');
    return { lesson: { ...head, cells }, errors };
  }
  if (nb.nbformat !== 4) problem('error', `this reads nbformat 4 notebooks; this one is nbformat ${String(nb.nbformat)}`, '/nbformat');
  const front = isRecord(nb.metadata) ? nb.metadata.glassgrad : undefined;
  if (!isRecord(front)) problem('error', 'not a glassgrad lesson: the notebook has no metadata.glassgrad (id, title)', '/metadata');
  else {
    const version = front['glassgrad-lesson'];
    if (typeof version === 'number') head.formatVersion = version;
    else problem('error', 'metadata.glassgrad has no glassgrad-lesson (the format version)', '/metadata/glassgrad');
    head.id = str(front.id);
    head.title = str(front.title);
    if (typeof front.description === 'string' && front.description !== '') head.description = front.description;
  }
  const nbCells: unknown[] = Array.isArray(nb.cells) ? nb.cells : [];
  nbCells.forEach((raw: unknown, i) => {
    const path = `/cells/${i}`;
    if (!isRecord(raw)) return problem('error', 'a cell is a JSON object', path);
    const cell = raw as unknown as NotebookCell;
    if (cell.cell_type === 'raw') return problem('warning', 'raw cells have no place in a lesson and are left out', path);
    const meta = isRecord(cell.metadata) ? cell.metadata.glassgrad : undefined;
    let role: CellRole | undefined;
    if (isRecord(meta)) {
      if (ROLES.includes(str(meta.role))) role = meta as unknown as CellRole;
      else problem('error', `metadata.glassgrad.role '${String(meta.role)}' is not one of ${ROLES.join(', ')}`, `${path}/metadata/glassgrad/role`);
    }
    if (cell.attachments !== undefined) problem('warning', 'cell attachments are left out', `${path}/attachments`);
    const converted = lessonCell(cell, role, joinSource(cell.source));
    if (converted.kind === 'markdown' && converted.source === '') return problem('info', 'an empty Markdown cell is left out', path);
    cells.push(converted);
  });
  return { lesson: { ...head, cells }, errors };
}
