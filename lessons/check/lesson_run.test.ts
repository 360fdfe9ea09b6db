// The lesson runner end to end: real Pyodide, the engine and the in-process
// kernel, on the sample lesson and on broken variants of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessKernelClient } from '../../engine/runtime/in_process_kernel.ts';
import { formatDocExample } from '../format/format_doc.ts';
import type { Lesson } from '../format/model.ts';
import { parseLesson } from '../format/parse.ts';
import { SOLUTIONS_PLAN, failures, isolatedPlans, runLesson, starterPlan, type CheckResult, type PassResult, type RunPlan } from './lesson_run.ts';
import { runLessonCli } from './run_lesson.ts';

const SAMPLE_FILE = 'lessons/examples/format-demo.md';
const SAMPLE = fs.readFileSync(new URL('../examples/format-demo.md', import.meta.url), 'utf8');

let client: InProcessKernelClient;

beforeAll(async () => {
  client = await InProcessKernelClient.start();
}, 120_000);

afterAll(() => client?.dispose());

/** Each pass in a fresh kernel, as the CLI runs them. */
async function pass(text: string, plan: (lesson: Lesson) => RunPlan, filename = SAMPLE_FILE): Promise<PassResult> {
  await client.restart();
  const { lesson, map, errors } = parseLesson(text);
  expect(errors.filter((e) => e.severity === 'error')).toEqual([]);
  return runLesson(client, lesson, plan(lesson), { filename, map });
}

const checks = (p: PassResult): CheckResult[] => p.steps.filter((s): s is CheckResult => s.kind === 'check');
const brief = (p: PassResult): string[] => checks(p).map((c) => `${c.exercise}#${c.number} ${c.passed ? 'passes' : `fails: ${c.message}`}`);

describe('runLesson on the sample lesson', () => {
  it('fails every check on the starter code, with the assertion message or the failing line', async () => {
    const p = await pass(SAMPLE, starterPlan);
    expect(brief(p)).toEqual([
      'grad#1 fails: AssertionError: x.grad is None: nothing has called backward() yet',
      'grad#2 fails: AssertionError: assert x.grad is not None and x.grad.shape == x.shape',
      'total#1 fails: AssertionError: total is a Tensor; add loss.item(), a Python float',
    ]);
    expect(checks(p).map((c) => c.line)).toEqual([44, 49, 77]);
    // The demonstration that raises RuntimeError as declared is no problem.
    expect(p.steps.find((s) => s.kind === 'code' && s.raises === 'RuntimeError')).toMatchObject({ error: { ename: 'RuntimeError' } });
    expect(failures(p)).toEqual([]);
  });

  it('passes every check on the solutions', async () => {
    const p = await pass(SAMPLE, () => SOLUTIONS_PLAN);
    expect(brief(p)).toEqual(['grad#1 passes', 'grad#2 passes', 'total#1 passes']);
    expect(p.steps.filter((s) => s.kind === 'exercise').map((s) => s.kind === 'exercise' && s.ran)).toEqual(['solution', 'solution']);
    expect(failures(p)).toEqual([]);
  });

  it('runs one exercise on its starter code with the others solved', async () => {
    const [grad] = isolatedPlans(parseLesson(SAMPLE).lesson);
    const p = await pass(SAMPLE, () => grad!);
    expect(brief(p).map((b) => b.slice(0, 14))).toEqual(['grad#1 fails: ', 'grad#2 fails: ', 'total#1 passes']);
    expect(failures(p)).toEqual([]);
  });
});

describe('runLesson on the example in FORMAT.md', () => {
  it('fails its checks on the starter code and passes them on the solution, engine facts included', async () => {
    const example = formatDocExample(fs.readFileSync(new URL('../FORMAT.md', import.meta.url), 'utf8'));
    const starter = await pass(example, starterPlan, 'FORMAT-example.md');
    expect(brief(starter)).toEqual([
      'total#1 fails: AssertionError: total is a Tensor: add loss.item()',
      'total#2 fails: AssertionError: assert glassgrad.graph_nodes(total) == 0',
    ]);
    expect(failures(starter)).toEqual([]);
    const solved = await pass(example, () => SOLUTIONS_PLAN, 'FORMAT-example.md');
    expect(brief(solved)).toEqual(['total#1 passes', 'total#2 passes']);
    expect(failures(solved)).toEqual([]);
  });
});

describe('runLesson on broken lessons', () => {
  it('flags a check that passes on the starter code', async () => {
    const p = await pass(SAMPLE.replace('# Compute dy/dx here.', 'y.backward()'), starterPlan);
    expect(failures(p).map((s) => s.kind === 'check' && `${s.exercise}#${s.number} ${s.expected}`)).toEqual(['grad#1 fail', 'grad#2 fail']);
  });

  it('flags a solution that does not pass, a wrong or missing exception, and an error nobody declared', async () => {
    const broken = SAMPLE.replace('total += loss.item()', 'total += loss')
      .replace('```python raises=RuntimeError', '```python raises=IndexError')
      .replace('print(y)\n', 'print(y)\nundefined_name\n');
    const p = await pass(broken, () => SOLUTIONS_PLAN);
    expect(failures(p).map((s) => (s.kind === 'check' ? `check ${s.exercise}#${s.number}: ${s.message}` : `${s.kind} line ${s.line}: ${s.problem}`))).toEqual([
      "code line 13: the cell raised NameError: name 'undefined_name' is not defined",
      "code line 25: expected IndexError, but the cell raised RuntimeError: shape '[4, 2]' is invalid for input of size 6",
      'check total#1: AssertionError: total is a Tensor; add loss.item(), a Python float',
    ]);
    const quiet = await pass(SAMPLE.replace('torch.arange(6).view(4, 2)', 'torch.arange(6).view(3, 2)'), () => SOLUTIONS_PLAN);
    expect(failures(quiet).map((s) => s.kind !== 'check' && s.problem)).toEqual(['expected RuntimeError, but the cell raised nothing']);
  });

  it('does not run the checks of an exercise that raised, and excuses later errors on the starter pass', async () => {
    const text = SAMPLE.replace('# Compute dy/dx here.', 'raise NotImplementedError("write this")').replace(
      'This is how the exercise above looks',
      '```python\nprint(total.item())\n```\n\nThis is how the exercise above looks',
    );
    const p = await pass(text, starterPlan);
    expect(brief(p)[0]).toBe('grad#1 fails: not run: the exercise raised NotImplementedError: write this');
    expect(failures(p)).toEqual([]);
    // With the solutions every cell must run cleanly: the solved `total` is a float.
    const solved = await pass(text, () => SOLUTIONS_PLAN);
    expect(failures(solved).map((s) => s.kind !== 'check' && s.problem)).toEqual([
      "the cell raised AttributeError: 'float' object has no attribute 'item'",
    ]);
    // On the starter pass, an error after an exercise left on its starter code may be its consequence: reported, not counted.
    const starterError = await pass(text.replace('print(total.item())', 'print(undefined_after_exercise)'), starterPlan);
    expect(starterError.steps.find((s) => s.kind === 'code' && s.problem)).toMatchObject({ excused: true });
    expect(failures(starterError)).toEqual([]);
  });
});

describe('run_lesson CLI', () => {
  it('verifies the sample lesson: exit 0, every check reported', async () => {
    let out = '';
    const status = await runLessonCli([SAMPLE_FILE, '--verify'], { stdout: (t) => void (out += t), stderr: (t) => void (out += t) });
    expect(out).toContain('== starter code: every check must fail ==');
    expect(out).toContain(`✓ check 1 of 'grad' fails [${SAMPLE_FILE}:44]: AssertionError: x.grad is None: nothing has called backward() yet`);
    expect(out).toContain(`✓ check 1 of 'total' passes [${SAMPLE_FILE}:77]`);
    expect(out.trimEnd().split('\n').at(-1)).toBe('ok: 6 check results as required (starter code, solutions)');
    expect(status).toBe(0);
  }, 120_000);

  it('exits 1 when a check passes on the starter code, and 2 on a lesson that does not validate', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-lesson-'));
    try {
      const broken = path.join(dir, 'broken.md');
      fs.writeFileSync(broken, SAMPLE.replace('total = 0\nfor step', 'total = 0.0\nfor step').replace('total += loss\n', 'total += loss.item()\n'));
      let out = '';
      const io = { stdout: (t: string) => void (out += t), stderr: (t: string) => void (out += t) };
      expect(await runLessonCli([broken], io)).toBe(1);
      expect(out).toContain(`✗ check 1 of 'total' passes [${broken}:77] — it must fail with the starter code`);
      const invalid = path.join(dir, 'invalid.md');
      fs.writeFileSync(invalid, SAMPLE.replace('```{solution} for=total', '```{solution} for=totl'));
      out = '';
      expect(await runLessonCli([invalid, '--solutions'], io)).toBe(2);
      expect(out).toContain(`${invalid}:69:1: error: exercise 'total' has no {solution}`);
      expect(out).toContain(`${invalid}:84:1: error: {solution} for=totl: there is no exercise 'totl' in this lesson`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
