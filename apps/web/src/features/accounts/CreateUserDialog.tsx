import { isRole, type Locale, type Role, type UserDto } from '@pollwatch/core';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { LocaleField } from '../../components/LocaleField.tsx';
import { NewPasswordFields } from '../../components/NewPasswordFields.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { EMAIL_PATTERN, type FieldErrors, fieldErrorsOf, newPasswordMessages } from '../../errors/problem-text.ts';
import { useFormFields } from '../../hooks/use-form-fields.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { newPasswordProblems } from '../../session/new-password.ts';
import { areaOptions } from '../territory/area-tree.ts';
import { useAreas } from '../territory/territory-queries.ts';
import { useCreateUser } from './accounts-queries.ts';

interface CreateUserDialogProps {
  roles: Role[];
  canInvite: boolean;
  onClose: () => void;
  onIssueInvite: (user: UserDto) => void;
}

export function CreateUserDialog({ roles, canInvite, onClose, onIssueInvite }: CreateUserDialogProps) {
  const { t } = useTranslation();
  const [role, setRole] = useState<Role>(roles.includes('observer') ? 'observer' : (roles[0] ?? 'observer'));
  const { values: form, errors, setErrors, edit, bind } = useFormFields({ displayName: '', email: '', password: '' });
  const [locale, setLocale] = useState<Locale>(currentLocale());
  const staff = role !== 'observer';
  // A regional coordinator works in one area: they see only its applicants and observers. An observer
  // belongs to an area too (optional: national staff may leave it out; for a regional coordinator the
  // server puts the observer in their own area and refuses any other with `outside_area`).
  const regional = role === 'regional_coordinator';
  const observer = role === 'observer';
  const withArea = regional || observer;
  const [areaId, setAreaId] = useState('');
  const areas = useAreas(null, withArea);
  const areaChoices = useMemo(() => areaOptions(areas.data?.items ?? [], locale), [areas.data, locale]);

  const create = useCreateUser();

  function submit(event: FormEvent) {
    event.preventDefault();
    // Staff get a password, typed once: the admin hands it over in person.
    const identity = { email: form.email, displayName: form.displayName };
    const next: FieldErrors = staff
      ? newPasswordMessages(t, newPasswordProblems({ password: form.password }, identity))
      : {};
    if (!form.displayName.trim()) next.displayName = t('validation.required');
    if (staff) {
      if (!form.email.trim()) next.email = t('validation.required');
      else if (!EMAIL_PATTERN.test(form.email.trim())) next.email = t('validation.email');
    }
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    create.mutate(
      {
        role,
        displayName: form.displayName.trim(),
        locale,
        ...(staff && { email: form.email.trim(), password: form.password }),
        ...(withArea && areaId && { areaId }),
      },
      { onError: (error) => setErrors(fieldErrorsOf(t, error)) },
    );
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

  return (
    <Dialog title={t('createUser.title')} onClose={onClose}>
      <form className="form" onSubmit={submit} noValidate>
        <ProblemAlert error={create.error} fieldErrors={errors} />
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
          onChange={bind('displayName')}
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
              onChange={bind('email')}
              autoComplete="off"
              spellCheck={false}
              error={errors.email}
            />
            <NewPasswordFields
              ids={{ password: 'create-password' }}
              value={{ password: form.password }}
              errors={errors}
              onChange={(_field, value) => edit('password', value)}
            />
          </>
        )}
        {withArea && (
          <SelectField
            id="create-area"
            label={observer ? t('createUser.observerArea') : t('createUser.area')}
            value={areaId}
            onChange={(event) => setAreaId(event.target.value)}
            hint={observer ? t('createUser.observerAreaHint') : t('createUser.areaHint')}
            error={errors.areaId}
          >
            <option value="">{observer ? t('createUser.observerNoArea') : t('createUser.noArea')}</option>
            {areaChoices.map((option) => (
              <option key={option.id} value={option.id}>
                {option.label}
              </option>
            ))}
          </SelectField>
        )}
        <LocaleField id="create-locale" value={locale} onChange={setLocale} />
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
