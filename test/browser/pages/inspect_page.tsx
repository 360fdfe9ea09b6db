// The inspect views over a real kernel Worker, for browser tests and the graph
// view benchmark: cells' inline outputs on the left, the inspect panel
// (Graph | Memory) on the right, fed from the kernel's trace as the app feeds
// it. Exposed as `window.inspectPage`; its methods return plain data.
//   ?bench=graph&nodes=10000  a synthetic graph in the graph view, no kernel
import { StrictMode, useSyncExternalStore } from 'react';
import { createRoot } from 'react-dom/client';
import type { ExecuteOutcome, MimeBundle } from '../../../engine/runtime/protocol.ts';
import { WorkerKernelClient } from '../../../engine/runtime/worker_client.ts';
import type { GraphNodeRecord } from '../../../engine/trace/graph_state.ts';
import type { TraceSnapshot } from '../../../engine/trace/trace_state.ts';
import { InspectFeed } from '../../../app/inspect/feed.ts';
import { InspectProvider } from '../../../app/inspect/context.tsx';
import { InspectPanel } from '../../../app/inspect/InspectPanel.tsx';
import { GraphBody } from '../../../app/inspect/graph/GraphBody.tsx';
import { pickInspectMime, renderInspectOutput } from '../../../app/inspect/outputs.tsx';
import { createInspectStore } from '../../../app/inspect/store.ts';
import '../../../app/app.css';
import '../../../app/inspect/inspect.css';

export interface InspectRun {
  status: ExecuteOutcome['status'];
  durationMs: number;
  /** Wall time from execute() to its outcome, in the page. */
  wallMs: number;
  text: string;
  /** MIME types of each display. */
  displays: string[][];
  /** The graph panel's node count, read from the page at every animation frame while the cell ran. */
  countsDuringRun: number[];
}

export interface PanBench {
  /** Boxes the last frame drew. */
  drawn: number;
  frames: number;
  ms: number;
  fps: number;
  worstFrameMs: number;
}

export interface InspectPage {
  ready: Promise<void>;
  run(code: string): Promise<InspectRun>;
  snapshot(): TraceSnapshot;
  selectName(name: string | null): void;
  setPanelOpen(open: boolean): void;
  setTab(tab: 'graph' | 'memory'): void;
  /** Synthetic graph mode: ms from mounting to the first drawn layout, and ELK's own time. */
  graphLaidOut(): Promise<{ totalMs: number; elkMs: number; boxes: number }>;
  /** Drags the graph canvas for `ms`, one pointer move per frame, after zooming by `zoom` (a factor); frames per second. */
  pan(ms: number, zoom?: number): Promise<PanBench>;
}

declare global {
  interface Window {
    inspectPage: InspectPage;
  }
}

const params = new URLSearchParams(location.search);
let outputs: readonly { id: number; data: MimeBundle }[] = [];
const listeners = new Set<() => void>();
let panelOpen = true;
const notify = () => listeners.forEach((l) => l());
const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l));

function Outputs() {
  const list = useSyncExternalStore(subscribe, () => outputs);
  return (
    <div className="inspect-outputs">
      {list.map(({ id, data }) => {
        const mime = pickInspectMime(data);
        return (
          <div key={id} className="output" data-output={id}>
            {mime ? renderInspectOutput(mime, data[mime]) : <pre>{String(data['text/plain'] ?? '')}</pre>}
          </div>
        );
      })}
    </div>
  );
}

function Panel() {
  const open = useSyncExternalStore(subscribe, () => panelOpen);
  return open ? (
    <aside style={{ flex: '0 0 460px', borderLeft: '1px solid #ddd', padding: 8, overflow: 'auto' }} aria-label="Inspector">
      <InspectPanel />
    </aside>
  ) : null;
}

/** A synthetic graph of `n` distinct nodes: a chain of 20-node blocks with skip edges and shared leaves, no repetition to collapse. */
function syntheticGraph(n: number): GraphNodeRecord[] {
  const nodes: GraphNodeRecord[] = [];
  const leaves = 8;
  for (let i = 1; i <= leaves; i++) {
    nodes.push({ node: i, name: 'AccumulateGrad', next: [], savedBytes: 0, module: null, saved: [], savedFreed: false, seq: i, run: null, leaf: { tensor: i, storage: i, bytes: 4000, shape: [10, 100], dtype: 'float32', label: `layer${i}.weight` } });
  }
  for (let i = leaves + 1; i <= n; i++) {
    const next = [i - 1];
    if (i % 7 === 0 && i - 20 > leaves) next.push(i - 20);
    if (i % 13 === 0) next.push(1 + (i % leaves));
    nodes.push({ node: i, name: `Op${i % 17}Backward0`, next, savedBytes: 0, module: `Net.block${Math.floor(i / 100)}`, saved: [{ storage: 100000 + i, bytes: 256 * (1 + (i % 5)), shape: [8, 8 * (1 + (i % 5))], dtype: 'float32' }], savedFreed: false, seq: i, run: null });
  }
  return nodes;
}

const kernelMode = params.get('bench') !== 'graph';
const feed = new InspectFeed(createInspectStore());
const root = createRoot(document.getElementById('root')!);
let mountedAt = 0;

if (kernelMode) {
  root.render(
    <StrictMode>
      <InspectProvider feed={feed}>
        <div style={{ display: 'flex', height: '100vh' }}>
          <main style={{ flex: 1, overflow: 'auto', padding: 8 }}>
            <Outputs />
          </main>
          <Panel />
        </div>
      </InspectProvider>
    </StrictMode>,
  );
} else {
  const nodes = syntheticGraph(Number(params.get('nodes') ?? 10000));
  mountedAt = performance.now();
  root.render(
    <div style={{ width: 900, padding: 8 }}>
      <GraphBody nodes={nodes} options={{ collapseRepeats: false, groupByModule: false }} onOptions={() => undefined} selected={null} onSelect={() => undefined} height={700} />
    </div>,
  );
}

const kernel = kernelMode ? new WorkerKernelClient() : null;
if (kernel) feed.attach(kernel);
let executionCount = 0;

function nodeCountInPage(): number {
  const el = document.querySelector('[data-testid="graph-node-count"]');
  return el ? Number(el.textContent) : -1;
}

const page: InspectPage = {
  ready: kernel
    ? new Promise((resolve) => {
        if (kernel.status === 'idle') resolve();
        const off = kernel.onStatus((s) => s === 'idle' && (off(), resolve()));
      })
    : Promise.resolve(),
  async run(code) {
    if (!kernel) throw new Error('no kernel in synthetic graph mode');
    executionCount++;
    let text = '';
    const displays: string[][] = [];
    const counts: number[] = [];
    let sampling = true;
    const sample = () => {
      if (!sampling) return;
      counts.push(nodeCountInPage());
      requestAnimationFrame(sample);
    };
    requestAnimationFrame(sample);
    const t0 = performance.now();
    const outcome = await kernel.execute(
      { cellId: `cell-${executionCount}`, cellName: `<cell ${executionCount}>`, code, executionCount },
      {
        onTrace: (events) => feed.ingest(events),
        onStream: (_, t) => void (text += t),
        onError: (e) => void (text += e.traceback.join('\n')),
        onDisplay: (data) => {
          displays.push(Object.keys(data));
          outputs = [...outputs, { id: outputs.length + 1, data }]; // a new array: useSyncExternalStore compares by identity
          notify();
        },
      },
    );
    const wallMs = performance.now() - t0;
    await new Promise((r) => setTimeout(r, 100)); // the last batch reaches the store and the page
    sampling = false;
    counts.push(nodeCountInPage());
    return { status: outcome.status, durationMs: outcome.durationMs, wallMs, text, displays, countsDuringRun: counts };
  },
  snapshot: () => feed.store.getState().inspect.trace,
  selectName: (name) => feed.selectName(name),
  setPanelOpen(open) {
    panelOpen = open;
    notify();
  },
  setTab: (tab) => feed.store.getState().setInspectTab(tab),
  graphLaidOut() {
    return new Promise((resolve) => {
      const check = () => {
        const canvas = document.querySelector<HTMLCanvasElement>('.graph-canvas canvas');
        const status = document.querySelector('.graph-layout-status')?.textContent ?? '';
        if (canvas && canvas.dataset.drawn && /^layout \d+ ms$/.test(status)) {
          resolve({ totalMs: performance.now() - mountedAt, elkMs: Number(status.match(/\d+/)![0]), boxes: Number(canvas.dataset.boxes) });
        } else {
          requestAnimationFrame(check);
        }
      };
      check();
    });
  },
  pan(ms, zoom = 1) {
    const canvas = document.querySelector<HTMLCanvasElement>('.graph-canvas canvas')!;
    const r = canvas.getBoundingClientRect();
    // Fitted first (the graph centred), then zoomed about the middle: GraphCanvas zooms by exp(-deltaY * 0.0015) per wheel event.
    document.querySelector<HTMLButtonElement>('.graph-fit')?.click();
    if (zoom !== 1) canvas.dispatchEvent(new WheelEvent('wheel', { clientX: r.left + r.width / 2, clientY: r.top + 200, deltaY: -Math.log(zoom) / 0.0015, bubbles: true, cancelable: true }));
    const at = (x: number, y: number, type: string) =>
      canvas.dispatchEvent(new PointerEvent(type, { clientX: r.left + x, clientY: r.top + y, pointerId: 7, bubbles: true }));
    return new Promise((resolve) => {
      const times: number[] = [];
      // Round and round a small circle: the drawing stays under the pointer, as in a reader's panning.
      const point = () => [200 + 80 * Math.cos(times.length / 15), 200 + 80 * Math.sin(times.length / 15)] as const;
      at(...point(), 'pointerdown');
      const step = (t: number) => {
        times.push(t);
        at(...point(), 'pointermove');
        if (t - times[0]! < ms) requestAnimationFrame(step);
        else {
          at(...point(), 'pointerup');
          const gaps = times.slice(1).map((v, i) => v - times[i]!);
          const total = times.at(-1)! - times[0]!;
          resolve({ drawn: Number(canvas.dataset.drawn), frames: gaps.length, ms: total, fps: (gaps.length * 1000) / total, worstFrameMs: Math.max(...gaps) });
        }
      };
      requestAnimationFrame(step);
    });
  },
};

window.inspectPage = page;
