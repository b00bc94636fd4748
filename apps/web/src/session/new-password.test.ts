import { describe, expect, it } from 'vitest';
import { newPasswordProblems } from './new-password.ts';

describe('newPasswordProblems', () => {
  const identity = { email: 'zhanna@example.org', displayName: 'Жанна Ахметова' };
  const good = 'тихий рассвет над степью';

  it('accepts a long password typed twice, or once when no repeat is asked', () => {
    expect(newPasswordProblems({ password: good, repeat: good }, identity)).toEqual({});
    expect(newPasswordProblems({ password: good }, identity)).toEqual({});
  });

  it('applies the server policy, counting characters, not UTF-16 units', () => {
    const check = (password: string) => newPasswordProblems({ password }, identity).password;
    expect(check('')).toBe('too_short');
    expect(check('короткий')).toBe('too_short');
    expect(check('🗳'.repeat(11))).toBe('too_short');
    expect(check('🗳'.repeat(12))).toBeUndefined();
    expect(check('x'.repeat(257))).toBe('too_long');
    expect(check(' ZHANNA@example.org ')).toBe('same_as_identity');
    expect(check('zhanna'.padEnd(12, 'a'))).toBeUndefined();
  });

  it('knows the identity typed so far in a form', () => {
    expect(newPasswordProblems({ password: 'admin@example.org' }, { email: 'admin@example.org' })).toEqual({
      password: 'same_as_identity',
    });
    expect(newPasswordProblems({ password: 'admin@example.org' }, {})).toEqual({});
  });

  it('asks for the repeat once a password is typed, and for the same one', () => {
    expect(newPasswordProblems({ password: good, repeat: '' }, identity)).toEqual({ repeat: 'required' });
    expect(newPasswordProblems({ password: good, repeat: `${good} ` }, identity)).toEqual({ repeat: 'mismatch' });
    expect(newPasswordProblems({ password: '', repeat: '' }, identity)).toEqual({ password: 'too_short' });
    expect(newPasswordProblems({ password: '', repeat: good }, identity)).toEqual({
      password: 'too_short',
      repeat: 'mismatch',
    });
  });

  it('refuses the current password as the new one, only when one is given', () => {
    expect(newPasswordProblems({ password: good, repeat: good }, identity, good)).toEqual({
      password: 'same_as_current',
    });
    expect(newPasswordProblems({ password: good, repeat: good }, identity, '')).toEqual({});
    expect(newPasswordProblems({ password: 'короткий', repeat: 'короткий' }, identity, 'короткий')).toEqual({
      password: 'too_short',
    });
  });
});
