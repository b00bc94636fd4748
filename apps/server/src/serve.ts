import { migrateToLatest, Store } from '@pollwatch/db';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { describeDatabase, openConfiguredDatabase } from './database-from-config.ts';
import { seedDemo } from './demo/demo-seed.ts';

/** Migrates, then serves until SIGINT/SIGTERM, finishing requests in flight. */
export async function serve(config: Config, options: { demo?: boolean } = {}): Promise<void> {
  const db = openConfiguredDatabase(config);
  const { applied } = await migrateToLatest(db.kysely);
  const store = Store.over(db);
  if (options.demo) await seedDemo(store, () => new Date());
  // The results analysis reads a country's rows on a worker thread over its own connection.
  const { app, auth } = await buildApp({ store, config });
  app.log.info({ database: describeDatabase(config), migrationsApplied: applied.length }, 'database ready');

  const housekeeping = setInterval(() => {
    auth.purgeExpired().catch((error) => app.log.warn({ err: error }, 'housekeeping failed'));
  }, 3600_000);
  housekeeping.unref();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'shutting down');
    clearInterval(housekeeping);
    await app.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
}
