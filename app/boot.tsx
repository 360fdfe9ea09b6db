// Starts the app over a kernel that is already starting (main.tsx), then the page, then
// the notebook that was open last, back from IndexedDB. Performance marks
// (glassgrad:shell-rendered, glassgrad:notebook-opened) time the steps.
import { StrictMode } from 'react';
import type { KernelClient } from '../engine/runtime/protocol.ts';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { Commands, downloadText } from './commands.ts';
import { InspectFeed, InspectProvider, createInspectStore } from './inspect/index.ts';
import { KernelSession } from './kernel/session.ts';
import { bundledLessons } from './lessons/bundled.ts';
import { LessonServiceProvider } from './lessons/context.tsx';
import { LessonDb } from './lessons/lesson_db.ts';
import { LessonService } from './lessons/lesson_service.ts';
import { startAutosave } from './persistence/autosave.ts';
import { NotebookDb } from './persistence/db.ts';
import { NotebookLibrary } from './persistence/library.ts';
import { ServicesProvider } from './services.tsx';
import { StoreProvider } from './store/context.tsx';
import { createAppStore } from './store/store.ts';

export async function boot(root: HTMLElement, client: KernelClient): Promise<void> {
  const store = createAppStore();
  // The graph and memory views keep their own store, fed by every run's trace events.
  const inspect = new InspectFeed(createInspectStore());
  const session = new KernelSession(store, client, { onTrace: (events) => inspect.ingest(events) });
  inspect.attach(client);
  let db: NotebookDb;
  try {
    db = await NotebookDb.open();
  } catch (e) {
    root.textContent = `Glassgrad keeps notebooks in this browser's storage (IndexedDB), which is not available here: ${(e as Error).message}`;
    session.dispose();
    return;
  }
  const autosave = startAutosave(store, db, { documentTarget: document, windowTarget: window });
  const library = new NotebookLibrary(store, db, autosave);
  const commands = new Commands({ store, session, library, autosave, download: downloadText });
  const lessonDb = await LessonDb.open();
  const lessons = new LessonService({
    store,
    client: session.client,
    notebooks: db,
    lessons: lessonDb,
    openNotebook: (id) => commands.openNotebook(id),
    download: downloadText,
    bundled: bundledLessons(),
  });

  createRoot(root).render(
    <StrictMode>
      <StoreProvider store={store}>
        <ServicesProvider services={{ commands, session }}>
          <LessonServiceProvider service={lessons}>
            <InspectProvider feed={inspect}>
              <App />
            </InspectProvider>
          </LessonServiceProvider>
        </ServicesProvider>
      </StoreProvider>
    </StrictMode>,
  );
  performance.mark('glassgrad:shell-rendered');
  await Promise.all([library.restore(), lessons.load()]);
  performance.mark('glassgrad:notebook-opened');
}
