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
          // Each file keeps its own module graph (vitest's default). Sharing one per worker
          // (`isolate: false`) cut the unit run from ~1,170 s to ~270 s on a loaded 2-core machine,
          // but a CI run then failed an XLSX read that passes alone (xlsx.test.ts: "file
          // unreadable"). That was no leak between files: exceljs's streaming unzip lost entries
          // now and then in a warm process, which a fresh process per file hid; the reader no
          // longer uses it (packages/documents/src/tabular/xlsx-reader.ts). Isolation stays on
          // until the unit run without it has passed three times in a row.
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
