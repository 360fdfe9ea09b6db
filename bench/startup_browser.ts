// Browser start-up: milliseconds from navigation to the first cell's result
// (`import torch; print(torch.ones(2,3).sum())` queued at page load), in the
// system's headless Chromium against a production build served like
// `vite preview`.
//   cold: a fresh browser profile (empty HTTP and code caches), once the
//         browser has finished starting up (see settled());
//   warm: a second navigation in the same profile, after the first page has
//         stayed open a few seconds as a reader's would: V8 writes the
//         compiled Pyodide wasm to its code cache only once it has tiered up
//         (a few seconds after start), and a warm start without it recompiles.
// Also, in the app itself (index.html, cold): navigation to the kernel's
// status turning idle, i.e. Python and torch ready for a first cell.
// The pages are built with the project's Vite config into a cache folder
// (dist/ is left alone, and the figures are for the current code).
//
//   npx tsx bench/startup_browser.ts [runs]
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { KERNEL_PAGE, REPO_ROOT, buildSite, startPreview } from '../test/browser/app_server.ts';
import { launchPersistentChromium } from '../test/browser/chromium.ts';
import type { CellRun } from '../test/browser/pages/kernel_page.ts';

export const FIRST_CELL = 'import torch; print(torch.ones(2,3).sum())';
const SITE_DIR = path.join(REPO_ROOT, 'node_modules/.cache/glassgrad/bench-site');

export interface BrowserStartup {
  /** Median over runs, ms from navigation to the first cell's output. */
  coldMs: number;
  warmMs: number;
  /**
   * Median CPU time all of Chromium's processes spent over the same span (Linux
   * only, else null): steadier than wall time on a shared machine.
   */
  coldCpuMs: number | null;
  warmCpuMs: number | null;
  /** Median over runs, ms from navigating to the app (cold profile) to its kernel status turning idle. */
  appReadyColdMs: number;
  runs: number;
  /** Every run's figures, in order. */
  coldSamplesMs: number[];
  warmSamplesMs: number[];
  appReadySamplesMs: number[];
}

/** CPU ms used so far by the processes of the Chromium whose profile is `profileDir` (Linux /proc), or null. */
function chromiumCpuMs(profileDir: string): number | null {
  if (process.platform !== 'linux') return null;
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture Chromium runs on
  let ticks = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(profileDir)) continue;
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]); // utime, stime
    } catch {
      // the process ended meanwhile
    }
  }
  return (ticks * 1000) / ticksPerSecond;
}

/**
 * Waits until the Chromium of `profileDir` is idle (under 10% of a core over
 * 250 ms; at most 10 s): a freshly launched browser spends a few seconds of
 * CPU preloading its own UI (the omnibox popup's WebUI, ~400 requests), which
 * would otherwise land in the middle of the first page's start-up. A user's
 * browser has done that long before they open a page.
 */
async function settled(profileDir: string): Promise<void> {
  const windowMs = 250;
  const deadline = performance.now() + 10_000;
  let before = chromiumCpuMs(profileDir);
  if (before === null) return;
  while (performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const after = chromiumCpuMs(profileDir)!;
    if (after - before < windowMs * 0.1) return;
    before = after;
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Builds the kernel page and the app into the bench's folder (`measureBrowserStartup({ build: false })` reuses it). */
export async function buildBenchSite(): Promise<string> {
  await buildSite(SITE_DIR, [KERNEL_PAGE, 'index.html']);
  return SITE_DIR;
}

/** One navigation to the app: ms from navigation start until the kernel status shows idle. */
async function appReadyMs(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const ready = await page.waitForFunction(
    () => (document.querySelector('[data-kernel-status="idle"]') ? performance.now() : null),
    null,
    { timeout: 120_000, polling: 'raf' },
  );
  return (await ready.jsonValue()) as number;
}

/** One navigation: the time from navigation start to the first cell's result, read in the page. */
async function firstResultMs(page: Page, url: string): Promise<number> {
  await page.goto(url);
  const run = await page.evaluate(() => window.kernelPage.firstRun as Promise<CellRun>);
  if (run.status !== 'ok' || run.stdout !== 'tensor(6.)\n') {
    throw new Error(`the first cell did not print tensor(6.): ${JSON.stringify(run)}`);
  }
  return run.endedAt; // performance.now() counts from the navigation's start
}

export interface BrowserStartupOptions {
  /** Fresh profiles to measure (each gives one cold and one warm figure); default 3. */
  runs?: number;
  /** false: reuse the last build of the bench site. */
  build?: boolean;
  /** How long the first page stays open before the warm navigation; default 5000 ms. */
  dwellMs?: number;
}

export async function measureBrowserStartup(options: BrowserStartupOptions = {}): Promise<BrowserStartup> {
  const runs = options.runs ?? 3;
  const dwellMs = options.dwellMs ?? 5000;
  const siteDir = options.build === false ? SITE_DIR : await buildBenchSite();
  const app = await startPreview(siteDir);
  const url = new URL(`${KERNEL_PAGE}?cell=${encodeURIComponent(FIRST_CELL)}`, app.url).href;
  const cold: number[] = [];
  const warm: number[] = [];
  const coldCpu: number[] = [];
  const warmCpu: number[] = [];
  const appReady: number[] = [];
  const timed = async (profile: string, page: Page, wall: number[], cpu: number[]) => {
    const before = chromiumCpuMs(profile);
    wall.push(await firstResultMs(page, url));
    const after = chromiumCpuMs(profile);
    if (before !== null && after !== null) cpu.push(after - before);
  };
  try {
    for (let i = 0; i < runs; i++) {
      const profile = mkdtempSync(path.join(os.tmpdir(), 'glassgrad-chromium-'));
      const context = await launchPersistentChromium(profile);
      try {
        const page = context.pages()[0] ?? (await context.newPage());
        await page.goto('about:blank');
        await settled(profile);
        await timed(profile, page, cold, coldCpu);
        await new Promise((resolve) => setTimeout(resolve, dwellMs));
        await timed(profile, page, warm, warmCpu);
      } finally {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      }
      const appProfile = mkdtempSync(path.join(os.tmpdir(), 'glassgrad-chromium-'));
      const appContext = await launchPersistentChromium(appProfile);
      try {
        const page = appContext.pages()[0] ?? (await appContext.newPage());
        await page.goto('about:blank');
        await settled(appProfile);
        appReady.push(await appReadyMs(page, app.url));
      } finally {
        await appContext.close();
        rmSync(appProfile, { recursive: true, force: true });
      }
    }
  } finally {
    await app.close();
  }
  const rounded = (values: number[]) => values.map(Math.round);
  return {
    coldMs: Math.round(median(cold)),
    warmMs: Math.round(median(warm)),
    coldCpuMs: coldCpu.length ? Math.round(median(coldCpu)) : null,
    warmCpuMs: warmCpu.length ? Math.round(median(warmCpu)) : null,
    appReadyColdMs: Math.round(median(appReady)),
    runs,
    coldSamplesMs: rounded(cold),
    warmSamplesMs: rounded(warm),
    appReadySamplesMs: rounded(appReady),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.argv[2] ?? 3);
  const result = await measureBrowserStartup({ runs });
  console.log(
    `Browser start-up to first cell result (Chromium, median of ${result.runs}): cold ${result.coldMs} ms, warm ${result.warmMs} ms ` +
      `(cold ${result.coldSamplesMs.join(', ')}; warm ${result.warmSamplesMs.join(', ')}; ` +
      `Chromium CPU cold ${result.coldCpuMs} ms, warm ${result.warmCpuMs} ms; load average ${os.loadavg()[0].toFixed(1)}); ` +
      `app kernel ready, cold ${result.appReadyColdMs} ms (${result.appReadySamplesMs.join(', ')})`,
  );
}
