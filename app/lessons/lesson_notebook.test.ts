import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { lintLesson, parseLesson, serializeLesson } from '../../lessons/format/index.ts';
import { describeNotebook } from '../notebook/describe.ts';
import { orderedCells } from '../notebook/model.ts';
import { bundledLessons } from './bundled.ts';
import { lessonEntry, workingCopyId } from './catalog.ts';
import { lessonCellRole, lessonToNotebook, lessonVersionOf, notebookToLesson } from './lesson_notebook.ts';

const demo = readFileSync(new URL('../../lessons/examples/format-demo.md', import.meta.url), 'utf8');
const entry = lessonEntry(demo, 'bundled', 'format-demo.md')!;

describe('lesson → notebook', () => {
  it('bundles every numbered lesson with its exercises', () => {
    const lessons = bundledLessons();
    expect(lessons.map((l) => l.fileName)).toEqual([
      '00-define-by-run.md',
      '01-running-loss.md',
      '02-validation-without-a-graph.md',
      '03-view-reshape-contiguous.md',
      '04-dropout-class-vs-function.md',
      '05-parameter-vs-requires-grad.md',
      '06-putting-it-together.md',
    ]);
    expect(lessons.find((l) => l.id === 'running-loss')?.exercises).toEqual(['train_total', 'val_total']);
  });

  it('makes Markdown, code and exercise cells; checks, hints and solutions stay out of the cells', () => {
    const doc = lessonToNotebook(entry, workingCopyId(entry));
    const { lesson } = parseLesson(demo);
    const kept = lesson.cells.filter((c) => c.kind === 'markdown' || c.kind === 'code' || c.kind === 'exercise');
    const cells = orderedCells(doc);
    expect(cells.map((c) => c.type)).toEqual(kept.map((c) => (c.kind === 'markdown' ? 'markdown' : 'code')));
    expect(cells.map((c) => c.source)).toEqual(kept.map((c) => c.source));
    expect(cells.every((c) => c.outputs.length === 0 && c.executionCount === null)).toBe(true);
    const exercise = cells.find((c) => lessonCellRole(c)?.role === 'exercise')!;
    expect(lessonCellRole(exercise)).toEqual({ role: 'exercise', lessonCell: lesson.cells.findIndex((c) => c.kind === 'exercise'), id: 'grad' });
    expect(doc.id).toBe('lesson-format-demo');
    expect(doc.title).toBe(lesson.title);
    const described = describeNotebook({ doc, selectedId: null, mode: 'command', editingMarkdown: {}, trash: [] });
    for (const part of lesson.cells.filter((c) => c.kind === 'check' || c.kind === 'solution')) expect(described).not.toContain(JSON.stringify(part.source).slice(1, -1));
  });

  it("gives each cell the lesson's version, and turns the working copy back into the lesson", () => {
    const doc = lessonToNotebook(entry, 'x');
    const exercise = orderedCells(doc).find((c) => lessonCellRole(c)?.role === 'exercise')!;
    const starter = exercise.source;
    const edited = { ...doc, cells: { ...doc.cells, [exercise.id]: { ...exercise, source: 'y = x * 3' } } };
    expect(lessonVersionOf(edited, exercise.id)).toBe(starter);
    // Unchanged: the exact lesson; edited: the student's code in place of the starter code, parts intact.
    expect(serializeLesson(notebookToLesson(doc))).toBe(demo);
    const back = notebookToLesson(edited);
    expect(lintLesson(serializeLesson(back)).filter((d) => d.severity === 'error')).toEqual([]);
    const want = parseLesson(demo).lesson;
    want.cells = want.cells.map((c) => (c.kind === 'exercise' && c.id === 'grad' ? { ...c, source: 'y = x * 3' } : c));
    expect(back).toEqual(want);
  });

  it('converts every bundled lesson and back exactly', () => {
    for (const lesson of bundledLessons()) expect(serializeLesson(notebookToLesson(lessonToNotebook(lesson, 'x')))).toBe(lesson.source);
  });
});
