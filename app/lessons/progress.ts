// Progress through lessons as plain records: per lesson and exercise, how many
// attempts, whether the last one passed, when it first passed. Pure functions;
// progress_db.ts stores the records, results.ts turns them into the file a
// student downloads.

export interface ExerciseProgress {
  attempts: number;
  /** The last attempt's outcome (every check passed). */
  passed: boolean;
  lastAttemptAt: number;
  /** When the checks first all passed. */
  firstPassedAt?: number;
}

export interface LessonProgress {
  lessonId: string;
  exercises: Record<string, ExerciseProgress>;
}

export function emptyProgress(lessonId: string): LessonProgress {
  return { lessonId, exercises: {} };
}

/**
 * One run of an exercise's checks.
 *
 * @example
 * recordAttempt(emptyProgress('running-loss'), 'train_total', false, Date.now()).exercises.train_total.attempts // 1
 */
export function recordAttempt(progress: LessonProgress, exerciseId: string, passed: boolean, now: number): LessonProgress {
  const before = progress.exercises[exerciseId];
  const firstPassedAt = before?.firstPassedAt ?? (passed ? now : undefined);
  const record: ExerciseProgress = { attempts: (before?.attempts ?? 0) + 1, passed, lastAttemptAt: now, ...(firstPassedAt !== undefined ? { firstPassedAt } : {}) };
  return { ...progress, exercises: { ...progress.exercises, [exerciseId]: record } };
}

/** Exercises whose checks have passed at least once, out of the lesson's exercises. */
export function progressSummary(exerciseIds: string[], progress: LessonProgress | undefined): { passed: number; attempted: number; total: number } {
  const records = exerciseIds.map((id) => progress?.exercises[id]);
  return {
    passed: records.filter((r) => r?.firstPassedAt !== undefined).length,
    attempted: records.filter((r) => r !== undefined).length,
    total: exerciseIds.length,
  };
}

/** The sidebar's badge: "1/2 ✓", "0/2" once attempted, "" when never started. */
export function progressLabel(summary: { passed: number; attempted: number; total: number }): string {
  if (summary.total === 0 || summary.attempted === 0) return '';
  return `${summary.passed}/${summary.total}${summary.passed === summary.total ? ' ✓' : ''}`;
}
