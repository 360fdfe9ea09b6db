// Feeds the inspect slice from the kernel: 'trace' batches are reduced as
// they arrive (engine/trace/trace_state.ts) and the snapshot reaches the store
// on an animation frame, at most every PUBLISH_INTERVAL_MS, and less often
// when publishing costs more (Note [The views' share of the main thread]).
//
//   const feed = new InspectFeed(store);
//   client.execute(request, { onTrace: (events) => feed.ingest(events) });
//   feed.attach(client);   // a kernel restart starts the views afresh
import type { TraceEvent } from '../../engine/trace/events.ts';
import { TraceState } from '../../engine/trace/trace_state.ts';
import type { KernelClient, KernelEvent } from '../../engine/runtime/protocol.ts';
import { whyAlive, type AliveReport } from './graph/why_alive.ts';
import type { InspectStore } from './store.ts';

/** Calls `publish` once, on an animation frame at least `delayMs` from now. */
type Schedule = (publish: () => void, delayMs: number) => void;

/** Calls `done` once what a publish set off has run: the views' render and the frame it drew. */
type AfterRender = (done: () => void) => void;

/**
 * Note [The views' share of the main thread]: a loop that sends thousands of
 * events a second gets one publish per PUBLISH_INTERVAL_MS at most, and each
 * publish is timed from the store update to the end of the frame it caused
 * (React's render of the open views, style, layout, paint). The next publish
 * then waits until that work is at most PUBLISH_SHARE of the time since the
 * last one (capped at MAX_PUBLISH_INTERVAL_MS). With the views closed a
 * publish costs next to nothing and the views' store stays at ten updates a
 * second; with the Graph tab open over a heavy notebook, on a busy machine,
 * the panel updates a few times a second instead of taking the kernel's time
 * (the page's main thread and the kernel's Worker share two cores).
 */
export const PUBLISH_INTERVAL_MS = 100;
export const PUBLISH_SHARE = 0.1;
export const MAX_PUBLISH_INTERVAL_MS = 1000;

/** The interval after a publish whose work took `costMs`. */
export function publishInterval(costMs: number): number {
  return Math.min(MAX_PUBLISH_INTERVAL_MS, Math.max(PUBLISH_INTERVAL_MS, costMs / PUBLISH_SHARE));
}

/** requestAnimationFrame where there is one (a page), else a timer (Node, Workers, a hidden tab). */
export const nextFrame: Schedule = (publish, delayMs) => {
  const frame = () => {
    if (typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && document.visibilityState !== 'hidden') {
      requestAnimationFrame(() => publish());
    } else {
      setTimeout(publish, 16);
    }
  };
  if (delayMs > 0) setTimeout(frame, delayMs);
  else frame();
};

/**
 * A task queued behind the current one: in a page it runs after the frame a
 * publish made on an animation frame has been rendered; elsewhere, after
 * this task's microtasks (React's synchronous render).
 */
export const afterRender: AfterRender = (done) => {
  if (typeof MessageChannel !== 'function' || typeof document === 'undefined') {
    queueMicrotask(done);
    return;
  }
  const channel = new MessageChannel();
  channel.port1.onmessage = () => {
    channel.port1.close();
    done();
  };
  channel.port2.postMessage(null);
};

export class InspectFeed {
  private state = new TraceState();
  private scheduled = false;
  /** The publish scheduled is due on the next frame (no interval to wait). */
  private scheduledNow = false;
  private generation = 0;
  private lastPublish = -Infinity;
  /** What the last publish cost (Note [The views' share of the main thread]). */
  private publishCostMs = 0;
  /** Events reduced so far (all runs), for tests and benchmarks. */
  eventCount = 0;

  constructor(
    readonly store: InspectStore,
    private readonly schedule: Schedule = nextFrame,
    private readonly measure: AfterRender = afterRender,
  ) {}

  /** Milliseconds between publishes now: PUBLISH_INTERVAL_MS, or more when publishing costs more. */
  get interval(): number {
    return publishInterval(this.publishCostMs);
  }

  /** One 'trace' batch, in order. A run's end shows on the next frame, whatever the interval. */
  ingest(events: readonly TraceEvent[]): void {
    this.state.applyAll(events);
    this.eventCount += events.length;
    const ended = events.some((e) => e.type === 'run-end');
    if (this.scheduled && !(ended && !this.scheduledNow)) return;
    const delay = ended ? 0 : Math.max(0, this.lastPublish + this.interval - performance.now());
    this.scheduled = true;
    this.scheduledNow = delay === 0;
    const generation = ++this.generation; // a publish rescheduled sooner leaves the later call without effect
    this.schedule(() => {
      if (generation === this.generation) this.flush();
    }, delay);
  }

  /** Any kernel event: 'trace' batches feed the views; the rest is someone else's. */
  consume(event: KernelEvent): void {
    if (event.type === 'trace') this.ingest(event.events);
  }

  /** Publishes the current snapshot now. */
  flush(): void {
    this.scheduled = false;
    const start = performance.now();
    this.lastPublish = start;
    const trace = this.state.snapshot();
    const s = this.store.getState();
    if (s.inspect.trace === trace) return;
    s.setInspectTrace(trace, this.report(s.inspect.selectedName));
    this.measure(() => {
      this.publishCostMs = performance.now() - start;
    });
  }

  /** A fresh kernel: its node and storage ids start over, so the views do too. */
  reset(): void {
    this.state = new TraceState();
    this.eventCount = 0;
    this.store.getState().resetInspect();
    this.flush();
  }

  /** "Why is this alive?" for a name of the notebook (null clears it). */
  selectName(name: string | null): void {
    this.store.getState().setWhyAlive(name, this.report(name));
  }

  /** Resets the views when the client starts a new kernel; returns the unsubscribe function. */
  attach(client: KernelClient): () => void {
    let was = client.status;
    return client.onStatus((status) => {
      if (status === 'starting' && was !== 'starting') this.reset();
      was = status;
    });
  }

  private report(name: string | null): AliveReport | null {
    if (name === null) return null;
    const snapshot = this.state.snapshot();
    const named = snapshot.names.find((n) => n.name === name);
    if (!named) return null;
    return whyAlive(named, snapshot.graph.nodes, (storage) => this.state.memory.categoryOf(storage));
  }
}
