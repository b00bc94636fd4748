import type { Role, UserDto } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import {
  canManageAccount,
  canSignOutEverywhere,
  passwordChangeProblems,
  profileChanges,
  profileProblems,
} from './account-rules.ts';

const person = (id: string, role: Role, status: UserDto['status'] = 'active') => ({ id, role, status });

describe('canManageAccount / canSignOutEverywhere', () => {
  const admin = person('a', 'admin');
  const coordinator = person('c', 'coordinator');
  const regional = person('r', 'regional_coordinator');
  const analyst = person('n', 'analyst');
  const observer = person('o', 'observer');
  const otherAdmin = person('a2', 'admin');

  it('lets admins manage every account except their own', () => {
    for (const target of [coordinator, regional, analyst, observer, otherAdmin]) {
      expect(canManageAccount(admin, target)).toBe(true);
      expect(canSignOutEverywhere(admin, target)).toBe(true);
    }
    expect(canManageAccount(admin, admin)).toBe(false);
    expect(canSignOutEverywhere(admin, admin)).toBe(false);
  });

  it('lets coordinators and regional coordinators manage observers only', () => {
    for (const me of [coordinator, regional]) {
      expect(canSignOutEverywhere(me, observer)).toBe(true);
      for (const staff of [admin, coordinator, regional, analyst]) expect(canSignOutEverywhere(me, staff)).toBe(false);
    }
  });

  it('lets nobody else manage anyone', () => {
    expect(canManageAccount(analyst, observer)).toBe(false);
    expect(canManageAccount(person('t', 'trainer'), observer)).toBe(false);
  });

  it('offers no sign-out for a disabled account, which has no sessions left', () => {
    const disabled = person('d', 'observer', 'disabled');
    expect(canManageAccount(admin, disabled)).toBe(true);
    expect(canSignOutEverywhere(admin, disabled)).toBe(false);
  });
});

describe('profile form', () => {
  const user = { displayName: 'Айгерим Сапарова', locale: 'kk' as const };

  it('sends only what changed, trimmed, or nothing at all', () => {
    expect(profileChanges(user, {})).toBeNull();
    expect(profileChanges(user, { displayName: '  Айгерим Сапарова ', locale: 'kk' })).toBeNull();
    expect(profileChanges(user, { displayName: ' Айгерим Ж. Сапарова ' })).toEqual({
      displayName: 'Айгерим Ж. Сапарова',
    });
    expect(profileChanges(user, { locale: 'ru' })).toEqual({ locale: 'ru' });
  });

  it('needs a name of at most 200 characters', () => {
    expect(profileProblems({})).toEqual({});
    expect(profileProblems({ displayName: '   ' })).toEqual({ displayName: 'required' });
    expect(profileProblems({ displayName: 'ә'.repeat(200) })).toEqual({});
    expect(profileProblems({ displayName: 'ә'.repeat(201) })).toEqual({ displayName: 'too_long' });
  });
});

describe('passwordChangeProblems', () => {
  const identity = { email: 'dina@example.org', displayName: 'Дина Касымова' };
  const ok = { currentPassword: 'старый пароль', newPassword: 'новый длинный пароль', repeat: 'новый длинный пароль' };

  it('accepts a long new password typed twice', () => {
    expect(passwordChangeProblems(ok, identity)).toEqual({});
  });

  it('needs the current password and the repeat', () => {
    expect(passwordChangeProblems({ ...ok, currentPassword: '' }, identity)).toEqual({ currentPassword: 'required' });
    expect(passwordChangeProblems({ ...ok, repeat: '' }, identity)).toEqual({ repeat: 'required' });
    expect(passwordChangeProblems({ ...ok, repeat: `${ok.newPassword} ` }, identity)).toEqual({ repeat: 'mismatch' });
  });

  it('applies the server policy to the new password, counting characters, not UTF-16 units', () => {
    const check = (newPassword: string) =>
      passwordChangeProblems({ ...ok, newPassword, repeat: newPassword }, identity);
    expect(check('короткий')).toEqual({ newPassword: 'too_short' });
    expect(check('🗳'.repeat(11))).toEqual({ newPassword: 'too_short' });
    expect(check('🗳'.repeat(12))).toEqual({});
    expect(check('x'.repeat(257))).toEqual({ newPassword: 'too_long' });
    expect(check('DINA@example.org')).toEqual({ newPassword: 'same_as_identity' });
    expect(check(ok.currentPassword.padEnd(14, '!'))).toEqual({});
  });

  it('refuses a new password equal to the current one', () => {
    const same = 'один и тот же пароль';
    expect(passwordChangeProblems({ currentPassword: same, newPassword: same, repeat: same }, identity)).toEqual({
      newPassword: 'same_as_current',
    });
  });

  it('reports only the new password when nothing was typed there yet', () => {
    expect(passwordChangeProblems({ currentPassword: 'x', newPassword: '', repeat: '' }, identity)).toEqual({
      newPassword: 'too_short',
    });
  });
});
