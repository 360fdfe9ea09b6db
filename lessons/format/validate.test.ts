import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Cell, Lesson } from './model.ts';
import { formatDocExample } from './format_doc.ts';
import { parseLesson } from './parse.ts';
import { serializeLesson } from './serialize.ts';
import { lintLesson, validateLesson } from './validate.ts';

const SAMPLE = readFileSync(new URL('../examples/format-demo.md', import.meta.url), 'utf8');
const HEAD = '---\nglassgrad-lesson: 1\nid: demo\ntitle: Demo\n---\n\n';

function lesson(cells: Cell[]): Lesson {
  return { formatVersion: 1, id: 'demo', title: 'Demo', cells };
}

const messages = (l: Lesson): string[] => validateLesson(l).map((d) => `${d.path} ${d.message}`);
const exercise = (id: string): Cell[] => [
  { kind: 'exercise', id, source: 'x = 0' },
  { kind: 'check', for: id, hidden: false, source: 'assert x == 1' },
  { kind: 'solution', for: id, source: 'x = 1' },
];

describe('validateLesson', () => {
  it('accepts the sample lesson', () => {
    expect(validateLesson(parseLesson(SAMPLE).lesson)).toEqual([]);
  });

  it('reads only the format version it knows', () => {
    expect(messages({ ...lesson([]), formatVersion: 2 })).toEqual([
      '/formatVersion this lesson is glassgrad-lesson 2; this build reads glassgrad-lesson 1',
    ]);
  });

  it('requires an id and a title in the front matter', () => {
    expect(messages({ ...lesson([]), id: '', title: '' })).toEqual([
      '/id the front matter has no id: add `id: …` (lower-case letters, digits and -)',
      '/title the front matter has no title: add `title: …`',
    ]);
    expect(messages({ ...lesson([]), id: 'Lesson 1' })).toEqual([
      '/id the lesson id is lower-case letters, digits and -, starting with a letter or digit',
    ]);
  });

  it('requires unique exercise ids, each with a check and exactly one solution', () => {
    expect(messages(lesson([...exercise('ex1'), ...exercise('ex1')]))).toEqual([
      "/cells/3/id exercise id 'ex1' is used twice (first on line 1)",
    ]);
    expect(messages(lesson([{ kind: 'exercise', id: 'ex1', source: '' }, { kind: 'hint', for: 'ex1', source: 'try' }]))).toEqual([
      "/cells/0 exercise 'ex1' has no {check}",
      "/cells/0 exercise 'ex1' has no {solution}",
    ]);
    expect(messages(lesson([...exercise('ex1'), { kind: 'solution', for: 'ex1', source: '' }]))).toEqual([
      "/cells/3 exercise 'ex1' already has a {solution}",
    ]);
  });

  it('requires every check, hint and solution to name an exercise and follow it directly', () => {
    const [ex, check, solution] = exercise('ex1');
    expect(messages(lesson([check!, ex!, solution!]))).toEqual([
      "/cells/0 a {check} for 'ex1' must come right after exercise 'ex1' or its other checks, hints and solution",
      "/cells/1 exercise 'ex1' has no {check}",
    ]);
    expect(messages(lesson([ex!, check!, { kind: 'markdown', source: 'text' }, solution!]))).toEqual([
      "/cells/3 a {solution} for 'ex1' must come right after exercise 'ex1' or its other checks, hints and solution",
      "/cells/0 exercise 'ex1' has no {solution}",
    ]);
    expect(messages(lesson([...exercise('ex1'), { kind: 'hint', for: 'ex2', source: 'h' }, { kind: 'hint', for: '', source: 'h' }]))).toEqual([
      "/cells/3/for {hint} for=ex2: there is no exercise 'ex2' in this lesson",
      '/cells/4/for a {hint} needs for=EXERCISE (the id of the exercise it belongs to)',
    ]);
  });

  it('checks the shape of the model against the JSON schema', () => {
    const bad = {
      formatVersion: 1,
      id: 'demo',
      title: 'Demo',
      colour: 'red',
      cells: [
        { kind: 'code', source: 'x', raises: 'not a name' },
        { kind: 'markdown', source: '\nstarts blank' },
        { kind: 'check', for: 'ex1', source: 'x' },
        { kind: 'widget', source: '' },
      ],
    } as unknown as Lesson;
    expect(messages(bad).sort()).toEqual([
      "/cells/2/for {check} for=ex1: there is no exercise 'ex1' in this lesson",
      "/cells/2 this cell must have required property 'hidden'",
      "/cells/3/kind 'kind' must be equal to one of the allowed values",
      " the lesson has an unknown property 'colour'",
      '/cells/0/raises raises= names an exception class, e.g. raises=IndexError',
      '/cells/1/source a Markdown cell must not be empty, and its first and last lines must not be blank',
    ].sort());
  });

  it('rejects Markdown that the text format cannot hold', () => {
    const l = lesson([{ kind: 'markdown', source: 'Look:\n```python\nx = 1\n```' }, { kind: 'code', source: '' }]);
    expect(messages(l)).toEqual([
      '/cells/0/source line 2 of this Markdown cell would start a cell (a ```python or ```{…} fence at column 1, or +++): indent it, or write ```py to show code',
    ]);
    expect(messages(lesson([{ kind: 'markdown', source: 'a\n```text' }, { kind: 'code', source: '' }]))).toEqual([
      '/cells/0/source line 2 of this Markdown cell opens a fence that is never closed',
    ]);
  });
});

describe('lintLesson', () => {
  it('finds nothing to say about the complete example in FORMAT.md', () => {
    const example = formatDocExample(readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8'));
    expect(lintLesson(example)).toEqual([]);
    expect(serializeLesson(parseLesson(example).lesson)).toBe(example);
  });

  it('positions content errors in the text, for editor markers', () => {
    const text = HEAD + '```{exercise} id=ex1\nx = 0\n```\n\n```{hint} for=ex1\nTry.\n```\n\n```{check} for=ex2\nassert x\n```\n';
    expect(lintLesson(text)).toEqual([
      { message: "exercise 'ex1' has no {check}", line: 7, column: 1, endLine: 7, endColumn: 21, severity: 'error', path: '/cells/0' },
      { message: "exercise 'ex1' has no {solution}", line: 7, column: 1, endLine: 7, endColumn: 21, severity: 'error', path: '/cells/0' },
      { message: "{check} for=ex2: there is no exercise 'ex2' in this lesson", line: 15, column: 1, endLine: 15, endColumn: 19, severity: 'error', path: '/cells/2/for' },
    ]);
    const version = lintLesson('---\nglassgrad-lesson: 3\nid: demo\ntitle: Demo\n---\n');
    expect(version).toEqual([
      { message: 'this lesson is glassgrad-lesson 3; this build reads glassgrad-lesson 1', line: 2, column: 1, endLine: 2, endColumn: 20, severity: 'error', path: '/formatVersion' },
    ]);
  });
});
