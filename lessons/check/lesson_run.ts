// Runs a lesson through a kernel, in document order and one namespace, and
// records what every cell and check did. Host-independent: any KernelClient
// (the in-process one in Node, the Worker in the browser) can drive it.
//
// The rules (lessons/FORMAT.md, "Running a lesson"):
// - code cells run as written; a cell with `raises=E` must raise E;
// - an exercise runs its starter code, or its solution when the plan says so;
// - an exercise's checks run right after it, in the same namespace; a check
//   passes when it raises nothing. When the exercise itself raised, its checks
//   are not run and count as failed;
// - with the starter code every check must fail, with the solution it must pass.
import { exercisesOf, type Exercise } from '../format/exercises.ts';
import type { Cell, CheckCell, CodeCell, ExerciseCell, Lesson, SourceMap } from '../format/model.ts';
import type { KernelClient, KernelEvent, MimeBundle } from '../../engine/runtime/protocol.ts';

/** Which exercises run their starter code; every other exercise runs its solution. */
export interface RunPlan {
  /** Shown in reports: "starter code", "solutions", "starter code of 'ex1' only". */
  name: string;
  /** The rule, in words, for reports. */
  rule: string;
  starter: ReadonlySet<string>;
}

export interface CellError {
  ename: string;
  evalue: string;
  /** Python's traceback, as printed. */
  traceback: string[];
  /** Line in the lesson file where it was raised (when the run had a source map). */
  line?: number;
}

export interface CheckResult {
  kind: 'check';
  exercise: string;
  /** 1-based among the exercise's checks. */
  number: number;
  hidden: boolean;
  cellIndex: number;
  /** First line of the check's code in the file (when known). */
  line?: number;
  passed: boolean;
  /** What the rule above requires of it in this plan. */
  expected: 'pass' | 'fail';
  /** Why it failed: the assertion's message, or the failing line of a bare `assert`. */
  message?: string;
  error?: CellError;
}

export interface CellResult {
  kind: 'code' | 'exercise';
  cellIndex: number;
  line?: number;
  /** For an exercise: which code ran. */
  ran?: 'starter' | 'solution';
  raises?: string;
  error?: CellError;
  /** A problem with this cell: an error nobody expected, or a missing or different exception. */
  problem?: string;
  /** The error may come from an exercise still on its starter code (it does not fail the run). */
  excused?: boolean;
}

export type StepResult = CellResult | CheckResult;

export interface PassResult {
  plan: RunPlan;
  steps: StepResult[];
}

export interface RunOptions {
  /** Lesson file name: cells then run under it with the file's line numbers (needs `map`). */
  filename?: string;
  map?: SourceMap;
  /** Called with the text of every output (streams, results' text/plain), in order. */
  onOutput?(text: string, stream: 'stdout' | 'stderr'): void;
}

export function starterPlan(lesson: Lesson): RunPlan {
  return { name: 'starter code', rule: 'every check must fail', starter: new Set(exercisesOf(lesson).keys()) };
}

export const SOLUTIONS_PLAN: RunPlan = { name: 'solutions', rule: 'every check must pass', starter: new Set() };

/** One plan per exercise: that exercise on its starter code, every other one solved. */
export function isolatedPlans(lesson: Lesson): RunPlan[] {
  return [...exercisesOf(lesson).keys()].map((id) => ({
    name: `starter code of '${id}' only`,
    rule: `the checks of '${id}' must fail, every other check must pass`,
    starter: new Set([id]),
  }));
}

function plainText(data: MimeBundle): string | undefined {
  const text = data['text/plain'];
  return typeof text === 'string' ? text : undefined;
}

/** Whether an exception named `ename` is the one `raises` names (a dotted name matches its last part). */
export function isExpectedException(raises: string, ename: string): boolean {
  return raises === ename || raises.endsWith(`.${ename}`);
}

class Runner {
  private executionCount = 0;
  /** Set once an exercise ran its starter code: later failures may be its consequence. */
  private starterRan = false;
  readonly steps: StepResult[] = [];
  private readonly exercises: Map<string, Exercise>;

  constructor(
    private readonly client: KernelClient,
    private readonly lesson: Lesson,
    private readonly plan: RunPlan,
    private readonly options: RunOptions,
  ) {
    this.exercises = exercisesOf(lesson);
  }

  private bodyLine(index: number): number | undefined {
    return this.options.filename ? this.options.map?.cells[index]?.bodyLine : undefined;
  }

  /** Runs cells[index]'s source (or another cell's, for a solution); resolves to its error, if any. */
  private async execute(index: number, cell: Cell): Promise<CellError | undefined> {
    const bodyLine = this.bodyLine(index);
    // Padding the code to its line in the file makes tracebacks and frames point at the lesson's own lines.
    const code = bodyLine !== undefined ? '\n'.repeat(bodyLine - 1) + cell.source : cell.source;
    const cellName = bodyLine !== undefined ? this.options.filename! : `<cell ${index + 1}>`;
    let error: Extract<KernelEvent, { type: 'error' }> | undefined;
    const out = this.options.onOutput;
    const outcome = await this.client.execute(
      { cellId: `cell-${index}`, cellName, code, executionCount: ++this.executionCount },
      {
        onStream: (name, text) => out?.(text, name),
        onResult: (data) => {
          const text = plainText(data);
          if (text !== undefined) out?.(`${text}\n`, 'stdout');
        },
        onDisplay: (data) => {
          const text = plainText(data);
          if (text !== undefined) out?.(`${text}\n`, 'stdout');
        },
        onError: (e) => {
          error = e;
        },
      },
    );
    if (outcome.status === 'ok') return undefined;
    if (!error) return { ename: outcome.status === 'dead' ? 'KernelDied' : 'Error', evalue: `the kernel reported '${outcome.status}'`, traceback: [] };
    const frame = [...error.frames].reverse().find((f) => f.filename === cellName);
    return { ename: error.ename, evalue: error.evalue, traceback: error.traceback, ...(frame && bodyLine !== undefined ? { line: frame.lineno } : {}) };
  }

  private readonly exerciseErrors = new Map<string, CellError>();
  private readonly checkNumbers = new Map<string, number>();

  private at(index: number): { line?: number } {
    const line = this.bodyLine(index);
    return line !== undefined ? { line } : {};
  }

  async run(): Promise<void> {
    for (const [index, cell] of this.lesson.cells.entries()) {
      if (cell.kind === 'code') await this.runCode(index, cell);
      else if (cell.kind === 'exercise') await this.runExercise(index, cell);
      else if (cell.kind === 'check') await this.runCheck(index, cell);
      // Markdown and hints are not run; solutions run in place of their exercise.
    }
  }

  private push(step: CellResult): void {
    if (step.problem && this.starterRan) step.excused = true;
    this.steps.push(step);
  }

  private async runCode(index: number, cell: CodeCell): Promise<void> {
    const error = await this.execute(index, cell);
    const step: CellResult = { kind: 'code', cellIndex: index, ...this.at(index), ...(cell.raises ? { raises: cell.raises } : {}), ...(error ? { error } : {}) };
    if (cell.raises === undefined) {
      if (error) step.problem = `the cell raised ${error.ename}: ${error.evalue}`;
    } else if (!error) step.problem = `expected ${cell.raises}, but the cell raised nothing`;
    else if (!isExpectedException(cell.raises, error.ename)) step.problem = `expected ${cell.raises}, but the cell raised ${error.ename}: ${error.evalue}`;
    this.push(step);
  }

  private async runExercise(index: number, cell: ExerciseCell): Promise<void> {
    const solution = this.exercises.get(cell.id)?.solution;
    const wantsStarter = this.plan.starter.has(cell.id);
    const [ranIndex, ran] = wantsStarter || !solution ? [index, cell] : [solution.index, solution.cell];
    const error = await this.execute(ranIndex, ran);
    const step: CellResult = { kind: 'exercise', cellIndex: index, ...this.at(ranIndex), ran: ran === cell ? 'starter' : 'solution' };
    if (error) {
      step.error = error;
      this.exerciseErrors.set(cell.id, error);
      // A starter that raises is a fine way to fail its checks; a solution that raises is a problem.
      if (ran !== cell) step.problem = `the solution raised ${error.ename}: ${error.evalue}`;
    }
    if (!wantsStarter && !solution) step.problem = `exercise '${cell.id}' has no solution to run`;
    this.push(step);
    if (ran === cell) this.starterRan = true;
  }

  private async runCheck(index: number, cell: CheckCell): Promise<void> {
    const number = (this.checkNumbers.get(cell.for) ?? 0) + 1;
    this.checkNumbers.set(cell.for, number);
    const expected: CheckResult['expected'] = this.plan.starter.has(cell.for) ? 'fail' : 'pass';
    const base = { kind: 'check' as const, exercise: cell.for, number, hidden: cell.hidden, cellIndex: index, ...this.at(index), expected };
    const exerciseError = this.exerciseErrors.get(cell.for);
    if (exerciseError) {
      this.steps.push({ ...base, passed: false, message: `not run: the exercise raised ${exerciseError.ename}: ${exerciseError.evalue}` });
      return;
    }
    const error = await this.execute(index, cell);
    this.steps.push(error ? { ...base, passed: false, message: checkMessage(cell.source, error, this.bodyLine(index)), error } : { ...base, passed: true });
  }
}

/** An assertion's message; for a bare `assert`, the line that failed. */
function checkMessage(source: string, error: CellError, bodyLine: number | undefined): string {
  if (error.ename === 'AssertionError' && error.evalue === '' && error.line !== undefined && bodyLine !== undefined) {
    const text = source.split('\n')[error.line - bodyLine]?.trim();
    if (text) return `AssertionError: ${text}`;
  }
  return error.evalue === '' ? error.ename : `${error.ename}: ${error.evalue}`;
}

/**
 * Runs a lesson once under a plan, in the kernel's current namespace (start a
 * fresh kernel for each plan).
 *
 * @example
 * const client = await InProcessKernelClient.start();
 * const { lesson, map } = parseLesson(text);
 * const pass = await runLesson(client, lesson, starterPlan(lesson), { filename: 'lesson.md', map });
 * pass.steps.filter((s) => s.kind === 'check' && s.passed) // → [] when every check fails on the starter code
 */
export async function runLesson(client: KernelClient, lesson: Lesson, plan: RunPlan, options: RunOptions = {}): Promise<PassResult> {
  const runner = new Runner(client, lesson, plan, options);
  await runner.run();
  return { plan, steps: runner.steps };
}

/** The steps that break the rules: a check with the wrong outcome, or a cell problem not excused. */
export function failures(pass: PassResult): StepResult[] {
  return pass.steps.filter((s) => (s.kind === 'check' ? s.passed !== (s.expected === 'pass') : s.problem !== undefined && !s.excused));
}
