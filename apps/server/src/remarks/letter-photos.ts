import type { Readable } from 'node:stream';
import type { RemarkLetterPhoto } from '@pollwatch/documents';
import sharp from 'sharp';

/** A letter prints at most this many of a remark's evidence photos. */
export const LETTER_PHOTOS = 6;
/** Each as a thumbnail at most this many pixels a side. */
export const LETTER_PHOTO_PX = 480;
/** A stored photo larger than this is not read for a letter (photos are capped far below at upload). */
const MAX_SOURCE_BYTES = 25 * 1024 * 1024;

async function readCapped(stream: Readable, max: number): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of stream as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > max) {
      stream.destroy();
      return undefined;
    }
    parts.push(part);
  }
  return Buffer.concat(parts);
}

/**
 * A photo as a letter prints it: decoded and re-encoded as a baseline JPEG at most
 * `LETTER_PHOTO_PX` a side (sharp drops EXIF, GPS and every other metadata unless asked to keep
 * it; the EXIF orientation is applied first), so an observer's location or phone never reaches the
 * commission. Undefined for anything that is not a picture.
 */
export async function letterThumbnail(
  input: Buffer,
): Promise<{ jpeg: Buffer; width: number; height: number } | undefined> {
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 40_000_000 })
      .rotate()
      .resize({ width: LETTER_PHOTO_PX, height: LETTER_PHOTO_PX, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 75, progressive: false })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch {
    return undefined;
  }
}

/**
 * The first `LETTER_PHOTOS` distinct evidence photos that are stored and readable, as thumbnails,
 * in the evidence's order. A photo that is missing or not a picture is left out, never an error.
 */
export async function letterPhotos(
  evidence: readonly { stationNumber: number; photos: readonly string[] }[],
  blobs: { exists(sha256: string): Promise<boolean>; read(sha256: string): Readable },
): Promise<RemarkLetterPhoto[]> {
  const out: RemarkLetterPhoto[] = [];
  const seen = new Set<string>();
  for (const e of evidence) {
    for (const sha of e.photos) {
      if (out.length >= LETTER_PHOTOS) return out;
      if (seen.has(sha)) continue;
      seen.add(sha);
      if (!(await blobs.exists(sha).catch(() => false))) continue;
      const bytes = await readCapped(blobs.read(sha), MAX_SOURCE_BYTES).catch(() => undefined);
      const thumb = bytes && (await letterThumbnail(bytes));
      if (thumb) out.push({ ...thumb, stationNumber: e.stationNumber });
    }
  }
  return out;
}
