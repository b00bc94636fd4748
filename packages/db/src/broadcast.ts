import pg from 'pg';

/**
 * Messages to every server process on one database. SQLite runs in one process, so it needs
 * none; on PostgreSQL several processes share the work, and an HQ console connected to one must
 * still see a report accepted by another.
 */
export interface Broadcast {
  /** PostgreSQL: the NOTIFY channel, for messages sent within a transaction (`reports.announce`). */
  readonly channel?: string;
  /** A payload of one line (JSON text is): messages published together may travel as one. */
  publish(payload: string): Promise<void>;
  /** Starts listening; resolves once subscribed. The returned function stops it. */
  subscribe(onMessage: (payload: string) => void): Promise<() => Promise<void>>;
}

/** NOTIFY carries at most 8,000 bytes. */
export const MAX_BROADCAST_BYTES = 7900;

/**
 * Payloads published in one turn of the event loop, packed into as few notifications as fit
 * (payloads one per line): on voting day hundreds of reports a second each announced with a
 * query of its own kept the request thread in system calls (a quarter of its time on PostgreSQL).
 */
export function packPayloads(payloads: readonly string[], maxBytes = MAX_BROADCAST_BYTES): string[] {
  const packed: string[] = [];
  let current = '';
  let bytes = 0;
  for (const payload of payloads) {
    const size = Buffer.byteLength(payload);
    if (current && bytes + 1 + size > maxBytes) {
      packed.push(current);
      current = '';
      bytes = 0;
    }
    current = current ? `${current}\n${payload}` : payload;
    bytes += (bytes ? 1 : 0) + size;
  }
  if (current) packed.push(current);
  return packed;
}

/**
 * LISTEN/NOTIFY on a dedicated connection (a pooled one would stop listening when returned).
 * Channels are database-wide, not per schema, so the channel is named after the schema: tests
 * and deployments sharing a database do not hear each other. A dropped connection is reopened
 * with back-off; what was sent meanwhile is not replayed (live views re-read on reconnect).
 */
export class PostgresBroadcast implements Broadcast {
  readonly channel: string;
  private outgoing: { payload: string; sent: { resolve: () => void; reject: (error: Error) => void } }[] = [];

  constructor(
    private readonly connectionString: string,
    private readonly pool: pg.Pool,
    schema: string | undefined,
    topic: string,
  ) {
    this.channel = `pollwatch_${topic}_${(schema ?? 'public').replace(/[^a-z0-9_]/gi, '_')}`.slice(0, 63).toLowerCase();
  }

  publish(payload: string): Promise<void> {
    if (Buffer.byteLength(payload) > MAX_BROADCAST_BYTES)
      return Promise.reject(new Error('broadcast payload too large'));
    if (payload.includes('\n')) return Promise.reject(new Error('a broadcast payload is one line'));
    return new Promise((resolve, reject) => {
      this.outgoing.push({ payload, sent: { resolve, reject } });
      if (this.outgoing.length === 1) setImmediate(() => void this.send());
    });
  }

  private async send(): Promise<void> {
    const sending = this.outgoing;
    this.outgoing = [];
    const packed = packPayloads(sending.map((s) => s.payload));
    try {
      // One statement for all of them: one round trip, and they arrive together, in order.
      const calls = packed.map((_, i) => `pg_notify($1, $${i + 2})`).join(', ');
      await this.pool.query(`select ${calls}`, [this.channel, ...packed]);
      for (const { sent } of sending) sent.resolve();
    } catch (error) {
      for (const { sent } of sending) sent.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async subscribe(onMessage: (payload: string) => void): Promise<() => Promise<void>> {
    let client: pg.Client | undefined;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    let delay = 500;
    const connect = async (): Promise<void> => {
      const c = new pg.Client({ connectionString: this.connectionString });
      c.on('notification', (message) => {
        if (message.channel !== this.channel || message.payload === undefined) return;
        for (const payload of message.payload.split('\n')) onMessage(payload);
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
