// The lesson list the sidebar shows: bundled lessons and the ones authored in
// this browser, each with its source text (the working copy is made from it).
import { exercisesOf } from '../../lessons/format/exercises.ts';
import { parseLesson } from '../../lessons/format/parse.ts';

export type LessonOrigin = 'bundled' | 'authored';

export interface LessonEntry {
  id: string;
  title: string;
  description?: string;
  origin: LessonOrigin;
  /** The file name it came from (bundled) or will be exported as. */
  fileName: string;
  source: string;
  /** Exercise ids in document order (progress counts against them). */
  exercises: string[];
}

/**
 * A catalog entry for a lesson text, or null when it does not parse cleanly.
 *
 * @example
 * lessonEntry(text, 'bundled', '01-running-loss.md')?.exercises // ['train_total', 'val_total']
 */
export function lessonEntry(source: string, origin: LessonOrigin, fileName: string): LessonEntry | null {
  const { lesson, errors } = parseLesson(source);
  if (errors.some((d) => d.severity === 'error') || lesson.id === '') return null;
  return {
    id: lesson.id,
    title: lesson.title,
    ...(lesson.description !== undefined ? { description: lesson.description } : {}),
    origin,
    fileName,
    source,
    exercises: [...exercisesOf(lesson).keys()],
  };
}

/** The notebook id of a lesson's working copy: one per lesson and origin, so reopening finds it. */
export function workingCopyId(entry: Pick<LessonEntry, 'id' | 'origin'>): string {
  return entry.origin === 'bundled' ? `lesson-${entry.id}` : `lesson-authored-${entry.id}`;
}

/** Authored lessons replace nothing: both are listed, bundled first. */
export function mergeCatalog(bundled: LessonEntry[], authored: LessonEntry[]): LessonEntry[] {
  return [...bundled, ...[...authored].sort((a, b) => a.title.localeCompare(b.title))];
}
