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
          // One module graph per worker process, not per file: importing the server's ~400 modules
          // afresh for each of the ~190 files was most of the unit run on the 2-core machine (in a
          // sample of 12 route files, 88 s of imports with isolation, 20 s without). Every file
          // still gets its own databases and app; the few that stub globals or fake timers undo it
          // in afterEach, and vitest restores stubbed globals and environment variables anyway.
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
          env: { PASSWORD_HASH_COST: 'test' },
          fileParallelism: false,
        },
      },
    ],
  },
});
