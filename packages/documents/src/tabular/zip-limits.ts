import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';
import { DomainError } from '@pollwatch/core';

/**
 * Bounds on what an XLSX (a zip) may inflate to, checked before any XLSX reader sees the file. A
 * zip bomb is a small file whose entries inflate to gigabytes: the check inflates every entry for
 * real (never trusting the sizes the zip declares), through zlib streams that run on libuv's thread
 * pool, not the request thread, discards the bytes as it counts them (memory stays at one chunk)
 * and stops at the first limit crossed.
 */
export interface ZipLimits {
  /** All entries together, inflated. */
  maxInflatedBytes: number;
  maxEntries: number;
  /** Inflated ÷ compressed for one entry, judged once it has inflated past `ratioFloorBytes`. */
  maxRatio: number;
  ratioFloorBytes: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxInflatedBytes: 1024 * 1024 * 1024,
  maxEntries: 10_000,
  maxRatio: 300,
  ratioFloorBytes: 8 * 1024 * 1024,
};

type ReadAt = (offset: number, length: number) => Promise<Buffer>;

function tooBig(reason: string, details: Record<string, unknown> = {}): DomainError {
  return new DomainError('file_too_large', 'The workbook inflates to more than is allowed', { reason, ...details });
}

function unreadable(reason: string): DomainError {
  return new DomainError('file_unreadable', 'The XLSX file cannot be read', { reason });
}

/** Checks a zip held in memory (XLSForm uploads). */
export function checkZipBuffer(bytes: Uint8Array, limits: Partial<ZipLimits> = {}): Promise<void> {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return checkZip(buffer.length, async (offset, length) => buffer.subarray(offset, offset + length), limits);
}

/** Checks a zip in a file (import uploads). */
export async function checkZipFile(path: string, limits: Partial<ZipLimits> = {}): Promise<void> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    await checkZip(
      size,
      async (offset, length) => {
        const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
        await handle.read(buffer, 0, buffer.length, offset);
        return buffer;
      },
      limits,
    );
  } finally {
    await handle.close();
  }
}

const CHUNK = 256 * 1024;

async function checkZip(size: number, readAt: ReadAt, partial: Partial<ZipLimits>): Promise<void> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...partial };
  // The end-of-central-directory record: in the last 22 + 65535 bytes.
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = await readAt(size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable('corrupt');
  const entries = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (entries === 0xffff || directoryOffset === 0xffffffff) throw tooBig('zip64');
  if (entries > limits.maxEntries) throw tooBig('entries', { limit: limits.maxEntries });
  if (directoryOffset + directorySize > size) throw unreadable('corrupt');
  const directory = await readAt(directoryOffset, directorySize);

  let total = 0;
  let at = 0;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw unreadable('corrupt');
    const method = directory.readUInt16LE(at + 10);
    const compressed = directory.readUInt32LE(at + 20);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const localOffset = directory.readUInt32LE(at + 42);
    at += 46 + nameLength + extraLength + commentLength;
    if (compressed === 0xffffffff || localOffset === 0xffffffff) throw tooBig('zip64');
    const local = await readAt(localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw unreadable('corrupt');
    const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + compressed > size) throw unreadable('corrupt');
    if (method === 0) {
      total += compressed;
    } else if (method === 8) {
      total += await inflatedSize(readAt, dataStart, compressed, limits, total);
    } else {
      throw unreadable('zip_method');
    }
    if (total > limits.maxInflatedBytes) throw tooBig('inflated', { limitBytes: limits.maxInflatedBytes });
  }
}

/** Inflates one entry, counting and discarding; throws as soon as a limit is crossed. */
async function inflatedSize(
  readAt: ReadAt,
  start: number,
  compressed: number,
  limits: ZipLimits,
  before: number,
): Promise<number> {
  async function* source() {
    for (let offset = 0; offset < compressed; offset += CHUNK) {
      yield await readAt(start + offset, Math.min(CHUNK, compressed - offset));
    }
  }
  const inflate = createInflateRaw();
  const input = Readable.from(source());
  input.on('error', (error) => inflate.destroy(error));
  input.pipe(inflate);
  let out = 0;
  try {
    for await (const piece of inflate as AsyncIterable<Buffer>) {
      out += piece.length;
      if (before + out > limits.maxInflatedBytes) throw tooBig('inflated', { limitBytes: limits.maxInflatedBytes });
      if (out > limits.ratioFloorBytes && out / Math.max(1, compressed) > limits.maxRatio) {
        throw tooBig('ratio', { limit: limits.maxRatio });
      }
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw unreadable('corrupt');
  } finally {
    input.destroy();
    inflate.destroy();
  }
  return out;
}
