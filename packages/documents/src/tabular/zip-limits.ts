import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
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
    await checkZip(size, fileReader(handle, size), limits);
  } finally {
    await handle.close();
  }
}

function fileReader(handle: FileHandle, size: number): ReadAt {
  return async (offset, length) => {
    const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
    await handle.read(buffer, 0, buffer.length, offset);
    return buffer;
  };
}

const CHUNK = 256 * 1024;

/** One entry of a zip's central directory: where its stored bytes are and how they are stored. */
export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated (checkZip refuses any other). */
  method: number;
  compressed: number;
  /** Offset of the entry's stored bytes in the zip. */
  dataStart: number;
}

/**
 * The entries as the central directory lists them, each located through its local header (the
 * sizes come from the directory: a local header written before its data may say 0).
 */
async function readDirectory(size: number, readAt: ReadAt, maxEntries: number): Promise<ZipEntry[]> {
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
  const count = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw tooBig('zip64');
  if (count > maxEntries) throw tooBig('entries', { limit: maxEntries });
  if (directoryOffset + directorySize > size) throw unreadable('corrupt');
  const directory = await readAt(directoryOffset, directorySize);

  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== 0x02014b50) throw unreadable('corrupt');
    const method = directory.readUInt16LE(at + 10);
    const compressed = directory.readUInt32LE(at + 20);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const localOffset = directory.readUInt32LE(at + 42);
    const name = directory.toString('utf8', at + 46, Math.min(directory.length, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
    if (compressed === 0xffffffff || localOffset === 0xffffffff) throw tooBig('zip64');
    const local = await readAt(localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw unreadable('corrupt');
    const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (dataStart + compressed > size) throw unreadable('corrupt');
    entries.push({ name, method, compressed, dataStart });
  }
  return entries;
}

async function checkZip(size: number, readAt: ReadAt, partial: Partial<ZipLimits>): Promise<void> {
  const limits = { ...DEFAULT_ZIP_LIMITS, ...partial };
  let total = 0;
  for (const { method, compressed, dataStart } of await readDirectory(size, readAt, limits.maxEntries)) {
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

/**
 * The entries of a zip file by name, for reading them in any order (see openZipEntry). The file
 * should have passed checkZipFile: this bounds nothing but the number of entries.
 */
export async function zipFileEntries(path: string): Promise<Map<string, ZipEntry>> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const entries = await readDirectory(size, fileReader(handle, size), DEFAULT_ZIP_LIMITS.maxEntries);
    return new Map(entries.map((entry) => [entry.name, entry]));
  } finally {
    await handle.close();
  }
}

/** One entry's bytes, inflated as they are read (stored entries as they are). */
export function openZipEntry(path: string, entry: ZipEntry): Readable {
  if (entry.method !== 0 && entry.method !== 8) throw unreadable('zip_method');
  if (entry.compressed === 0) return Readable.from([]);
  const stored = createReadStream(path, { start: entry.dataStart, end: entry.dataStart + entry.compressed - 1 });
  if (entry.method === 0) return stored;
  const inflate = createInflateRaw();
  stored.on('error', (error) => inflate.destroy(error));
  inflate.on('close', () => stored.destroy());
  return stored.pipe(inflate);
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
