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
