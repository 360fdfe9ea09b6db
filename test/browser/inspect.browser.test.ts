// The inspect views in Chromium over the real kernel Worker: the graph panel
// growing while the reference CNN's validation loop runs, the memory view's
// steps, "why is this alive?" against the ledger, training's freed graph, and
// the layout of arange(12).view(3, 4).t(). Screenshots of each state are kept
// in test-results/. The page (pages/inspect.html) is part of the site
// global_setup.ts builds once for every browser test file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { INSPECT_PAGE } from './app_server.ts';
import { RESULTS_DIR, useBrowser } from './browser_page.ts';
import type { InspectRun } from './pages/inspect_page.tsx';
import { LAYOUT_CELL, SETUP_CELL, TRAINING_CELL, VALIDATION_CELL, VALIDATION_NO_GRAD_CELL } from '../../app/inspect/test_support/reference_cells.ts';

const { openPage } = useBrowser();
let page: Page;
let errors: string[];

beforeAll(async () => {
  ({ page, errors } = await openPage(INSPECT_PAGE));
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.evaluate(() => window.inspectPage.ready);
  expect((await run(SETUP_CELL)).status).toBe('ok');
}, 240_000);

async function run(code: string): Promise<InspectRun> {
  const r = await page.evaluate((c) => window.inspectPage.run(c), code);
  if (r.status !== 'ok') throw new Error(`cell failed: ${r.text}`);
  return r;
}

async function screenshot(name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `inspect-${name}.png`), fullPage: true });
}

/** Live bytes at each forward pass of the last run, then at its end; and the live nodes then. */
async function lastRunSteps(): Promise<{ bytes: number[]; nodes: number[] }> {
  return page.evaluate(() => {
    const s = window.inspectPage.snapshot();
    const r = s.memory.runs.at(-1)!;
    const marks = s.memory.forwards.filter((f) => f.seq >= r.startSeq && f.seq <= r.endSeq!);
    const end = s.runs.at(-1)!;
    return { bytes: [...marks.map((m) => m.total), end.liveBytesAfter], nodes: [...marks.map((m) => m.liveNodes!), end.liveNodesAfter] };
  });
}

const diffs = (xs: number[]) => xs.slice(1).map((x, i) => x - xs[i]!);
const text = (testId: string) => page.getByTestId(testId).first().innerText();

async function pythonValue(expr: string): Promise<unknown> {
  const r = await run(`import json\nprint(json.dumps(${expr}))`);
  return JSON.parse(r.text.trim().split('\n').at(-1)!);
}

async function showMemoryTab(): Promise<void> {
  await page.evaluate(() => window.inspectPage.setTab('memory'));
  await page.locator('.memory-plot[data-plotted]').waitFor({ timeout: 30_000 });
  await page.waitForTimeout(400); // the last throttled redraw
}

describe('inspect views over the reference CNN', () => {
  it('validation without no_grad: the graph grows while the cell runs to 83 nodes (×5), memory steps ~3.17 MB five times', async () => {
    await page.evaluate(() => window.inspectPage.setTab('graph'));
    const r = await run(VALIDATION_CELL);
    const seen = r.countsDuringRun.filter((c, i, a) => i === 0 || c !== a[i - 1]);
    expect(seen.at(-1)).toBe(83);
    expect(seen.length, `counts seen while running: ${seen.join(', ')}`).toBeGreaterThanOrEqual(3); // rose in steps, live
    expect(seen.every((c, i) => i === 0 || c > seen[i - 1]!)).toBe(true);
    const steps = await lastRunSteps();
    expect(steps.nodes).toEqual([0, 23, 38, 53, 68, 83]);
    expect(diffs(steps.bytes)).toEqual([3_170_304, 3_169_792, 3_169_792, 3_169_792, 3_169_792]);
    expect(await text('graph-node-count')).toBe('83');
    await expect.poll(() => page.getByTestId('repeat-group').allInnerTexts(), { timeout: 60_000 }).toEqual(['×5']);
    await page.locator('.graph-canvas canvas[data-drawn]').waitFor();
    expect(await text('run-diff')).toMatch(/^Last run \[\d+\]: \+83 nodes, −0 nodes · memory \+15\.8 MB/);
    await screenshot('validation-graph');
    await showMemoryTab();
    expect(await text('memory-live')).toMatch(/ B$/);
    await screenshot('validation-memory');
    await page.evaluate(() => window.inspectPage.setTab('graph'));
  }, 180_000);

  it('why is running_loss alive: the chains to the saved tensors, totalled as the ledger counts them', async () => {
    await page.getByLabel('Why is this alive?').selectOption('running_loss');
    await page.locator('.why-chains li').first().waitFor();
    const ledgerSaved = (await pythonValue("glassgrad.memory_by_category(exact=True)['saved']")) as number;
    await expect.poll(() => text('why-alive-saved'), { timeout: 10_000 }).toBe(`${ledgerSaved.toLocaleString('en-US')} B`);
    const retained = Number((await text('why-alive-retained')).replace(/[^\d]/g, ''));
    expect(retained).toBeGreaterThan(5 * 3_160_000); // about 5 × 3.17 MB: what `del running_loss` frees
    expect(retained).toBeLessThanOrEqual(5 * 3_169_792 + 512);
    expect(await page.locator('.why-chains li').first().innerText()).toMatch(/^running_loss → AddBackward0 → .* → [\d,]+ B$/);
    await screenshot('why-alive');
  }, 120_000);

  it('validation under no_grad: no graph and flat memory', async () => {
    const r = await run(VALIDATION_NO_GRAD_CELL);
    expect(r.countsDuringRun.at(-1)).toBe(0);
    const steps = await lastRunSteps();
    expect(steps.nodes).toEqual([0, 0, 0, 0, 0, 0]);
    expect(diffs(steps.bytes)).toEqual([512, 0, 0, 0, 0]);
    expect(await text('graph-node-count')).toBe('0');
    await screenshot('no-grad-graph');
    await showMemoryTab();
    await screenshot('no-grad-memory');
    await page.evaluate(() => window.inspectPage.setTab('graph'));
  }, 120_000);

  it('training with running_loss += loss: every iteration\'s nodes kept, their saved tensors freed', async () => {
    await run(TRAINING_CELL);
    const steps = await lastRunSteps();
    expect(steps.nodes).toEqual([0, 25, 42, 59, 76, 93]);
    await page.getByLabel('Why is this alive?').selectOption('running_loss');
    await expect.poll(() => text('why-alive-saved'), { timeout: 10_000 }).toBe('0 B');
    expect(await page.locator('.why-alive').innerText()).toMatch(/reached nodes had their saved tensors freed by backward\(\)/);
    await page.locator('.graph-canvas canvas[data-drawn]').waitFor();
    await screenshot('training-graph');
    // grouped by the Module that recorded each node: ELK's compound layout, in the Worker
    await page.getByLabel('Group by Module').check();
    await expect.poll(() => page.locator('.graph-layout-status').innerText(), { timeout: 30_000 }).toMatch(/^layout \d+ ms$/);
    expect(await page.locator('.graph-body .output-stderr').count()).toBe(0);
    await screenshot('training-graph-by-module');
    await page.getByLabel('Group by Module').uncheck();
  }, 120_000);

  it('shows the layout of torch.arange(12).view(3, 4).t(): strides (1, 4), sharing the original storage', async () => {
    const r = await run(LAYOUT_CELL);
    expect(r.displays).toEqual([['application/vnd.glassgrad.layout+json', 'text/plain']]);
    const out = page.locator('.output-layout').last();
    await out.waitFor();
    expect(await out.getByTestId('layout-strides').allInnerTexts()).toEqual(['(1,)', '(1, 4)']);
    expect(await out.locator('.storage-block').count()).toBe(1);
    expect(await out.locator('.storage-block h4').innerText()).toMatch(/storage #\d+ · 12 × int64 · 96 B · shared by tensor\._base, tensor/);
    expect(await out.locator('.contiguous-copy').innerText()).toContain('strides (3, 1)');
    await out.locator('.tensor-grid td').nth(1).hover(); // element [0, 1] of the transpose reads storage[4]
    await screenshot('layout');
    expect(errors).toEqual([]);
  }, 60_000);
});
