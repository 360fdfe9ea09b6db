// Exporting a notebook with every kind of output as .ipynb: Jupyter's own
// validator (Debian's python3-nbformat, installed by .ci/run) accepts the
// downloaded file, and opening it again gives back the same notebook.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowser } from './browser_page.ts';
import { NotebookUi } from './notebook_ui.ts';

const { openPage } = useBrowser();

const VALIDATE = `
import json, sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
print(json.dumps({"cells": len(nb.cells), "outputs": [o.output_type for c in nb.cells for o in c.get("outputs", [])]}))
`;

async function download(page: Page, dir: string, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .ipynb' }).click()]);
  const target = path.join(dir, name);
  await file.saveAs(target);
  return target;
}

describe('.ipynb export', () => {
  it('writes a file nbformat.validate accepts, which opens again as the same notebook', async () => {
    const { page } = await openPage('');
    const ui = new NotebookUi(page);
    await ui.kernelIdle();
    const cells = [
      'print("hello")\ntorch.arange(6).view(2, 3)',
      'import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()',
      'display(torch.ones(2))\n1 / 0',
    ];
    for (const [i, code] of cells.entries()) {
      await ui.setSource(i, code);
      await ui.run(i);
    }
    expect(await ui.outputText(0)).toContain('tensor([[0, 1, 2],');
    expect(await ui.outputText(2)).toContain('ZeroDivisionError');
    await ui.saved();

    const dir = mkdtempSync(path.join(os.tmpdir(), 'glassgrad-ipynb-'));
    const first = await download(page, dir, 'first.ipynb');
    const report = JSON.parse(execFileSync('/usr/bin/python3', ['-c', VALIDATE, first], { encoding: 'utf8' })) as {
      cells: number;
      outputs: string[];
    };
    expect(report.cells).toBe(4);
    expect(report.outputs).toEqual(['stream', 'execute_result', 'display_data', 'display_data', 'error']);

    await page.locator('input[type="file"]').setInputFiles(first);
    await expect.poll(() => ui.outputText(0)).toContain('tensor([[0, 1, 2],');
    const second = await download(page, dir, 'second.ipynb');
    expect(JSON.parse(readFileSync(second, 'utf8'))).toEqual(JSON.parse(readFileSync(first, 'utf8')));
  });
});
