// The browser's lesson records, in their own IndexedDB database beside the
// notebooks' (so neither schema has to know about the other): progress per
// lesson, and lessons written in authoring mode (their text).
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

  static open(name = 'glassgrad-lessons', factory: IDBFactory = indexedDB): Promise<LessonDb> {
    return new Promise((resolve, reject) => {
      const request = factory.open(name, 1);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(PROGRESS, { keyPath: 'lessonId' });
        request.result.createObjectStore(AUTHORED, { keyPath: 'id' });
      };
      request.onsuccess = () => resolve(new LessonDb(request.result));
      request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    });
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
    return new Promise((resolve, reject) => {
      const tx = this.db.transaction(store, mode);
      const req = make(tx.objectStore(store));
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? req.error ?? new Error('IndexedDB request failed'));
    });
  }
}
