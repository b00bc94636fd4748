import { can, type Organisation } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { type FieldErrors, fieldErrorsOf } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { recruitmentKeys } from './recruitment.keys.ts';
import { recruitmentApi } from './recruitment-api.ts';
import { useOrganisation } from './recruitment-queries.ts';
import { TextArea } from './TextArea.tsx';
import './recruitment.css';

const fields = [
  'nameRu',
  'nameKk',
  'registration',
  'address',
  'contacts',
  'signatoryName',
  'signatoryTitleRu',
  'signatoryTitleKk',
] as const;
type Field = (typeof fields)[number];
const required: readonly Field[] = [
  'nameRu',
  'nameKk',
  'registration',
  'signatoryName',
  'signatoryTitleRu',
  'signatoryTitleKk',
];

function toValues(o: Organisation | null): Record<Field, string> {
  return {
    nameRu: o?.name.ru ?? '',
    nameKk: o?.name.kk ?? '',
    registration: o?.registration ?? '',
    address: o?.address ?? '',
    contacts: o?.contacts ?? '',
    signatoryName: o?.signatoryName ?? '',
    signatoryTitleRu: o?.signatoryTitle.ru ?? '',
    signatoryTitleKk: o?.signatoryTitle.kk ?? '',
  };
}

/** `/hq/settings/organisation`: the letterhead printed on referral letters (admins). */
export function OrganisationSettingsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'settings.manage')) return <NoAccess />;
  return <OrganisationScreen />;
}

function OrganisationScreen() {
  const { t } = useTranslation();
  useDocumentTitle(t('organisation.title'));
  const queryClient = useQueryClient();
  const current = useOrganisation();
  const [values, setValues] = useState<Record<Field, string>>(toValues(null));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation({
    mutationFn: recruitmentApi.saveOrganisation,
    onSuccess: (res) => queryClient.setQueryData(recruitmentKeys.organisation, res),
    onError: (error) => setErrors(fieldErrorsOf(t, error)),
  });
  useEffect(() => {
    if (current.data) setValues(toValues(current.data.organisation));
  }, [current.data]);

  function submit(event: FormEvent) {
    event.preventDefault();
    save.reset();
    const next: FieldErrors = {};
    for (const f of required) if (!values[f].trim()) next[f] = t('validation.required');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    save.mutate({
      name: { ru: values.nameRu.trim(), kk: values.nameKk.trim() },
      registration: values.registration.trim(),
      ...(values.address.trim() && { address: values.address.trim() }),
      ...(values.contacts.trim() && { contacts: values.contacts.trim() }),
      signatoryName: values.signatoryName.trim(),
      signatoryTitle: { ru: values.signatoryTitleRu.trim(), kk: values.signatoryTitleKk.trim() },
    });
  }

  const edit = (f: Field) => (value: string) => {
    setValues((v) => ({ ...v, [f]: value }));
    setErrors((e) => ({ ...e, [f]: undefined }));
  };

  return (
    <>
      <p className="back-link">
        <Link to="/hq/applicants">← {t('applicants.title')}</Link>
      </p>
      <header className="page-header">
        <PageHeading>{t('organisation.title')}</PageHeading>
        <p className="muted">{t('organisation.intro')}</p>
      </header>
      {current.isPending ? (
        <Loading />
      ) : current.isError ? (
        <LoadError error={current.error} onRetry={() => void current.refetch()} />
      ) : (
        <section className="card panel">
          <form className="form form-wide" onSubmit={submit} noValidate>
            {save.isSuccess && (
              <Alert tone="success">
                <p>{t('organisation.saved')}</p>
              </Alert>
            )}
            <ProblemAlert error={save.error} fieldErrors={errors} />
            {fields.map((f) =>
              f === 'registration' || f === 'address' || f === 'contacts' ? (
                <TextArea
                  key={f}
                  id={`organisation-${f}`}
                  label={t(`organisation.fields.${f}`)}
                  hint={f === 'registration' ? t('organisation.registrationHint') : undefined}
                  value={values[f]}
                  rows={2}
                  error={errors[f]}
                  onChange={edit(f)}
                />
              ) : (
                <TextField
                  key={f}
                  id={`organisation-${f}`}
                  label={t(`organisation.fields.${f}`)}
                  value={values[f]}
                  required={required.includes(f)}
                  lang={f.endsWith('Kk') ? 'kk' : f.endsWith('Ru') ? 'ru' : undefined}
                  onChange={(event) => edit(f)(event.target.value)}
                  error={errors[f]}
                  autoComplete="off"
                />
              ),
            )}
            <div className="form-actions">
              <button type="submit" className="button button-primary" disabled={save.isPending}>
                {t('organisation.save')}
              </button>
            </div>
          </form>
        </section>
      )}
    </>
  );
}
