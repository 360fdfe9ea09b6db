// WorkerKernelClient against a scripted stand-in for the Worker: the queue,
// statuses, interrupts (through the shared buffer, or by replacing the
// Worker), restarts and request timeouts. The real Worker is tested in
// Chromium (test/browser/kernel_worker.browser.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROTOCOL_VERSION, type KernelEvent, type KernelRequest, type KernelStatus } from './protocol.ts';
import { WorkerKernelClient } from './worker_client.ts';

/** A Worker whose replies the test scripts; it records what the client posts. */
class FakeWorker {
  readonly posted: KernelRequest[] = [];
  terminated = false;
  private readonly listeners = new Map<string, Array<(e: unknown) => void>>();

  addEventListener(type: string, listener: (e: unknown) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  postMessage(request: KernelRequest): void {
    this.posted.push(request);
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The Worker posts `event` (delivered synchronously, as a test wants). */
  send(event: KernelEvent): void {
    if (this.terminated) return;
    for (const listener of this.listeners.get('message') ?? []) listener({ data: event });
  }

  fail(message: string): void {
    for (const listener of this.listeners.get('error') ?? []) listener({ message, preventDefault() {} });
  }

  ready(): void {
    this.send({ type: 'ready', version: PROTOCOL_VERSION, pyodideVersion: '314.0.7', torchVersion: '2.11.0', startupMs: 5, interruptible: true, fromSnapshot: true });
  }

  executes(): Extract<KernelRequest, { type: 'execute' }>[] {
    return this.posted.filter((r): r is Extract<KernelRequest, { type: 'execute' }> => r.type === 'execute');
  }

  finish(runId: number, status: 'ok' | 'error' | 'interrupted' = 'ok'): void {
    this.send({ type: 'done', runId, status, durationMs: 1 });
  }
}

const workers: FakeWorker[] = [];

function makeClient(options: ConstructorParameters<typeof WorkerKernelClient>[0] = {}) {
  const client = new WorkerKernelClient({
    createWorker: () => {
      const worker = new FakeWorker();
      workers.push(worker);
      return worker as unknown as Worker;
    },
    ...options,
  });
  const statuses: KernelStatus[] = [client.status];
  client.onStatus((s) => statuses.push(s));
  return { client, statuses, worker: () => workers.at(-1)! };
}

function cell(code: string, n = 1) {
  return { cellId: `c${n}`, cellName: `<cell ${n}>`, code, executionCount: n };
}

afterEach(() => {
  workers.length = 0;
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('WorkerKernelClient', () => {
  it('starts the Worker at construction and queues cells until it is ready', async () => {
    const { client, statuses, worker } = makeClient();
    expect(worker().posted).toEqual([{ type: 'init', version: PROTOCOL_VERSION }]);
    const stdout: string[] = [];
    const first = client.execute(cell('print(1)'), { onStream: (_name, text) => stdout.push(text) });
    const second = client.execute(cell('2', 2), {});
    expect(worker().executes()).toEqual([]);
    worker().ready();
    expect(client.readyInfo).toMatchObject({ pyodideVersion: '314.0.7', torchVersion: '2.11.0' });
    const [run1] = worker().executes();
    expect(run1).toMatchObject({ type: 'execute', code: 'print(1)', cellName: '<cell 1>' });
    worker().send({ type: 'stream', runId: run1!.runId, name: 'stdout', text: '1\n' });
    worker().finish(run1!.runId);
    expect(await first).toEqual({ status: 'ok', durationMs: 1 });
    expect(stdout).toEqual(['1\n']);
    const run2 = worker().executes()[1]!;
    worker().finish(run2.runId, 'error');
    expect(await second).toEqual({ status: 'error', durationMs: 1 });
    expect(statuses).toEqual(['starting', 'idle', 'busy', 'idle', 'busy', 'idle']);
  });

  it('tells a listener added during start-up the latest step at once, and nothing once ready', () => {
    const { client, worker } = makeClient();
    worker().send({ type: 'startup-progress', phase: 'Loading the Python runtime', fraction: 0 });
    worker().send({ type: 'startup-progress', phase: 'Starting Python', fraction: 0.6 });
    const heard: Array<[string, number]> = [];
    client.onStartupProgress((phase, fraction) => heard.push([phase, fraction]));
    worker().send({ type: 'startup-progress', phase: 'Loading torch', fraction: 0.8 });
    expect(heard).toEqual([['Starting Python', 0.6], ['Loading torch', 0.8]]);
    worker().ready();
    const late: Array<[string, number]> = [];
    client.onStartupProgress((phase, fraction) => late.push([phase, fraction]));
    expect(late).toEqual([]);
  });

  it('routes outputs to the running cell only', async () => {
    const { client, worker } = makeClient();
    worker().ready();
    const results: unknown[] = [];
    const done = client.execute(cell('1 + 1'), { onResult: (data) => results.push(data), onError: (e) => results.push(e.ename) });
    const { runId } = worker().executes()[0]!;
    worker().send({ type: 'execute-result', runId: runId + 100, data: { 'text/plain': 'stale' }, executionCount: 1 });
    worker().send({ type: 'execute-result', runId, data: { 'text/plain': '2' }, executionCount: 1 });
    worker().send({ type: 'error', runId, ename: 'ValueError', evalue: 'x', traceback: [], frames: [] });
    worker().finish(runId);
    await done;
    expect(results).toEqual([{ 'text/plain': '2' }, 'ValueError']);
  });

  it('interrupts through the shared buffer when the page is cross-origin isolated', async () => {
    vi.stubGlobal('crossOriginIsolated', true);
    const { client, worker } = makeClient();
    const init = worker().posted[0] as Extract<KernelRequest, { type: 'init' }>;
    expect(init.interruptBuffer).toBeInstanceOf(SharedArrayBuffer);
    const buffer = new Int32Array(init.interruptBuffer!);
    worker().ready();
    const running = client.execute(cell('while True: pass'), {});
    const queued = client.execute(cell('print(2)', 2), {});
    const { runId } = worker().executes()[0]!;
    const answer = client.interrupt();
    expect(buffer[0]).toBe(2);
    worker().finish(runId, 'interrupted');
    expect(await answer).toBe('interrupted');
    expect(await running).toMatchObject({ status: 'interrupted' });
    expect(await queued).toEqual({ status: 'interrupted', durationMs: 0 });
    expect(buffer[0]).toBe(0);
    expect(workers).toHaveLength(1);
  });

  it('replaces a Worker that does not stop within the grace period', async () => {
    vi.stubGlobal('crossOriginIsolated', true);
    const { client, statuses, worker } = makeClient({ interruptGraceMs: 30 });
    const first = worker();
    first.ready();
    const running = client.execute(cell('stuck()'), {});
    expect(await client.interrupt()).toBe('restarted');
    expect(await running).toEqual({ status: 'interrupted', durationMs: 0 });
    expect(first.terminated).toBe(true);
    expect(workers).toHaveLength(2);
    expect(client.status).toBe('starting');
    expect(client.readyInfo).toBeNull();
    worker().ready();
    expect(statuses.slice(-3)).toEqual(['busy', 'starting', 'idle']);
  });

  it('replaces the Worker at once when the page is not isolated', async () => {
    const { client, worker } = makeClient({ interruptGraceMs: 60_000 });
    expect((worker().posted[0] as Extract<KernelRequest, { type: 'init' }>).interruptBuffer).toBeUndefined();
    worker().ready();
    const running = client.execute(cell('while True: pass'), {});
    expect(await client.interrupt()).toBe('restarted');
    expect(await running).toMatchObject({ status: 'interrupted' });
    expect(workers).toHaveLength(2);
  });

  it('restart() ends queued cells as dead and resolves when the new kernel is ready', async () => {
    const { client, worker } = makeClient();
    const first = worker();
    first.ready();
    const running = client.execute(cell('a'), {});
    const queued = client.execute(cell('b', 2), {});
    let restarted = false;
    const restart = client.restart().then(() => (restarted = true));
    expect(await running).toEqual({ status: 'dead', durationMs: 0 });
    expect(await queued).toEqual({ status: 'dead', durationMs: 0 });
    expect(first.terminated).toBe(true);
    await Promise.resolve();
    expect(restarted).toBe(false);
    worker().ready();
    await restart;
    expect(client.status).toBe('idle');
  });

  it("goes dead when the Worker fails, and answers 'dead' to later cells", async () => {
    const { client, worker } = makeClient();
    const pending = client.execute(cell('x'), {});
    worker().fail('could not load');
    expect(await pending).toEqual({ status: 'dead', durationMs: 0 });
    expect(client.status).toBe('dead');
    expect(await client.execute(cell('y'), {})).toEqual({ status: 'dead', durationMs: 0 });
    await expect(client.variables()).rejects.toThrow('dead');
  });

  it("goes dead on 'fatal' and when start-up stops answering", async () => {
    vi.useFakeTimers();
    const fatal = makeClient();
    fatal.worker().send({ type: 'fatal', message: 'Python could not start' });
    expect(fatal.client.status).toBe('dead');
    const silent = makeClient({ startupTimeoutMs: 1000 });
    silent.worker().send({ type: 'startup-progress', phase: 'Loading', fraction: 0 });
    vi.advanceTimersByTime(999);
    expect(silent.client.status).toBe('starting');
    vi.advanceTimersByTime(1);
    expect(silent.client.status).toBe('dead');
  });

  it('answers complete and variables by request id, after start-up, with a timeout', async () => {
    vi.useFakeTimers();
    const { client, worker } = makeClient({ requestTimeoutMs: 500 });
    const completion = client.complete('torch.on', 8);
    expect(worker().posted).toHaveLength(1); // waits for 'ready'
    worker().ready();
    const request = worker().posted[1] as Extract<KernelRequest, { type: 'complete' }>;
    expect(request).toMatchObject({ type: 'complete', code: 'torch.on', cursor: 8 });
    worker().send({ type: 'completions', reqId: request.reqId, items: [{ label: 'ones', type: 'function' }], from: 6 });
    expect(await completion).toEqual({ items: [{ label: 'ones', type: 'function' }], from: 6 });
    const variables = client.variables();
    vi.advanceTimersByTime(500);
    await expect(variables).rejects.toThrow("did not answer 'variables' within 500 ms");
  });

  it("passes the namespace after each run to onVariables", () => {
    const { client, worker } = makeClient();
    const seen: string[][] = [];
    client.onVariables((variables) => seen.push(variables.map((v) => v.name)));
    worker().ready();
    worker().send({ type: 'variables', reqId: null, variables: [{ name: 'x', type: 'Tensor', preview: 'tensor(1.)' }] });
    expect(seen).toEqual([['x']]);
  });
});
