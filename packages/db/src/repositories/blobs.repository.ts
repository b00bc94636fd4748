import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DialectName } from '../database.ts';
import type { Database } from '../schema.ts';

export type BlobState = 'partial' | 'complete';

/**
 * Files kept in the database as numbered chunks (issue 23): the store every process on every host
 * shares when there is nothing but PostgreSQL. One chunk is read or written at a time, so a 15 MB
 * photo never sits whole in one buffer.
 */
export class BlobsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: DialectName,
  ) {}

  /** Bytes kept so far, and the next chunk number. */
  async extent(sha256: string, state: BlobState): Promise<{ size: number; chunks: number }> {
    const r = await this.db
      .selectFrom('blob_chunks')
      .select([sql<number>`coalesce(sum(length(data)), 0)`.as('size'), sql<number>`count(*)`.as('chunks')])
      .where('sha256', '=', sha256)
      .where('state', '=', state)
      .executeTakeFirstOrThrow();
    return { size: Number(r.size), chunks: Number(r.chunks) };
  }

  async putChunk(sha256: string, state: BlobState, seq: number, data: Uint8Array): Promise<void> {
    await this.db.insertInto('blob_chunks').values({ sha256, state, seq, data }).execute();
  }

  /**
   * PostgreSQL: an upload from the start, its first chunk (number 0) written and whatever an
   * earlier attempt kept removed, in one statement.
   */
  async restartPartial(sha256: string, data: Uint8Array): Promise<void> {
    await sql`with gone as (delete from blob_chunks where sha256 = ${sha256} and state = 'partial' and seq <> 0)
      insert into blob_chunks (sha256, state, seq, data) values (${sha256}, 'partial', 0, ${data})
      on conflict (sha256, state, seq) do update set data = excluded.data`.execute(this.db);
  }

  /**
   * A small file checked by the caller (its hash): the complete file at once, as chunk 0, and
   * whatever an earlier attempt or an earlier copy kept removed (issue 23: a photo sent whole was
   * a partial chunk, then a hash in the database and a promotion). PostgreSQL: one statement.
   */
  async keepWhole(sha256: string, data: Uint8Array): Promise<void> {
    if (this.dialect === 'postgres') {
      await sql`with gone as (delete from blob_chunks where sha256 = ${sha256} and (state = 'partial' or seq <> 0))
        insert into blob_chunks (sha256, state, seq, data) values (${sha256}, 'complete', 0, ${data})
        on conflict (sha256, state, seq) do update set data = excluded.data`.execute(this.db);
      return;
    }
    await this.db.transaction().execute(async (tx) => {
      await tx
        .deleteFrom('blob_chunks')
        .where('sha256', '=', sha256)
        .where((eb) => eb.or([eb('state', '=', 'partial'), eb('seq', '<>', 0)]))
        .execute();
      await tx
        .insertInto('blob_chunks')
        .values({ sha256, state: 'complete', seq: 0, data })
        .onConflict((oc) => oc.columns(['sha256', 'state', 'seq']).doUpdateSet({ data }))
        .execute();
    });
  }

  /** Chunk `seq`, or undefined past the end. */
  async chunk(sha256: string, state: BlobState, seq: number): Promise<Buffer | undefined> {
    const r = await this.db
      .selectFrom('blob_chunks')
      .select('data')
      .where('sha256', '=', sha256)
      .where('state', '=', state)
      .where('seq', '=', seq)
      .executeTakeFirst();
    return r ? Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength) : undefined;
  }

  /** Up to `limit` chunks from `fromSeq` on, in order (fewer at the end). */
  async chunks(sha256: string, state: BlobState, fromSeq: number, limit: number): Promise<Buffer[]> {
    const rows = await this.db
      .selectFrom('blob_chunks')
      .select(['seq', 'data'])
      .where('sha256', '=', sha256)
      .where('state', '=', state)
      .where('seq', '>=', fromSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((r) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength));
  }

  async drop(sha256: string, state: BlobState): Promise<void> {
    await this.db.deleteFrom('blob_chunks').where('sha256', '=', sha256).where('state', '=', state).execute();
  }

  /** The checked upload becomes the complete file, in one transaction (replacing an earlier copy). */
  async promote(sha256: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('blob_chunks').where('sha256', '=', sha256).where('state', '=', 'complete').execute();
      await tx
        .updateTable('blob_chunks')
        .set({ state: 'complete' })
        .where('sha256', '=', sha256)
        .where('state', '=', 'partial')
        .execute();
    });
  }

  /**
   * PostgreSQL: hashes the upload's chunks in the database and, when they hash to `sha256`,
   * promotes exactly those to the complete file, in one statement (`blob_finalize`, issue 23: the
   * bytes are not sent back to be hashed, and the promotion is not a transaction of its own). The
   * first 16 bytes come back for the image type check. Undefined when the upload is larger than
   * `maxBytes`: the function holds it in one buffer to hash it, so a big file is hashed by the
   * caller as it streams, and nothing was changed.
   */
  async finalizeInDatabase(sha256: string, maxBytes: number): Promise<{ ok: boolean; head: Buffer } | undefined> {
    const { rows } = await sql<{
      ok: boolean | null;
      head: Uint8Array | null;
    }>`select ok, head from blob_finalize(${sha256}, ${maxBytes})`.execute(this.db);
    const row = rows[0];
    if (!row || row.ok === null) return undefined;
    const head = Buffer.alloc(16);
    if (row?.head) Buffer.from(row.head.buffer, row.head.byteOffset, row.head.byteLength).copy(head);
    return { ok: row?.ok === true, head };
  }

  async exists(sha256: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('blob_chunks')
      .select('seq')
      .where('sha256', '=', sha256)
      .where('state', '=', 'complete')
      .limit(1)
      .executeTakeFirst();
    return r !== undefined;
  }
}
