// Text → model → text is exact for canonical files, and model → text → model
// is exact for every lesson, on the sample and on generated documents.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseLesson } from './parse.ts';
import { mutatedText, randomLesson, randomText } from './random_lesson.ts';
import { serializeLesson } from './serialize.ts';
import { lintLesson, validateLesson } from './validate.ts';

const SAMPLE = readFileSync(new URL('../examples/format-demo.md', import.meta.url), 'utf8');
const SEEDS = Array.from({ length: 250 }, (_, i) => i + 1);

describe('round trip', () => {
  it('writes the sample lesson back byte for byte, with nothing to report', () => {
    expect(lintLesson(SAMPLE)).toEqual([]);
    expect(serializeLesson(parseLesson(SAMPLE).lesson)).toBe(SAMPLE);
  });

  it('reads back every generated lesson exactly, and its text is canonical', () => {
    for (const seed of SEEDS) {
      const lesson = randomLesson(seed);
      expect(validateLesson(lesson), `seed ${seed}`).toEqual([]);
      const text = serializeLesson(lesson);
      expect(lintLesson(text), `seed ${seed}:\n${text}`).toEqual([]);
      expect(parseLesson(text).lesson, `seed ${seed}:\n${text}`).toStrictEqual(lesson);
    }
  });

  it('never throws on line soup, and what it reads is stable', () => {
    for (const seed of SEEDS) {
      const text = randomText(seed);
      const { lesson } = parseLesson(text);
      const written = serializeLesson(lesson);
      expect(parseLesson(written).lesson, `seed ${seed}:\n${text}`).toStrictEqual(lesson);
      expect(serializeLesson(parseLesson(written).lesson)).toBe(written);
    }
  });

  it('reports every departure from canonical form: a text with no diagnostics is written back exactly', () => {
    let exact = 0;
    for (const seed of SEEDS) {
      for (const text of [randomText(seed), mutatedText(seed)]) {
        const { lesson } = parseLesson(text);
        const written = serializeLesson(lesson);
        if (lintLesson(text).length === 0) {
          exact++;
          expect(written, `seed ${seed}:\n${JSON.stringify(text)}`).toBe(text);
        }
        expect(parseLesson(written).lesson, `seed ${seed}:\n${JSON.stringify(text)}`).toStrictEqual(lesson);
      }
    }
    // The edits must leave some texts clean, or the property would test nothing.
    expect(exact).toBeGreaterThan(20);
  });
});
