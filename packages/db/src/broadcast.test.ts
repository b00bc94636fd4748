import { describe, expect, it } from 'vitest';
import { MAX_BROADCAST_BYTES, packPayloads } from './broadcast.ts';

describe('packing broadcast payloads into notifications', () => {
  it('puts as many one-line payloads as fit in each notification, in order', () => {
    const payloads = Array.from({ length: 100 }, (_, i) => JSON.stringify({ n: i, text: 'ё'.repeat(40) }));
    const packed = packPayloads(payloads);
    expect(packed.length).toBeGreaterThan(1);
    for (const message of packed) expect(Buffer.byteLength(message)).toBeLessThanOrEqual(MAX_BROADCAST_BYTES);
    expect(packed.flatMap((m) => m.split('\n'))).toEqual(payloads);
  });

  it('fills a notification up to the byte, counting Cyrillic as two bytes', () => {
    const payload = 'ж'.repeat(10); // 20 bytes
    expect(packPayloads([payload, payload, payload], 41)).toEqual([`${payload}\n${payload}`, payload]);
    expect(packPayloads([payload, payload], 40)).toEqual([payload, payload]);
    expect(packPayloads([])).toEqual([]);
  });
});
