import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config.ts';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      // Vitest's default is one worker less than the cores: on 2 cores, one file at a time, while a
      // browser test spends much of its time waiting on Chromium. Two workers let a unit file or a second
      // browser file use that time (measured: the whole run 206 s → 146 s on 2 cores).
      maxWorkers: Math.max(2, availableParallelism() - 1),
      reporters: ['default', './test/retried-reporter.ts'],
      projects: [
        {
          extends: true,
          test: {
            name: 'unit',
            // The projects keep no state between files (each test sets up its own stores, sandboxes
            // and screens), so they share one module graph per worker: half their CPU time, measured.
            isolate: false,
            environment: 'node',
            include: ['test/*.test.ts', 'test/{config,storage,auth,api,shared,sandbox}/**/*.test.{ts,js}'],
            exclude: [...configDefaults.exclude, '**/*.property.test.ts'],
            setupFiles: ['test/setup/indexeddb.ts'],
          },
        },
        {
          extends: true,
          test: {
            // Every reader of outside input against thousands of generated answers (fast-check).
            name: 'property',
            isolate: false,
            environment: 'node',
            include: ['test/**/*.property.test.ts'],
            setupFiles: ['test/setup/indexeddb.ts'],
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'server',
            isolate: false,
            environment: 'node',
            include: ['test/server/**/*.test.ts'],
            exclude: [...configDefaults.exclude, '**/*.property.test.ts'],
            testTimeout: 30_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'ui',
            isolate: false,
            environment: 'happy-dom',
            include: ['test/{ui,i18n}/**/*.test.{ts,tsx}'],
            setupFiles: ['test/setup/indexeddb.ts', 'test/setup/ui.ts'],
            // Above the 10 s that Testing Library waits, so a slow test fails on what it waited for.
            testTimeout: 20_000,
          },
        },
        {
          extends: true,
          test: {
            name: 'e2e',
            environment: 'node',
            include: ['test/e2e/**/*.test.ts'],
            globalSetup: ['test/e2e/global-setup.ts'],
            // The files share nothing at module level (each starts its own world), so one module graph
            // serves them all: loading playwright-core, the sandboxes and axe once saves seconds per file.
            isolate: false,
            // A shared 2-core machine under load sometimes loses a browser test to timing (an SMS send
            // that never shows its outcome, a screenshot taken mid-scroll). A retry keeps such a run
            // green; a test that fails three times is broken, and the report names every retry.
            retry: 2,
            // expect.poll's own 1 s is too short for a redirect or a sign-in on a loaded machine.
            expect: { poll: { timeout: 15_000 } },
            testTimeout: 60_000,
            hookTimeout: 120_000,
          },
        },
      ],
    },
  }),
);
