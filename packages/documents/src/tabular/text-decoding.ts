import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { DomainError } from '@pollwatch/core';
import iconv from 'iconv-lite';
import type { TableEncoding } from './table-types.ts';
import { completeUtf8Length, firstInvalidUtf8, LineCounter } from './utf8-validation.ts';

/** iconv-lite's names; `rk1048` is its name for KZ-1048 (STRK1048-2002). */
const iconvNames: Record<Exclude<TableEncoding, 'utf-8'>, string> = {
  'utf-16le': 'utf-16le',
  'windows-1251': 'win1251',
  'kz-1048': 'rk1048',
};

/** Bytes in; UTF-8 bytes (utf-8) or strings (the others) out — both are what csv-parse reads. */
export function createDecoder(encoding: TableEncoding): Transform {
  if (encoding === 'utf-8') return new Utf8ValidatingStream();
  return iconv.decodeStream(iconvNames[encoding], { stripBOM: true }) as unknown as Transform;
}

export function decodeBytes(bytes: Buffer, encoding: TableEncoding): string {
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  return iconv.decode(bytes, iconvNames[encoding], { stripBOM: true });
}

/**
 * Passes UTF-8 through unchanged (csv-parse reads UTF-8 bytes itself, so no string is built here).
 * At the first byte that is not UTF-8 it passes on the lines before that byte's line, then ends
 * the text and keeps `failure` (`encoding_mismatch` with the physical line) for the reader to
 * throw once the earlier rows are out — so what a caller sees does not depend on chunk sizes.
 */
export class Utf8ValidatingStream extends Transform {
  failure: DomainError | undefined;
  private carry: Buffer = Buffer.alloc(0);
  private readonly lines = new LineCounter();

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    if (this.failure) {
      callback(); // the rest of the file is not text we can use
      return;
    }
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    // A character split between chunks waits for the rest of it.
    const cut = completeUtf8Length(bytes);
    const whole = bytes.subarray(0, cut);
    this.carry = Buffer.from(bytes.subarray(cut));
    if (isUtf8(whole)) {
      this.lines.add(whole);
      callback(null, whole);
      return;
    }
    const bad = Math.max(0, firstInvalidUtf8(whole));
    // (a negative offset would make lastIndexOf search from the end)
    const lineStart = bad === 0 ? 0 : Math.max(whole.lastIndexOf(0x0a, bad - 1), whole.lastIndexOf(0x0d, bad - 1)) + 1;
    this.fail(whole, bad);
    callback(null, whole.subarray(0, lineStart));
  }

  override _flush(callback: TransformCallback): void {
    if (!this.failure && this.carry.length > 0) {
      const lineStart = Math.max(this.carry.lastIndexOf(0x0a), this.carry.lastIndexOf(0x0d)) + 1;
      this.fail(this.carry, 0);
      this.push(this.carry.subarray(0, lineStart));
    }
    callback();
  }

  private fail(bytes: Buffer, offset: number): void {
    this.lines.add(bytes.subarray(0, offset));
    this.failure = new DomainError('encoding_mismatch', 'The file is not valid UTF-8', {
      encoding: 'utf-8',
      line: this.lines.breaks + 1,
    });
  }
}
