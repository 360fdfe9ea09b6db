// Launches the system's Chromium (Debian's `chromium` package) through
// playwright-core: the tests never download a browser. CHROMIUM_PATH overrides
// the `chromium` found on PATH.
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type LaunchOptions } from 'playwright-core';

/** Flags for a headless Chromium in a container (root, small /dev/shm, no GPU). */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--no-first-run', '--mute-audio'];

/** The Chromium executable, or an error that says how to install it. */
export function chromiumPath(): string {
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'chromium');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  throw new Error(
    'The browser tests need Chromium and none was found. Install it (Debian/Ubuntu: `sudo apt-get install chromium`) ' +
      'or point CHROMIUM_PATH at a Chromium or Chrome executable.',
  );
}

function launchOptions(extra: LaunchOptions = {}): LaunchOptions {
  return { executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS, ...extra };
}

/** A headless Chromium with a throwaway profile. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch(launchOptions());
}

/** A headless Chromium whose profile (HTTP cache, compiled code cache) lives in `userDataDir`. */
export function launchPersistentChromium(userDataDir: string): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, launchOptions());
}
