import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { DomainError } from '@pollwatch/core';
import sharp from 'sharp';

/** A cover as published: at most this wide, JPEG. */
const COVER_WIDTH = 1200;

/**
 * Post covers. Every upload is decoded and re-encoded (sharp drops EXIF, GPS and every other
 * metadata unless asked to keep it), so a phone photo's location never reaches the public site.
 * Stored by the SHA-256 of the re-encoded file under `<dataDir>/covers/`.
 */
export class CoverImages {
  constructor(private readonly root: string) {}

  private path(sha256: string): string {
    return join(this.root, 'covers', sha256.slice(0, 2), `${sha256}.jpg`);
  }

  /** Re-encodes `input`; refuses anything that is not a JPEG, PNG or WebP picture. */
  async store(input: Buffer): Promise<string> {
    let output: Buffer;
    try {
      const image = sharp(input, { failOn: 'error', limitInputPixels: 40_000_000 });
      const meta = await image.metadata();
      if (!meta.format || !['jpeg', 'png', 'webp'].includes(meta.format)) throw new Error('format');
      output = await image
        .rotate() // applies the EXIF orientation before the metadata goes
        .resize({ width: COVER_WIDTH, withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: 82, mozjpeg: true })
        .toBuffer();
    } catch {
      throw new DomainError('photo_invalid', 'the cover is not a JPEG, PNG or WebP image');
    }
    const sha256 = createHash('sha256').update(output).digest('hex');
    const target = this.path(sha256);
    if (!existsSync(target)) {
      await mkdir(dirname(target), { recursive: true });
      const partial = `${target}.${process.pid}.part`;
      await writeFile(partial, output);
      await rename(partial, target);
    }
    return sha256;
  }

  exists(sha256: string): boolean {
    return /^[0-9a-f]{64}$/.test(sha256) && existsSync(this.path(sha256));
  }

  read(sha256: string): Readable {
    return createReadStream(this.path(sha256));
  }
}
