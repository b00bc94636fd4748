import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The bounded version of `npm run test:crash` that CI runs: two kills per database, four phones.
it('survives SIGKILL mid-ingest: every acknowledged report stored once, the chain intact', () => {
  const script = fileURLToPath(new URL('./crash-test.ts', import.meta.url));
  const result = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: {
      ...process.env,
      CRASH_KILLS: '2',
      CRASH_OBSERVERS: '4',
      CRASH_DATABASES: process.env.TEST_DATABASE_URL ? 'sqlite,postgres' : 'sqlite',
    },
    encoding: 'utf8',
    timeout: 900_000,
  });
  const lines = result.stdout.trim().split('\n');
  expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0);
  for (const line of lines.filter((l) => l.includes('crashes survived'))) {
    const [, acknowledged, found, duplicates] =
      /reports acknowledged (\d+), reports found (\d+), duplicates (\d+)/.exec(line) ?? [];
    expect(Number(acknowledged)).toBeGreaterThan(0);
    expect(found).toBe(acknowledged);
    expect(duplicates).toBe('0');
  }
}, 900_000);
