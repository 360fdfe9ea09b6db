// Feeds the inspect slice from the kernel: 'trace' batches are reduced as
// they arrive (engine/trace/trace_state.ts) and the snapshot reaches the store
// on an animation frame, at most every PUBLISH_INTERVAL_MS: a loop that sends
// thousands of events a second costs ten store updates (and redraws) a second,
// which keeps the views live and the page's share of the machine small.
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

export const PUBLISH_INTERVAL_MS = 100;

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

export class InspectFeed {
  private state = new TraceState();
  private scheduled = false;
  private lastPublish = -Infinity;
  /** Events reduced so far (all runs), for tests and benchmarks. */
  eventCount = 0;

  constructor(
    readonly store: InspectStore,
    private readonly schedule: Schedule = nextFrame,
  ) {}

  /** One 'trace' batch, in order. */
  ingest(events: readonly TraceEvent[]): void {
    this.state.applyAll(events);
    this.eventCount += events.length;
    if (this.scheduled) return;
    this.scheduled = true;
    this.schedule(() => this.flush(), Math.max(0, this.lastPublish + PUBLISH_INTERVAL_MS - performance.now()));
  }

  /** Any kernel event: 'trace' batches feed the views; the rest is someone else's. */
  consume(event: KernelEvent): void {
    if (event.type === 'trace') this.ingest(event.events);
  }

  /** Publishes the current snapshot now. */
  flush(): void {
    this.scheduled = false;
    this.lastPublish = performance.now();
    const trace = this.state.snapshot();
    const s = this.store.getState();
    if (s.inspect.trace === trace) return;
    s.setInspectTrace(trace, this.report(s.inspect.selectedName));
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
