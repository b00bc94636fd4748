import type { Readable } from 'node:stream';
import { DomainError, type PhotoStatus } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { type Actor, scopeOf } from '../auth/actor.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import type { BlobStore, BlobWrite } from '../storage/blob-store.ts';
import { directPhotoWriter, type PhotoWrite, type PhotoWriter } from './photo-writes.ts';

/** Phones downscale photos to 1600 px JPEGs (a few hundred KB); anything near this is not a photo. */
export const PHOTO_MAX_BYTES = 15 * 1024 * 1024;

/**
 * What one observer may announce in a day. A polling station's day is a few dozen photos of a few
 * hundred KB; these leave room for a busy observer at several stations and stop a phone (or a
 * stolen session) from filling the disk that every report needs.
 */
export const PHOTO_DAILY_COUNT = 200;
export const PHOTO_DAILY_BYTES = 300 * 1024 * 1024;
/**
 * An upload that no report of its observer lists within this time, or that never finished, is
 * removed by the housekeeping (`purgeOrphans`): a photo belongs to a report.
 */
export const PHOTO_ORPHAN_MS = 48 * 3600_000;

/** What a photo's first bytes must be: JPEG or PNG. An executable renamed .jpg is refused. */
export function photoType(head: Buffer): string | null {
  if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
  if (head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  return null;
}

/**
 * Resumable photo uploads, addressed by the SHA-256 the phone computed: announce the size, then
 * send bytes from the offset the server has; a dropped connection resumes where it stopped. The
 * finished file must hash to its name and look like an image, or it is thrown away.
 */
export class PhotosService {
  constructor(
    private readonly store: Store,
    private readonly blobs: BlobStore,
    private readonly now: () => Date,
    /**
     * Where the photos' rows are written. The server passes its report writer, so that on SQLite
     * in a file they go through the writer's thread and its queue (issue 23); reads stay here.
     */
    private readonly writer: PhotoWriter = directPhotoWriter(store),
  ) {}

  private write(write: PhotoWrite) {
    return this.writer.writePhoto(write);
  }

  private progress(sha256: string, receivedBytes: number, complete: { contentType: string; at: Date } | null = null) {
    return this.write({ op: 'progress', sha256, receivedBytes, complete });
  }

  /** The upload's progress, for the phone that resumes it. */
  async status(actor: Actor, sha256: string): Promise<PhotoStatus> {
    const photo = await this.store.reports.photo(sha256);
    if (!photo) throw new DomainError('not_found', 'no upload for this photo');
    await this.assertVisible(actor, sha256);
    return statusFrom(photo);
  }

  /**
   * National staff see every photo. Anyone else sees a photo that some report revision in their
   * area lists (or one of their own reports does), or that they uploaded themselves; otherwise it
   * answers as if there were none, and the attempt is audited.
   */
  private async assertVisible(actor: Actor, sha256: string): Promise<void> {
    const scope = scopeOf(actor);
    if (scope.kind === 'all') return;
    if (!(await this.store.reports.photoVisible(sha256, { scope, userId: actor.user.id }))) {
      throw new OutOfScopeError('photo', sha256);
    }
  }

  private async statusOf(sha256: string): Promise<PhotoStatus> {
    const photo = await this.store.reports.photo(sha256);
    if (!photo) throw new DomainError('not_found', 'no upload for this photo');
    return statusFrom(photo);
  }

  async begin(actor: Actor, sha256: string, sizeBytes: number): Promise<PhotoStatus> {
    if (!Number.isInteger(sizeBytes) || sizeBytes < 1) {
      throw new DomainError('validation_failed', 'Upload-Length must be a positive whole number', [
        { in: 'headers', path: '/upload-length', keyword: 'required' },
      ]);
    }
    if (sizeBytes > PHOTO_MAX_BYTES)
      throw new DomainError('file_too_large', 'a photo is at most 15 MB', { limitBytes: PHOTO_MAX_BYTES });
    // Asked first only where the create would not answer it in its own round trip (issue 23).
    if (!this.writer.createAnswersExisting) {
      const existing = await this.store.reports.photo(sha256);
      if (existing && existing.sizeBytes !== sizeBytes) {
        throw new DomainError('conflict', 'this photo was announced with another size');
      }
      // Announced before (by this phone, or the same bytes by another: only its uploader sends them).
      if (existing) return statusFrom(existing);
    }
    const now = this.now();
    // The quota is checked with the insert, in the writer's transaction.
    const outcome = await this.write({
      op: 'create',
      sha256,
      sizeBytes,
      uploadedBy: actor.user.id,
      at: now,
      quota: { since: new Date(now.getTime() - 24 * 3600_000), count: PHOTO_DAILY_COUNT, bytes: PHOTO_DAILY_BYTES },
    });
    if (outcome === 'over_quota') {
      throw new DomainError('rate_limited', 'too many photos from this account today', {
        retryAfterSeconds: 3600,
      });
    }
    // Our row: nothing to read back (issue 23: each read is a round trip on PostgreSQL).
    if (outcome === 'created') return { sha256, sizeBytes, receivedBytes: 0, complete: false };
    const status = await this.statusOf(sha256);
    // Announced before, or meanwhile by another request (the same bytes): the same size, or a conflict.
    if (status.sizeBytes !== sizeBytes) throw new DomainError('conflict', 'this photo was announced with another size');
    return status;
  }

  /** Bytes of an upload, from the phone that announced it; anyone else is told there is no such upload. */
  async append(actor: Actor, sha256: string, offset: number, body: Readable): Promise<PhotoStatus> {
    const photo = await this.store.reports.photo(sha256);
    if (!photo) throw new DomainError('not_found', 'announce the photo first');
    if (photo.complete) return statusFrom(photo);
    if (photo.uploadedBy !== actor.user.id) throw new OutOfScopeError('photo', sha256);
    // The file on disk is the truth: a previous append may have written more than was recorded.
    // Except for a first send, nothing recorded and from offset 0: an append from 0 starts over
    // whatever is kept, so there is nothing to ask (a round trip fewer per photo, issue 23).
    if (offset !== 0 || photo.receivedBytes !== 0) {
      const onDisk = await this.blobs.partialSize(sha256);
      if (offset !== onDisk)
        throw new DomainError('conflict', 'resume from the offset the server has', { offset: onDisk });
    }
    let written: BlobWrite;
    try {
      written = await this.blobs.write(sha256, offset, body, photo.sizeBytes);
    } catch (error) {
      if (error instanceof RangeError) {
        await this.blobs.discard(sha256);
        await this.progress(sha256, 0);
        throw new DomainError('photo_mismatch', 'more bytes than announced');
      }
      // A dropped connection: keep what arrived, the phone resumes from there.
      await this.progress(sha256, await this.blobs.partialSize(sha256));
      throw error;
    }
    const { received, done } = written;
    if (!done) {
      await this.progress(sha256, received);
      return { sha256, sizeBytes: photo.sizeBytes, receivedBytes: received, complete: false };
    }
    const { ok, head } = done;
    if (!ok) {
      await this.blobs.discard(sha256);
      await this.progress(sha256, 0);
      throw new DomainError('photo_mismatch', 'the bytes do not hash to the photo name');
    }
    const type = photoType(head);
    if (!type) {
      await this.blobs.remove(sha256);
      await this.progress(sha256, 0);
      throw new DomainError('photo_invalid', 'not a JPEG or PNG image');
    }
    // The bytes are kept (and on disk, flushed) before the row says complete; the answer
    // waits for the row's commit, and says what it wrote.
    await this.progress(sha256, received, { contentType: type, at: this.now() });
    return { sha256, sizeBytes: photo.sizeBytes, receivedBytes: received, complete: true };
  }

  /**
   * Housekeeping: removes uploads that never finished and finished ones no report lists, once
   * they are older than `PHOTO_ORPHAN_MS` (file first, then the row, so a crash leaves no row
   * pointing at nothing). Returns how many were removed.
   */
  async purgeOrphans(limit = 500): Promise<number> {
    const orphans = await this.store.reports.orphanPhotos(new Date(this.now().getTime() - PHOTO_ORPHAN_MS), limit);
    for (const orphan of orphans) {
      await this.blobs.discard(orphan.sha256);
      if (orphan.complete) await this.blobs.remove(orphan.sha256);
      await this.write({ op: 'delete', sha256: orphan.sha256 });
    }
    return orphans.length;
  }

  async content(actor: Actor, sha256: string): Promise<{ type: string; stream: Readable }> {
    const photo = await this.store.reports.photo(sha256);
    if (!photo) throw new DomainError('not_found', 'no such photo');
    await this.assertVisible(actor, sha256);
    if (!photo.complete) throw new DomainError('not_found', 'no such photo');
    return { type: photo.contentType ?? 'application/octet-stream', stream: this.blobs.read(sha256) };
  }
}

/** What the phone is told of an upload, from its row (read once per request). */
function statusFrom(photo: {
  sha256: string;
  sizeBytes: number;
  receivedBytes: number;
  complete: boolean;
}): PhotoStatus {
  return {
    sha256: photo.sha256,
    sizeBytes: photo.sizeBytes,
    receivedBytes: photo.receivedBytes,
    complete: photo.complete,
  };
}
