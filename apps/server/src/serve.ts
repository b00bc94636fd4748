import { randomBytes } from 'node:crypto';
import { migrateToLatest, Store } from '@pollwatch/db';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { describeDatabase, openConfiguredDatabase } from './database-from-config.ts';
import { httpPost, replayLive } from './demo/demo-live.ts';
import { describeDemoSeed, seedDemo } from './demo/demo-seed.ts';

/** Migrates, then serves until SIGINT/SIGTERM, finishing requests in flight. */
export async function serve(config: Config, options: { demo?: boolean; live?: boolean } = {}): Promise<void> {
  const db = openConfiguredDatabase(config);
  const { applied } = await migrateToLatest(db.kysely);
  const store = Store.over(db);
  if (options.demo) console.log(describeDemoSeed(await seedDemo(store, () => new Date(), { dataDir: config.dataDir })));
  // The results analysis reads a country's rows on a worker thread over its own connection.
  const { app, auth, photos } = await buildApp({ store, config });
  app.log.info({ database: describeDatabase(config), migrationsApplied: applied.length }, 'database ready');
  // A fresh instance is claimed through a link with a one-time token, printed here only.
  const setupToken = (await auth.setupNeeded()) ? randomBytes(18).toString('base64url') : undefined;
  if (setupToken) auth.requireSetupToken(setupToken);

  const housekeeping = setInterval(() => {
    auth.purgeExpired().catch((error) => app.log.warn({ err: error }, 'housekeeping failed'));
    photos.purgeOrphans().catch((error) => app.log.warn({ err: error }, 'photo clean-up failed'));
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
  if (setupToken) {
    const base = config.publicUrl ?? `http://localhost:${config.port}`;
    console.log(
      `\nNo admin yet. Create the first one at\n  ${base}/setup?token=${setupToken}\n` +
        '(or run `pollwatch admin create`). The link works until the first admin exists.\n',
    );
  }
  if (options.live) {
    // The demo's voting day, replayed through this server's own HTTP ingest so its consoles hear it.
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    replayLive(store, httpPost(`http://127.0.0.1:${port}`), () => new Date(), {
      dataDir: config.dataDir,
      log: (line) => app.log.info({ demo: line }, 'demo live report'),
    }).then(
      (result) => app.log.info(result, 'demo live replay finished'),
      (error) => app.log.warn({ err: error }, 'demo live replay stopped'),
    );
  }
}
