import { describe, expect, it } from 'vitest';
import { openDoc } from '../notebook/transitions.ts';
import { lessonEntry } from './catalog.ts';
import { lessonCellRole, lessonToNotebook } from './lesson_notebook.ts';
import { describeDiff, lineDiff } from './line_diff.ts';
import { replaceSource, resetCellToLesson, revealHint, revealSolution } from './transitions.ts';

const LESSON = `---
glassgrad-lesson: 1
id: tiny
title: Tiny
---

\`\`\`python
import torch
\`\`\`

\`\`\`{exercise} id=ex
total = 0
for i in range(3):
    total += i
\`\`\`

\`\`\`{check} for=ex
assert total == 6, f"total is {total}"
\`\`\`

\`\`\`{hint} for=ex
range(4)
\`\`\`

\`\`\`{hint} for=ex
0 + 1 + 2 + 3
\`\`\`

\`\`\`{solution} for=ex
total = sum(range(4))
\`\`\`
`;

const doc = lessonToNotebook(lessonEntry(LESSON, 'bundled', 'tiny.md')!, 'lesson-tiny');
const [codeId, exId] = doc.cellOrder;

describe('lesson cell transitions', () => {
  it('reveals hints one at a time, up to the number there are', () => {
    let s = openDoc(doc);
    s = revealHint(s, exId, 2);
    expect(lessonCellRole(s.doc.cells[exId])?.hintsShown).toBe(1);
    s = revealHint(s, exId, 2);
    const after = revealHint(s, exId, 2);
    expect(after).toBe(s);
    expect(lessonCellRole(s.doc.cells[exId])?.hintsShown).toBe(2);
    expect(revealHint(s, codeId, 2).doc.cells[codeId]).toBe(s.doc.cells[codeId]);
  });

  it('reveals the solution once', () => {
    const s = revealSolution(openDoc(doc), exId);
    expect(lessonCellRole(s.doc.cells[exId])?.solutionShown).toBe(true);
    expect(revealSolution(s, exId)).toBe(s);
  });

  it("resets an edited exercise to its starter code, dropping outputs, and shows the diff first", () => {
    let s = openDoc(doc);
    s = replaceSource(s, exId, 'total = 0\nfor i in range(4):\n    total += i\nprint(total)');
    s = { ...s, doc: { ...s.doc, cells: { ...s.doc.cells, [exId]: { ...s.doc.cells[exId], outputs: [{ type: 'stream', name: 'stdout', text: '6\n' }], executionCount: 3 } } } };
    expect(describeDiff(lineDiff(s.doc.cells[exId].source, doc.cells[exId].source))).toBe(
      ['  total = 0', '- for i in range(4):', '+ for i in range(3):', '      total += i', '- print(total)'].join('\n').replace('-     total', '      total'),
    );
    const reset = resetCellToLesson(s, exId);
    expect(reset.doc.cells[exId]).toMatchObject({ source: doc.cells[exId].source, outputs: [], executionCount: null });
    expect(lessonCellRole(reset.doc.cells[exId])).toEqual(lessonCellRole(doc.cells[exId]));
    expect(resetCellToLesson(reset, exId)).toBe(reset);
  });

  it('leaves a cell that is not from the lesson alone', () => {
    const s = openDoc({ ...doc, cells: { ...doc.cells, extra: { id: 'extra', type: 'code', source: 'x', outputs: [], executionCount: null, metadata: {} } }, cellOrder: [...doc.cellOrder, 'extra'] });
    expect(resetCellToLesson(s, 'extra')).toBe(s);
  });
});
