import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  formatInviteCode,
  INVITE_ALPHABET,
  INVITE_LENGTH,
  isWellFormedInviteCode,
  makeInviteCode,
  normaliseInviteCode,
} from './invite-code.ts';

describe('invite codes', () => {
  it('uses no symbol that reads like another (0/O, 1/I/L)', () => {
    for (const c of '01OIL') expect(INVITE_ALPHABET).not.toContain(c);
  });

  it('makes grouped codes of the alphabet that survive being retyped', () => {
    const code = makeInviteCode((n) => randomBytes(n));
    expect(code).toMatch(/^[^-]{4}-[^-]{4}-[^-]{4}$/);
    const typed = ` ${code.toLowerCase().replaceAll('-', ' ')} `;
    const normal = normaliseInviteCode(typed);
    expect(normal).toBe(code.replaceAll('-', ''));
    expect(isWellFormedInviteCode(normal)).toBe(true);
    expect(formatInviteCode(normal)).toBe(code);
  });

  it('rejects codes of the wrong length or with foreign symbols', () => {
    expect(isWellFormedInviteCode('ABCD')).toBe(false);
    expect(isWellFormedInviteCode('ABCDEFGH234O')).toBe(false);
    expect(isWellFormedInviteCode('АВСDEFGH2345')).toBe(false); // Cyrillic А, В, С
  });

  it('draws every symbol about equally often (no modulo bias)', () => {
    const counts = new Map<string, number>();
    const runs = 3000;
    for (let i = 0; i < runs; i++) {
      for (const c of makeInviteCode((n) => randomBytes(n)).replaceAll('-', ''))
        counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    const expected = (runs * INVITE_LENGTH) / INVITE_ALPHABET.length;
    // χ² with 30 degrees of freedom: 59.7 is the 0.1% critical value.
    const chi2 = [...INVITE_ALPHABET].reduce((sum, c) => sum + ((counts.get(c) ?? 0) - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(59.7);
  });

  it('keeps drawing when the random source yields only rejected bytes at first', () => {
    let call = 0;
    const source = (n: number) => {
      call += 1;
      return new Uint8Array(n).fill(call === 1 ? 255 : 0);
    };
    expect(makeInviteCode(source)).toBe('2222-2222-2222');
  });
});
