import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DomainError } from '@pollwatch/core';
import type { TableEncoding } from './table-types.ts';
import { Utf8ValidatingStream } from './text-decoding.ts';
import { completeUtf8Length } from './utf8-validation.ts';

/** How much of the start of a file is read to guess the encoding and the separator. */
export const SAMPLE_BYTES = 64 * 1024;

export interface EncodingChoice {
  encoding: TableEncoding;
  /** Bytes of byte-order mark to skip. */
  bomLength: number;
}

type Bom = { encoding: TableEncoding | 'utf-16be'; length: number };

function bomOf(head: Buffer): Bom | undefined {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** A text file has no NUL bytes and almost no other control characters. */
export function looksBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let controls = 0;
  for (const byte of head) {
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) controls++;
  }
  return controls > head.length / 100;
}

/**
 * `head` is the first SAMPLE_BYTES of the file (or all of it when shorter than that).
 * Rules: a BOM decides; else valid strict UTF-8 → utf-8; else windows-1251. A requested encoding
 * is used as is, unless a BOM contradicts it.
 */
export async function chooseEncoding(
  path: string,
  head: Buffer,
  sizeBytes: number,
  requested: TableEncoding | 'auto',
): Promise<EncodingChoice> {
  const bom = bomOf(head);
  if (bom?.encoding === 'utf-16be') {
    throw new DomainError('file_unreadable', 'UTF-16 big-endian text is not supported', { reason: 'utf-16be' });
  }
  if (bom?.encoding !== 'utf-16le' && looksBinary(head)) {
    throw new DomainError('file_unreadable', 'The file is not a text table', { reason: 'binary' });
  }
  if (requested !== 'auto') {
    if (bom && bom.encoding !== requested) {
      throw new DomainError('encoding_mismatch', `The file starts with a ${bom.encoding} byte-order mark`, {
        encoding: requested,
        detected: bom.encoding,
        line: 1,
      });
    }
    return { encoding: requested, bomLength: bom?.length ?? 0 };
  }
  if (bom) return { encoding: bom.encoding as TableEncoding, bomLength: bom.length };

  const truncated = head.length < sizeBytes;
  const sample = truncated ? head.subarray(0, completeUtf8Length(head)) : head;
  if (!isUtf8(sample)) return { encoding: 'windows-1251', bomLength: 0 };
  // A plain-ASCII start (header and numbers) proves nothing about Cyrillic further down.
  if (truncated && isAscii(sample) && !(await wholeFileIsUtf8(path))) return { encoding: 'windows-1251', bomLength: 0 };
  return { encoding: 'utf-8', bomLength: 0 };
}

async function wholeFileIsUtf8(path: string): Promise<boolean> {
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  const validator = new Utf8ValidatingStream();
  // Small chunks: the check runs on the request thread, and each chunk is validated in one go.
  await pipeline(createReadStream(path, { highWaterMark: 128 * 1024 }), validator, sink);
  return validator.failure === undefined;
}
