// A small helper language for driving the notebook app in Chromium: find
// cells, type into them, run them, read their outputs. Selects by role, label
// and the data-* attributes the app renders for this purpose.
import type { Locator, Page } from 'playwright-core';

export class NotebookUi {
  constructor(readonly page: Page) {}

  cells(): Locator {
    return this.page.locator('.notebook [data-cell-id]');
  }

  cell(index: number): Locator {
    return this.cells().nth(index);
  }

  /** Resolves when the kernel reports idle (start-up can take a while on a busy machine). */
  async kernelIdle(timeout = 120_000): Promise<void> {
    await this.page.locator('[data-kernel-status="idle"]').waitFor({ timeout });
  }

  /** Puts `code` into cell `index`'s editor, replacing what is there (no auto-indent, no completion popup). */
  async setSource(index: number, code: string): Promise<void> {
    const cell = this.cell(index);
    await cell.locator('.cell-input').click();
    const editor = cell.locator('.cm-content[contenteditable="true"]');
    await editor.waitFor();
    await this.page.keyboard.press('ControlOrMeta+a');
    await this.page.keyboard.insertText(code);
  }

  /** Shift+Enter on cell `index`, then waits for its prompt to show a count. */
  async run(index: number): Promise<void> {
    await this.cell(index).locator('.cell-input').click();
    await this.page.keyboard.press('Shift+Enter');
    await this.page.waitForFunction(
      (i) => /^\[\d+\]:$/.test(document.querySelectorAll('.notebook [data-cell-id]')[i]?.querySelector('[data-prompt]')?.getAttribute('data-prompt') ?? ''),
      index,
      { timeout: 60_000 },
    );
  }

  outputText(index: number): Promise<string> {
    return this.cell(index).locator('.output-area').innerText();
  }

  /** Resolves when the app has stored every change in IndexedDB. */
  async saved(): Promise<void> {
    await this.page.locator('[data-save-state="saved"]').waitFor();
  }
}
