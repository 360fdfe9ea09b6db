import { describe, expect, it } from 'vitest';
import { describeNotebook } from '../notebook/describe.ts';
import { makeCell, notebookFromCells } from '../notebook/model.ts';
import { createAppStore } from '../store/store.ts';
import { HandDrivenKernel } from '../test_support/hand_driven_kernel.ts';
import { describeKernel } from './run_queue.ts';
import { KernelSession } from './session.ts';

function setup(...sources: string[]) {
  const store = createAppStore();
  store.getState().openDoc(notebookFromCells(sources.map((s, i) => makeCell(s.startsWith('#md ') ? 'markdown' : 'code', s.replace('#md ', ''), `c${i}`))));
  const kernel = new HandDrivenKernel();
  const session = new KernelSession(store, kernel, { now: () => 0 });
  const nb = () => describeNotebook(store.getState().notebook);
  const k = () => describeKernel(store.getState().kernel);
  return { store, kernel, session, nb, k };
}

describe('KernelSession', () => {
  it('runs cells one at a time, streaming outputs into the cell as they come', async () => {
    const { kernel, session, nb, k } = setup('print(1)', 'x');
    session.run(['c0', 'c1']);
    expect(k()).toBe('idle; running c0 as <cell 1>; queue c1; next [2]');
    expect(kernel.runs.map((r) => [r.code, r.cellName, r.executionCount])).toEqual([['print(1)', '<cell 1>', 1]]);
    kernel.runs[0].handlers.onStream!('stdout', '1');
    kernel.runs[0].handlers.onStream!('stdout', '\n');
    expect(nb()).toBe('>  [1] code "print(1)" | stdout "1\\n"\n   [ ] code "x"');
    await kernel.finish();
    kernel.runs[0].handlers.onResult!({ 'text/plain': '5' }, 2);
    await kernel.finish();
    expect(nb()).toBe('>  [1] code "print(1)" | stdout "1\\n"\n   [2] code "x" | Out[2] "5"');
    expect(k()).toBe('idle; nothing running; queue empty; next [3]');
  });

  it('stops the queue at an error (Run all stops where a cell fails)', async () => {
    const { kernel, session, nb, store } = setup('1/0', 'a', 'b');
    session.run(['c0', 'c1', 'c2']);
    kernel.runs[0].handlers.onError!({ type: 'error', runId: 1, ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: [], frames: [] });
    await kernel.finish('error');
    expect(kernel.runs).toHaveLength(0);
    expect(nb()).toBe('>  [1] code "1/0" | ZeroDivisionError: division by zero\n   [ ] code "a"\n   [ ] code "b"');
    expect(store.getState().kernel.lastRuns.c0).toEqual({ durationMs: 7, status: 'error' });
  });

  it('renders markdown and clears empty code cells without the kernel', () => {
    const { kernel, session, nb, store } = setup('#md # Hi', '   ');
    store.getState().cellStream('c1', 'stdout', 'old');
    session.run(['c0', 'c1']);
    expect(kernel.runs).toHaveLength(0);
    expect(nb()).toBe('>  md "# Hi"\n   [ ] code "   "');
  });

  it('updates tqdm-style displays in place', async () => {
    const { kernel, session, nb } = setup('for i in tqdm(range(2)): pass');
    session.run(['c0']);
    const h = kernel.runs[0].handlers;
    h.onDisplay!({ 'text/plain': '0%' }, 'bar');
    h.onUpdateDisplay!({ 'text/plain': '50%' }, 'bar');
    h.onUpdateDisplay!({ 'text/plain': '100%' }, 'bar');
    await kernel.finish();
    expect(nb()).toBe('>  [1] code "for i in tqdm(range(2)): pass" | display#bar "100%"');
  });

  it('interrupts: KeyboardInterrupt in the running cell, queue dropped, same kernel', async () => {
    const { kernel, session, nb, k } = setup('while True: pass', 'after');
    session.run(['c0', 'c1']);
    await session.interrupt();
    await new Promise((r) => setTimeout(r, 0));
    expect(nb()).toBe('>  [1] code "while True: pass" | KeyboardInterrupt: \n   [ ] code "after"');
    expect(k()).toBe('idle; nothing running; queue empty; next [2]');
    session.run(['c1']);
    expect(kernel.runs[0].cellName).toBe('<cell 2>');
  });

  it('when interrupt had to restart the kernel, counting restarts and the user is told', async () => {
    const { kernel, session, store } = setup('while True: pass');
    kernel.interruptResult = 'restarted';
    session.run(['c0']);
    await session.interrupt();
    expect(store.getState().kernel.nextExecutionCount).toBe(1);
    expect(store.getState().ui.notices.map((n) => n.action?.label)).toEqual(['Run all above']);
  });

  it('restart: counts start at 1 again, the in-flight run is abandoned, outputs stay', async () => {
    const { kernel, session, nb, k } = setup('print(1)', 'b');
    session.run(['c0']);
    await kernel.finish();
    session.run(['c1']);
    const stale = kernel.runs[0].handlers;
    await session.restart();
    stale.onStream!('stdout', 'late output from the old kernel');
    expect(nb()).toBe('>  [1] code "print(1)"\n   [2] code "b"');
    session.run(['c1']);
    await new Promise((r) => setTimeout(r, 0));
    expect(kernel.runs.map((r) => r.cellName)).toEqual(['<cell 1>']);
    expect(k()).toBe('idle; running c1 as <cell 1>; queue empty; next [2]');
  });

  it('a dead kernel is reported with a restart offer and runs nothing', () => {
    const { kernel, session, store } = setup('x');
    kernel.setStatus('dead');
    session.run(['c0']);
    expect(kernel.runs).toHaveLength(0);
    const notices = store.getState().ui.notices;
    expect(notices[0].action).toEqual({ label: 'Restart kernel', command: 'restart-kernel' });
    expect(notices[0].text).toMatch(/Your notebook is safe/);
    expect(store.getState().kernel.status).toBe('dead');
  });

  it('passes trace batches of the current run to onTrace', async () => {
    const store = createAppStore();
    store.getState().openDoc(notebookFromCells([makeCell('code', 'x', 'c0')]));
    const kernel = new HandDrivenKernel();
    const batches: number[] = [];
    const session = new KernelSession(store, kernel, { now: () => 0, onTrace: (events) => batches.push(events.length) });
    session.run(['c0']);
    const handlers = kernel.runs[0].handlers;
    handlers.onTrace!([{ type: 'node-destroyed', node: 1 }]);
    await session.restart();
    handlers.onTrace!([{ type: 'node-destroyed', node: 2 }]);
    expect(batches).toEqual([1]);
  });

  it('mirrors variables and asks for completions only when idle', async () => {
    const { kernel, session, store } = setup('x');
    kernel.publishVariables([{ name: 'x', type: 'Tensor', shape: [2, 3], dtype: 'torch.float32', requiresGrad: false, bytes: 24, preview: 'tensor(...)' }]);
    expect(store.getState().kernel.variables.map((v) => v.name)).toEqual(['x']);
    expect((await session.complete('torch.on', 8))?.items[0].label).toBe('ones');
    kernel.setStatus('busy');
    expect(await session.complete('torch.on', 8)).toBeNull();
    session.dispose();
    expect(kernel.disposed).toBe(true);
  });
});
