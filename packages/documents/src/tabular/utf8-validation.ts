// Byte-level UTF-8 helpers: validating in chunks (with the line of the first bad byte) without
// building strings, and cutting a sample so that no character is split at its end.

/** Length of the longest prefix of `bytes` that does not end inside a multi-byte character. */
export function completeUtf8Length(bytes: Uint8Array): number {
  const length = bytes.length;
  // A character is at most 4 bytes: look back at most 3 bytes for its lead byte.
  for (let back = 1; back <= Math.min(3, length); back++) {
    const byte = bytes[length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // continuation byte: keep looking for the lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? length - back : length;
  }
  return length;
}

/** Offset of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const length = bytes.length;
  while (i < length) {
    const b0 = bytes[i] ?? 0;
    if (b0 < 0x80) {
      i++;
      continue;
    }
    let needed: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      needed = 1;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      needed = 2;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      needed = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + needed >= length) return i; // truncated sequence
    let code = b0 & (0x3f >> needed);
    for (let k = 1; k <= needed; k++) {
      const b = bytes[i + k] ?? 0;
      if ((b & 0xc0) !== 0x80) return i;
      code = (code << 6) | (b & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += needed + 1;
  }
  return -1;
}

/** Counts line breaks (LF, CRLF and a lone CR each count once) across consecutive chunks. */
export class LineCounter {
  /** Completed line breaks so far. */
  breaks = 0;
  private pendingCr = false;

  add(bytes: Buffer): void {
    if (bytes.length === 0) return;
    let n = 0;
    // indexOf is a native memchr: much faster than a byte loop on big files
    for (let i = bytes.indexOf(0x0a); i !== -1; i = bytes.indexOf(0x0a, i + 1)) n++;
    for (let i = bytes.indexOf(0x0d); i !== -1; i = bytes.indexOf(0x0d, i + 1)) {
      if (bytes[i + 1] !== 0x0a) n++; // a CR not followed by LF in this chunk (maybe in the next)
    }
    if (this.pendingCr && bytes[0] === 0x0a) n--; // CRLF split across chunks: counted twice
    this.pendingCr = bytes[bytes.length - 1] === 0x0d;
    this.breaks += n;
  }
}
