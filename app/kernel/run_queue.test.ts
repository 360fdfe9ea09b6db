import { describe, expect, it } from 'vitest';
import {
  beginNextRun,
  clearQueue,
  describeKernel,
  enqueueRuns,
  finishRun,
  initialKernelState,
  isCellPending,
  sessionRestarted,
  setStartupProgress,
  setStatus,
} from './run_queue.ts';

const idle = () => initialKernelState('idle');
const runs = (...ids: string[]) => ids.map((cellId) => ({ cellId, code: `# ${cellId}` }));

describe('run queue', () => {
  it('runs queued cells one at a time, numbering them per session', () => {
    let s = enqueueRuns(idle(), runs('a', 'b'));
    const first = beginNextRun(s, 0);
    s = first.state;
    expect(first.run).toMatchObject({ cellId: 'a', executionCount: 1, cellName: '<cell 1>', code: '# a' });
    expect(describeKernel(s)).toBe('idle; running a as <cell 1>; queue b; next [2]');
    expect(beginNextRun(s, 0).run).toBeNull();
    s = finishRun(s, first.run!.token, { status: 'ok', durationMs: 12 });
    const second = beginNextRun(s, 0);
    s = second.state;
    expect(describeKernel(s)).toBe('idle; running b as <cell 2>; queue empty; next [3]');
    s = finishRun(s, second.run!.token, { status: 'ok', durationMs: 5 });
    expect(s.lastRuns).toEqual({ a: { durationMs: 12, status: 'ok' }, b: { durationMs: 5, status: 'ok' } });
    expect(s.cellNames).toEqual({ '<cell 1>': 'a', '<cell 2>': 'b' });
  });

  it.each(['error', 'interrupted', 'dead'] as const)('drops the rest of the queue when a run ends with %s', (status) => {
    let s = enqueueRuns(idle(), runs('a', 'b', 'c'));
    const { state, run } = beginNextRun(s, 0);
    s = finishRun(state, run!.token, { status, durationMs: 1 });
    expect(describeKernel(s)).toBe('idle; nothing running; queue empty; next [2]');
  });

  it('marks queued and running cells as pending ([*])', () => {
    const s = beginNextRun(enqueueRuns(idle(), runs('a', 'b')), 0).state;
    expect(['a', 'b', 'c'].map((id) => isCellPending(s, id))).toEqual([true, true, false]);
    expect(isCellPending(clearQueue(s), 'b')).toBe(false);
  });

  it('starts counting at 1 again after a restart and ignores the old run finishing late', () => {
    let s = enqueueRuns(idle(), runs('a', 'b'));
    const { state, run } = beginNextRun(s, 0);
    s = sessionRestarted(state);
    s = enqueueRuns(s, runs('c'));
    s = finishRun(s, run!.token, { status: 'dead', durationMs: 1 });
    expect(describeKernel(s)).toBe('idle; nothing running; queue c; next [1]');
    expect(beginNextRun(s, 0).run).toMatchObject({ cellId: 'c', executionCount: 1 });
  });

  it('sends nothing to a dead kernel', () => {
    const s = enqueueRuns(setStatus(idle(), 'dead'), runs('a'));
    expect(beginNextRun(s, 0).run).toBeNull();
  });

  it('keeps start-up progress only while starting', () => {
    let s = setStartupProgress(initialKernelState('starting'), 'loading Pyodide', 1.5);
    expect(s.startup).toEqual({ phase: 'loading Pyodide', fraction: 1 });
    s = setStatus(s, 'idle');
    expect(s.startup).toBeNull();
  });
});
