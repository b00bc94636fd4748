import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

/** What `BlobStore.write` answers: the bytes kept, and once the file is complete, whether it is what it claims. */
export interface BlobWrite {
  received: number;
  /** Set once `size` bytes are kept: they hashed to the name (and became the file), and their first 16 bytes. */
  done?: { ok: boolean; head: Buffer };
}

/** Every store's check as bytes arrive: more than announced stops the upload. */
export function tooLong(written: number, maxBytes: number): void {
  if (written > maxBytes) throw new RangeError('upload longer than announced');
}

/** The two steps of a write, which every store has. */
interface AppendFinalize {
  append(sha256: string, offset: number, chunk: Readable, maxBytes: number): Promise<number>;
  finalize(sha256: string): Promise<{ ok: boolean; head: Buffer }>;
}

/** `write` as `append`, then `finalize` once the file is complete. */
export async function appendThenFinalize(
  store: AppendFinalize,
  sha256: string,
  offset: number,
  body: Readable,
  size: number,
): Promise<BlobWrite> {
  const received = await store.append(sha256, offset, body, size);
  return received < size ? { received } : { received, done: await store.finalize(sha256) };
}

/**
 * `write` for a store that can keep a small file whole in one step (issue 23: a protocol's photo,
 * sent whole from its start in one request, was an append and a finalize, each several round trips
 * to the database or the object store, the bytes read back to be hashed). An upload from offset 0
 * of at most `wholeUpTo` bytes (one chunk or part, which `append` holds in memory anyway) is hashed
 * here as it arrives and given to `keepWhole` only if it is complete and hashes to its name: the
 * file appears whole or not at all. One that ends early is kept as `append` keeps it, to be
 * resumed; anything bigger or resumed takes `append` and `finalize`.
 */
export async function writeSmallWhole(
  store: AppendFinalize,
  sha256: string,
  offset: number,
  body: Readable,
  size: number,
  wholeUpTo: number,
  keepWhole: (data: Buffer) => Promise<void>,
): Promise<BlobWrite> {
  if (offset !== 0 || size > wholeUpTo) return appendThenFinalize(store, sha256, offset, body, size);
  const hash = createHash('sha256');
  const pieces: Buffer[] = [];
  let received = 0;
  for await (const piece of body as AsyncIterable<Buffer>) {
    received += piece.length;
    tooLong(received, size);
    hash.update(piece);
    pieces.push(piece);
  }
  const data = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces, received);
  if (received < size) return { received: await store.append(sha256, 0, Readable.from([data]), size) };
  const head = Buffer.alloc(16);
  data.copy(head, 0, 0, 16);
  if (hash.digest('hex') !== sha256) return { received, done: { ok: false, head } };
  await keepWhole(data);
  return { received, done: { ok: true, head } };
}
