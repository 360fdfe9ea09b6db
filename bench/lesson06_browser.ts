// Lesson 06's Python training loop in the real app, in Chromium against a
// production build: the lesson is opened from the sidebar, its train()
// exercise (the training loop) gets its solution ("Show solution", "Use this
// solution"), and every cell up to and including it runs, checks too. Then a
// cell added below times `steps` steps of that train() (tqdm bar and log
// lines included) with time.perf_counter(); it runs with the right panel open
// on its Graph tab (live graph updates flowing) and with the panel closed, the
// order alternating round by round. Samples/s are medians. Beside them, two
// figures that move less with the load other programs put on a shared
// machine: the share of each run the page's main thread was busy (CDP
// Performance.getMetrics) and the CPU time all of Chromium's processes used
// per sample (/proc), both medians.
//
//   npx tsx bench/lesson06_browser.ts [rounds] [steps] [no-build]
//   LESSON06_PROFILE_DIR=/tmp/prof npx tsx bench/lesson06_browser.ts 1 10 no-build   # + main-thread CPU profiles
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CDPSession, Page } from 'playwright-core';
import { REPO_ROOT, buildSite, startPreview } from '../test/browser/app_server.ts';
import { launchChromium } from '../test/browser/chromium.ts';
import { NotebookUi } from '../test/browser/notebook_ui.ts';

const SITE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/glassgrad/bench-app-site');
const LESSON_ID = 'putting-it-together';
/** The exercise whose solution is the lesson's training loop, train(). */
const TRAIN_EXERCISE = 'train';
const CELL_TIMEOUT_MS = 180_000;

/** The timing cell: `steps` steps of the lesson's train() (tqdm bar and log lines included), one line of figures. */
export function timingCell(steps: number): string {
  return `import time
assert ${steps} < len(train_loader), "fewer full batches than timed steps"
_bench_start = time.perf_counter()
_bench_losses = train(model, train_loader, optimizer, 0, max_steps=${steps})
_bench_seconds = time.perf_counter() - _bench_start
print(f"lesson06-bench: {len(_bench_losses) * train_loader.batch_size} samples in {_bench_seconds:.4f} s")`;
}

export interface Lesson06Bench {
  steps: number;
  batchSize: number;
  rounds: number;
  /** Median samples/s of the timed train() calls, Graph tab open and panel closed. */
  samplesPerSecGraphOpen: number;
  samplesPerSecPanelClosed: number;
  /** graph open / panel closed: below 1 is the live graph's cost. */
  ratio: number;
  /** Every run's samples/s, in the order measured. */
  graphOpenSamples: number[];
  panelClosedSamples: number[];
  /** From navigation to the lesson run up to its train() exercise (solution and checks). */
  setupMs: number;
  /** Median share of the wall clock the page's main thread was busy during a run (CDP TaskDuration), Graph tab open and panel closed. */
  mainBusyGraphOpen: number;
  mainBusyPanelClosed: number;
  /** Median CPU milliseconds all of Chromium's processes used per training sample, Graph tab open and panel closed (null without /proc). */
  cpuMsPerSampleGraphOpen: number | null;
  cpuMsPerSamplePanelClosed: number | null;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** The execution count cell `index` shows, or null while it is queued, running or never run. */
function executionCount(page: Page, index: number): Promise<number | null> {
  return page.evaluate((i) => {
    const prompt = document.querySelectorAll('.notebook [data-cell-id]')[i]?.querySelector('[data-prompt]')?.getAttribute('data-prompt') ?? '';
    const m = /^\[(\d+)\]:$/.exec(prompt);
    return m ? Number(m[1]) : null;
  }, index);
}

/** Waits until every code cell in [from, to] shows an execution count above `after`. */
async function waitForRuns(page: Page, from: number, to: number, after: number): Promise<void> {
  await page.waitForFunction(
    ([first, last, min]) =>
      [...document.querySelectorAll('.notebook [data-cell-id]')].slice(first, last + 1).every((cell) => {
        const prompt = cell.querySelector('[data-prompt]');
        if (!prompt) return true; // Markdown
        const m = /^\[(\d+)\]:$/.exec(prompt.getAttribute('data-prompt') ?? '');
        return m !== null && Number(m[1]) > min;
      }),
    [from, to, after] as const,
    { timeout: CELL_TIMEOUT_MS, polling: 100 },
  );
}

/** Cell `index`'s outputs as text; throws with them when the cell raised or one of its checks failed. */
async function outputsOf(page: Page, index: number): Promise<string> {
  const cell = await page.evaluate((i) => {
    const el = document.querySelectorAll('.notebook [data-cell-id]')[i];
    return {
      text: el?.querySelector('.output-area')?.textContent ?? '',
      raised: el?.querySelector('.output-error') != null,
      checks: el?.querySelector('.check-results')?.getAttribute('data-check-status') ?? null,
    };
  }, index);
  if (cell.raised || (cell.checks !== null && cell.checks !== 'passed')) {
    throw new Error(`cell ${index} failed (checks: ${cell.checks}):\n${cell.text.slice(-2000)}`);
  }
  return cell.text;
}

async function useSolution(ui: NotebookUi, exerciseId: string): Promise<number> {
  const exercises = await ui.cells().evaluateAll((cells) => cells.map((c) => c.querySelector('.exercise-parts')?.getAttribute('data-exercise-id') ?? null));
  const index = exercises.indexOf(exerciseId);
  if (index < 0) throw new Error(`lesson 06 has no exercise "${exerciseId}"`);
  const cell = ui.cell(index);
  await cell.scrollIntoViewIfNeeded();
  await cell.getByRole('button', { name: 'Show solution' }).click();
  await cell.getByRole('button', { name: 'Use this solution' }).click();
  // The editor's text has no line breaks: compare without white space (and no
  // helper function: tsx would wrap it in a `__name` call the page lacks).
  await ui.page.waitForFunction((i) => {
    const el = document.querySelectorAll('.notebook [data-cell-id]')[i];
    const [editor, solution] = ['.cell-input', '.solution-source'].map((s) => (el?.querySelector(s)?.textContent ?? '').replace(/\s+/g, ''));
    return solution !== '' && editor === solution;
  }, index);
  return index;
}

/** The notebook toolbar's button `name`. */
function toolbarButton(page: Page, name: string) {
  return page.getByRole('toolbar', { name: 'Notebook actions' }).getByRole('button', { name, exact: true });
}

/** Selects cell `index` in command mode (a click on its prompt, as a user would). */
async function selectCell(ui: NotebookUi, index: number): Promise<void> {
  const cell = ui.cell(index);
  await cell.locator('.cell-prompt').click();
  await ui.page.waitForFunction((i) => document.querySelectorAll('.notebook [data-cell-id]')[i]?.classList.contains('selected'), index);
}

/**
 * Opens lesson 06, puts in the solution of its train() exercise (the lesson's
 * training loop), and runs every cell up to and including it; the cell's index.
 */
async function runLessonUpToTraining(page: Page, ui: NotebookUi): Promise<number> {
  page.on('dialog', (dialog) => void dialog.accept()); // "Show the solution?"
  await ui.kernelIdle(CELL_TIMEOUT_MS);
  await page.locator(`[data-lesson-id="${LESSON_ID}"] button`).click();
  await page.waitForFunction(() => (document.querySelector('[aria-label="Notebook title"]') as HTMLInputElement | null)?.value.startsWith('Putting it together'));
  await ui.kernelIdle(CELL_TIMEOUT_MS); // opening a lesson may restart a used kernel
  const trainIndex = await useSolution(ui, TRAIN_EXERCISE);
  await selectCell(ui, trainIndex);
  await toolbarButton(page, 'Run all above').click();
  await toolbarButton(page, 'Run').click(); // queued behind the cells above; its checks run right after it
  await waitForRuns(page, 0, trainIndex, 0);
  await page.waitForFunction(
    (i) => ['passed', 'failed'].includes(document.querySelectorAll('.notebook [data-cell-id]')[i]?.querySelector('.check-results')?.getAttribute('data-check-status') ?? ''),
    trainIndex,
    { timeout: CELL_TIMEOUT_MS, polling: 100 },
  );
  for (let i = 0; i <= trainIndex; i++) if ((await executionCount(page, i)) !== null) await outputsOf(page, i);
  return trainIndex;
}

type PanelState = 'graph-open' | 'panel-closed';

async function setPanel(page: Page, state: PanelState): Promise<void> {
  const toggle = page.getByRole('button', { name: 'Toggle side panel' });
  const open = (await toggle.getAttribute('aria-pressed')) === 'true';
  if (open !== (state === 'graph-open')) await toggle.click();
  if (state === 'graph-open') {
    await page.getByRole('tab', { name: 'Graph' }).click();
    await page.locator('.graph-panel').waitFor();
  } else {
    await page.locator('.right-panel').waitFor({ state: 'detached' });
  }
}

/** Chromium's main-thread counters (CDP Performance.getMetrics), in seconds. */
interface MainThreadTimes {
  task: number;
  script: number;
  layout: number;
  style: number;
}

async function mainThreadTimes(cdp: CDPSession): Promise<MainThreadTimes> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
  return { task: get('TaskDuration'), script: get('ScriptDuration'), layout: get('LayoutDuration'), style: get('RecalcStyleDuration') };
}

/**
 * CPU seconds (user + system) used so far by every process this one started
 * and their descendants — Chromium's browser, renderer and helper processes —
 * from /proc (Linux; null elsewhere). Unlike wall-clock figures it hardly
 * moves with the load other programs put on the machine.
 */
function descendantsCpuSeconds(): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return null;
  }
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const e of entries) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${e}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    // pid (comm) state ppid ... utime(14) stime(15): fields after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    cpu.set(Number(e), Number(fields[11]) + Number(fields[12]));
    const list = children.get(ppid);
    if (list) list.push(Number(e));
    else children.set(ppid, [Number(e)]);
  }
  let ticks = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length > 0) {
    const pid = stack.pop()!;
    ticks += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return ticks / 100; // USER_HZ
}

interface TimedRun {
  samples: number;
  seconds: number;
  /** Main-thread busy seconds (all tasks) while the cell was queued and ran, and the wall-clock seconds of that window. */
  mainBusy: number;
  window: number;
  /** CPU seconds Chromium's processes used in that window (null where /proc is missing). */
  cpu: number | null;
}

/** Runs the timing cell once: samples processed, seconds taken, and what the page's main thread did meanwhile. */
async function timedTraining(page: Page, ui: NotebookUi, cdp: CDPSession, index: number, profile: ProfileTarget | null): Promise<TimedRun> {
  const before = (await executionCount(page, index)) ?? 0;
  await selectCell(ui, index);
  if (profile) await cdp.send('Profiler.start');
  const t0 = await mainThreadTimes(cdp);
  const c0 = descendantsCpuSeconds();
  const w0 = performance.now();
  await toolbarButton(page, 'Run').click();
  await waitForRuns(page, index, index, before);
  const window = (performance.now() - w0) / 1000;
  const c1 = descendantsCpuSeconds();
  const t1 = await mainThreadTimes(cdp);
  if (profile) {
    const { profile: cpu } = await cdp.send('Profiler.stop');
    writeFileSync(profile.file, JSON.stringify(cpu));
    profile.summary.push(`${path.basename(profile.file)}: main thread ${(t1.task - t0.task).toFixed(2)} s busy in ${window.toFixed(2)} s (script ${(t1.script - t0.script).toFixed(2)}, layout ${(t1.layout - t0.layout).toFixed(2)}, style ${(t1.style - t0.style).toFixed(2)})`, ...topSelfTime(cpu, 25));
  }
  const text = await outputsOf(page, index);
  const m = /lesson06-bench: (\d+) samples in ([\d.]+) s/.exec(text);
  if (!m) throw new Error(`the timing cell printed no figures:\n${text.slice(-2000)}`);
  return { samples: Number(m[1]), seconds: Number(m[2]), mainBusy: t1.task - t0.task, window, cpu: c0 === null || c1 === null ? null : c1 - c0 };
}

const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'v8', 'disabled-by-default-v8.compile', 'blink', 'cc', 'toplevel', 'gpu', 'skia'];

interface ProfileTarget {
  file: string;
  summary: string[];
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }[];
  samples?: number[];
  timeDeltas?: number[];
}

/** The functions that took the most self time in a CPU profile, one line each. */
function topSelfTime(profile: unknown, rows: number): string[] {
  const p = profile as CpuProfile;
  const byNode = new Map(p.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const samples = p.samples ?? [];
  const deltas = p.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i]!);
    const dt = (deltas[i + 1] ?? 0) / 1000;
    if (!node) continue;
    const f = node.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${path.basename(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    ms.set(key, (ms.get(key) ?? 0) + dt);
    if (f.functionName !== '(idle)') total += dt;
  }
  const top = [...ms].sort((a, b) => b[1] - a[1]).slice(0, rows);
  return [`  ${total.toFixed(0)} ms sampled outside (idle):`, ...top.map(([k, v]) => `  ${v.toFixed(1).padStart(8)} ms  ${k}`)];
}

export interface Lesson06Options {
  /** A folder: CPU profiles of the page's main thread for every timed run go there, and a summary of each is printed. */
  profileDir?: string;
  /** Rounds of one run each way (order alternating); default 5. */
  rounds?: number;
  /** train() steps (batches of 64) per timed run; default 10. */
  steps?: number;
  /** false: reuse the last build of the bench site. */
  build?: boolean;
}

export async function measureLesson06Training(options: Lesson06Options = {}): Promise<Lesson06Bench> {
  const rounds = options.rounds ?? 5;
  const steps = options.steps ?? 10;
  if (options.build !== false) await buildSite(SITE_DIR, ['index.html']);
  const app = await startPreview(SITE_DIR);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const start = performance.now();
    await page.goto(app.url);
    const ui = new NotebookUi(page);
    const trainIndex = await runLessonUpToTraining(page, ui);
    const setupMs = performance.now() - start;
    await selectCell(ui, trainIndex);
    await toolbarButton(page, 'Insert cell below').click();
    const timingIndex = trainIndex + 1;
    await ui.setSource(timingIndex, timingCell(steps));

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    if (options.profileDir) {
      mkdirSync(options.profileDir, { recursive: true });
      await cdp.send('Profiler.enable');
    }
    const measured: Record<PanelState, number[]> = { 'graph-open': [], 'panel-closed': [] };
    const busy: Record<PanelState, number[]> = { 'graph-open': [], 'panel-closed': [] };
    const cpu: Record<PanelState, number[]> = { 'graph-open': [], 'panel-closed': [] };
    let samples = 0;
    for (let round = 0; round < rounds; round++) {
      const order: PanelState[] = round % 2 === 0 ? ['panel-closed', 'graph-open'] : ['graph-open', 'panel-closed'];
      for (const state of order) {
        await setPanel(page, state);
        // Profiling: the last round records a Chromium trace (every thread), earlier rounds CPU profiles of the main thread.
        const traced = options.profileDir !== undefined && round === rounds - 1;
        const profile = options.profileDir && !traced ? { file: path.join(options.profileDir, `round${round}-${state}.cpuprofile`), summary: [] as string[] } : null;
        if (traced) await browser.startTracing(page, { path: path.join(options.profileDir!, `round${round}-${state}.trace.json`), categories: TRACE_CATEGORIES });
        const run = await timedTraining(page, ui, cdp, timingIndex, profile);
        if (traced) await browser.stopTracing();
        if (profile) console.log(profile.summary.join('\n'));
        samples = run.samples;
        measured[state].push(run.samples / run.seconds);
        busy[state].push(run.mainBusy / run.window);
        if (run.cpu !== null) cpu[state].push((1000 * run.cpu) / run.samples);
      }
    }
    const open = median(measured['graph-open']);
    const closed = median(measured['panel-closed']);
    const rounded = (values: number[]) => values.map((v) => Math.round(v * 10) / 10);
    return {
      steps,
      batchSize: samples / steps,
      rounds,
      samplesPerSecGraphOpen: Math.round(open * 10) / 10,
      samplesPerSecPanelClosed: Math.round(closed * 10) / 10,
      ratio: Math.round((open / closed) * 1000) / 1000,
      graphOpenSamples: rounded(measured['graph-open']),
      panelClosedSamples: rounded(measured['panel-closed']),
      setupMs: Math.round(setupMs),
      mainBusyGraphOpen: Math.round(median(busy['graph-open']) * 1000) / 1000,
      mainBusyPanelClosed: Math.round(median(busy['panel-closed']) * 1000) / 1000,
      cpuMsPerSampleGraphOpen: cpu['graph-open'].length > 0 ? Math.round(median(cpu['graph-open']) * 100) / 100 : null,
      cpuMsPerSamplePanelClosed: cpu['panel-closed'].length > 0 ? Math.round(median(cpu['panel-closed']) * 100) / 100 : null,
    };
  } finally {
    await browser.close();
    await app.close();
  }
}

/** The bench's lines for `npm run bench`. */
export function lesson06Lines(b: Lesson06Bench): string[] {
  return [
    `Lesson 06's train() in the app, ${b.steps} steps of ${b.batchSize} a run, ${b.rounds} runs each way in alternating order: ` +
      `${b.samplesPerSecGraphOpen} samples/s with the Graph tab open, ${b.samplesPerSecPanelClosed} samples/s with the panel closed ` +
      `(medians of ${b.graphOpenSamples.join('/')} and ${b.panelClosedSamples.join('/')}) — open/closed ${b.ratio.toFixed(3)}`,
    `(page main thread busy ${(100 * b.mainBusyGraphOpen).toFixed(1)}% of a run with the Graph tab open, ${(100 * b.mainBusyPanelClosed).toFixed(1)}% with the panel closed; ` +
      (b.cpuMsPerSampleGraphOpen !== null && b.cpuMsPerSamplePanelClosed !== null
        ? `Chromium's CPU time per sample, all processes: ${b.cpuMsPerSampleGraphOpen} ms open, ${b.cpuMsPerSamplePanelClosed} ms closed (${(b.cpuMsPerSampleGraphOpen / b.cpuMsPerSamplePanelClosed).toFixed(3)}x); medians)`
        : 'medians)'),
    `(lesson opened and run up to its train() exercise, solution and checks, ${(b.setupMs / 1000).toFixed(1)} s after navigation)`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureLesson06Training({
    rounds: Number(process.argv[2] ?? 5),
    steps: Number(process.argv[3] ?? 10),
    build: process.argv[4] !== 'no-build',
    ...(process.env.LESSON06_PROFILE_DIR ? { profileDir: process.env.LESSON06_PROFILE_DIR } : {}),
  });
  for (const line of lesson06Lines(result)) console.log(line);
  console.log(`(load average ${os.loadavg()[0].toFixed(1)})`);
}
