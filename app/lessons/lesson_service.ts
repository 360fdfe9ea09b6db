// Lessons in the running app: the list (bundled + authored), opening a
// lesson's working copy, running an exercise's checks after it, progress,
// lesson files in and out. It watches the store for finished runs, so the
// notebook's own run commands (Shift+Enter, Run all) drive the checks.
import type { KernelClient } from '../../engine/runtime/protocol.ts';
import { exercisesOf } from '../../lessons/format/exercises.ts';
import { lessonToIpynb } from '../../lessons/format/ipynb.ts';
import type { Diagnostic } from '../../lessons/format/model.ts';
import { parseLesson } from '../../lessons/format/parse.ts';
import { serializeLesson } from '../../lessons/format/serialize.ts';
import { isExpectedException } from '../../lessons/check/lesson_run.ts';
import type { NotebookDb } from '../persistence/db.ts';
import type { AppState, AppStore } from '../store/store.ts';
import { type LessonEntry, lessonEntry, mergeCatalog, workingCopyId } from './catalog.ts';
import type { LessonDb } from './lesson_db.ts';
import { lessonCellRole, lessonOfNotebook, lessonToNotebook, notebookToLesson, originalLesson } from './lesson_notebook.ts';
import { emptyProgress, recordAttempt } from './progress.ts';
import { buildResults, resultsFileName } from './results.ts';
import { runChecks } from './run_checks.ts';

/** The validator (it brings ajv and the schema): loaded when a lesson file is opened or saved, not with the app. */
async function lintLesson(text: string): Promise<Diagnostic[]> {
  const { lintLesson } = await import('../../lessons/format/validate.ts');
  return lintLesson(text);
}

export interface LessonServiceDeps {
  store: AppStore;
  client: KernelClient;
  notebooks: NotebookDb;
  lessons: LessonDb;
  /** Opens a stored notebook as the app's open-notebook command does (fresh kernel included). */
  openNotebook(id: string): Promise<void>;
  download(fileName: string, text: string, mime: string): void;
  bundled: LessonEntry[];
  now?: () => number;
}

/** The first error of a lint, as a sentence with its line. */
export function firstError(diagnostics: Diagnostic[]): Diagnostic | undefined {
  return diagnostics.find((d) => d.severity === 'error');
}

export class LessonService {
  private readonly unsubscribe: () => void;
  private readonly now: () => number;
  /** Progress writes in order, so a later attempt is never overwritten by an earlier one. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: LessonServiceDeps) {
    this.now = deps.now ?? Date.now;
    this.unsubscribe = deps.store.subscribe((next, prev) => this.onChange(next, prev));
  }

  private get state(): AppState {
    return this.deps.store.getState();
  }

  /** Loads authored lessons and progress from IndexedDB. */
  async load(): Promise<void> {
    this.state.setCatalog(this.deps.bundled);
    const [authored, progress] = await Promise.all([this.deps.lessons.allAuthored(), this.deps.lessons.allProgress()]);
    this.setAuthoredCatalog(authored.map((a) => lessonEntry(a.source, 'authored', `${a.id}.md`)).filter((e): e is LessonEntry => e !== null));
    for (const p of progress) this.state.setProgress(p);
  }

  dispose(): void {
    this.unsubscribe();
  }

  private setAuthoredCatalog(authored: LessonEntry[]): void {
    const others = this.state.lessons.catalog.filter((e) => e.origin === 'authored' && !authored.some((a) => a.id === e.id));
    this.state.setCatalog(mergeCatalog(this.deps.bundled, [...others, ...authored]));
  }

  // ---- opening ----

  /** Opens the student's working copy of a lesson, making it on first use. Nothing runs. */
  async openLesson(entry: LessonEntry): Promise<void> {
    const id = workingCopyId(entry);
    if ((await this.deps.notebooks.get(id)) === null) await this.deps.notebooks.put(lessonToNotebook(entry, id));
    this.state.showView('notebook');
    await this.deps.openNotebook(id);
  }

  /**
   * Opens a lesson file (.md): it is checked first, and a lesson with errors
   * changes nothing. A valid one joins the authored lessons and opens.
   */
  async openFile(file: { name: string; text(): Promise<string> }): Promise<boolean> {
    const notify = (text: string) => this.state.notify({ kind: 'error', text });
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      notify(`Could not read "${file.name}": ${(e as Error).message}`);
      return false;
    }
    const error = firstError(await lintLesson(text));
    if (error) {
      notify(`"${file.name}" is not a valid lesson: line ${error.line}: ${error.message}. Nothing was changed.`);
      return false;
    }
    const entry = await this.storeAuthored(text);
    if (!entry) return false;
    await this.openLesson(entry);
    return true;
  }

  private async storeAuthored(source: string): Promise<LessonEntry | null> {
    const entry = lessonEntry(source, 'authored', '');
    if (!entry) return null;
    const named = { ...entry, fileName: `${entry.id}.md` };
    await this.deps.lessons.putAuthored({ id: entry.id, source, updatedAt: this.now() });
    this.setAuthoredCatalog([named]);
    return named;
  }

  // ---- authoring ----

  /**
   * Saves the authoring editor's text as an authored lesson, in canonical
   * form. Refused (with the first error) when the lesson has errors.
   */
  async saveAuthored(source: string): Promise<{ saved: true; source: string } | { saved: false; error: Diagnostic }> {
    const error = firstError(await lintLesson(source));
    if (error) return { saved: false, error };
    const canonical = serializeLesson(parseLesson(source).lesson);
    await this.storeAuthored(canonical);
    return { saved: true, source: canonical };
  }

  exportLessonSource(source: string, fileName: string): void {
    this.deps.download(fileName, source, 'text/markdown');
  }

  // ---- files out ----

  /** The open working copy as lesson text: the student's code, the lesson's checks, hints and solutions. */
  exportLessonText(): void {
    const doc = this.state.notebook.doc;
    const lesson = notebookToLesson(doc);
    this.deps.download(`${lesson.id}.md`, serializeLesson(lesson), 'text/markdown');
  }

  exportLessonIpynb(): void {
    const lesson = notebookToLesson(this.state.notebook.doc);
    this.deps.download(`${lesson.id}.ipynb`, `${JSON.stringify(lessonToIpynb(lesson), null, 1)}\n`, 'application/x-ipynb+json');
  }

  downloadResults(): void {
    const now = this.now();
    const file = buildResults(this.state.lessons.catalog, this.state.lessons.progress, now);
    this.deps.download(resultsFileName(now), `${JSON.stringify(file, null, 2)}\n`, 'application/json');
  }

  // ---- runs ----

  private onChange(next: AppState, prev: AppState): void {
    if (next.kernel.lastRuns === prev.kernel.lastRuns || !prev.kernel.running) return;
    const run = prev.kernel.running;
    const last = next.kernel.lastRuns[run.cellId];
    if (!last || last === prev.kernel.lastRuns[run.cellId]) return;
    const cell = next.notebook.doc.cells[run.cellId];
    const role = lessonCellRole(cell);
    if (!cell || !role) return;
    if (role.role === 'exercise' && role.id !== undefined) this.afterExercise(run.cellId, role.id, last.status, run.executionCount);
    else if (role.role === 'code' && role.raises && last.status === 'error') {
      // A cell meant to raise did: Run all goes on (the queue a failing cell drops is put back).
      const error = cell.outputs.find((o) => o.type === 'error');
      if (error && error.type === 'error' && isExpectedException(role.raises, error.ename) && prev.kernel.queue.length > 0) next.enqueueRuns(prev.kernel.queue);
    }
  }

  private afterExercise(cellId: string, exerciseId: string, status: string, executionCount: number): void {
    const doc = this.state.notebook.doc;
    const lesson = originalLesson(doc);
    const meta = lessonOfNotebook(doc);
    const exercise = lesson ? exercisesOf(lesson).get(exerciseId) : undefined;
    if (!lesson || !meta || !exercise || status === 'interrupted' || status === 'dead') return;
    const checks = exercise.checks.map((c) => c.cell);
    const record = (outcomes: { number: number; hidden: boolean; passed: boolean; message?: string }[]) => {
      const passed = outcomes.length > 0 && outcomes.every((o) => o.passed);
      const at = this.now();
      this.state.setCheckState(doc.id, cellId, { status: 'done', passed, checks: outcomes, at });
      const progress = recordAttempt(this.state.lessons.progress[meta.id] ?? emptyProgress(meta.id), exerciseId, passed, at);
      this.state.setProgress(progress);
      this.writes = this.writes.then(() => this.deps.lessons.putProgress(progress)).catch((e: Error) => this.state.notify({ kind: 'error', text: `Progress could not be saved: ${e.message}` }));
    };
    if (status === 'error') {
      const error = doc.cells[cellId]?.outputs.find((o) => o.type === 'error');
      const why = error && error.type === 'error' ? `${error.ename}: ${error.evalue}` : 'an error';
      record(checks.map((c, i) => ({ number: i + 1, hidden: c.hidden, passed: false, message: `not run: the exercise raised ${why}` })));
      return;
    }
    this.state.setCheckState(doc.id, cellId, { status: 'running' });
    void runChecks(this.deps.client, exerciseId, checks, executionCount).then(record);
  }

  /** Whether every progress record asked for so far is stored (tests). */
  settled(): Promise<void> {
    return this.writes.then(() => undefined);
  }
}
