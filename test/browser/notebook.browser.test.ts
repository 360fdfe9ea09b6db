// The notebook app in Chromium against the built site: opening it, running a
// cell on the real kernel, autosave across a reload, and a hostile Markdown
// cell. Needs the site built with index.html (global_setup.ts).
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser_page.ts';
import { NotebookUi } from './notebook_ui.ts';

const { openPage } = useBrowser();

describe('notebook app', () => {
  it('opens with one empty cell and a starting kernel that becomes idle', async () => {
    const { page, errors } = await openPage('');
    const ui = new NotebookUi(page);
    await expect.poll(() => ui.cells().count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Run', exact: true }).isVisible()).toBe(true);
    expect(await page.getByLabel('Notebook title').inputValue()).toBe('Untitled');
    await ui.kernelIdle();
    expect(errors).toEqual([]);
  });

  it("runs a cell on the kernel and shows PyTorch's RuntimeError, linked to the cell line", async () => {
    const { page } = await openPage('');
    const ui = new NotebookUi(page);
    await ui.kernelIdle();
    await ui.setSource(0, 'import torch\nx = torch.ones(2, 3); x.t().view(6)');
    await ui.run(0);
    const text = await ui.outputText(0);
    expect(text).toContain(
      "RuntimeError: view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
    expect(await ui.cell(0).getAttribute('data-cell-type')).toBe('code');
    await page.getByTitle('Go to line 2 of this cell').click();
    await expect.poll(() => ui.cell(0).locator('.cm-traceback-line').innerText()).toBe('x = torch.ones(2, 3); x.t().view(6)');
    // Shift+Enter added a cell; the variable inspector lists x.
    expect(await ui.cells().count()).toBe(2);
    await expect.poll(() => page.getByRole('tabpanel').innerText()).toContain('x\tTensor\t[2, 3]\tfloat32');
  });

  it('shows tqdm progress, interrupts a runaway loop within a second, and keeps the kernel', async () => {
    const { page } = await openPage('');
    const ui = new NotebookUi(page);
    await ui.kernelIdle();
    await ui.setSource(0, 'from tqdm import tqdm\nimport time\nn = 0\nfor i in tqdm(range(20)):\n    time.sleep(0.05)\n    n += 1');
    await ui.run(0);
    expect(await ui.outputText(0)).toMatch(/100%.*20\/20/s);
    await ui.setSource(1, 'while True: pass');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => ui.cell(1).locator('[data-prompt]').getAttribute('data-prompt')).toBe('[*]:');
    await page.waitForTimeout(500);
    const clicked = Date.now();
    await page.getByRole('button', { name: 'Interrupt' }).click();
    await ui.cell(1).locator('.output-error').waitFor();
    expect(Date.now() - clicked).toBeLessThan(1000);
    expect(await ui.outputText(1)).toContain('KeyboardInterrupt');
    await ui.setSource(2, 'print(n)');
    await ui.run(2);
    expect(await ui.outputText(2)).toBe('20\n');
  });

  it('keeps an edit made just before a reload', async () => {
    const { page } = await openPage('');
    const ui = new NotebookUi(page);
    await ui.setSource(0, 'print("first")');
    await page.keyboard.press('Alt+Enter');
    await page.keyboard.insertText('# typed just before the reload');
    await page.reload();
    await expect.poll(() => ui.cells().count()).toBe(2);
    await expect.poll(() => ui.cell(1).locator('.cm-content').innerText()).toBe('# typed just before the reload');
    expect(await ui.cell(0).locator('.cm-content').innerText()).toBe('print("first")');
  });

  it('opens a 100-cell notebook with few editors mounted and scrolls through it', async () => {
    const { page } = await openPage('');
    const ui = new NotebookUi(page);
    await ui.kernelIdle(); // measure the page, not Python starting beside it
    const cells = Array.from({ length: 100 }, (_, i) =>
      i % 5 === 0
        ? { cell_type: 'markdown', id: `m${i}`, metadata: {}, source: `## Part ${i}\n\nThe loss $L = \\sum_i (y_i - \\hat y_i)^2$ goes **down**.` }
        : { cell_type: 'code', id: `c${i}`, metadata: {}, execution_count: i, source: `# cell ${i}\nx = torch.randn(${(i % 7) + 2}, 3, requires_grad=True)\ny = (x * 2).sum()\ny.backward()\nprint(x.grad)`, outputs: [{ output_type: 'stream', name: 'stdout', text: 'tensor([[2., 2., 2.],\n        [2., 2., 2.]])\n' }] },
    );
    const file = JSON.stringify({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells });
    const chosenAt = await page.evaluate(() => performance.now());
    await page.getByLabel('Open .ipynb file').setInputFiles({ name: 'long.ipynb', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect.poll(() => ui.cells().count()).toBe(100);
    const paintedAt = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now())))));
    const editors = () => page.locator('.cm-editor:not(.cell-static)').count();
    const openedWith = await editors();
    expect(openedWith).toBeLessThan(20);
    expect(await page.locator('.markdown-pending').count()).toBeGreaterThan(0);
    // Scroll to the end a screen at a time, one step per frame, recording frame intervals.
    const scroll = await page.evaluate(async () => {
      const scroller = document.querySelector('.notebook-column')!;
      const frames: number[] = [];
      let last = performance.now();
      while (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - 2) {
        scroller.scrollBy(0, 100);
        const now = await new Promise<number>((r) => requestAnimationFrame(r));
        frames.push(now - last);
        last = now;
      }
      frames.sort((a, b) => a - b);
      return { frames: frames.length, p50: frames[Math.floor(frames.length / 2)], p95: frames[Math.floor(frames.length * 0.95)], max: frames[frames.length - 1] };
    });
    await expect.poll(() => ui.cell(95).locator('.rendered-markdown h2').innerText()).toBe('Part 95');
    console.info(
      `100-cell notebook: painted ${Math.round(paintedAt - chosenAt)} ms after the file was chosen, ${openedWith} editors mounted; ` +
        `scrolling ${scroll.frames} frames: median ${scroll.p50.toFixed(1)} ms, p95 ${scroll.p95.toFixed(1)} ms, max ${scroll.max.toFixed(1)} ms; ` +
        `${await editors()} editors mounted after scrolling`,
    );
  });

  it('a Markdown cell with an onerror image and a javascript: link runs nothing', async () => {
    const { page, errors } = await openPage('');
    const ui = new NotebookUi(page);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await ui.setSource(0, '# Safe\n\n<img src=x onerror=alert(1)> [click me](javascript:alert(2)) <a href="javascript:alert(3)">me too</a>');
    // Each key waits for the last one's effect: on a loaded machine an early `m` lands in the editor.
    await page.keyboard.press('Escape');
    await expect.poll(() => ui.cell(0).getAttribute('class')).not.toContain('editing');
    await page.keyboard.press('m');
    await expect.poll(() => ui.cell(0).getAttribute('data-cell-type')).toBe('markdown');
    await page.keyboard.press('Shift+Enter');
    const rendered = ui.cell(0).locator('.rendered-markdown');
    await expect.poll(() => rendered.locator('h1').innerText()).toBe('Safe');
    await page.waitForTimeout(300); // let the broken image fire its error event
    for (const link of await rendered.locator('a').all()) await link.click({ force: true });
    await page.getByText('click me').click({ force: true });
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(await rendered.evaluate((el) => [...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => `${a.name}=${a.value}`)).filter((a) => /^on|javascript:/i.test(a)))).toEqual([]);
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
