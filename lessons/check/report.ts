// The runner's report as text: one line per check and per cell problem, a
// mark saying whether it is what the plan requires, and a verdict.
import { failures, type CheckResult, type PassResult, type RunPlan, type StepResult } from './lesson_run.ts';

const OK = '✓';
const WRONG = '✗';

function where(file: string, line: number | undefined, cellIndex: number): string {
  return line !== undefined ? `${file}:${line}` : `cell ${cellIndex + 1}`;
}

function checkLine(file: string, s: CheckResult): string {
  const name = `check ${s.number} of '${s.exercise}'${s.hidden ? ' (hidden)' : ''}`;
  const right = s.passed === (s.expected === 'pass');
  const verb = s.passed ? 'passes' : 'fails';
  const need = right ? '' : ` — it must ${s.expected} with the ${s.expected === 'pass' ? 'solution' : 'starter code'}`;
  const why = s.passed ? '' : `: ${s.message ?? ''}`;
  return `${right ? OK : WRONG} ${name} ${verb} [${where(file, s.line, s.cellIndex)}]${need}${s.passed ? '' : why}`;
}

function stepLines(file: string, s: StepResult): string[] {
  if (s.kind === 'check') return [checkLine(file, s)];
  if (!s.problem) return [];
  const lines = [`${s.excused ? '!' : WRONG} ${s.kind === 'exercise' ? `the ${s.ran}` : 'cell'} [${where(file, s.line, s.cellIndex)}]: ${s.problem}`];
  if (s.excused) lines[0] += ' (after an exercise on its starter code, so not counted)';
  else if (s.error && s.error.traceback.length > 0) lines.push(...s.error.traceback.map((t) => `    ${t}`));
  return lines;
}

export function planTitle(plan: RunPlan): string {
  return `== ${plan.name}: ${plan.rule} ==`;
}

/** The results of one pass, as lines (planTitle goes before them). */
export function formatPass(file: string, pass: PassResult): string[] {
  return pass.steps.flatMap((s) => stepLines(file, s));
}

/** The last line: how many rules were broken over all passes. */
export function verdict(passes: readonly PassResult[]): string {
  const checks = passes.flatMap((p) => p.steps.filter((s) => s.kind === 'check'));
  const broken = passes.reduce((n, p) => n + failures(p).length, 0);
  const runs = passes.map((p) => p.plan.name).join(', ');
  if (broken === 0) return `ok: ${checks.length} check results as required (${runs})`;
  return `FAILED: ${broken} of the results break the rules (${runs})`;
}
