import { can, type Locale, type UpdateMeBody, type UserDto } from '@pollwatch/core';
import { type NewPasswordProblems, newPasswordProblems } from '../../session/new-password.ts';

/**
 * Row actions on the Users page: admins manage every account but their own; coordinators and
 * regional coordinators manage observers only. The server applies the same rule.
 */
export function canManageAccount(me: Pick<UserDto, 'id' | 'role'>, target: Pick<UserDto, 'id' | 'role'>): boolean {
  return target.id !== me.id && can(me.role, target.role === 'observer' ? 'observers.manage' : 'staff.manage');
}

/** A disabled account has no sessions left (disabling ends them), so there is nothing to sign out. */
export function canSignOutEverywhere(
  me: Pick<UserDto, 'id' | 'role'>,
  target: Pick<UserDto, 'id' | 'role' | 'status'>,
): boolean {
  return target.status === 'active' && canManageAccount(me, target);
}

/** Same limit as the API's DisplayNameSchema. */
export const DISPLAY_NAME_MAX_LENGTH = 200;

export interface ProfileDraft {
  displayName?: string | undefined;
  locale?: Locale | undefined;
}

export type ProfileProblems = { displayName?: 'required' | 'too_long' };

export function profileProblems(draft: ProfileDraft): ProfileProblems {
  if (draft.displayName === undefined) return {};
  const name = draft.displayName.trim();
  if (!name) return { displayName: 'required' };
  if ([...name].length > DISPLAY_NAME_MAX_LENGTH) return { displayName: 'too_long' };
  return {};
}

/** The `PATCH /me` body with only what differs from the profile, or null when nothing does. */
export function profileChanges(
  user: Pick<UserDto, 'displayName' | 'locale'>,
  draft: ProfileDraft,
): UpdateMeBody | null {
  const body: UpdateMeBody = {};
  const name = draft.displayName?.trim();
  if (name !== undefined && name !== user.displayName) body.displayName = name;
  if (draft.locale !== undefined && draft.locale !== user.locale) body.locale = draft.locale;
  return Object.keys(body).length > 0 ? body : null;
}

export interface PasswordChangeForm {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export interface PasswordChangeProblems {
  currentPassword?: 'required';
  newPassword?: NewPasswordProblems['password'];
  repeat?: NewPasswordProblems['repeat'];
}

/** What the browser can tell before asking the server; the server checks the current password. */
export function passwordChangeProblems(
  form: PasswordChangeForm,
  identity: Pick<UserDto, 'email' | 'displayName'>,
): PasswordChangeProblems {
  const problems: PasswordChangeProblems = {};
  if (!form.currentPassword) problems.currentPassword = 'required';
  const fresh = newPasswordProblems(
    { password: form.newPassword, repeat: form.repeat },
    identity,
    form.currentPassword,
  );
  if (fresh.password) problems.newPassword = fresh.password;
  if (fresh.repeat) problems.repeat = fresh.repeat;
  return problems;
}

export function hasProblems(problems: object): boolean {
  return Object.values(problems).some(Boolean);
}
