// The sidebar's lessons: each with its progress ("1/2 ✓"), the open lesson's
// exports, the results download and the switch to authoring mode.
import { useApp } from '../store/context.tsx';
import { workingCopyId } from './catalog.ts';
import { useLessonService } from './context.tsx';
import { lessonOfNotebook } from './lesson_notebook.ts';
import { progressLabel, progressSummary } from './progress.ts';
import './lessons.css';

export function LessonList() {
  const service = useLessonService();
  const catalog = useApp((s) => s.lessons.catalog);
  const progress = useApp((s) => s.lessons.progress);
  const openId = useApp((s) => s.notebook.doc.id);
  const view = useApp((s) => s.lessons.view);
  const openIsLesson = useApp((s) => lessonOfNotebook(s.notebook.doc) !== undefined);
  const showView = useApp((s) => s.showView);
  if (!service) return null;
  return (
    <section className="lesson-section" aria-label="Lessons">
      <div className="sidebar-actions">
        <button type="button" aria-pressed={view === 'author'} onClick={() => showView(view === 'author' ? 'notebook' : 'author')} title="Write and check lessons (instructors)">
          Author
        </button>
        <button type="button" onClick={() => service.downloadResults()} title="A JSON file of which exercises' checks passed, and when">
          Download results
        </button>
      </div>
      {openIsLesson ? (
        <div className="sidebar-actions">
          <button type="button" onClick={() => service.exportLessonText()} title="This lesson with your code, as lesson text">
            Export lesson .md
          </button>
          <button type="button" onClick={() => service.exportLessonIpynb()} title="This lesson with your code, as a Jupyter notebook with the lesson's roles">
            Export lesson .ipynb
          </button>
        </div>
      ) : null}
      <h2 className="sidebar-heading">Lessons</h2>
      <ul className="notebook-list lesson-list">
        {catalog.map((entry) => {
          const summary = progressSummary(entry.exercises, progress[entry.id]);
          const label = progressLabel(summary);
          const current = workingCopyId(entry) === openId && view === 'notebook';
          return (
            <li key={`${entry.origin}:${entry.id}`} className={current ? 'current' : undefined} data-lesson-id={entry.id} data-lesson-origin={entry.origin}>
              <button
                type="button"
                className="notebook-link"
                aria-current={current ? 'page' : undefined}
                title={entry.description ?? entry.title}
                onClick={() => void service.openLesson(entry)}
              >
                <span className="notebook-title">
                  {entry.title}
                  {entry.origin === 'authored' ? <span className="lesson-authored"> (authored)</span> : null}
                </span>
                <span className="lesson-progress" data-progress={`${summary.passed}/${summary.total}`} aria-label={`${summary.passed} of ${summary.total} exercises passed`}>
                  {label}
                </span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
