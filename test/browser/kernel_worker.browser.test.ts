// The Python kernel in a real browser: Chromium loads the kernel test page
// (a production build served with COOP/COEP, so the page is cross-origin
// isolated), which starts the Worker at page load. One page (one kernel) is
// shared by the file, as a notebook shares one kernel between cells.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { KERNEL_PAGE, REPO_ROOT } from './app_server.ts';
import { appUrl, useBrowser, type OpenedPage } from './browser_page.ts';
import type { BrowserContext } from 'playwright-core';
import type { CellRun } from './pages/kernel_page.ts';

const { openPage } = useBrowser();
let opened: OpenedPage;

function run(code: string): Promise<CellRun> {
  return opened.page.evaluate((source) => window.kernelPage.run(source), code);
}

/** Starts `code`, interrupts it after `afterMs`, returns the interrupt's answer, the run and the ms from interrupt to the run's end. */
async function interruptAfter(code: string, afterMs: number) {
  return opened.page.evaluate(
    async ([source, ms]) => {
      const page = window.kernelPage;
      const id = page.start(source);
      await new Promise((resolve) => setTimeout(resolve, ms));
      const asked = performance.now();
      const { outcome } = await page.interrupt();
      const cell = await page.wait(id);
      return { outcome, cell, stopMs: cell.endedAt - asked };
    },
    [code, afterMs] as const,
  );
}

beforeAll(async () => {
  opened = await openPage(KERNEL_PAGE);
}, 180_000);

describe('the Python kernel in a Web Worker', () => {
  it('starts at page load and runs a first cell with torch', async () => {
    const cell = await run('import torch; print(torch.ones(2,3).sum())');
    expect(cell).toMatchObject({ status: 'ok', stdout: 'tensor(6.)\n', stderr: '', error: null });
    const state = await opened.page.evaluate(() => ({
      isolated: crossOriginIsolated,
      statuses: window.kernelPage.statuses,
      phases: window.kernelPage.progress.map(([phase]) => phase),
      info: window.kernelPage.kernel.readyInfo,
    }));
    expect(state.isolated).toBe(true);
    expect(state.statuses.slice(0, 2)).toEqual(['starting', 'idle']);
    expect(state.phases).toEqual(['Loading the Python runtime', 'Starting Python', 'Loading torch']);
    expect(state.info).toMatchObject({ pyodideVersion: '314.0.7', interruptible: true, fromSnapshot: true });
    expect(state.info?.torchVersion).toMatch(/^2\.11/);
  });

  it("shows PyTorch's RuntimeError for a view of a non-contiguous tensor", async () => {
    const cell = await run('import torch\nx = torch.ones(2, 3)\nx.t().view(6)');
    expect(cell.status).toBe('error');
    expect(cell.error?.ename).toBe('RuntimeError');
    expect(cell.error?.evalue).toBe(
      "view size is not compatible with input tensor's size and stride (at least one dimension spans across two contiguous subspaces). Use .reshape(...) instead.",
    );
  });

  it('interrupts `while True: pass` within a second and keeps the namespace', async () => {
    expect((await run('kept = 41')).status).toBe('ok');
    const { outcome, cell, stopMs } = await interruptAfter('while True: pass', 300);
    expect(outcome).toBe('interrupted');
    expect(cell.status).toBe('interrupted');
    expect(cell.error?.ename).toBe('KeyboardInterrupt');
    expect(stopMs).toBeLessThan(1000);
    expect(await run('print(kept + 1)')).toMatchObject({ status: 'ok', stdout: '42\n' });
  });

  it('interrupts a loop that sleeps', async () => {
    const { outcome, cell, stopMs } = await interruptAfter('import time\nwhile True: time.sleep(0.1)', 300);
    expect(outcome).toBe('interrupted');
    expect(cell.status).toBe('interrupted');
    expect(stopMs).toBeLessThan(1000);
    expect(await run('print(kept)')).toMatchObject({ status: 'ok', stdout: '41\n' });
  });

  it("reads the site's MNIST files from Python", async () => {
    const labels = gunzipSync(readFileSync(path.join(REPO_ROOT, 'public/datasets/mnist/t10k-labels-idx1-ubyte.gz')));
    const expected = `${labels.length} ${labels.readUInt32BE(0)} ${labels.readUInt32BE(4)}\nNone\n`;
    const cell = await run(
      [
        'import gzip, _glassgrad_host',
        "data = gzip.decompress(_glassgrad_host.read_asset('mnist/t10k-labels-idx1-ubyte.gz').to_bytes())",
        "print(len(data), int.from_bytes(data[:4], 'big'), int.from_bytes(data[4:8], 'big'))",
        "print(_glassgrad_host.read_asset('mnist/no-such-file.gz'))",
      ].join('\n'),
    );
    expect(cell.error).toBeNull();
    expect(cell).toMatchObject({ status: 'ok', stdout: expected });
  });

  it('makes no request outside its own site', () => {
    const origin = new URL(appUrl()).origin;
    expect(opened.requests.length).toBeGreaterThan(0);
    expect(opened.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    expect(opened.requests.some((url) => url.endsWith('/pyodide/python_stdlib.pyc.zip'))).toBe(true);
    expect(opened.requests.some((url) => url.endsWith('/pyodide/python.snapshot'))).toBe(true);
  });

  it('starts from the snapshot with torch imported', async () => {
    expect(await opened.page.evaluate(() => window.kernelPage.kernel.readyInfo?.fromSnapshot)).toBe(true);
  });

  async function startsPlainly(prepare: (context: BrowserContext) => Promise<unknown>): Promise<void> {
    const bare = await openPage(KERNEL_PAGE, { prepare });
    try {
      const cell = await bare.page.evaluate(() => window.kernelPage.run('import torch, random; print(torch.ones(2,3).sum(), 0 <= random.random() < 1)'));
      expect(cell).toMatchObject({ status: 'ok', stdout: 'tensor(6.) True\n', error: null });
      expect(await bare.page.evaluate(() => window.kernelPage.kernel.readyInfo?.fromSnapshot)).toBe(false);
    } finally {
      await bare.context.close();
    }
  }

  it('boots Python plainly when the site has no start-up snapshot', async () => {
    await startsPlainly((context) => context.route('**/pyodide/python.snapshot', (route) => route.fulfill({ status: 404, body: '' })));
  });

  it('boots Python plainly when the snapshot was made with other package sources', async () => {
    await startsPlainly((context) =>
      context.route('**/pyodide/python.snapshot.json', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"key":"0"}' })),
    );
  });

  it('replaces a Worker stuck outside Python: interrupt restarts the kernel with a fresh namespace', async () => {
    const { outcome, cell } = await interruptAfter("import js\njs.eval('for (;;) {}')", 300);
    expect(outcome).toBe('restarted');
    expect(cell.status).toBe('interrupted');
    expect(await opened.page.evaluate(() => window.kernelPage.whenIdle())).toBe('idle');
    const after = await run('print(kept)');
    expect(after.status).toBe('error');
    expect(after.error?.ename).toBe('NameError');
    expect(await run('import torch; print(torch.ones(2).sum())')).toMatchObject({ status: 'ok', stdout: 'tensor(2.)\n' });
  });
});
