// What a lesson cell shows under its code: for an exercise, its check results,
// its visible checks, the hints revealed one at a time and the solution on
// request; for any lesson code cell, "Reset to the lesson's version" with a diff.
import { useMemo, useState } from 'react';
import { exercisesOf } from '../../lessons/format/exercises.ts';
import { parseLesson } from '../../lessons/format/parse.ts';
import { renderMarkdown } from '../markdown/render.ts';
import { useApp } from '../store/context.tsx';
import { lessonCellRole, lessonOfNotebook, lessonVersionOf } from './lesson_notebook.ts';
import { checkKey } from './lesson_slice.ts';
import { ResetDialog } from './ResetDialog.tsx';

export function LessonCellExtras({ cellId }: { cellId: string }) {
  const role = useApp((s) => lessonCellRole(s.notebook.doc.cells[cellId]));
  if (!role || role.role === 'markdown') return null;
  return (
    <div className="lesson-cell-extras">
      {role.role === 'exercise' && role.id !== undefined ? <ExerciseParts cellId={cellId} exerciseId={role.id} /> : null}
      <ResetButton cellId={cellId} />
    </div>
  );
}

function useExercise(exerciseId: string) {
  const source = useApp((s) => lessonOfNotebook(s.notebook.doc)?.source);
  // The lesson text changes only when another notebook opens: parse once per text.
  return useMemo(() => (source === undefined ? undefined : exercisesOf(parseLesson(source).lesson).get(exerciseId)), [source, exerciseId]);
}

function ExerciseParts({ cellId, exerciseId }: { cellId: string; exerciseId: string }) {
  const exercise = useExercise(exerciseId);
  const role = useApp((s) => lessonCellRole(s.notebook.doc.cells[cellId]));
  const checkState = useApp((s) => s.lessons.checks[checkKey(s.notebook.doc.id, cellId)]);
  const revealHint = useApp((s) => s.revealHint);
  const revealSolution = useApp((s) => s.revealSolution);
  const replaceCellSource = useApp((s) => s.replaceCellSource);
  if (!exercise) return null;
  const hintsShown = Math.min(role?.hintsShown ?? 0, exercise.hints.length);
  const visibleChecks = exercise.checks.filter((c) => !c.cell.hidden);
  const hiddenCount = exercise.checks.length - visibleChecks.length;
  return (
    <div className="exercise-parts" data-exercise-id={exerciseId}>
      {checkState ? (
        <div className={`check-results ${checkState.status === 'running' ? 'check-running' : checkState.passed ? 'check-passed' : 'check-failed'}`} role="status" data-check-status={checkState.status === 'running' ? 'running' : checkState.passed ? 'passed' : 'failed'}>
          {checkState.status === 'running' ? (
            'Checking…'
          ) : (
            <>
              <strong>{checkState.passed ? '✓ All checks passed' : '✗ Not yet'}</strong>
              <ul>
                {checkState.checks.map((c) => (
                  <li key={c.number} className={c.passed ? 'passed' : 'failed'}>
                    {c.passed ? '✓' : '✗'} check {c.number}
                    {c.hidden ? ' (hidden)' : ''}
                    {c.message ? `: ${c.message}` : ''}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      ) : null}
      <details className="exercise-checks">
        <summary>
          Checks: {visibleChecks.length}
          {hiddenCount ? ` shown, ${hiddenCount} hidden` : ''} — run this cell to check your code
        </summary>
        {visibleChecks.map((c) => (
          <pre key={c.index} className="check-source">
            {c.cell.source}
          </pre>
        ))}
      </details>
      {exercise.hints.slice(0, hintsShown).map((h, i) => (
        <div key={h.index} className="exercise-hint" data-hint={i + 1}>
          <span className="hint-label">Hint {i + 1}</span>
          <div className="rendered-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(h.cell.source) }} />
        </div>
      ))}
      <div className="exercise-actions">
        {hintsShown < exercise.hints.length ? (
          <button type="button" onClick={() => revealHint(cellId, exercise.hints.length)}>
            Hint{exercise.hints.length > 1 ? ` (${hintsShown + 1} of ${exercise.hints.length})` : ''}
          </button>
        ) : null}
        {exercise.solution && !role?.solutionShown ? (
          <button
            type="button"
            onClick={() => {
              if (window.confirm('Show the solution? Try the hints first: the exercise is how you learn it.')) revealSolution(cellId);
            }}
          >
            Show solution
          </button>
        ) : null}
      </div>
      {exercise.solution && role?.solutionShown ? (
        <div className="exercise-solution">
          <span className="hint-label">Solution</span>
          <pre className="solution-source">{exercise.solution.cell.source}</pre>
          <button type="button" onClick={() => replaceCellSource(cellId, exercise.solution!.cell.source)}>
            Use this solution
          </button>
        </div>
      ) : null}
    </div>
  );
}

function ResetButton({ cellId }: { cellId: string }) {
  const [open, setOpen] = useState(false);
  const differs = useApp((s) => {
    const original = lessonVersionOf(s.notebook.doc, cellId);
    return original !== undefined && original !== s.notebook.doc.cells[cellId]?.source;
  });
  if (!differs && !open) return null;
  return (
    <>
      <button type="button" className="reset-cell" onClick={() => setOpen(true)} title="Show what changes, then put back the lesson's code">
        Reset to the lesson's version…
      </button>
      {open ? <ResetDialog cellId={cellId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}
