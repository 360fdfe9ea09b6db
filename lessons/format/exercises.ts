// An exercise with the cells that belong to it, gathered by `for`: what the
// notebook shows around an exercise cell and what the runner checks.
import type { CheckCell, ExerciseCell, HintCell, Lesson, SolutionCell } from './model.ts';

export interface Exercise {
  /** Index of the exercise cell in lesson.cells. */
  index: number;
  cell: ExerciseCell;
  /** In document order, each with its index in lesson.cells. */
  checks: { index: number; cell: CheckCell }[];
  hints: { index: number; cell: HintCell }[];
  solution?: { index: number; cell: SolutionCell };
}

/**
 * The lesson's exercises by id, in document order. Cells whose `for` names no
 * exercise are left out (validateLesson reports them); a second exercise with
 * an id already seen is left out too.
 *
 * @example
 * exercisesOf(lesson).get('ex1')?.checks.map((c) => c.cell.source)
 */
export function exercisesOf(lesson: Lesson): Map<string, Exercise> {
  const byId = new Map<string, Exercise>();
  lesson.cells.forEach((cell, index) => {
    if (cell.kind === 'exercise' && !byId.has(cell.id)) byId.set(cell.id, { index, cell, checks: [], hints: [] });
  });
  lesson.cells.forEach((cell, index) => {
    if (cell.kind === 'exercise' || cell.kind === 'markdown' || cell.kind === 'code') return;
    const exercise = byId.get(cell.for);
    if (!exercise) return;
    if (cell.kind === 'check') exercise.checks.push({ index, cell });
    else if (cell.kind === 'hint') exercise.hints.push({ index, cell });
    else exercise.solution ??= { index, cell };
  });
  return byId;
}
