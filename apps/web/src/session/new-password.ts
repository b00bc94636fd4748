import { passwordProblem, type UserDto } from '@pollwatch/core';

/** A new password as the forms take it: typed once, or twice when the form asks for a repeat. */
export interface NewPassword {
  password: string;
  /** Absent when the form asks only once (an admin creating someone else's account). */
  repeat?: string | undefined;
}

export interface NewPasswordProblems {
  password?: 'too_short' | 'too_long' | 'same_as_identity' | 'same_as_current';
  repeat?: 'required' | 'mismatch';
}

/**
 * What the browser can tell before asking the server: the server's password policy (length in
 * characters, not the account's email or name), the repeat, and — when changing a password — that
 * the new one differs from the current one.
 */
export function newPasswordProblems(
  value: NewPassword,
  identity: Partial<Pick<UserDto, 'email' | 'displayName'>>,
  currentPassword?: string,
): NewPasswordProblems {
  const problems: NewPasswordProblems = {};
  const weak = passwordProblem(value.password, identity);
  if (weak) problems.password = weak;
  else if (currentPassword && value.password === currentPassword) problems.password = 'same_as_current';
  if (value.repeat !== undefined) {
    if (!value.repeat) {
      if (value.password) problems.repeat = 'required';
    } else if (value.repeat !== value.password) problems.repeat = 'mismatch';
  }
  return problems;
}
