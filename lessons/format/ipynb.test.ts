import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ipynbToLesson, lessonToIpynb } from './ipynb.ts';
import { parseLesson } from './parse.ts';
import { randomLesson } from './random_lesson.ts';
import { serializeLesson } from './serialize.ts';

const SAMPLE = readFileSync(new URL('../examples/format-demo.md', import.meta.url), 'utf8');

/** Through JSON text, as a notebook file would go. */
const viaFile = (nb: unknown): unknown => JSON.parse(JSON.stringify(nb, null, 1));

describe('lessonToIpynb', () => {
  it('writes an nbformat 4.5 notebook with each cell role in metadata.glassgrad', () => {
    const { lesson } = parseLesson(SAMPLE);
    const nb = lessonToIpynb(lesson);
    expect(nb.nbformat).toBe(4);
    expect(nb.nbformat_minor).toBe(5);
    expect(nb.metadata.glassgrad).toEqual({
      'glassgrad-lesson': 1,
      id: 'format-demo',
      title: 'The lesson format, demonstrated',
      description: "Every kind of cell once; the format's tests and the lesson runner use it",
    });
    expect(nb.cells.map((c) => [c.cell_type, c.metadata.glassgrad ?? null])).toEqual([
      ['markdown', null],
      ['code', null],
      ['markdown', null],
      ['code', { role: 'code', raises: 'RuntimeError' }],
      ['markdown', null],
      ['markdown', null],
      ['code', { role: 'exercise', id: 'grad' }],
      ['code', { role: 'check', for: 'grad', hidden: false }],
      ['code', { role: 'check', for: 'grad', hidden: true }],
      ['markdown', { role: 'hint', for: 'grad' }],
      ['markdown', { role: 'hint', for: 'grad' }],
      ['code', { role: 'solution', for: 'grad' }],
      ['markdown', null],
      ['code', { role: 'exercise', id: 'total' }],
      ['code', { role: 'check', for: 'total', hidden: false }],
      ['markdown', { role: 'hint', for: 'total' }],
      ['code', { role: 'solution', for: 'total' }],
      ['markdown', null],
    ]);
    // Jupyter's conventions: unique cell ids, sources as lines, code cells with empty outputs.
    expect(new Set(nb.cells.map((c) => c.id)).size).toBe(nb.cells.length);
    expect(nb.cells.every((c) => /^[a-zA-Z0-9-_]{1,64}$/.test(c.id!))).toBe(true);
    expect(nb.cells[1]!.source).toEqual(['import torch\n', '\n', 'x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)\n', 'y = (x * x).sum()\n', 'print(y)']);
    expect(nb.cells[1]).toMatchObject({ execution_count: null, outputs: [] });
    // Hidden checks, hints and solutions start collapsed in JupyterLab; a cell that raises carries Jupyter Book's tag.
    expect(nb.cells[8]!.metadata.jupyter).toEqual({ source_hidden: true });
    expect(nb.cells[7]!.metadata.jupyter).toBeUndefined();
    expect(nb.cells[11]!.metadata.jupyter).toEqual({ source_hidden: true });
    expect(nb.cells[3]!.metadata.tags).toEqual(['raises-exception']);
  });
});

describe('ipynbToLesson', () => {
  it('reads back the sample lesson exactly', () => {
    const { lesson } = parseLesson(SAMPLE);
    const back = ipynbToLesson(viaFile(lessonToIpynb(lesson)));
    expect(back.errors).toEqual([]);
    expect(back.lesson).toStrictEqual(lesson);
    expect(serializeLesson(back.lesson)).toBe(SAMPLE);
  });

  it('reads back every generated lesson exactly', () => {
    for (let seed = 1; seed <= 250; seed++) {
      const lesson = randomLesson(seed);
      const back = ipynbToLesson(viaFile(lessonToIpynb(lesson)));
      expect(back.errors, `seed ${seed}`).toEqual([]);
      expect(back.lesson, `seed ${seed}`).toStrictEqual(lesson);
    }
  });

  it('reads a plain Jupyter notebook: string sources, CRLF, outputs and raw cells dropped, Markdown trimmed', () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { glassgrad: { 'glassgrad-lesson': 1, id: 'plain', title: 'Plain' } },
      cells: [
        { cell_type: 'markdown', metadata: {}, source: '\n# Title\r\n\n' },
        { cell_type: 'code', metadata: {}, source: ['x = 1\n', 'x'], outputs: [{ output_type: 'execute_result' }], execution_count: 3 },
        { cell_type: 'raw', metadata: {}, source: 'raw' },
        { cell_type: 'markdown', metadata: {}, source: '  \n' },
      ],
    };
    const { lesson, errors } = ipynbToLesson(nb);
    expect(lesson).toStrictEqual({
      formatVersion: 1,
      id: 'plain',
      title: 'Plain',
      cells: [
        { kind: 'markdown', source: '# Title' },
        { kind: 'code', source: 'x = 1\nx' },
      ],
    });
    expect(errors.map((e) => `${e.severity} ${e.path} ${e.message}`)).toEqual([
      'warning /cells/2 raw cells have no place in a lesson and are left out',
      'info /cells/3 an empty Markdown cell is left out',
    ]);
  });

  it('reports what is not a lesson notebook, and never throws', () => {
    expect(ipynbToLesson(null).errors.map((e) => e.message)).toEqual(['a notebook is a JSON object']);
    const foreign = ipynbToLesson({ nbformat: 3, metadata: {}, cells: [{ cell_type: 'code', metadata: { glassgrad: { role: 'quiz' } }, source: '' }] });
    expect(foreign.errors.map((e) => `${e.path} ${e.message}`)).toEqual([
      '/nbformat this reads nbformat 4 notebooks; this one is nbformat 3',
      '/metadata not a glassgrad lesson: the notebook has no metadata.glassgrad (id, title)',
      "/cells/0/metadata/glassgrad/role metadata.glassgrad.role 'quiz' is not one of markdown, code, exercise, check, hint, solution",
    ]);
    expect(foreign.lesson.cells).toEqual([{ kind: 'code', source: '' }]);
  });
});
