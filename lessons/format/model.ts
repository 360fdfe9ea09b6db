// The in-memory model of a lesson (what lessons/schema/lesson.schema.json
// describes), the diagnostics the parser and validator report, and the source
// map that ties the model back to the text. Pure data: no DOM, no Node.

/** The format version this build reads and writes (`glassgrad-lesson: 1`). */
export const FORMAT_VERSION = 1;

export interface Lesson {
  /** `glassgrad-lesson` in the front matter. */
  formatVersion: number;
  /** Lesson id: lower-case letters, digits and '-' (used in URLs and progress records). */
  id: string;
  title: string;
  /** Optional one-line summary for the lesson list. */
  description?: string;
  cells: Cell[];
}

/** Prose between cells. */
export interface MarkdownCell {
  kind: 'markdown';
  source: string;
}

/** A demonstration the student runs as is. `raises` names the exception it is meant to raise. */
export interface CodeCell {
  kind: 'code';
  source: string;
  raises?: string;
}

/** Starter code the student edits. */
export interface ExerciseCell {
  kind: 'exercise';
  id: string;
  source: string;
}

/** Python run after its exercise, in the same namespace; fails by raising (usually AssertionError). */
export interface CheckCell {
  kind: 'check';
  for: string;
  hidden: boolean;
  source: string;
}

/** Markdown revealed on request, one hint at a time, in document order. */
export interface HintCell {
  kind: 'hint';
  for: string;
  source: string;
}

/** Python that replaces the exercise's starter code when the student asks for the solution. */
export interface SolutionCell {
  kind: 'solution';
  for: string;
  source: string;
}

export type Cell = MarkdownCell | CodeCell | ExerciseCell | CheckCell | HintCell | SolutionCell;
export type CellKind = Cell['kind'];
/** Cells that belong to an exercise through `for`. */
export type ExercisePartCell = CheckCell | HintCell | SolutionCell;

export const FRONT_MATTER_KEYS = ['glassgrad-lesson', 'id', 'title', 'description'] as const;
export type FrontMatterKey = (typeof FRONT_MATTER_KEYS)[number];

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem found in a lesson, positioned for an editor marker (Monaco's
 * IMarkerData): lines and columns count from 1 and the end is exclusive.
 * `info` marks text that reads correctly but is not in canonical form (saving
 * rewrites it); a file with no diagnostics at all round-trips byte for byte.
 */
export interface Diagnostic {
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  /** JSON pointer into the model (e.g. "/cells/3/for") when the problem is about a model value. */
  path?: string;
}

export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where a cell sits in the text. */
export interface CellSpan {
  /** The whole block, fences included. */
  range: SourceRange;
  /** The opening fence line (a markdown cell: its first line). */
  header: SourceRange;
  /** The 1-based line of the first body line (the source's line 1 is this line of the file). */
  bodyLine: number;
}

/** Ties a parsed model back to its text: cells[i] is the span of lesson.cells[i]. */
export interface SourceMap {
  frontMatter: SourceRange;
  fields: Partial<Record<FrontMatterKey, SourceRange>>;
  cells: CellSpan[];
}

export interface ParseResult {
  /** The lesson as far as it could be read: complete when `errors` has no error. */
  lesson: Lesson;
  /** Syntax problems (errors, warnings and non-canonical layout), in text order. */
  errors: Diagnostic[];
  map: SourceMap;
}

export function isExercisePart(cell: Cell): cell is ExercisePartCell {
  return cell.kind === 'check' || cell.kind === 'hint' || cell.kind === 'solution';
}
