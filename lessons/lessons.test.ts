// Every lesson in lessons/ (NN-name.md): canonical text that validates, an
// .ipynb round trip without loss, and CI's check of its exercises: run
// through the CLI (`npx glassgrad check LESSON --verify`, spawned as CI and
// instructors run it), every
// check fails on the starter code and passes on the solutions, and no cell
// raises what it does not declare.
//
// Each pass needs a fresh Python namespace, and the runner's API gives one
// only by a fresh Pyodide (InProcessKernelClient.start() or restart(): the
// same cost, ~1 s from the start-up snapshot), so nothing is shared between
// passes and the CLI itself is what runs here, in its own process.
//
// The lessons compare some of their measurements with PyTorch's in code
// ("the same bytes as PyTorch: True"); a False there means the prose around
// it no longer holds, so those lines are checked too.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exercisesOf } from './format/exercises.ts';
import { ipynbToLesson, lessonToIpynb } from './format/ipynb.ts';
import { parseLesson } from './format/parse.ts';
import { lintLesson } from './format/validate.ts';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const DIR = new URL('./', import.meta.url);
const LESSON_FILES = fs
  .readdirSync(DIR)
  .filter((f) => /^\d\d-[a-z0-9-]+\.md$/.test(f))
  .sort();

const read = (file: string): string => fs.readFileSync(new URL(file, DIR), 'utf8');

describe('the lessons', () => {
  it('are numbered 00, 01, … without gaps', () => {
    expect(LESSON_FILES.length).toBeGreaterThanOrEqual(7);
    expect(LESSON_FILES.map((f) => f.slice(0, 2))).toEqual(LESSON_FILES.map((_, i) => String(i).padStart(2, '0')));
  });

  it.each(LESSON_FILES)('%s is canonical, valid, and converts to .ipynb and back without loss', (file) => {
    const text = read(file);
    expect(lintLesson(text)).toEqual([]);
    const { lesson } = parseLesson(text);
    expect(ipynbToLesson(JSON.parse(JSON.stringify(lessonToIpynb(lesson))))).toEqual({ lesson, errors: [] });
    // Every exercise comes with at least one hint (the format requires a check and a solution).
    for (const [id, exercise] of exercisesOf(lesson)) expect(exercise.hints.length, `hints of '${id}'`).toBeGreaterThan(0);
  });
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** `node bin/glassgrad.mjs check lessons/FILE --verify --output`: exit status and everything it printed. */
function glassgradCheck(file: string): Promise<{ status: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['bin/glassgrad.mjs', 'check', `lessons/${file}`, '--verify', '--output'],
      { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const status = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ status, out: stdout + stderr });
      },
    );
  });
}

describe('glassgrad check --verify', () => {
  it.each(LESSON_FILES)(
    '%s: every check fails on the starter code and passes on the solutions',
    async (file) => {
      const { status, out } = await glassgradCheck(file);
      const lines = out.split('\n');
      const report = lines.filter((l) => /^(==|✓|✗|!|ok:|FAILED:)/.test(l)).join('\n');
      expect(report.split('\n').at(-1), report).toMatch(/^ok: \d+ check results as required \(starter code, solutions\)$/);
      expect(status, report).toBe(0);
      const solutionsStart = lines.findIndex((l) => l.startsWith('== solutions'));
      const [starterReport, solutionsReport] = [lines.slice(0, solutionsStart), lines.slice(solutionsStart)];
      expect(starterReport.filter((l) => /^✓ check .* fails /.test(l)).length, report).toBeGreaterThan(0);
      expect(solutionsReport.filter((l) => /^✓ check .* passes /.test(l)).length, report).toBeGreaterThan(0);
      const solutionsOutput = solutionsReport;
      expect(solutionsOutput.filter((l) => /(as PyTorch|flat):.*\bFalse\b/.test(l))).toEqual([]);
    },
    300_000,
  );
});
