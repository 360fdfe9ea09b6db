// Saves the open notebook to IndexedDB after every change: debounced (a burst
// of keystrokes is one write), and at once when the page is hidden or left
// (visibilitychange → hidden, pagehide), so a reload mid-edit loses nothing.
//
// Note [Saving on unload]: during pagehide the browser runs our listener and
// then tears the page down; only work started synchronously in the listener
// (the IndexedDB transaction and its put requests) survives. So a save goes
// from the store to `db.put` without awaiting anything in between.
import type { NotebookDoc } from '../notebook/model.ts';
import type { AppStore } from '../store/store.ts';
import type { NotebookDb } from './db.ts';

export interface Autosave {
  /** Writes pending changes now; resolves when they are stored. */
  flush(): Promise<void>;
  /** Marks a document as already stored (just loaded), so opening it writes nothing. */
  adopt(doc: NotebookDoc): void;
  dispose(): void;
}

interface EventSource {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface AutosaveOptions {
  delayMs?: number;
  /** Where visibilitychange is heard (document) and pagehide (window). */
  documentTarget?: EventSource & { readonly visibilityState: string };
  windowTarget?: EventSource;
  now?: () => number;
}

export function startAutosave(store: AppStore, db: NotebookDb, options: AutosaveOptions = {}): Autosave {
  const delayMs = options.delayMs ?? 300;
  const now = options.now ?? Date.now;
  let saved: NotebookDoc | null = store.getState().notebook.doc;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let writing: Promise<void> = Promise.resolve();

  const write = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const doc = store.getState().notebook.doc;
    if (doc === saved) return writing;
    saved = doc;
    store.getState().setSaveState({ status: 'saving' });
    // IndexedDB runs read-write transactions on the same stores in the order
    // they were created, so an older snapshot never lands after a newer one.
    const put = db.put(doc, now()).then(
      (summary) => {
        const state = store.getState();
        state.setLibrary([summary, ...state.ui.library.filter((s) => s.id !== summary.id)]);
        if (state.notebook.doc === doc) state.setSaveState({ status: 'saved', at: summary.updatedAt });
      },
      (e: unknown) => {
        if (saved === doc) saved = null;
        const message = e instanceof Error ? e.message : String(e);
        store.getState().setSaveState({ status: 'error', message });
        store.getState().notify({ kind: 'error', text: `Could not save the notebook in this browser: ${message}` });
      },
    );
    writing = Promise.all([writing, put]).then(() => undefined);
    return writing;
  };

  const unsubscribe = store.subscribe((state, previous) => {
    if (state.notebook.doc === previous.notebook.doc || state.notebook.doc === saved) return;
    if (state.ui.save.status !== 'unsaved') state.setSaveState({ status: 'unsaved' });
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => void write(), delayMs);
  });

  const onVisibility = () => {
    if (options.documentTarget?.visibilityState === 'hidden') void write();
  };
  const onPageHide = () => void write();
  options.documentTarget?.addEventListener('visibilitychange', onVisibility);
  options.windowTarget?.addEventListener('pagehide', onPageHide);

  return {
    flush: write,
    adopt: (doc) => {
      saved = doc;
    },
    dispose: () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      options.documentTarget?.removeEventListener('visibilitychange', onVisibility);
      options.windowTarget?.removeEventListener('pagehide', onPageHide);
    },
  };
}
