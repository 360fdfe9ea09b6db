// The lesson service over a hand-driven kernel and fake IndexedDB: opening a
// lesson runs nothing, an exercise's checks run after it in the same kernel,
// progress is stored, lesson files are checked before anything changes.
import { IDBFactory } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { KernelSession } from '../kernel/session.ts';
import { NotebookDb } from '../persistence/db.ts';
import { createAppStore } from '../store/store.ts';
import { HandDrivenKernel } from '../test_support/hand_driven_kernel.ts';
import { lessonEntry } from './catalog.ts';
import { LessonDb } from './lesson_db.ts';
import { checkKey } from './lesson_slice.ts';
import { LessonService } from './lesson_service.ts';

const LESSON = `---
glassgrad-lesson: 1
id: tiny
title: Tiny
---

\`\`\`python raises=ZeroDivisionError
1 / 0
\`\`\`

\`\`\`{exercise} id=ex
total = 5
\`\`\`

\`\`\`{check} for=ex
assert total == 6, f"total is {total}"
\`\`\`

\`\`\`{check} for=ex hidden
assert isinstance(total, int)
\`\`\`

\`\`\`{solution} for=ex
total = 6
\`\`\`
`;

async function setUp() {
  const store = createAppStore();
  const kernel = new HandDrivenKernel();
  const session = new KernelSession(store, kernel);
  const factory = new IDBFactory();
  const notebooks = await NotebookDb.open('nb', factory);
  const lessons = await LessonDb.open('lessons', factory);
  const downloads: { fileName: string; text: string }[] = [];
  let now = 1000;
  const service = new LessonService({
    store,
    client: kernel,
    notebooks,
    lessons,
    openNotebook: async (id) => store.getState().openDoc((await notebooks.get(id))!),
    download: (fileName, text) => void downloads.push({ fileName, text }),
    bundled: [lessonEntry(LESSON, 'bundled', '00-tiny.md')!],
    now: () => now++,
  });
  await service.load();
  return { store, kernel, session, service, lessons, notebooks, downloads, factory };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('LessonService', () => {
  it('opens a lesson without running it, runs the checks after the exercise and stores progress', async () => {
    const { store, kernel, session, service, lessons } = await setUp();
    await service.openLesson(store.getState().lessons.catalog[0]);
    const doc = store.getState().notebook.doc;
    expect(doc.id).toBe('lesson-tiny');
    expect(kernel.runs).toEqual([]);

    const [raisesId, exId] = doc.cellOrder;
    session.run([raisesId, exId]);
    await flush();
    // The cell meant to raise does; Run all goes on to the exercise.
    kernel.runs[0].handlers.onError?.({ type: 'error', runId: 1, ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: [], frames: [] });
    kernel.runs.shift()!.finish({ status: 'error', durationMs: 1 });
    await flush();
    expect(kernel.runs.map((r) => r.code)).toEqual(['total = 5']);
    kernel.runs.shift()!.finish({ status: 'ok', durationMs: 1 });
    await flush();
    expect(kernel.runs.map((r) => r.cellName)).toEqual(['<check 1 of ex>', '<check 2 of ex>']);
    expect(store.getState().lessons.checks[checkKey(doc.id, exId)]).toEqual({ status: 'running' });
    const first = kernel.runs.shift()!;
    first.handlers.onError?.({ type: 'error', runId: 3, ename: 'AssertionError', evalue: 'total is 5', traceback: [], frames: [] });
    first.finish({ status: 'error', durationMs: 1 });
    kernel.runs.shift()!.finish({ status: 'ok', durationMs: 1 });
    await flush();
    expect(store.getState().lessons.checks[checkKey(doc.id, exId)]).toMatchObject({
      status: 'done',
      passed: false,
      checks: [
        { number: 1, hidden: false, passed: false, message: 'AssertionError: total is 5' },
        { number: 2, hidden: true, passed: true },
      ],
    });
    await service.settled();
    expect(await lessons.allProgress()).toEqual([{ lessonId: 'tiny', exercises: { ex: { attempts: 1, passed: false, lastAttemptAt: expect.any(Number) } } }]);

    // The solution passes.
    store.getState().replaceCellSource(exId, 'total = 6');
    session.run([exId]);
    await flush();
    kernel.runs.shift()!.finish({ status: 'ok', durationMs: 1 });
    await flush();
    for (const run of kernel.runs.splice(0)) run.finish({ status: 'ok', durationMs: 1 });
    await flush();
    await service.settled();
    expect((await lessons.allProgress())[0].exercises.ex).toMatchObject({ attempts: 2, passed: true, firstPassedAt: expect.any(Number) });

    service.downloadResults();
  });

  it('counts the checks as failed, without running them, when the exercise raises', async () => {
    const { store, kernel, session, service } = await setUp();
    await service.openLesson(store.getState().lessons.catalog[0]);
    const exId = store.getState().notebook.doc.cellOrder[1];
    session.run([exId]);
    await flush();
    kernel.runs[0].handlers.onError?.({ type: 'error', runId: 1, ename: 'NameError', evalue: "name 'x' is not defined", traceback: [], frames: [] });
    kernel.runs.shift()!.finish({ status: 'error', durationMs: 1 });
    await flush();
    expect(kernel.runs).toEqual([]);
    expect(store.getState().lessons.checks[checkKey('lesson-tiny', exId)]).toMatchObject({
      status: 'done',
      passed: false,
      checks: [{ number: 1, passed: false, message: "not run: the exercise raised NameError: name 'x' is not defined" }, { number: 2 }],
    });
  });

  it('opens a valid lesson file as an authored lesson and refuses a malformed one, changing nothing', async () => {
    const { store, service, lessons, downloads } = await setUp();
    const before = store.getState().notebook.doc;
    const bad = LESSON.replace('```{solution} for=ex\ntotal = 6\n```\n', '');
    expect(await service.openFile({ name: 'bad.md', text: async () => bad })).toBe(false);
    expect(store.getState().notebook.doc).toBe(before);
    expect(await lessons.allAuthored()).toEqual([]);
    expect(store.getState().ui.notices.map((n) => n.text)).toEqual([`"bad.md" is not a valid lesson: line 11: exercise 'ex' has no {solution}. Nothing was changed.`]);

    const other = LESSON.replace('id: tiny', 'id: other').replace('title: Tiny', 'title: Other');
    expect(await service.openFile({ name: 'other.md', text: async () => other })).toBe(true);
    expect(store.getState().notebook.doc.id).toBe('lesson-authored-other');
    expect(store.getState().lessons.catalog.map((e) => `${e.origin}:${e.id}`)).toEqual(['bundled:tiny', 'authored:other']);

    service.exportLessonText();
    service.exportLessonIpynb();
    expect(downloads.map((d) => d.fileName)).toEqual(['other.md', 'other.ipynb']);
    expect(downloads[0].text).toBe(other);
    expect(JSON.parse(downloads[1].text).metadata.glassgrad).toEqual({ 'glassgrad-lesson': 1, id: 'other', title: 'Other' });
  });
});
