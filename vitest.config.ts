import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['engine/**/*.test.ts', 'app/**/*.test.ts', 'lessons/**/*.test.ts', 'server/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/browser/**'],
        },
      },
      {
        // Real Chromium against a built site (test/browser/README.md).
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/global_setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // The app renders after its code chunk loads, which can be seconds after the page's load event on a busy machine.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
