// The browser's lesson records, in their own IndexedDB database beside the
// notebooks' (so neither schema has to know about the other): progress per
// lesson, and lessons written in authoring mode (their text).
import { openDatabase, storeRequest } from '../persistence/idb.ts';
import type { LessonProgress } from './progress.ts';

export interface AuthoredLesson {
  /** The lesson id from its front matter. */
  id: string;
  source: string;
  updatedAt: number;
}

const PROGRESS = 'progress';
const AUTHORED = 'authored';

export class LessonDb {
  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = 'glassgrad-lessons', factory: IDBFactory = indexedDB): Promise<LessonDb> {
    const db = await openDatabase(factory, name, 1, (db) => {
      db.createObjectStore(PROGRESS, { keyPath: 'lessonId' });
      db.createObjectStore(AUTHORED, { keyPath: 'id' });
    });
    return new LessonDb(db);
  }

  allProgress(): Promise<LessonProgress[]> {
    return this.request(PROGRESS, 'readonly', (s) => s.getAll());
  }

  putProgress(progress: LessonProgress): Promise<void> {
    return this.request(PROGRESS, 'readwrite', (s) => s.put(progress));
  }

  allAuthored(): Promise<AuthoredLesson[]> {
    return this.request(AUTHORED, 'readonly', (s) => s.getAll());
  }

  putAuthored(lesson: AuthoredLesson): Promise<void> {
    return this.request(AUTHORED, 'readwrite', (s) => s.put(lesson));
  }

  close(): void {
    this.db.close();
  }

  private request<T>(store: string, mode: IDBTransactionMode, make: (s: IDBObjectStore) => IDBRequest): Promise<T> {
    return storeRequest<T>(this.db, store, mode, make);
  }
}
