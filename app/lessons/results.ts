// The results file a student downloads: which exercises' checks passed, when,
// and after how many attempts. Versioned JSON, one row per lesson exercise.
import type { LessonProgress } from './progress.ts';

export const RESULTS_FORMAT = 'glassgrad-results';
export const RESULTS_VERSION = 1;

export interface ResultRow {
  lesson: string;
  exercise: string;
  passed: boolean;
  /** ISO time of the first pass, or of the last attempt when it never passed; null when never attempted. */
  timestamp: string | null;
  attempts: number;
}

export interface ResultsFile {
  format: typeof RESULTS_FORMAT;
  version: typeof RESULTS_VERSION;
  generatedAt: string;
  results: ResultRow[];
}

/**
 * Every exercise of every listed lesson, in lesson order, attempted or not.
 *
 * @example
 * buildResults([{ id: 'running-loss', exercises: ['train_total'] }], progressByLesson, Date.now())
 */
export function buildResults(lessons: { id: string; exercises: string[] }[], progress: Record<string, LessonProgress | undefined>, now: number): ResultsFile {
  const results: ResultRow[] = [];
  for (const lesson of lessons) {
    for (const exercise of lesson.exercises) {
      const record = progress[lesson.id]?.exercises[exercise];
      const passed = record?.firstPassedAt !== undefined;
      const at = record ? (record.firstPassedAt ?? record.lastAttemptAt) : undefined;
      results.push({ lesson: lesson.id, exercise, passed, timestamp: at === undefined ? null : new Date(at).toISOString(), attempts: record?.attempts ?? 0 });
    }
  }
  return { format: RESULTS_FORMAT, version: RESULTS_VERSION, generatedAt: new Date(now).toISOString(), results };
}

export function resultsFileName(now: number): string {
  return `glassgrad-results-${new Date(now).toISOString().slice(0, 10)}.json`;
}
