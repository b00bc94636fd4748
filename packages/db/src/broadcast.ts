import pg from 'pg';

/**
 * Messages to every server process on one database. SQLite runs in one process, so it needs
 * none; on PostgreSQL several processes share the work, and an HQ console connected to one must
 * still see a report accepted by another.
 */
export interface Broadcast {
  publish(payload: string): Promise<void>;
  /** Starts listening; resolves once subscribed. The returned function stops it. */
  subscribe(onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}

/** NOTIFY carries at most 8,000 bytes. */
export const MAX_BROADCAST_BYTES = 7900;

/**
 * LISTEN/NOTIFY on a dedicated connection (a pooled one would stop listening when returned).
 * Channels are database-wide, not per schema, so the channel is named after the schema: tests
 * and deployments sharing a database do not hear each other. A dropped connection is reopened
 * with back-off; what was sent meanwhile is not replayed (live views re-read on reconnect).
 */
export class PostgresBroadcast implements Broadcast {
  readonly channel: string;

  constructor(
    private readonly connectionString: string,
    private readonly pool: pg.Pool,
    schema: string | undefined,
    topic: string,
  ) {
    this.channel = `pollwatch_${topic}_${(schema ?? 'public').replace(/[^a-z0-9_]/gi, '_')}`.slice(0, 63).toLowerCase();
  }

  async publish(payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > MAX_BROADCAST_BYTES) throw new Error('broadcast payload too large');
    await this.pool.query('select pg_notify($1, $2)', [this.channel, payload]);
  }

  async subscribe(onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    let delay = 500;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: this.connectionString });
      c.on('notification', (message) => {
        if (message.channel === this.channel && message.payload !== undefined) onMessage(message.payload);
      });
      c.on('error', () => {
        if (stopped || client !== c) return;
        client = undefined;
        void c.end().catch(() => {});
        scheduleReconnect();
      });
      await c.connect();
      await c.query(`listen "${this.channel}"`);
      client = c;
      delay = 500;
    };
    const scheduleReconnect = () => {
      retry = setTimeout(() => {
        connect().catch(() => {
          delay = Math.min(delay * 2, 30_000);
          if (!stopped) scheduleReconnect();
        });
      }, delay);
      retry.unref();
    };
    await connect();
    return async () => {
      stopped = true;
      if (retry) clearTimeout(retry);
      const c = client;
      client = undefined;
      await c?.end().catch(() => {});
    };
  }
}
