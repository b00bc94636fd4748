import cluster from 'node:cluster';
import { randomBytes } from 'node:crypto';
import { Store } from '@pollwatch/db';
import { buildApp } from './app.ts';
import type { Config } from './config.ts';
import { describeDatabase } from './database-from-config.ts';
import { httpPost, replayLive } from './demo/demo-live.ts';
import { describeDemoSeed, seedDemo } from './demo/demo-seed.ts';
import { openServerDatabase } from './security/data-keys.ts';

export interface ServeOptions {
  demo?: boolean;
  live?: boolean;
  /** Server processes sharing the port (`--workers N`); more than one needs PostgreSQL. */
  workers?: number;
}

/**
 * `pollwatch serve`: one process, or with `--workers N` a primary that migrates once (and seeds the
 * demo), then starts N server processes sharing the port (node:cluster) and starts again any that
 * dies. The processes keep no state of their own: sessions, throttles, idempotency, live fan-out
 * (LISTEN/NOTIFY), jobs (claimed with SKIP LOCKED) and, with BLOB_STORE=database, photos all go
 * through the database, so they can as well run on several hosts behind a reverse proxy.
 */
export async function serveCommand(config: Config, options: ServeOptions = {}): Promise<void> {
  const workers = options.workers ?? 1;
  if (cluster.isWorker) {
    const index = Number(process.env.POLLWATCH_WORKER_INDEX ?? 0);
    return serve(config, {
      migrate: false,
      live: options.live && index === 0,
      housekeeping: index === 0,
      announceSetup: index === 0,
      setupToken: process.env.POLLWATCH_SETUP_TOKEN,
    });
  }
  if (workers <= 1) return serve(config, options);
  if (!config.databaseUrl) {
    throw new Error('--workers above 1 needs PostgreSQL (DATABASE_URL): SQLite is served by one process');
  }
  const { db } = await openServerDatabase(config);
  try {
    const store = Store.over(db);
    if (options.demo)
      console.log(describeDemoSeed(await seedDemo(store, () => new Date(), { dataDir: config.dataDir })));
  } finally {
    await db.close();
  }
  // One setup link for every process (each would otherwise make up its own).
  const setupToken = randomBytes(18).toString('base64url');
  let stopping = false;
  const fork = (index: number) => {
    const worker = cluster.fork({ POLLWATCH_WORKER_INDEX: String(index), POLLWATCH_SETUP_TOKEN: setupToken });
    worker.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`server process ${index} stopped (${signal ?? code}); starting it again`);
      setTimeout(() => fork(index), 1000).unref();
    });
  };
  for (let i = 0; i < workers; i++) fork(i);
  const stop = () => {
    if (stopping) return;
    stopping = true;
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

interface ProcessOptions {
  demo?: boolean;
  live?: boolean;
  /** false in a `--workers` process: the primary migrated already. */
  migrate?: boolean;
  /** Hourly clean-ups (one process of several is enough). */
  housekeeping?: boolean;
  /** Prints the first-run setup link. */
  announceSetup?: boolean;
  setupToken?: string | undefined;
}

/** Migrates, then serves until SIGINT/SIGTERM, finishing requests in flight. */
export async function serve(config: Config, options: ProcessOptions = {}): Promise<void> {
  // Key problems (missing, wrong, unknown id) stop here, before anything is served or written.
  const { db, applied, rowsOnOldKeys } = await openServerDatabase(config, { migrate: options.migrate !== false });
  const store = Store.over(db);
  if (options.demo) console.log(describeDemoSeed(await seedDemo(store, () => new Date(), { dataDir: config.dataDir })));
  // The results analysis reads a country's rows on a worker thread over its own connection.
  const { app, auth, photos } = await buildApp({ store, config });
  app.log.info({ database: describeDatabase(config), migrationsApplied: applied.length }, 'database ready');
  if (rowsOnOldKeys > 0) {
    app.log.warn({ rowsOnOldKeys }, 'personal data still sealed with an older data key: run `pollwatch rotate-keys`');
  }
  // A fresh instance is claimed through a link with a one-time token, printed here only.
  const setupToken = (await auth.setupNeeded())
    ? (options.setupToken ?? randomBytes(18).toString('base64url'))
    : undefined;
  if (setupToken) auth.requireSetupToken(setupToken);

  const housekeeping = setInterval(() => {
    if (options.housekeeping === false) return;
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
  if (setupToken && options.announceSetup !== false) {
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
