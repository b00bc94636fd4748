import { isLocale, isRole, type Locale, locales, PASSWORD_MIN_LENGTH, type Role, type UserDto } from '@pollwatch/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/pollwatch-api.ts';
import { Alert } from '../components/Alert.tsx';
import { Dialog } from '../components/Dialog.tsx';
import { SelectField, TextField } from '../components/FormField.tsx';
import { EMAIL_PATTERN, type FieldErrors, fieldErrorsOf, problemMessage } from '../errors/problem-text.ts';
import { currentLocale } from '../i18n/i18n-setup.ts';

interface CreateUserDialogProps {
  roles: Role[];
  canInvite: boolean;
  onClose: () => void;
  onCreated: (user: UserDto) => void;
  onIssueInvite: (user: UserDto) => void;
}

export function CreateUserDialog({ roles, canInvite, onClose, onCreated, onIssueInvite }: CreateUserDialogProps) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(roles.includes('observer') ? 'observer' : (roles[0] ?? 'observer'));
  const [form, setForm] = useState({ displayName: '', email: '', password: '' });
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const [errors, setErrors] = useState<FieldErrors>({});
  const staff = role !== 'observer';

  const create = useMutation({
    mutationFn: api.createUser,
    onSuccess: (res) => onCreated(res.user),
    onError: (error) => setErrors(fieldErrorsOf(t, error)),
  });

  const update = (field: keyof typeof form) => (event: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [field]: event.target.value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FieldErrors = {};
    if (!form.displayName.trim()) next.displayName = t('validation.required');
    if (staff) {
      if (!form.email.trim()) next.email = t('validation.required');
      else if (!EMAIL_PATTERN.test(form.email.trim())) next.email = t('validation.email');
      if ([...form.password].length < PASSWORD_MIN_LENGTH) {
        next.password = t('password.tooShort', { count: PASSWORD_MIN_LENGTH });
      }
    }
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    create.mutate({
      role,
      displayName: form.displayName.trim(),
      locale,
      ...(staff && { email: form.email.trim(), password: form.password }),
    });
  }

  const created = create.data?.user;
  if (created) {
    return (
      <Dialog title={t('createUser.title')} onClose={onClose}>
        <Alert tone="success">
          <p>{t('createUser.created', { name: created.displayName })}</p>
        </Alert>
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.done')}
          </button>
          {created.role === 'observer' && canInvite && (
            <button type="button" className="button button-primary" onClick={() => onIssueInvite(created)}>
              {t('createUser.issueNow')}
            </button>
          )}
        </div>
      </Dialog>
    );
  }

  const formError = create.error && !Object.values(errors).some(Boolean) ? create.error : null;

  return (
    <Dialog title={t('createUser.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        {formError && (
          <Alert>
            <p>{problemMessage(t, formError)}</p>
          </Alert>
        )}
        <SelectField
          id="create-role"
          label={t('fields.role')}
          value={role}
          onChange={(event) => {
            if (isRole(event.target.value)) setRole(event.target.value);
          }}
          hint={staff ? t('createUser.staffNote') : t('createUser.observerNote')}
        >
          {roles.map((r) => (
            <option key={r} value={r}>
              {t(`roles.${r}`)}
            </option>
          ))}
        </SelectField>
        <TextField
          id="create-name"
          label={t('fields.displayName')}
          value={form.displayName}
          onChange={update('displayName')}
          autoComplete="off"
          error={errors.displayName}
        />
        {staff && (
          <>
            <TextField
              id="create-email"
              type="email"
              label={t('fields.email')}
              value={form.email}
              onChange={update('email')}
              autoComplete="off"
              spellCheck={false}
              error={errors.email}
            />
            <TextField
              id="create-password"
              type="password"
              label={t('fields.password')}
              value={form.password}
              onChange={update('password')}
              autoComplete="new-password"
              hint={t('password.hint', { count: PASSWORD_MIN_LENGTH })}
              error={errors.password}
            />
          </>
        )}
        <SelectField
          id="create-locale"
          label={t('fields.language')}
          value={locale}
          onChange={(event) => {
            if (isLocale(event.target.value)) setLocale(event.target.value);
          }}
        >
          {locales.map((l) => (
            <option key={l} value={l} lang={l}>
              {t(`language.names.${l}`)}
            </option>
          ))}
        </SelectField>
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t('createUser.submitting') : t('createUser.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
