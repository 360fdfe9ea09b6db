// `npm start` serves the same kernel: Vite's dev server transforms the Worker
// and its imports on request and serves Pyodide's files from public/.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { KERNEL_PAGE, startDevServer, type RunningApp } from './app_server.ts';
import { useBrowser } from './browser_page.ts';

const { openPage } = useBrowser();
let dev: RunningApp;

beforeAll(async () => {
  dev = await startDevServer();
});

afterAll(async () => {
  await dev?.close();
});

it('runs a first cell through the dev server', async () => {
  const { page, requests } = await openPage(new URL(KERNEL_PAGE, dev.url).href);
  const cell = await page.evaluate(() => window.kernelPage.run('import torch; print(torch.ones(2,3).sum())'));
  expect(cell).toMatchObject({ status: 'ok', stdout: 'tensor(6.)\n', error: null });
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  const origin = new URL(dev.url).origin;
  expect(requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
});
