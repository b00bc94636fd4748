import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { BlobStore } from './blob-store.ts';

class RecordingStore extends BlobStore {
  readonly calls: string[] = [];
  protected override async flush(handle: FileHandle): Promise<void> {
    this.calls.push('flush');
    await super.flush(handle);
  }
}

describe('blob store (issue 21)', () => {
  it('flushes a finished upload to disk before calling it complete, and keeps files private (0600)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pollwatch-blobs-'));
    const store = new RecordingStore(root);
    const bytes = Buffer.from('\xff\xd8\xff private photo bytes', 'latin1');
    const hash = createHash('sha256').update(bytes).digest('hex');
    await store.append(hash, 0, Readable.from([bytes]), bytes.length);
    expect(store.calls).toEqual([]);
    const { ok } = await store.finalize(hash);
    expect(ok).toBe(true);
    expect(store.calls).toEqual(['flush']);
    const file = join(root, 'blobs', hash.slice(0, 2), hash);
    expect(statSync(file).mode & 0o077).toBe(0);
    expect(statSync(join(root, 'blobs', hash.slice(0, 2))).mode & 0o077).toBe(0);
    expect(readdirSync(join(root, 'partial'))).toEqual([]);
  });
});
