// Runs an exercise's checks on the kernel right after the exercise, in the
// same namespace, and says which passed (lessons/FORMAT.md, "Checks are plain
// Python"). The executions are all sent before this returns its promise: the
// kernel client queues them ahead of whatever the notebook runs next.
import type { KernelClient, KernelEvent } from '../../engine/runtime/protocol.ts';
import type { CheckCell } from '../../lessons/format/model.ts';
import type { CheckOutcome } from './lesson_slice.ts';

type KernelError = Extract<KernelEvent, { type: 'error' }>;

/** An assertion's message; for a bare `assert`, the line that failed; any other exception as `Type: message`. */
export function checkFailureMessage(source: string, cellName: string, error: { ename: string; evalue: string; frames: KernelError['frames'] }): string {
  if (error.ename === 'AssertionError' && error.evalue === '') {
    const frame = [...error.frames].reverse().find((f) => f.filename === cellName);
    const line = frame ? source.split('\n')[frame.lineno - 1]?.trim() : undefined;
    if (line) return `AssertionError: ${line}`;
  }
  return error.evalue === '' ? error.ename : `${error.ename}: ${error.evalue}`;
}

/**
 * @example
 * const outcomes = await runChecks(session.client, 'train_total', checks, 7);
 * outcomes.every((c) => c.passed)
 */
export function runChecks(client: KernelClient, exerciseId: string, checks: CheckCell[], executionCount: number): Promise<CheckOutcome[]> {
  const runs = checks.map((check, i) => {
    const cellName = `<check ${i + 1} of ${exerciseId}>`;
    let error: KernelError | undefined;
    const done = client.execute({ cellId: `check-${exerciseId}-${i + 1}`, cellName, code: check.source, executionCount }, { onError: (e) => void (error = e) });
    return done.then((outcome): CheckOutcome => {
      const base = { number: i + 1, hidden: check.hidden };
      if (outcome.status === 'ok') return { ...base, passed: true };
      const message = error ? checkFailureMessage(check.source, cellName, error) : `the check did not finish (${outcome.status})`;
      return { ...base, passed: false, message };
    });
  });
  return Promise.all(runs);
}
