// The headless lesson runner:
//
//   npx tsx lessons/check/run_lesson.ts LESSON.md [--solutions | --verify [--isolate]] [--output]
//
// Runs a lesson (.md, or .ipynb written by lessonToIpynb) in one fresh Python
// namespace per pass and prints each check's result:
//   (default)    the starter code: every check must fail;
//   --solutions  the solutions in place of the starter code: every check must
//                pass, and no cell may raise what it does not declare;
//   --verify     both passes, each in a fresh kernel: CI's test of a lesson;
//   --isolate    with --verify, one starter pass per exercise with every other
//                exercise solved, so a check must fail because of its own
//                exercise's starter code (slower: one pass per exercise);
//   --output     also print what the cells print.
// Exit status: 0 when every result is as required, 1 when not, 2 when the
// lesson cannot be read or does not validate.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { InProcessKernelClient } from '../../engine/runtime/in_process_kernel.ts';
import { ipynbToLesson } from '../format/ipynb.ts';
import type { Diagnostic, Lesson, SourceMap } from '../format/model.ts';
import { parseLesson } from '../format/parse.ts';
import { validateLesson } from '../format/validate.ts';
import { SOLUTIONS_PLAN, failures, isolatedPlans, runLesson, starterPlan, type PassResult, type RunPlan } from './lesson_run.ts';
import { formatPass, planTitle, verdict } from './report.ts';

const USAGE = 'usage: npx tsx lessons/check/run_lesson.ts LESSON.md [--solutions | --verify [--isolate]] [--output]\n';

export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
}

const processIO: CliIO = {
  stdout: (t) => void process.stdout.write(t),
  stderr: (t) => void process.stderr.write(t),
};

interface Options {
  file: string;
  mode: 'starter' | 'solutions' | 'verify';
  isolate: boolean;
  output: boolean;
}

function parseArgs(argv: readonly string[]): Options | string {
  const files = argv.filter((a) => !a.startsWith('--'));
  const flags = new Set(argv.filter((a) => a.startsWith('--')));
  const known = ['--solutions', '--verify', '--isolate', '--output', '--help'];
  const unknown = [...flags].find((f) => !known.includes(f));
  if (flags.has('--help')) return '';
  if (unknown) return `unknown option ${unknown}`;
  if (files.length !== 1) return 'give one lesson file';
  if (flags.has('--solutions') && flags.has('--verify')) return '--verify already runs the solutions';
  if (flags.has('--isolate') && !flags.has('--verify')) return '--isolate goes with --verify';
  const mode = flags.has('--verify') ? 'verify' : flags.has('--solutions') ? 'solutions' : 'starter';
  return { file: files[0]!, mode, isolate: flags.has('--isolate'), output: flags.has('--output') };
}

function readLesson(file: string, text: string): { lesson: Lesson; map?: SourceMap; diagnostics: Diagnostic[] } {
  if (file.endsWith('.ipynb')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      const message = `not JSON: ${(err as Error).message}`;
      return { lesson: { formatVersion: 1, id: '', title: '', cells: [] }, diagnostics: [{ message, line: 1, column: 1, endLine: 1, endColumn: 1, severity: 'error' }] };
    }
    const { lesson, errors } = ipynbToLesson(json);
    return { lesson, diagnostics: [...errors, ...validateLesson(lesson)] };
  }
  const { lesson, errors, map } = parseLesson(text);
  return { lesson, map, diagnostics: [...errors, ...validateLesson(lesson, map)] };
}

function plansFor(options: Options, lesson: Lesson): RunPlan[] {
  if (options.mode === 'starter') return [starterPlan(lesson)];
  if (options.mode === 'solutions') return [SOLUTIONS_PLAN];
  return [...(options.isolate ? isolatedPlans(lesson) : [starterPlan(lesson)]), SOLUTIONS_PLAN];
}

/** The CLI without the process: returns the exit status. */
export async function runLessonCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const options = parseArgs(argv);
  if (typeof options === 'string') {
    (options ? io.stderr : io.stdout)(options ? `run_lesson: ${options}\n${USAGE}` : USAGE);
    return options ? 2 : 0;
  }
  let text: string;
  try {
    text = fs.readFileSync(options.file, 'utf8');
  } catch (err) {
    io.stderr(`run_lesson: can't open '${path.resolve(options.file)}': ${(err as Error).message}\n`);
    return 2;
  }
  const { lesson, map, diagnostics } = readLesson(options.file, text);
  for (const d of diagnostics.filter((x) => x.severity !== 'info')) {
    io.stderr(`${options.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${d.path && !map ? ` (${d.path})` : ''}\n`);
  }
  if (diagnostics.some((d) => d.severity === 'error')) {
    io.stderr('run_lesson: the lesson does not validate; nothing was run\n');
    return 2;
  }
  const passes: PassResult[] = [];
  for (const plan of plansFor(options, lesson)) {
    const client = await InProcessKernelClient.start();
    io.stdout(planTitle(plan) + '\n');
    try {
      const pass = await runLesson(client, lesson, plan, {
        filename: options.file,
        ...(map ? { map } : {}),
        ...(options.output ? { onOutput: (t: string, stream: 'stdout' | 'stderr') => (stream === 'stdout' ? io.stdout : io.stderr)(t) } : {}),
      });
      passes.push(pass);
      io.stdout(formatPass(options.file, pass).map((l) => `${l}\n`).join(''));
    } finally {
      client.dispose();
    }
  }
  io.stdout(verdict(passes) + '\n');
  return passes.some((p) => failures(p).length > 0) ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  runLessonCli(process.argv.slice(2)).then(
    (status) => {
      process.exitCode = status;
    },
    (err: unknown) => {
      process.stderr.write(`run_lesson: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
