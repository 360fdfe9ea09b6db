// Lessons in the notebook app, in Chromium against the built site: lesson 01
// from the sidebar, Run all, its first exercise failing on the starter code, a hint,
// the solution passing, progress kept across a reload; and authoring mode with
// a format error shown as a Monaco marker and in the problem list.
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser_page.ts';
import { NotebookUi } from './notebook_ui.ts';

const { openPage } = useBrowser();

describe('lessons', () => {
  it('opens lesson 01, fails then passes its first exercise, and keeps the progress after a reload', async () => {
    const { page, errors } = await openPage('');
    const ui = new NotebookUi(page);
    page.on('dialog', (dialog) => void dialog.accept());
    const lessonLink = page.locator('[data-lesson-id="running-loss"] button');
    await lessonLink.click();
    await expect.poll(() => page.getByLabel('Notebook title').inputValue()).toBe('The running loss: loss.item(), not the loss tensor');
    // Opening runs nothing: no prompt has a count.
    expect(await page.locator('[data-prompt^="[1"]').count()).toBe(0);
    expect(await page.locator('.exercise-parts').count()).toBe(2);

    const sources = await ui.cells().evaluateAll((cells) => cells.map((c) => c.querySelector('.cell-input')?.textContent ?? ''));
    const exercises = await ui.cells().evaluateAll((cells) => cells.map((c) => c.querySelector('.exercise-parts')?.getAttribute('data-exercise-id')));
    const imports = sources.findIndex((t) => t.includes('import torch.nn.functional as F'));
    const setup = sources.findIndex((t) => t.includes('class Net(nn.Module)'));
    const exercise = exercises.indexOf('train_total');
    expect([imports, setup].every((i) => i >= 0 && i < exercise)).toBe(true);
    await ui.kernelIdle();
    // Run all: every code cell runs (the cell that raises IndexError on purpose does not stop it).
    await page.getByRole('button', { name: 'Run all', exact: true }).click();
    await page.waitForFunction(
      () => [...document.querySelectorAll('.notebook [data-prompt]')].every((p) => /^\[\d+\]:$/.test(p.getAttribute('data-prompt') ?? '')),
      undefined,
      { timeout: 120_000 },
    );
    const results = ui.cell(exercise).locator('.check-results');
    await expect.poll(() => results.getAttribute('data-check-status'), { timeout: 60_000 }).toBe('failed');
    await results.scrollIntoViewIfNeeded(); // cells far from the viewport skip rendering (content-visibility)
    await expect.poll(() => results.innerText()).toContain('check 1: AssertionError: mean_loss is a Tensor, not a float');

    await ui.cell(exercise).getByRole('button', { name: 'Hint' }).click();
    expect(await ui.cell(exercise).locator('.exercise-hint').innerText()).toContain('is the loss as a Python float.');
    await ui.cell(exercise).getByRole('button', { name: 'Show solution' }).click();
    await ui.cell(exercise).getByRole('button', { name: 'Use this solution' }).click();
    await expect.poll(() => ui.cell(exercise).locator('.cm-content').innerText()).toContain('running_loss += loss.item()');
    await ui.run(exercise);
    await expect.poll(() => results.getAttribute('data-check-status'), { timeout: 60_000 }).toBe('passed');
    await expect.poll(() => lessonLink.locator('.lesson-progress').innerText()).toBe('1/2');

    await ui.saved();
    await page.reload();
    await expect.poll(() => page.locator('[data-lesson-id="running-loss"] .lesson-progress').getAttribute('data-progress')).toBe('1/2');
    // The working copy came back with the solution in it and the hint still shown.
    await expect.poll(() => page.locator('.exercise-hint').count()).toBe(1);
    expect(await ui.cell(exercise).locator('.cell-input').textContent()).toContain('running_loss += loss.item()');
    expect(errors).toEqual([]);
  });

  it('shows a format error in authoring mode as a Monaco marker and in the problem list', async () => {
    const { page, errors } = await openPage('');
    await page.getByRole('button', { name: 'Author', exact: true }).click();
    const editor = page.locator('.author-editor .monaco-editor');
    await editor.waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByLabel('Lesson preview').innerText()).toContain('Define-by-run');
    expect(await page.locator('.squiggly-error').count()).toBe(0);
    await editor.locator('.view-lines').click();
    await page.keyboard.press('ControlOrMeta+End');
    await page.keyboard.insertText('\n```{hnit} for=grad\nA hint with a typo\n```\n');
    await page.locator('.squiggly-error').first().waitFor({ timeout: 10_000 });
    expect(await page.getByLabel('Problems').innerText()).toContain('error: unknown directive {hnit}');
    expect(errors).toEqual([]);
  });
});
