// The browser's copy of every notebook: IndexedDB, one record per notebook plus
// a small summary record for the sidebar list (so listing never loads outputs),
// and which notebook was open last. Records carry a format version so future
// changes can migrate what students already have (Note [Stored format]).
import type { NotebookDoc } from '../notebook/model.ts';
import { openDatabase, storeRequest } from './idb.ts';
import type { NotebookSummary } from '../store/ui_slice.ts';

// Note [Stored format]
// Version 1 stores the NotebookDoc as is. A new version adds a case to
// `readStored` that upgrades older records, tested against a frozen record.
// Records from a newer version than this code cannot be opened, and only an
// opened notebook is ever written, so they are never overwritten.
export const STORED_FORMAT_VERSION = 1;

interface StoredNotebook {
  formatVersion: number;
  id: string;
  doc: NotebookDoc;
  updatedAt: number;
}

const NOTEBOOKS = 'notebooks';
const SUMMARIES = 'summaries';
const META = 'meta';
const LAST_OPEN = 'lastOpen';

export class NotebookDb {
  private constructor(private readonly db: IDBDatabase) {}

  /** Opens (and creates on first use) the database. */
  static async open(name = 'glassgrad', factory: IDBFactory = indexedDB): Promise<NotebookDb> {
    const db = await openDatabase(factory, name, 1, (db) => {
      db.createObjectStore(NOTEBOOKS, { keyPath: 'id' });
      db.createObjectStore(SUMMARIES, { keyPath: 'id' });
      db.createObjectStore(META);
    });
    return new NotebookDb(db);
  }

  /** Summaries, most recently changed first. */
  async list(): Promise<NotebookSummary[]> {
    const all = await this.request<NotebookSummary[]>(SUMMARIES, 'readonly', (s) => s.getAll());
    return all.sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async get(id: string): Promise<NotebookDoc | null> {
    const record = await this.request<StoredNotebook | undefined>(NOTEBOOKS, 'readonly', (s) => s.get(id));
    return record ? readStored(record) : null;
  }

  /**
   * Saves a notebook and its summary in one transaction, issued synchronously:
   * a save started while the page unloads (pagehide) must not wait for a
   * later task, or it never happens (Note [Saving on unload] in autosave.ts).
   */
  put(doc: NotebookDoc, now = Date.now()): Promise<NotebookSummary> {
    const summary: NotebookSummary = { id: doc.id, title: doc.title, updatedAt: now };
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction([NOTEBOOKS, SUMMARIES], 'readwrite');
      const record: StoredNotebook = { formatVersion: STORED_FORMAT_VERSION, id: doc.id, doc, updatedAt: now };
      tx.objectStore(NOTEBOOKS).put(record);
      tx.objectStore(SUMMARIES).put(summary);
      tx.oncomplete = () => resolve(summary);
      tx.onerror = () => reject(tx.error ?? new Error('saving failed'));
      tx.onabort = () => reject(tx.error ?? new Error('saving was aborted'));
      // Commit now rather than when the event loop next turns (where supported).
      tx.commit?.();
    });
  }

  async delete(id: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      const tx = this.db.transaction([NOTEBOOKS, SUMMARIES], 'readwrite');
      tx.objectStore(NOTEBOOKS).delete(id);
      tx.objectStore(SUMMARIES).delete(id);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error ?? new Error('delete failed'));
    });
  }

  async getLastOpen(): Promise<string | null> {
    const id = await this.request<unknown>(META, 'readonly', (s) => s.get(LAST_OPEN));
    return typeof id === 'string' ? id : null;
  }

  async setLastOpen(id: string): Promise<void> {
    await this.request(META, 'readwrite', (s) => s.put(id, LAST_OPEN));
  }

  close(): void {
    this.db.close();
  }

  private request<T>(store: string, mode: IDBTransactionMode, make: (s: IDBObjectStore) => IDBRequest): Promise<T> {
    return storeRequest<T>(this.db, store, mode, make);
  }
}

function readStored(record: StoredNotebook): NotebookDoc {
  if (record.formatVersion === STORED_FORMAT_VERSION) return record.doc;
  throw new Error(`This notebook was saved in format ${record.formatVersion}, which this version of Glassgrad cannot read.`);
}
