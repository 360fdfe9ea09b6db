// The inspect views inside the notebook app (index.html), over the real kernel
// Worker: a validation loop without no_grad keeps its graph alive through
// `running_loss`; a click on that name in the Variables tab opens the Graph tab
// on the why-alive chain, highlighted on the canvas, with a total the ledger
// agrees with (printed by a cell of the same notebook); a click on a box of the
// canvas shows that node's details; the tensor inspector of an output draws
// the strides of arange(12).view(3, 4).t(). Screenshots go to test-results/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { SETUP_CELL, VALIDATION_CELL } from '../../app/inspect/test_support/reference_cells.ts';
import { RESULTS_DIR, useBrowser } from './browser_page.ts';
import { NODE_FILL, highlightPixels, pointInsideFill } from './graph_canvas.ts';
import { NotebookUi } from './notebook_ui.ts';

const { openPage } = useBrowser();
let page: Page;
let ui: NotebookUi;
let errors: string[];

async function screenshot(name: string): Promise<void> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(RESULTS_DIR, `inspect-app-${name}.png`), fullPage: true });
}

/** Runs `code` in cell `index` and returns the last line it printed. */
async function printed(index: number, code: string): Promise<string> {
  await ui.setSource(index, code);
  await ui.run(index);
  return (await ui.outputText(index)).trim().split('\n').at(-1)!;
}

const tab = (name: string) => page.getByRole('tab', { name, exact: true });
const variableRow = (name: string) => page.locator('table.variables tbody tr', { has: page.getByRole('rowheader', { name, exact: true }) });
const canvas = () => page.locator('.right-panel .graph-canvas canvas');
const drawnCanvas = () => page.locator('.right-panel .graph-canvas canvas[data-drawn]');
const inViewport = (l: Locator) =>
  l.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= innerHeight;
  });
const exactBytes = (text: string) => Number(text.replace(/[^\d]/g, ''));

beforeAll(async () => {
  ({ page, errors } = await openPage(''));
  await page.setViewportSize({ width: 1400, height: 1000 });
  ui = new NotebookUi(page);
  await ui.kernelIdle();
  await ui.setSource(0, SETUP_CELL);
  await ui.run(0);
  await ui.setSource(1, VALIDATION_CELL);
  await ui.run(1);
  expect(await ui.cell(1).locator('.output-area').count()).toBe(0); // no output, no error
}, 240_000);

describe('inspect views in the notebook app', () => {
  it('a click on running_loss in the Variables tab shows why it is alive on the Graph tab, with the ledger\'s total', async () => {
    // The Graph tab before any name is picked: the graph is drawn, nothing highlighted.
    await tab('Graph').click();
    await expect.poll(() => page.getByTestId('graph-node-count').innerText()).toBe('83');
    await drawnCanvas().waitFor();
    expect(await highlightPixels(canvas())).toBe(0);

    await tab('Variables').click();
    await variableRow('running_loss').click();
    expect(await tab('Graph').getAttribute('aria-selected')).toBe('true');
    const report = page.getByRole('region', { name: 'Why is running_loss alive' });
    await report.waitFor();
    expect(await report.locator('.why-chains li').first().innerText()).toMatch(/^running_loss → AddBackward0 → .* → [\d,]+ B$/);
    await expect.poll(() => highlightPixels(canvas()), { timeout: 10_000 }).toBeGreaterThan(100);
    const saved = exactBytes(await page.getByTestId('why-alive-saved').innerText());
    const retained = exactBytes(await page.getByTestId('why-alive-retained').innerText());
    await screenshot('why-alive');

    // The ledger, from the notebook: every byte saved for backward is running_loss's graph's.
    const ledgerSaved = Number(await printed(2, "print(glassgrad.memory_by_category(exact=True)['saved'])"));
    expect(saved).toBe(ledgerSaved);
    expect(retained).toBeGreaterThan(5 * 3_160_000); // about 5 × 3.17 MB (../shared/memory-reference/)
    expect(retained).toBeLessThanOrEqual(5 * 3_169_792 + 512);

    // The row stays marked as the name the Graph tab explains.
    await tab('Variables').click();
    expect(await variableRow('running_loss').getAttribute('aria-current')).toBe('true');
    expect(await variableRow('running_loss').getAttribute('class')).toContain('selected');
  });

  it('a click on a box of the graph canvas shows that node\'s details', async () => {
    await tab('Graph').click();
    await drawnCanvas().waitFor();
    await canvas().scrollIntoViewIfNeeded();
    const op = await pointInsideFill(canvas(), NODE_FILL.op);
    expect(op, 'a backward function box in view').not.toBeNull();
    await page.mouse.click(op!.x, op!.y);
    const details = page.getByRole('region', { name: 'Node details' });
    await details.waitFor({ timeout: 10_000 });
    await expect.poll(() => inViewport(details), { timeout: 5_000 }).toBe(true); // scrolled to, under the canvas
    expect(await details.locator('h4').innerText()).toMatch(/^\w+Backward\d #\d+$/);
    expect(await details.innerText()).toContain('next_functions');
    await screenshot('node-details');

    const leaf = await pointInsideFill(canvas(), NODE_FILL.leaf);
    expect(leaf, 'a parameter box in view').not.toBeNull();
    await page.mouse.click(leaf!.x, leaf!.y);
    await expect.poll(() => details.locator('h4').innerText()).toMatch(/^AccumulateGrad · (conv|fc)\d\.(weight|bias) #\d+$/);
  });

  it('the tensor inspector of an output draws its layout: strides (1, 4) for arange(12).view(3, 4).t()', async () => {
    await ui.setSource(3, 'torch.arange(12).view(3, 4).t()');
    await ui.run(3);
    const cell = ui.cell(3);
    expect(await cell.locator('.output-tensor .output-text').innerText()).toBe('tensor([[ 0,  4,  8],\n        [ 1,  5,  9],\n        [ 2,  6, 10],\n        [ 3,  7, 11]])');
    await cell.locator('details.tensor-inspector > summary').click();
    const layout = cell.locator('details.tensor-layout');
    expect(await layout.getAttribute('open')).not.toBeNull(); // 12 cells: open at once
    expect(await layout.getByTestId('layout-strides').innerText()).toBe('(1, 4)');
    expect(await layout.locator('.storage-strip:not(.copy) .cell').count()).toBe(12);
    expect(await layout.locator('.contiguous-copy').innerText()).toContain('strides (3, 1)');
    await layout.locator('.tensor-grid td').nth(1).hover(); // element [0, 1] reads storage[4]
    expect(await layout.locator('.storage-strip:not(.copy) .cell.marked').getAttribute('data-index')).toBe('4');
    await screenshot('tensor-inspector-layout');
  });

  it('del running_loss frees what the why-alive report said it would, and the Graph tab empties', async () => {
    await tab('Graph').click();
    const retained = exactBytes(await page.getByTestId('why-alive-retained').innerText());
    const freed = Number(await printed(4, 'before = glassgrad.memory_allocated(exact=True)\ndel running_loss\nprint(before - glassgrad.memory_allocated(exact=True))'));
    expect(freed).toBe(retained);
    await expect.poll(() => page.getByTestId('graph-node-count').innerText()).toBe('0');
    expect(await page.locator('.why-alive-none').innerText()).toBe('running_loss holds no tensor now, so it keeps nothing of the graph alive.');
    expect(errors).toEqual([]);
  });
});
