import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/*/src/**/*.test.ts',
            'apps/server/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            'apps/web/src/**/*.test.{ts,tsx}',
          ],
          environment: 'node',
          // Files share one module graph per worker instead of each building its own (vitest's
          // default): the unit run takes ~270-380 s instead of ~1,000-1,170 s on a 2-core machine.
          // Each file still starts from its own database (`describeEachDialect`), and vitest
          // restores stubbed globals and env (below). It was on while an XLSX read failed now and
          // then in a warm process; that was exceljs's streaming unzip losing entries, not a leak
          // between files, and the reader no longer uses it (documents/src/tabular/xlsx-reader.ts).
          // Off since the unit run passed without it on both databases (twice, 2026-12-07); the one
          // failure since was a test mocking a module another file had loaded first, which now
          // imports what it tests afresh after the mock (README, "Development").
          isolate: false,
          unstubGlobals: true,
          unstubEnvs: true,
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Names the run, so that its PostgreSQL test databases are dropped together at its end.
          globalSetup: ['packages/db/src/testing/test-run.ts'],
          // The cheapest argon2id in tests only (apps/server/src/auth/passwords.ts says why).
          env: { PASSWORD_HASH_COST: 'test' },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          environment: 'node',
          // Bundles the server once for every file's `pollwatch serve` (the file says why).
          globalSetup: ['apps/web/e2e/support/server-bundle.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // A poll waits for what a screen shows: the live screen refetches its list and counters
          // a second after an event (REFRESH_AFTER_MS), so vitest's default 1 s poll could end just
          // before it, on a busy machine (it did once in CI). Playwright's own waits allow 5 s.
          expect: { poll: { timeout: 5_000 } },
          env: { PASSWORD_HASH_COST: 'test' },
          fileParallelism: false,
        },
      },
    ],
  },
});
