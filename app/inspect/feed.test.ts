import { afterEach, describe, expect, it, vi } from 'vitest';
import type { KernelClient, KernelStatus } from '../../engine/runtime/protocol.ts';
import type { TraceEvent } from '../../engine/trace/events.ts';
import { InspectFeed, MAX_PUBLISH_INTERVAL_MS, PUBLISH_INTERVAL_MS, publishInterval } from './feed.ts';
import { createInspectStore } from './store.ts';

const created = (node: number, next: number[] = []): TraceEvent => ({ type: 'node-created', node, name: 'ExpBackward0', next, savedBytes: 0, module: null, saved: [] });

function manualFeed() {
  const due: (() => void)[] = [];
  const feed = new InspectFeed(createInspectStore(), (publish) => void due.push(publish));
  return { feed, frame: () => due.splice(0).forEach((f) => f()), due };
}

describe('InspectFeed', () => {
  it('reduces every batch at once but publishes to the store once per frame', () => {
    const { feed, frame, due } = manualFeed();
    let updates = 0;
    feed.store.subscribe(() => updates++);
    feed.ingest([created(1)]);
    feed.ingest([created(2, [1]), created(3, [2])]);
    expect(due).toHaveLength(1);
    expect(feed.store.getState().inspect.trace.graph.nodes).toHaveLength(0);
    frame();
    expect(updates).toBe(1);
    expect(feed.store.getState().inspect.trace.graph.nodes.map((n) => n.node)).toEqual([1, 2, 3]);
    frame(); // nothing new: no update
    expect(updates).toBe(1);
    feed.consume({ type: 'trace', runId: 1, events: [{ type: 'node-destroyed', node: 3 }] });
    feed.consume({ type: 'stream', runId: 1, name: 'stdout', text: 'not mine' });
    frame();
    expect(feed.store.getState().inspect.trace.graph.nodes).toHaveLength(2);
    expect(feed.eventCount).toBe(4);
  });

  it('keeps "why is this alive?" up to date and starts afresh when the kernel restarts', () => {
    const { feed, frame } = manualFeed();
    feed.ingest([
      created(1),
      created(2, [1]),
      { type: 'names', names: [{ name: 'y', tensor: 9, storage: 5, bytes: 4, gradFn: 2, shape: [], dtype: 'float32', heldBytes: 8, savedBytes: 0, retainedBytes: 4 }] },
    ]);
    frame();
    feed.selectName('y');
    expect(feed.store.getState().inspect.whyAlive?.nodes).toEqual([2, 1]);
    feed.ingest([created(3, [2])]);
    frame();
    expect(feed.store.getState().inspect.selectedName).toBe('y');
    feed.selectName('nobody');
    expect(feed.store.getState().inspect.whyAlive).toBeNull();

    let status: KernelStatus = 'idle';
    const listeners = new Set<(s: KernelStatus) => void>();
    const client = { get status() { return status; }, onStatus: (l: (s: KernelStatus) => void) => (listeners.add(l), () => listeners.delete(l)) } as unknown as KernelClient;
    const off = feed.attach(client);
    status = 'starting';
    listeners.forEach((l) => l('starting'));
    expect(feed.store.getState().inspect.trace.graph.nodes).toEqual([]);
    expect(feed.store.getState().inspect.selectedName).toBeNull();
    off();
    expect(listeners.size).toBe(0);
  });
});

describe('InspectFeed publishing cost', () => {
  afterEach(() => vi.restoreAllMocks());

  it('waits longer between publishes when a publish (render and frame) costs more, within bounds', () => {
    expect(publishInterval(0)).toBe(PUBLISH_INTERVAL_MS);
    expect(publishInterval(50)).toBe(500); // 10% of the main thread
    expect(publishInterval(1e6)).toBe(MAX_PUBLISH_INTERVAL_MS);

    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const scheduled: { publish: () => void; delay: number }[] = [];
    const rendered: (() => void)[] = [];
    const feed = new InspectFeed(
      createInspectStore(),
      (publish, delay) => void scheduled.push({ publish, delay }),
      (done) => void rendered.push(done),
    );
    feed.ingest([created(1)]);
    expect(scheduled.map((s) => s.delay)).toEqual([0]);
    scheduled.shift()!.publish();
    now = 1050; // the views rendered and the frame was drawn 50 ms after the publish
    rendered.shift()!();
    expect(feed.interval).toBe(500);
    now = 1100;
    feed.ingest([created(2, [1])]);
    expect(scheduled.map((s) => s.delay)).toEqual([400]);
    now = 1500;
    scheduled.shift()!.publish();
    now = 1502;
    rendered.shift()!(); // cheap this time: back to the shortest interval
    expect(feed.interval).toBe(PUBLISH_INTERVAL_MS);
  });

  it('publishes a run\'s end on the next frame, ahead of a publish that waits out the interval', () => {
    let now = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => now);
    const scheduled: { publish: () => void; delay: number }[] = [];
    const rendered: (() => void)[] = [];
    const feed = new InspectFeed(
      createInspectStore(),
      (publish, delay) => void scheduled.push({ publish, delay }),
      (done) => void rendered.push(done),
    );
    feed.ingest([created(1)]);
    scheduled.shift()!.publish();
    now = 1100;
    rendered.shift()!(); // 100 ms of rendering: one publish a second
    feed.ingest([created(2, [1])]);
    feed.ingest([{ type: 'run-end', runId: 1, status: 'ok' }]);
    expect(scheduled.map((s) => s.delay)).toEqual([900, 0]);
    scheduled[1]!.publish();
    expect(feed.store.getState().inspect.trace.graph.nodes).toHaveLength(2);
    let updates = 0;
    feed.store.subscribe(() => updates++);
    scheduled[0]!.publish(); // the one it replaced
    expect(updates).toBe(0);
  });
});
