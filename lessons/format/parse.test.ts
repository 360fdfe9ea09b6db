import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from './model.ts';
import { parseLesson } from './parse.ts';

const SAMPLE = readFileSync(new URL('../examples/format-demo.md', import.meta.url), 'utf8');
const HEAD = '---\nglassgrad-lesson: 1\nid: demo\ntitle: Demo\n---\n\n';

/** Diagnostics as "line:column-endLine:endColumn severity message" for compact expectations. */
function brief(text: string): string[] {
  return parseLesson(text).errors.map((d: Diagnostic) => `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.severity} ${d.message}`);
}

describe('parseLesson', () => {
  it('reads the sample lesson: front matter, every kind of cell, and where each sits', () => {
    const { lesson, errors, map } = parseLesson(SAMPLE);
    expect(errors).toEqual([]);
    expect(lesson.formatVersion).toBe(1);
    expect(lesson.id).toBe('format-demo');
    expect(lesson.title).toBe('The lesson format, demonstrated');
    expect(lesson.cells.map((c) => c.kind)).toEqual([
      'markdown', 'code', 'markdown', 'code', 'markdown', 'markdown',
      'exercise', 'check', 'check', 'hint', 'hint', 'solution',
      'markdown', 'exercise', 'check', 'hint', 'solution', 'markdown',
    ]);
    expect(lesson.cells[3]).toEqual({ kind: 'code', source: 'torch.arange(6).view(4, 2)', raises: 'RuntimeError' });
    expect(lesson.cells[8]).toEqual({ kind: 'check', for: 'grad', hidden: true, source: 'assert x.grad is not None and x.grad.shape == x.shape' });
    // A ```text block and a ````markdown block holding lesson syntax stay inside their Markdown cells.
    expect(lesson.cells[4]!.source).toContain('```text\ntensor(14., grad_fn=<SumBackward0>)\n```');
    expect(lesson.cells[17]!.source).toMatch(/^This is how[\s\S]*````markdown\n```\{exercise\} id=total[\s\S]*````$/);
    // The source map: the first code cell's fence is on line 13 and its body starts on line 14.
    const lines = SAMPLE.split('\n');
    expect(lines[map.cells[1]!.header.line - 1]).toBe('```python');
    expect(map.cells[1]!.bodyLine).toBe(map.cells[1]!.header.line + 1);
    expect(lines[map.cells[1]!.range.endLine - 1]).toBe('```');
    expect(map.fields.title).toEqual({ line: 4, column: 1, endLine: 4, endColumn: 39 });
    map.cells.forEach((span, i) => {
      const cell = lesson.cells[i]!;
      const body = lines.slice(span.bodyLine - 1, span.bodyLine - 1 + cell.source.split('\n').length).join('\n');
      expect(body, `cell ${i}`).toBe(cell.source);
    });
  });

  it('keeps code exactly: blank lines, indentation, and backtick lines under a longer fence', () => {
    const text = HEAD + '````python\n\nx = """\n```\n"""\n  \n````\n';
    const { lesson, errors } = parseLesson(text);
    expect(errors).toEqual([]);
    expect(lesson.cells).toEqual([{ kind: 'code', source: '\nx = """\n```\n"""\n  ' }]);
  });

  it('splits two Markdown cells at +++, and treats fenced +++ and ```python in Markdown as text', () => {
    const text = HEAD + 'one\n\n+++\n\ntwo\n~~~\n+++\n```python\n~~~\n';
    expect(parseLesson(text).lesson.cells).toEqual([
      { kind: 'markdown', source: 'one' },
      { kind: 'markdown', source: 'two\n~~~\n+++\n```python\n~~~' },
    ]);
  });

  it('reads an empty cell and a lesson without cells', () => {
    expect(parseLesson(HEAD + '```python\n```\n').lesson.cells).toEqual([{ kind: 'code', source: '' }]);
    const bare = parseLesson('---\nglassgrad-lesson: 1\nid: demo\ntitle: Demo\n---\n');
    expect(bare.errors).toEqual([]);
    expect(bare.lesson).toEqual({ formatVersion: 1, id: 'demo', title: 'Demo', cells: [] });
  });

  it('reads quoted front-matter values as JSON strings', () => {
    const { lesson, errors } = parseLesson('---\nglassgrad-lesson: 1\nid: demo\ntitle: "Validation: \\"no_grad\\""\ndescription: "yes"\n---\n');
    expect(errors).toEqual([]);
    expect(lesson.title).toBe('Validation: "no_grad"');
    expect(lesson.description).toBe('yes');
  });

  it('reports syntax errors where they are, and still reads the rest', () => {
    const text = [
      '---', 'glassgrad-lesson: one', 'id: demo', 'colour: red', 'title: Demo', '---', '',
      '```{note}', 'ignored', '```', '',
      '```{check} for=ex1 hidden=yes bogus', 'assert True', '```', '',
      '+++ x', '',
      '```python', 'x = 1', '',
    ].join('\n');
    const { lesson } = parseLesson(text);
    expect(brief(text)).toEqual([
      "2:19-2:22 error glassgrad-lesson is the format version, a whole number (this build reads 1); got 'one'",
      "4:1-4:7 error unknown front-matter key 'colour' (the keys are glassgrad-lesson, id, title, description)",
      '8:4-8:10 error unknown directive {note}: a cell is ```python or one of {exercise}, {check}, {hint}, {solution}',
      "12:20-12:30 error 'hidden' is a flag and takes no value: write 'hidden'",
      "12:31-12:36 error {check} takes no attribute 'bogus' (it takes: for=…, hidden)",
      '16:4-16:6 error a +++ line separates two Markdown cells and holds nothing else',
      '16:1-16:6 info +++ only separates two Markdown cells: remove it here',
      "18:1-18:10 error this cell's ``` fence is never closed, so the rest of the file is its code: close it with ```",
    ].sort(byPosition));
    expect(lesson.formatVersion).toBe(1);
    expect(lesson.title).toBe('Demo');
    expect(lesson.cells).toEqual([
      { kind: 'check', for: 'ex1', hidden: false, source: 'assert True' },
      { kind: 'code', source: 'x = 1' },
    ]);
  });

  it('reports a missing front matter, and an unclosed one without losing the body', () => {
    expect(brief('# Title\n')[0]).toBe('1:1-1:8 error a lesson starts with front matter: ---, glassgrad-lesson: 1, id: …, title: …, ---');
    const unclosed = parseLesson('---\nglassgrad-lesson: 1\nid: demo\n\n```python\nx\n```\n');
    expect(unclosed.errors.map((d) => d.message)).toContain('the front matter is not closed by a --- line');
    expect(unclosed.lesson.id).toBe('demo');
    expect(unclosed.lesson.cells).toEqual([{ kind: 'code', source: 'x' }]);
    expect(brief('---\nid: demo\n---\n')).toContain(
      '1:1-1:4 error the front matter has no glassgrad-lesson (the format version): add `glassgrad-lesson: 1`',
    );
  });

  it('reports an unclosed Markdown fence, and a cell fence that Markdown will only show', () => {
    expect(brief(HEAD + 'text\n  ```python\nx\n  ```\n\n~~~\nrest\n')).toEqual([
      '8:1-8:12 warning this fence is indented or uses ~~~, so it is shown as Markdown, not run: start it at column 1 with ``` to make a cell, or write ```py to show code',
      '12:1-12:4 error this ~~~ fence is never closed, so the rest of the file is Markdown: close it with ~~~',
    ]);
  });

  it('marks text that is not in canonical form as info, saying what to write', () => {
    const text = [
      '---', 'glassgrad-lesson:1', 'title: "Demo"', 'id: demo', 'description: "a: b"', '---',
      '```{check}   hidden  for=ex1', 'x', '`````', '', '', 'prose', '',
    ].join('\r\n') + '\n\n';
    expect(brief(text)).toEqual([
      '1:1-1:4 info the file has CRLF line endings; it is saved with LF',
      '2:1-2:19 info write this line as: glassgrad-lesson: 1',
      '2:1-5:20 info front-matter keys go in the order glassgrad-lesson, id, title, description',
      '3:1-3:14 info write this line as: title: Demo',
      '7:1-7:1 info separate blocks with exactly one empty line',
      '7:1-7:29 info write this line as: ```{check} for=ex1 hidden',
      '9:1-9:6 info write this line as: ```',
      '10:1-11:1 info separate blocks with exactly one empty line',
      '13:1-14:1 info remove the blank lines at the end of the file',
    ]);
    expect(brief(HEAD + 'x')).toEqual(['7:2-7:2 info end the file with a newline']);
    expect(brief(HEAD + '```python\n\n```\n')).toEqual(['8:1-8:1 info an empty cell has its closing fence on the next line']);
  });
});

function byPosition(a: string, b: string): number {
  const pos = (s: string): number[] => s.split(' ')[0]!.split(/[:-]/).map(Number);
  const [x, y] = [pos(a), pos(b)];
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}
