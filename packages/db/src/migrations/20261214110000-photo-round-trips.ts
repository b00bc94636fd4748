import { type Kysely, PostgresAdapter, sql } from 'kysely';

// Issue 23 (the kz protocol window on PostgreSQL, photos in the database): each protocol's photo is
// an announce and a finished upload, and on PostgreSQL every statement is a round trip that costs
// the backend and the server about as much as a small statement's work. Two of them become one
// function call each:
// - photo_announce: the uploader's quota lock, the "announced before?" and quota checks and the
//   insert were BEGIN, a lock, one INSERT … SELECT and COMMIT (4 round trips). In a function each
//   statement still reads a fresh snapshot after the lock (READ COMMITTED), so two announces of one
//   uploader still cannot both take the quota's last place.
// - blob_finalize: a finished upload's chunks were read back into the server to be hashed, then
//   promoted in BEGIN, DELETE, UPDATE, COMMIT (5 round trips, the photo's bytes sent back once).
//   Now the database hashes the chunks it holds (sha256(), PostgreSQL 11+) and promotes exactly
//   the chunks it hashed, which it locks first: an append racing with the check can no longer slip
//   unhashed bytes into the complete file. Returns whether the hash matched and the first 16 bytes
//   (the server checks the image type). It holds the whole upload in one buffer of the backend to
//   hash it, so it does so only up to p_max_bytes (a photo, not a 300 MB export file): beyond,
//   ok is null and nothing changes, and the server hashes the chunks as it streams them.
// SQLite keeps its statements (one process, no round trips). Frozen once landed: change the schema
// with a new migration, never by editing this one.

export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) return;
  const run = (text: string) => sql.raw(text).execute(db);

  await run(`create function photo_announce(p_sha256 text, p_size bigint, p_uploader uuid, p_at timestamptz,
      p_since timestamptz, p_count bigint, p_bytes bigint) returns text language plpgsql as $$
    declare
      used_count bigint;
      used_bytes numeric;
    begin
    perform 1 from users where id = p_uploader for no key update;
    if exists (select 1 from photos where sha256 = p_sha256) then return 'exists'; end if;
    select count(*), coalesce(sum(size_bytes), 0) into used_count, used_bytes
      from photos where uploaded_by = p_uploader and created_at > p_since;
    if used_count + 1 > p_count or used_bytes + p_size > p_bytes then return 'over_quota'; end if;
    insert into photos (sha256, size_bytes, received_bytes, uploaded_by, created_at)
      values (p_sha256, p_size, 0, p_uploader, p_at)
      on conflict (sha256) do nothing;
    if found then return 'created'; end if;
    return 'exists';
    end $$`);

  await run(`create function blob_finalize(p_sha256 text, p_max_bytes bigint, out ok boolean, out head bytea)
    language plpgsql as $$
    declare
      hashed int[];
      whole bytea;
    begin
    -- octet_length reads a stored value's size without fetching it.
    if (select coalesce(sum(octet_length(data)), 0) from blob_chunks
        where sha256 = p_sha256 and state = 'partial') > p_max_bytes then
      return;
    end if;
    select array_agg(c.seq order by c.seq), string_agg(c.data, ''::bytea order by c.seq) into hashed, whole
      from (select seq, data from blob_chunks where sha256 = p_sha256 and state = 'partial' for update) c;
    ok := whole is not null and encode(sha256(whole), 'hex') = p_sha256;
    head := substring(coalesce(whole, ''::bytea) from 1 for 16);
    if ok then
      delete from blob_chunks where sha256 = p_sha256 and state = 'complete';
      update blob_chunks set state = 'complete' where sha256 = p_sha256 and state = 'partial' and seq = any(hashed);
    end if;
    end $$`);
}
