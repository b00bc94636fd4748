import pg from 'pg';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by the global set-up below; absent when a run has none. */
    pollwatchTestRun: string;
  }
}

/** The names of one run's database copies begin with this (the run id is its start time in ms). */
export function testDatabasePrefix(run: string): string {
  return `pw_run_${run}_`;
}

/**
 * Vitest global set-up of the unit project: names the run, so that the PostgreSQL database copies
 * its tests make are dropped together at its end (each DROP DATABASE forces a checkpoint: together,
 * the later ones find almost nothing to write). Also drops copies that a killed run left behind
 * more than six hours ago. Other runs going on at the same time keep theirs.
 */
export default function setup(project: TestProject): (() => Promise<void>) | undefined {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) return undefined;
  const run = String(Date.now());
  project.provide('pollwatchTestRun', run);
  return async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    let names: string[];
    try {
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like 'pw\\_run\\_%' and not datistemplate",
      );
      const stale = Date.now() - 6 * 3600_000;
      names = rows
        .map((r) => r.datname)
        .filter((name) => name.startsWith(testDatabasePrefix(run)) || Number(/^pw_run_(\d+)_/.exec(name)?.[1]) < stale);
    } finally {
      await admin.end();
    }
    // Several at once: drops waiting together share one checkpoint (measured on a busy machine:
    // 8 drops one by one 58 s, 8 at once 4.4 s).
    const dropNext = async () => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        for (let name = names.pop(); name; name = names.pop()) {
          await client.query(`drop database if exists ${name} with (force)`);
        }
      } finally {
        await client.end();
      }
    };
    await Promise.all(Array.from({ length: Math.min(16, names.length) }, dropNext));
  };
}
