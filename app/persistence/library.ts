// The user's notebooks: which one is open, creating, opening, importing files
// and deleting — IndexedDB on one side, the store on the other. Opening a
// notebook (from the list or a file) only loads it: nothing runs.
import { parseIpynb } from '../notebook/ipynb.ts';
import { type NotebookDoc, makeNotebook } from '../notebook/model.ts';
import type { AppStore } from '../store/store.ts';
import type { Autosave } from './autosave.ts';
import type { NotebookDb } from './db.ts';

export class NotebookLibrary {
  constructor(
    private readonly store: AppStore,
    private readonly db: NotebookDb,
    private readonly autosave: Autosave,
  ) {}

  /** At start-up: reopen the notebook that was open last, or start a new one. */
  async restore(): Promise<void> {
    const [library, lastId] = await Promise.all([this.db.list(), this.db.getLastOpen()]);
    this.store.getState().setLibrary(library);
    const candidates = [lastId, ...library.map((s) => s.id)].filter((id): id is string => id !== null);
    for (const id of candidates) {
      const doc = await this.readOrReport(id);
      if (doc) {
        this.show(doc);
        this.store.getState().setLoaded();
        return;
      }
    }
    await this.create();
    this.store.getState().setLoaded();
  }

  async create(): Promise<NotebookDoc> {
    await this.autosave.flush();
    const doc = makeNotebook(this.untitledName());
    await this.save(doc);
    this.show(doc);
    return doc;
  }

  /** Opens a stored notebook; false (with a notice) when it cannot be read. */
  async open(id: string): Promise<boolean> {
    if (id === this.store.getState().notebook.doc.id) return true;
    await this.autosave.flush();
    const doc = await this.readOrReport(id);
    if (!doc) return false;
    this.show(doc);
    return true;
  }

  /**
   * Imports a local .ipynb file as a new notebook. A malformed file leaves
   * everything as it was and says what is wrong.
   */
  async importFile(file: { name: string; text(): Promise<string> }): Promise<boolean> {
    const title = file.name.replace(/\.ipynb$/i, '') || 'Untitled';
    if (!/\.ipynb$/i.test(file.name)) {
      this.store.getState().notify({ kind: 'error', text: `"${file.name}" is not a notebook: Glassgrad opens .ipynb files.` });
      return false;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (e) {
      this.store.getState().notify({ kind: 'error', text: `Could not read "${file.name}": ${(e as Error).message}` });
      return false;
    }
    const result = parseIpynb(text, { title });
    if (!result.ok) {
      this.store.getState().notify({ kind: 'error', text: `Could not open "${file.name}". ${result.error} Nothing was changed.` });
      return false;
    }
    await this.autosave.flush();
    // Shown at once; autosave stores it right away (a new document is a change like any other).
    this.show(result.doc, { stored: false });
    await this.autosave.flush();
    for (const note of result.notes) this.store.getState().notify({ kind: 'info', text: `"${file.name}": ${note}` });
    return true;
  }

  /** Deletes a stored notebook; if it was open, another one opens. */
  async remove(id: string): Promise<void> {
    await this.db.delete(id);
    const state = this.store.getState();
    state.setLibrary(state.ui.library.filter((s) => s.id !== id));
    if (state.notebook.doc.id !== id) return;
    const next = this.store.getState().ui.library[0];
    if (!next || !(await this.open(next.id))) await this.create();
  }

  private async save(doc: NotebookDoc): Promise<void> {
    const summary = await this.db.put(doc);
    const state = this.store.getState();
    state.setLibrary([summary, ...state.ui.library.filter((s) => s.id !== summary.id)]);
  }

  private show(doc: NotebookDoc, { stored = true } = {}): void {
    if (stored) this.autosave.adopt(doc);
    this.store.getState().openDoc(doc);
    if (stored) this.store.getState().setSaveState({ status: 'saved', at: Date.now() });
    else void this.autosave.flush();
    this.db.setLastOpen(doc.id).catch(() => {
      // Only affects which notebook opens next time; the notebook itself is saved.
    });
  }

  private async readOrReport(id: string): Promise<NotebookDoc | null> {
    try {
      return await this.db.get(id);
    } catch (e) {
      this.store.getState().notify({ kind: 'error', text: (e as Error).message });
      return null;
    }
  }

  private untitledName(): string {
    const titles = new Set(this.store.getState().ui.library.map((s) => s.title));
    if (!titles.has('Untitled')) return 'Untitled';
    for (let n = 1; ; n++) if (!titles.has(`Untitled ${n}`)) return `Untitled ${n}`;
  }
}
