// A lesson as a student's working copy: a notebook whose cells remember which
// lesson cell they came from. Markdown, code and exercise cells become notebook
// cells; checks, hints and solutions stay in the lesson text the notebook
// carries (metadata.glassgrad.source), so running all cells never runs a check
// twice and hidden checks are never shown. Pure: no DOM, no store.
import { exercisesOf } from '../../lessons/format/exercises.ts';
import type { Cell as LessonCell, Lesson } from '../../lessons/format/model.ts';
import { parseLesson } from '../../lessons/format/parse.ts';
import { type Cell, DEFAULT_NOTEBOOK_METADATA, type NotebookDoc, orderedCells } from '../notebook/model.ts';
import type { LessonEntry, LessonOrigin } from './catalog.ts';

/** `cell.metadata.glassgrad` of a cell made from a lesson cell. */
export interface LessonCellRole {
  role: 'markdown' | 'code' | 'exercise';
  /** Index of the lesson cell it came from (the lesson's version for "reset"). */
  lessonCell: number;
  /** The exercise id (role 'exercise'). */
  id?: string;
  /** The exception the cell is meant to raise (role 'code'). */
  raises?: string;
  /** How many hints the student has revealed. */
  hintsShown?: number;
  /** The student asked to see the solution. */
  solutionShown?: boolean;
}

/** `doc.metadata.glassgrad` of a working copy: which lesson, and its text. */
export interface LessonOfNotebook {
  'glassgrad-lesson': number;
  id: string;
  title: string;
  origin: LessonOrigin;
  /** The lesson text the copy was made from. */
  source: string;
}

export function lessonCellRole(cell: Cell | undefined): LessonCellRole | undefined {
  const role = cell?.metadata.glassgrad as LessonCellRole | undefined;
  return role && typeof role === 'object' && typeof role.lessonCell === 'number' ? role : undefined;
}

export function lessonOfNotebook(doc: NotebookDoc): LessonOfNotebook | undefined {
  const meta = doc.metadata.glassgrad as LessonOfNotebook | undefined;
  return meta && typeof meta === 'object' && typeof meta.source === 'string' && typeof meta.id === 'string' ? meta : undefined;
}

function notebookCell(cell: LessonCell, index: number): Cell | null {
  const base = { id: `${cell.kind}-${index}`, outputs: [], executionCount: null, source: cell.source };
  switch (cell.kind) {
    case 'markdown':
      return { ...base, type: 'markdown', metadata: { glassgrad: { role: 'markdown', lessonCell: index } } };
    case 'code':
      return { ...base, type: 'code', metadata: { glassgrad: { role: 'code', lessonCell: index, ...(cell.raises ? { raises: cell.raises } : {}) } } };
    case 'exercise':
      return { ...base, type: 'code', metadata: { glassgrad: { role: 'exercise', lessonCell: index, id: cell.id } } };
    case 'check':
    case 'hint':
    case 'solution':
      return null;
  }
}

/**
 * The working copy of a lesson: nothing run, exercises on their starter code.
 *
 * @example
 * const doc = lessonToNotebook(entry);
 * doc.id // 'lesson-running-loss'
 */
export function lessonToNotebook(entry: Pick<LessonEntry, 'source' | 'origin'>, id: string): NotebookDoc {
  const { lesson } = parseLesson(entry.source);
  const cells = lesson.cells.map(notebookCell).filter((c): c is Cell => c !== null);
  const glassgrad: LessonOfNotebook = { 'glassgrad-lesson': lesson.formatVersion, id: lesson.id, title: lesson.title, origin: entry.origin, source: entry.source };
  return {
    id,
    title: lesson.title,
    cellOrder: cells.map((c) => c.id),
    cells: Object.fromEntries(cells.map((c) => [c.id, c])),
    metadata: { ...structuredClone(DEFAULT_NOTEBOOK_METADATA), glassgrad },
  };
}

/** The lesson a working copy was made from (null for an ordinary notebook). */
export function originalLesson(doc: NotebookDoc): Lesson | null {
  const meta = lessonOfNotebook(doc);
  return meta ? parseLesson(meta.source).lesson : null;
}

/** The lesson's version of a cell: the starter code of an exercise, the text of a code or Markdown cell. */
export function lessonVersionOf(doc: NotebookDoc, cellId: string): string | undefined {
  const role = lessonCellRole(doc.cells[cellId]);
  const lesson = role ? originalLesson(doc) : null;
  const original = lesson?.cells[role!.lessonCell];
  return original && original.kind === role!.role ? original.source : undefined;
}

/** Markdown the lesson format can hold: no blank first or last line. */
function trimBlankLines(source: string): string {
  return source.replace(/^(?:[ \t]*\n)+/, '').replace(/(?:\n[ \t]*)+$/, '');
}

/**
 * The working copy as a lesson again: the student's text in every cell (added
 * cells included), each exercise followed by its checks, hints and solution
 * from the lesson. Raw cells and empty Markdown are left out.
 */
export function notebookToLesson(doc: NotebookDoc): Lesson {
  const original = originalLesson(doc);
  const parts = original ? exercisesOf(original) : new Map();
  const cells: LessonCell[] = [];
  for (const cell of orderedCells(doc)) {
    const role = lessonCellRole(cell);
    if (cell.type === 'markdown') {
      const source = trimBlankLines(cell.source);
      if (source.trim() !== '') cells.push({ kind: 'markdown', source });
    } else if (cell.type === 'code' && role?.role === 'exercise' && role.id !== undefined && parts.has(role.id)) {
      const exercise = parts.get(role.id)!;
      cells.push({ kind: 'exercise', id: role.id, source: cell.source });
      const following = [...exercise.checks, ...exercise.hints, ...(exercise.solution ? [exercise.solution] : [])].sort((a, b) => a.index - b.index);
      for (const part of following) cells.push(structuredClone(part.cell));
    } else if (cell.type === 'code') {
      cells.push({ kind: 'code', source: cell.source, ...(role?.raises ? { raises: role.raises } : {}) });
    }
  }
  const meta = lessonOfNotebook(doc);
  return {
    formatVersion: original?.formatVersion ?? 1,
    id: original?.id || meta?.id || 'notebook',
    title: doc.title || original?.title || 'Untitled',
    ...(original?.description !== undefined ? { description: original.description } : {}),
    cells,
  };
}
