import { IDBFactory } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { describeNotebook } from '../notebook/describe.ts';
import { type AppStore, createAppStore } from '../store/store.ts';
import { type Autosave, startAutosave } from './autosave.ts';
import { NotebookDb } from './db.ts';
import { NotebookLibrary } from './library.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A page of the app over a (fake) browser's IndexedDB; `reload` opens a second page on the same data. */
async function openPage(factory: IDBFactory, events = new FakeEvents()) {
  const store = createAppStore();
  const db = await NotebookDb.open('test', factory);
  let puts = 0;
  const counting = Object.create(db) as NotebookDb;
  counting.put = (doc, now) => {
    puts++;
    return db.put(doc, now);
  };
  const autosave = startAutosave(store, counting, { delayMs: 40, documentTarget: events, windowTarget: events });
  const library = new NotebookLibrary(store, counting, autosave);
  await library.restore();
  pages.push({ db, autosave });
  return { store, db, autosave, library, events, puts: () => puts };
}

class FakeEvents {
  visibilityState: DocumentVisibilityState = 'visible';
  private listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, f: () => void) {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(f);
  }
  removeEventListener(type: string, f: () => void) {
    this.listeners.get(type)?.delete(f);
  }
  fire(type: string) {
    for (const f of this.listeners.get(type) ?? []) f();
  }
}

const pages: { db: NotebookDb; autosave: Autosave }[] = [];
afterEach(() => {
  for (const p of pages.splice(0)) {
    p.autosave.dispose();
    p.db.close();
  }
});

function typeInto(store: AppStore, text: string) {
  const s = store.getState();
  s.setSource(s.notebook.selectedId!, text);
}

describe('autosave', () => {
  it('starts a new notebook on first visit and saves it', async () => {
    const page = await openPage(new IDBFactory());
    expect(page.store.getState().ui.loaded).toBe(true);
    expect(page.store.getState().ui.library.map((s) => s.title)).toEqual(['Untitled']);
    expect(await page.db.getLastOpen()).toBe(page.store.getState().notebook.doc.id);
  });

  it('debounces a burst of edits into one write', async () => {
    const page = await openPage(new IDBFactory());
    const before = page.puts();
    for (const text of ['x', 'x ', 'x =', 'x = 1']) typeInto(page.store, text);
    expect(page.store.getState().ui.save.status).toBe('unsaved');
    await sleep(10);
    expect(page.puts()).toBe(before);
    await sleep(80);
    await page.autosave.flush();
    expect(page.puts()).toBe(before + 1);
    expect(page.store.getState().ui.save.status).toBe('saved');
  });

  it('writes at once when the page is hidden, and a reload restores the edit', async () => {
    const factory = new IDBFactory();
    const page = await openPage(factory);
    typeInto(page.store, 'x = torch.ones(2, 3)');
    page.store.getState().cellStream(page.store.getState().notebook.selectedId!, 'stdout', 'hello\n');
    page.events.visibilityState = 'hidden';
    page.events.fire('visibilitychange');
    await page.autosave.flush();
    const reloaded = await openPage(factory);
    expect(describeNotebook(reloaded.store.getState().notebook)).toBe('>  [ ] code "x = torch.ones(2, 3)" | stdout "hello\\n"');
  });

  it('writes on pagehide too', async () => {
    const factory = new IDBFactory();
    const page = await openPage(factory);
    typeInto(page.store, 'mid-edit');
    page.events.fire('pagehide');
    await page.autosave.flush();
    const reloaded = await openPage(factory);
    expect(reloaded.store.getState().notebook.doc.cells[reloaded.store.getState().notebook.selectedId!].source).toBe('mid-edit');
  });

  it('reopens the notebook that was open last, and opening one writes nothing', async () => {
    const factory = new IDBFactory();
    const page = await openPage(factory);
    typeInto(page.store, 'first');
    const first = page.store.getState().notebook.doc.id;
    const second = await page.library.create();
    typeInto(page.store, 'second');
    await page.autosave.flush();
    expect(await page.library.open(first)).toBe(true);
    const writes = page.puts();
    await sleep(60);
    expect(page.puts()).toBe(writes);
    const reloaded = await openPage(factory);
    expect(reloaded.store.getState().notebook.doc.id).toBe(first);
    expect(reloaded.store.getState().ui.library.map((s) => s.title).sort()).toEqual(['Untitled', 'Untitled 1']);
    await reloaded.library.open(second.id);
    expect(describeNotebook(reloaded.store.getState().notebook)).toBe('>  [ ] code "second"');
  });

  it('keeps unsaved edits of the old notebook when switching', async () => {
    const factory = new IDBFactory();
    const page = await openPage(factory);
    const first = page.store.getState().notebook.doc.id;
    await page.library.create();
    typeInto(page.store, 'typed just before switching');
    await page.library.open(first);
    const reloaded = await openPage(factory);
    const other = reloaded.store.getState().ui.library.find((s) => s.id !== first)!;
    await reloaded.library.open(other.id);
    expect(describeNotebook(reloaded.store.getState().notebook)).toBe('>  [ ] code "typed just before switching"');
  });
});

describe('opening files', () => {
  const file = (name: string, text: string) => ({ name, text: async () => text });

  it('imports an .ipynb as a new notebook without running anything', async () => {
    const page = await openPage(new IDBFactory());
    const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: 'code', id: 'c1', metadata: {}, source: 'print(1)', execution_count: 7, outputs: [] }] };
    expect(await page.library.importFile(file('lesson.ipynb', JSON.stringify(nb)))).toBe(true);
    const state = page.store.getState();
    expect(state.notebook.doc.title).toBe('lesson');
    expect(describeNotebook(state.notebook)).toBe('>  [7] code "print(1)"');
    expect(state.kernel.queue).toEqual([]);
    expect(state.ui.library.map((s) => s.title)).toContain('lesson');
  });

  it('a malformed file gives a clear message and changes nothing', async () => {
    const factory = new IDBFactory();
    const page = await openPage(factory);
    typeInto(page.store, 'my work');
    await page.autosave.flush();
    const before = page.store.getState().notebook;
    const libraryBefore = page.store.getState().ui.library;
    expect(await page.library.importFile(file('broken.ipynb', '{"nbformat": 4, "cells": [{"cell_type": "code"}]}'))).toBe(false);
    expect(await page.library.importFile(file('notes.txt', 'hello'))).toBe(false);
    const state = page.store.getState();
    expect(state.notebook).toBe(before);
    expect(state.ui.library).toBe(libraryBefore);
    expect(state.ui.notices.map((n) => n.text)).toEqual([
      'Could not open "broken.ipynb". Cell 1 (code) has no "source". Nothing was changed.',
      '"notes.txt" is not a notebook: Glassgrad opens .ipynb files.',
    ]);
    expect((await page.db.list()).length).toBe(1);
  });

  it('deleting the open notebook opens another', async () => {
    const page = await openPage(new IDBFactory());
    const first = page.store.getState().notebook.doc.id;
    const second = await page.library.create();
    await page.library.remove(second.id);
    expect(page.store.getState().notebook.doc.id).toBe(first);
    expect((await page.db.list()).map((s) => s.id)).toEqual([first]);
  });
});
