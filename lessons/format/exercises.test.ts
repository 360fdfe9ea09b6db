import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exercisesOf } from './exercises.ts';
import { parseLesson } from './parse.ts';

const SAMPLE = readFileSync(new URL('../examples/format-demo.md', import.meta.url), 'utf8');

describe('exercisesOf', () => {
  it('gathers each exercise with its checks, hints and solution, by cell index', () => {
    const exercises = exercisesOf(parseLesson(SAMPLE).lesson);
    expect([...exercises.keys()]).toEqual(['grad', 'total']);
    const grad = exercises.get('grad')!;
    expect(grad.index).toBe(6);
    expect(grad.checks.map((c) => [c.index, c.cell.hidden])).toEqual([[7, false], [8, true]]);
    expect(grad.hints.map((h) => h.cell.source)).toEqual([
      '`y` is a single number, so `y.backward()` needs no argument.',
      'After `y.backward()`, PyTorch has put dy/dx in `x.grad`.',
    ]);
    expect(grad.solution).toEqual({ index: 11, cell: { kind: 'solution', for: 'grad', source: 'y.backward()' } });
  });

  it('leaves out parts that name no exercise, and a second exercise with a used id', () => {
    const exercises = exercisesOf({
      formatVersion: 1,
      id: 'x',
      title: 'X',
      cells: [
        { kind: 'exercise', id: 'a', source: 'first' },
        { kind: 'exercise', id: 'a', source: 'second' },
        { kind: 'hint', for: 'nope', source: 'h' },
      ],
    });
    expect([...exercises.values()].map((e) => [e.index, e.cell.source, e.hints.length])).toEqual([[0, 'first', 0]]);
  });
});
