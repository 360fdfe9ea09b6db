// The ui slice: panels, notices, the notebook library list, save status, and
// requests the views act on (highlight a cell line). Plain data only.
import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './store.ts';

/** A command a notice's button runs; commands.ts carries them out. */
export type NoticeCommand = 'restart-kernel' | 'run-all-above-selected';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
  action?: { label: string; command: NoticeCommand };
}

export interface NotebookSummary {
  id: string;
  title: string;
  updatedAt: number;
}

export type SaveState = { status: 'saved'; at: number } | { status: 'unsaved' } | { status: 'saving' } | { status: 'error'; message: string };

export interface UiState {
  /** False until the last open notebook is back from IndexedDB. */
  loaded: boolean;
  library: NotebookSummary[];
  notices: Notice[];
  nextNoticeId: number;
  sidebarOpen: boolean;
  rightPanel: { open: boolean; tab: string };
  save: SaveState;
  /** Set by a traceback link: the editor of `cellId` selects `line` and flashes it. */
  lineHighlight: { cellId: string; line: number; nonce: number } | null;
  shortcutsOpen: boolean;
}

export interface UiSlice {
  ui: UiState;
  setLoaded(): void;
  setLibrary(library: NotebookSummary[]): void;
  notify(notice: Omit<Notice, 'id'>): void;
  dismissNotice(id: number): void;
  toggleSidebar(): void;
  setRightPanel(panel: Partial<UiState['rightPanel']>): void;
  setSaveState(save: SaveState): void;
  highlightLine(cellId: string, line: number): void;
  setShortcutsOpen(open: boolean): void;
}

export function initialUiState(): UiState {
  return {
    loaded: false,
    library: [],
    notices: [],
    nextNoticeId: 1,
    sidebarOpen: true,
    rightPanel: { open: true, tab: 'variables' },
    save: { status: 'unsaved' },
    lineHighlight: null,
    shortcutsOpen: false,
  };
}

/** Adds a notice; an identical notice already showing is not repeated. */
export function addNotice(state: UiState, notice: Omit<Notice, 'id'>): UiState {
  if (state.notices.some((n) => n.text === notice.text && n.kind === notice.kind)) return state;
  return { ...state, notices: [...state.notices, { ...notice, id: state.nextNoticeId }], nextNoticeId: state.nextNoticeId + 1 };
}

export function removeNotice(state: UiState, id: number): UiState {
  return state.notices.some((n) => n.id === id) ? { ...state, notices: state.notices.filter((n) => n.id !== id) } : state;
}

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => {
  const apply = (f: (s: UiState) => UiState) =>
    set((s) => {
      const next = f(s.ui);
      return next === s.ui ? s : { ui: next };
    });
  return {
    ui: initialUiState(),
    setLoaded: () => apply((s) => (s.loaded ? s : { ...s, loaded: true })),
    setLibrary: (library) => apply((s) => ({ ...s, library })),
    notify: (notice) => apply((s) => addNotice(s, notice)),
    dismissNotice: (id) => apply((s) => removeNotice(s, id)),
    toggleSidebar: () => apply((s) => ({ ...s, sidebarOpen: !s.sidebarOpen })),
    setRightPanel: (panel) => apply((s) => ({ ...s, rightPanel: { ...s.rightPanel, ...panel } })),
    setSaveState: (save) => apply((s) => ({ ...s, save })),
    highlightLine: (cellId, line) => apply((s) => ({ ...s, lineHighlight: { cellId, line, nonce: (s.lineHighlight?.nonce ?? 0) + 1 } })),
    setShortcutsOpen: (open) => apply((s) => (s.shortcutsOpen === open ? s : { ...s, shortcutsOpen: open })),
  };
};
