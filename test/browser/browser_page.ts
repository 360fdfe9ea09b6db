// Helpers for browser tests: one Chromium per test file, a page per test or
// per file, every request the page (and its Workers) makes recorded, and a
// screenshot in test-results/ when a test fails.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject } from 'vitest';
import { REPO_ROOT } from './app_server.ts';
import { launchChromium } from './chromium.ts';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results');

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every URL requested so far, from the page and its Workers. */
  requests: string[];
  /** Messages the page and its Workers logged as errors, and uncaught exceptions. */
  errors: string[];
}

/** The site's URL for a path relative to its root ("test/browser/pages/kernel.html"); an absolute URL stays as it is. */
export function appUrl(pathname = ''): string {
  return new URL(pathname, inject('appUrl')).href;
}

function fileSafe(name: string): string {
  return name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').slice(0, 120);
}

/**
 * Sets up a browser for the calling test file and returns `openPage`, which
 * opens a path of the site (or an absolute URL) in a fresh context. Pages are closed after the file;
 * the last opened page is screenshotted when a test fails.
 */
export interface OpenPageOptions {
  /** Runs on the fresh context before the page is opened (routes, for instance). */
  prepare?(context: BrowserContext): Promise<unknown>;
}

export function useBrowser(): { openPage(pathname: string, options?: OpenPageOptions): Promise<OpenedPage> } {
  let browser: Browser | null = null;
  const opened: OpenedPage[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterEach(async (ctx) => {
    const last = opened.at(-1);
    if (ctx.task.result?.state !== 'fail' || !last || last.page.isClosed()) return;
    mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${fileSafe(`${path.basename(ctx.task.file?.name ?? 'browser')}-${ctx.task.name}`)}.png`);
    await last.page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  });

  afterAll(async () => {
    for (const { context } of opened) await context.close().catch(() => undefined);
    await browser?.close();
  });

  return {
    async openPage(pathname, options = {}) {
      if (!browser) throw new Error('useBrowser(): the browser is not running (call openPage inside a test or hook)');
      const context = await browser.newContext();
      await options.prepare?.(context);
      const requests: string[] = [];
      const errors: string[] = [];
      context.on('request', (request) => void requests.push(request.url()));
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => void errors.push(String(error)));
      const result = { page, context, requests, errors };
      opened.push(result);
      await page.goto(appUrl(pathname));
      return result;
    },
  };
}
