// The graph and memory views in Chromium (pages/inspect.html against a
// production build, as the browser tests use it):
//   - a synthetic graph of 10,000 distinct nodes (nothing to collapse): time
//     until it is laid out (ELK, in the layout Worker) and drawn, then frames
//     per second while it is dragged, fitted whole and zoomed in;
//   - live updates: a 1,000-iteration training loop that keeps its graph
//     (`running_loss += loss`), timed in the kernel with the inspect panel open
//     (graph tab, growing live) and closed; the ratio is the panel's cost.
//
//   npx tsx bench/graph_view.ts
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { REPO_ROOT, buildSite, startPreview } from '../test/browser/app_server.ts';
import { launchChromium } from '../test/browser/chromium.ts';

const INSPECT_PAGE = 'test/browser/pages/inspect.html';
const SITE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/glassgrad/bench-inspect-site');

export const LIVE_LOOP_SETUP = `import torch, torch.nn as nn, torch.nn.functional as F
torch.manual_seed(0)
model = nn.Sequential(nn.Linear(20, 32), nn.ReLU(), nn.Linear(32, 10))
optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
x, y = torch.randn(16, 20), torch.randint(0, 10, (16,))`;

export const LIVE_LOOP = `running_loss = 0
for i in range(1000):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    running_loss += loss`;

export interface GraphViewBench {
  nodes: number;
  /** From mounting the view to the laid out graph drawn. */
  layoutMs: number;
  /** ELK's own time in the Worker. */
  elkMs: number;
  panFpsWhole: number;
  panFpsZoomed: number;
  /** Boxes drawn per frame while panning zoomed out / zoomed in. */
  drawnWhole: number;
  drawnZoomed: number;
  worstFrameMs: number;
  /** Kernel time of the 1,000-iteration loop (median), panel closed and open. */
  loopMsClosed: number;
  loopMsOpen: number;
  /** loopMsOpen / loopMsClosed. */
  overheadRatio: number;
  /** Every round's kernel times, in order. */
  closedSamplesMs: number[];
  openSamplesMs: number[];
  /** Live nodes the loop's graph ends with. */
  loopNodes: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function syntheticGraph(page: Page, url: string, nodes: number) {
  await page.goto(`${url}?bench=graph&nodes=${nodes}`);
  const laid = await page.evaluate(() => window.inspectPage.graphLaidOut());
  const whole = await page.evaluate(() => window.inspectPage.pan(3000));
  const zoomed = await page.evaluate(() => window.inspectPage.pan(3000, 50)); // from the 0.02 floor to about 1
  return { laid, whole, zoomed };
}

async function liveLoop(page: Page, url: string, rounds: number) {
  await page.goto(url);
  await page.evaluate(() => window.inspectPage.ready);
  const run = async (code: string) => {
    const r = await page.evaluate((c) => window.inspectPage.run(c), code);
    if (r.status !== 'ok') throw new Error(`bench cell failed: ${r.text}`);
    return r.durationMs;
  };
  await run(LIVE_LOOP_SETUP);
  await page.evaluate(() => window.inspectPage.setTab('graph'));
  await run(LIVE_LOOP); // warm-up
  const closed: number[] = [];
  const open: number[] = [];
  for (let i = 0; i < rounds; i++) {
    await page.evaluate(() => window.inspectPage.setPanelOpen(false));
    closed.push(await run(LIVE_LOOP));
    await page.evaluate(() => window.inspectPage.setPanelOpen(true));
    open.push(await run(LIVE_LOOP));
  }
  const nodes = await page.evaluate(() => window.inspectPage.snapshot().graph.nodes.length);
  return { closed: median(closed), open: median(open), nodes, closedSamples: closed.map(Math.round), openSamples: open.map(Math.round) };
}

export async function measureGraphView(options: { nodes?: number; rounds?: number; build?: boolean } = {}): Promise<GraphViewBench> {
  const nodes = options.nodes ?? 10_000;
  if (options.build !== false) await buildSite(SITE_DIR, [INSPECT_PAGE]);
  const app = await startPreview(SITE_DIR);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const url = new URL(INSPECT_PAGE, app.url).href;
    const graph = await syntheticGraph(page, url, nodes);
    const loop = await liveLoop(page, url, options.rounds ?? 5);
    return {
      nodes,
      layoutMs: Math.round(graph.laid.totalMs),
      elkMs: graph.laid.elkMs,
      panFpsWhole: Math.round(graph.whole.fps * 10) / 10,
      panFpsZoomed: Math.round(graph.zoomed.fps * 10) / 10,
      drawnWhole: graph.whole.drawn,
      drawnZoomed: graph.zoomed.drawn,
      worstFrameMs: Math.round(Math.max(graph.whole.worstFrameMs, graph.zoomed.worstFrameMs)),
      loopMsClosed: Math.round(loop.closed),
      loopMsOpen: Math.round(loop.open),
      overheadRatio: Math.round((loop.open / loop.closed) * 1000) / 1000,
      loopNodes: loop.nodes,
      closedSamplesMs: loop.closedSamples,
      openSamplesMs: loop.openSamples,
    };
  } finally {
    await browser.close();
    await app.close();
  }
}

/** The bench's lines for `npm run bench`. */
export function graphViewLines(b: GraphViewBench): string[] {
  return [
    `Graph view, synthetic ${b.nodes.toLocaleString('en-US')}-node graph (Chromium): laid out and drawn in ${b.layoutMs} ms (ELK ${b.elkMs} ms in the layout Worker); ` +
      `pan ${b.panFpsWhole} fps zoomed out (${b.drawnWhole} boxes a frame), ${b.panFpsZoomed} fps zoomed in (${b.drawnZoomed} boxes; worst frame ${b.worstFrameMs} ms)`,
    `Live graph updates, 1,000-iteration training loop keeping its graph (${b.loopNodes.toLocaleString('en-US')} nodes): ` +
      `${b.loopMsClosed} ms with the panel closed, ${b.loopMsOpen} ms open (medians of ${b.closedSamplesMs.join('/')} and ${b.openSamplesMs.join('/')}) — ratio ${b.overheadRatio.toFixed(3)} (target < 1.10)`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureGraphView({ nodes: Number(process.argv[2] ?? 10_000), build: process.argv[3] !== 'no-build' });
  for (const line of graphViewLines(result)) console.log(line);
}
