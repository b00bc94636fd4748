import { PASSWORD_MIN_LENGTH } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import type { NewPassword } from '../session/new-password.ts';
import { TextField } from './FormField.tsx';

interface NewPasswordFieldsProps {
  /** Ids of the inputs; without `repeat` the password is asked for once. */
  ids: { password: string; repeat?: string | undefined };
  /** Defaults: "Password" and "Repeat the password". */
  labels?: { password: string; repeat: string } | undefined;
  value: NewPassword;
  errors: { password?: string | undefined; repeat?: string | undefined };
  onChange: (field: 'password' | 'repeat', value: string) => void;
}

/**
 * A new password with the policy hint, and its repeat: setup, a staff account created by an admin,
 * and the password change. Check it with `newPasswordProblems` and show `newPasswordMessages`.
 */
export function NewPasswordFields({ ids, labels, value, errors, onChange }: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        id={ids.password}
        type="password"
        label={labels?.password ?? t('fields.password')}
        value={value.password}
        onChange={(event) => onChange('password', event.target.value)}
        autoComplete="new-password"
        hint={t('password.hint', { count: PASSWORD_MIN_LENGTH })}
        error={errors.password}
      />
      {ids.repeat && (
        <TextField
          id={ids.repeat}
          type="password"
          label={labels?.repeat ?? t('fields.confirmPassword')}
          value={value.repeat ?? ''}
          onChange={(event) => onChange('repeat', event.target.value)}
          autoComplete="new-password"
          error={errors.repeat}
        />
      )}
    </>
  );
}
