// Vitest globalSetup of the browser project: one built site (the app and the
// test pages: TEST_SITE_PAGES) for every browser test file; each file launches
// its own Chromium. Fails early, with the install hint, when Chromium is missing.
import type { TestProject } from 'vitest/node';
import { TEST_SITE_PAGES, startApp } from './app_server.ts';
import { chromiumPath } from './chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The site under test, with a trailing slash. */
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  chromiumPath();
  const app = await startApp(TEST_SITE_PAGES);
  project.provide('appUrl', app.url);
  return () => app.close();
}
