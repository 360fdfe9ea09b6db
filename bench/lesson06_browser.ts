// Lesson 06's Python training loop in the real app, in Chromium against a
// production build: the lesson is opened from the sidebar, its train()
// exercise (the training loop) gets its solution ("Show solution", "Use this
// solution"), and every cell up to and including it runs, checks too. Then a
// cell added below times `steps` steps of that train() (tqdm bar and log
// lines included) with time.perf_counter(); it runs with the right panel open
// on its Graph tab (live graph updates flowing) and with the panel closed, the
// order alternating round by round. Samples/s are medians.
//
//   npx tsx bench/lesson06_browser.ts [rounds] [steps] [no-build]
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
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

/** Runs the timing cell once: samples processed and seconds taken. */
async function timedTraining(page: Page, ui: NotebookUi, index: number): Promise<{ samples: number; seconds: number }> {
  const before = (await executionCount(page, index)) ?? 0;
  await selectCell(ui, index);
  await toolbarButton(page, 'Run').click();
  await waitForRuns(page, index, index, before);
  const text = await outputsOf(page, index);
  const m = /lesson06-bench: (\d+) samples in ([\d.]+) s/.exec(text);
  if (!m) throw new Error(`the timing cell printed no figures:\n${text.slice(-2000)}`);
  return { samples: Number(m[1]), seconds: Number(m[2]) };
}

export interface Lesson06Options {
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

    const measured: Record<PanelState, number[]> = { 'graph-open': [], 'panel-closed': [] };
    let samples = 0;
    for (let round = 0; round < rounds; round++) {
      const order: PanelState[] = round % 2 === 0 ? ['panel-closed', 'graph-open'] : ['graph-open', 'panel-closed'];
      for (const state of order) {
        await setPanel(page, state);
        const run = await timedTraining(page, ui, timingIndex);
        samples = run.samples;
        measured[state].push(run.samples / run.seconds);
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
    `(lesson opened and run up to its train() exercise, solution and checks, ${(b.setupMs / 1000).toFixed(1)} s after navigation)`,
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await measureLesson06Training({ rounds: Number(process.argv[2] ?? 5), steps: Number(process.argv[3] ?? 10), build: process.argv[4] !== 'no-build' });
  for (const line of lesson06Lines(result)) console.log(line);
  console.log(`(load average ${os.loadavg()[0].toFixed(1)})`);
}
