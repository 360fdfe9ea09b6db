import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { Commands } from './commands.ts';
import { describeKernel } from './kernel/run_queue.ts';
import { KernelSession } from './kernel/session.ts';
import { describeNotebook } from './notebook/describe.ts';
import { makeCell, notebookFromCells } from './notebook/model.ts';
import { type Autosave, startAutosave } from './persistence/autosave.ts';
import { NotebookDb } from './persistence/db.ts';
import { NotebookLibrary } from './persistence/library.ts';
import { createAppStore } from './store/store.ts';
import { HandDrivenKernel } from './test_support/hand_driven_kernel.ts';

const opened: { db: NotebookDb; autosave: Autosave }[] = [];
afterEach(() => {
  for (const o of opened.splice(0)) {
    o.autosave.dispose();
    o.db.close();
  }
});

async function setup(...sources: string[]) {
  const store = createAppStore();
  const kernel = new HandDrivenKernel();
  const session = new KernelSession(store, kernel, { now: () => 0 });
  const db = await NotebookDb.open('commands', new IDBFactory());
  const autosave = startAutosave(store, db, { delayMs: 5 });
  opened.push({ db, autosave });
  const library = new NotebookLibrary(store, db, autosave);
  await library.restore();
  const doc = notebookFromCells(sources.map((s, i) => makeCell('code', s, `c${i}`)), 'test');
  await db.put(doc);
  await library.open(doc.id);
  const commands = new Commands({ store, session, library, autosave, download: () => {} });
  const queued = () => [store.getState().kernel.running?.cellId, ...store.getState().kernel.queue.map((r) => r.cellId)].filter(Boolean);
  return { store, kernel, commands, library, queued };
}

describe('Commands', () => {
  it('run above excludes the selected cell; run below includes it', async () => {
    const t = await setup('a', 'b', 'c');
    t.store.getState().selectCell('c1');
    t.commands.runAbove();
    expect(t.queued()).toEqual(['c0']);
    await t.kernel.finish();
    t.commands.runBelow();
    expect(t.queued()).toEqual(['c1', 'c2']);
  });

  it('Alt+Enter runs and opens a new cell below in edit mode', async () => {
    const t = await setup('a', 'b');
    t.commands.runAndInsertBelow();
    expect(describeNotebook(t.store.getState().notebook)).toBe('   [1] code "a"\n>> [ ] code ""\n   [ ] code "b"');
  });

  it('restart and run all: a fresh session runs every cell from [1]', async () => {
    const t = await setup('a', 'b');
    t.commands.runAll();
    await t.kernel.finish();
    await t.kernel.finish();
    await t.commands.restartAndRunAll();
    expect(t.kernel.restarts).toBe(1);
    expect(describeKernel(t.store.getState().kernel)).toBe('idle; running c0 as <cell 1>; queue c1; next [2]');
  });

  it('opening another notebook gives it a fresh kernel when the old one was used', async () => {
    const t = await setup('a');
    const first = t.store.getState().notebook.doc.id;
    await t.commands.newNotebook();
    expect(t.kernel.restarts).toBe(0);
    await t.commands.openNotebook(first);
    t.commands.runInPlace();
    await t.kernel.finish();
    await t.commands.newNotebook();
    expect(t.kernel.restarts).toBe(1);
    expect(t.store.getState().kernel.nextExecutionCount).toBe(1);
  });

  it('notice buttons run their command', async () => {
    const t = await setup('a', 'b');
    t.store.getState().selectCell('c1');
    t.commands.runNoticeCommand('run-all-above-selected');
    expect(t.queued()).toEqual(['c0']);
    t.commands.runNoticeCommand('restart-kernel');
    await new Promise((r) => setTimeout(r, 0));
    expect(t.kernel.restarts).toBe(1);
  });
});
