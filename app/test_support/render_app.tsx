// Renders the whole app in jsdom over a fresh store, a fake IndexedDB and a
// hand-driven kernel — everything real but Pyodide — and returns handles.
import { act, cleanup, render } from '@testing-library/react';
import { IDBFactory } from 'fake-indexeddb';
import { StrictMode } from 'react';
import { App } from '../App.tsx';
import { Commands } from '../commands.ts';
import { InspectFeed, InspectProvider, createInspectStore } from '../inspect/index.ts';
import { KernelSession } from '../kernel/session.ts';
import type { NotebookDoc } from '../notebook/model.ts';
import { startAutosave } from '../persistence/autosave.ts';
import { NotebookDb } from '../persistence/db.ts';
import { NotebookLibrary } from '../persistence/library.ts';
import { ServicesProvider } from '../services.tsx';
import { StoreProvider } from '../store/context.tsx';
import { createAppStore } from '../store/store.ts';
import { HandDrivenKernel } from './hand_driven_kernel.ts';

// jsdom does no layout; CodeMirror measures text ranges, so give ranges empty boxes.
if (typeof Range !== 'undefined' && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}

export async function renderApp(options: { doc?: NotebookDoc; kernelStatus?: HandDrivenKernel['status'] } = {}) {
  const store = createAppStore();
  const kernel = new HandDrivenKernel();
  if (options.kernelStatus) kernel.status = options.kernelStatus;
  // As boot.tsx wires it; snapshots publish at once, so a test sees them without waiting for a frame.
  const inspect = new InspectFeed(createInspectStore(), (publish) => publish());
  const session = new KernelSession(store, kernel, { onTrace: (events) => inspect.ingest(events) });
  inspect.attach(kernel);
  const db = await NotebookDb.open('ui-test', new IDBFactory());
  const autosave = startAutosave(store, db, { delayMs: 10 });
  const library = new NotebookLibrary(store, db, autosave);
  const downloads: { fileName: string; text: string }[] = [];
  const commands = new Commands({ store, session, library, autosave, download: (fileName, text) => void downloads.push({ fileName, text }) });
  await library.restore();
  if (options.doc) {
    await db.put(options.doc);
    await library.open(options.doc.id);
  }
  const started = performance.now();
  const view = render(
    <StrictMode>
      <StoreProvider store={store}>
        <ServicesProvider services={{ commands, session }}>
          <InspectProvider feed={inspect}>
            <App />
          </InspectProvider>
        </ServicesProvider>
      </StoreProvider>
    </StrictMode>,
  );
  const renderMs = performance.now() - started;
  return {
    store,
    kernel,
    session,
    inspect,
    commands,
    downloads,
    view,
    renderMs,
    /** Runs store changes and kernel events inside act(). */
    act: (f: () => unknown) => act(async () => void (await f())),
    async unmount() {
      cleanup();
      autosave.dispose();
      db.close();
    },
  };
}
