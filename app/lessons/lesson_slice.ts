// The lesson slice: the lesson list, progress records, check results of
// exercise cells, and which view is showing (the notebook or authoring mode).
// Actions on lesson cells (hints, solution, reset) are pure transitions of the
// notebook state from ./transitions.ts.
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from '../store/store.ts';
import type { LessonEntry } from './catalog.ts';
import type { LessonProgress } from './progress.ts';
import * as t from './transitions.ts';

export interface CheckOutcome {
  /** 1-based among the exercise's checks. */
  number: number;
  hidden: boolean;
  passed: boolean;
  /** Why it failed: the assertion's message, or the failing line of a bare assert. */
  message?: string;
}

export type CheckState = { status: 'running' } | { status: 'done'; passed: boolean; checks: CheckOutcome[]; at: number };

export interface AuthoringState {
  /** The text in the editor. */
  source: string;
  /** Where it came from, for the title ("01-running-loss.md", "new lesson"). */
  fileName: string;
}

export interface LessonState {
  catalog: LessonEntry[];
  progress: Record<string, LessonProgress>;
  /** Check results by `${notebookId}/${cellId}` (not saved: rerun to see them again). */
  checks: Record<string, CheckState>;
  view: 'notebook' | 'author';
  authoring: AuthoringState | null;
}

export interface LessonSlice {
  lessons: LessonState;
  setCatalog(catalog: LessonEntry[]): void;
  setProgress(progress: LessonProgress): void;
  setCheckState(notebookId: string, cellId: string, state: CheckState): void;
  showView(view: LessonState['view']): void;
  setAuthoring(authoring: AuthoringState | null): void;
  revealHint(cellId: string, available: number): void;
  revealSolution(cellId: string): void;
  replaceCellSource(cellId: string, source: string): void;
  resetCellToLesson(cellId: string): void;
}

export function checkKey(notebookId: string, cellId: string): string {
  return `${notebookId}/${cellId}`;
}

export function initialLessonState(): LessonState {
  return { catalog: [], progress: {}, checks: {}, view: 'notebook', authoring: null };
}

export const createLessonSlice: StateCreator<AppState, [], [], LessonSlice> = (set) => {
  const apply = (f: (s: LessonState) => LessonState) => set((s) => ({ lessons: f(s.lessons) }));
  const onNotebook = (f: (s: AppState['notebook']) => AppState['notebook']) =>
    set((s) => {
      const next = f(s.notebook);
      return next === s.notebook ? s : { notebook: next };
    });
  return {
    lessons: initialLessonState(),
    setCatalog: (catalog) => apply((s) => ({ ...s, catalog })),
    setProgress: (progress) => apply((s) => ({ ...s, progress: { ...s.progress, [progress.lessonId]: progress } })),
    setCheckState: (notebookId, cellId, state) => apply((s) => ({ ...s, checks: { ...s.checks, [checkKey(notebookId, cellId)]: state } })),
    showView: (view) => apply((s) => (s.view === view ? s : { ...s, view })),
    setAuthoring: (authoring) => apply((s) => ({ ...s, authoring })),
    revealHint: (cellId, available) => onNotebook((s) => t.revealHint(s, cellId, available)),
    revealSolution: (cellId) => onNotebook((s) => t.revealSolution(s, cellId)),
    replaceCellSource: (cellId, source) => onNotebook((s) => t.replaceSource(s, cellId, source)),
    resetCellToLesson: (cellId) => onNotebook((s) => t.resetCellToLesson(s, cellId)),
  };
};
