import { can, formatKzPhone } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { recruitmentApi } from './recruitment-api.ts';
import { useApplicantMutation, useDuplicates } from './recruitment-queries.ts';
import './recruitment.css';

const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'medium' };

/** `/hq/applicants/duplicates`: applicants sharing a phone or an IIN, merged into the record kept. */
export function ApplicantDuplicatesPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('applicants.duplicates.title'));
  const groups = useDuplicates();
  const merge = useApplicantMutation((vars: { keep: string; drop: string }) =>
    recruitmentApi.merge(vars.keep, vars.drop),
  );
  const formatDate = useDateTimeFormat(DATE);
  if (!can(me.role, 'applicants.read')) return <NoAccess />;
  const canManage = can(me.role, 'applicants.manage');
  return (
    <>
      <p className="back-link">
        <Link to="/hq/applicants">← {t('applicants.title')}</Link>
      </p>
      <header className="page-header">
        <PageHeading>{t('applicants.duplicates.title')}</PageHeading>
        <p className="muted">{t('applicants.duplicates.intro')}</p>
      </header>
      <ProblemAlert error={merge.error} />
      {groups.isPending ? (
        <Loading />
      ) : groups.isError ? (
        <LoadError error={groups.error} onRetry={() => void groups.refetch()} />
      ) : groups.data.groups.length === 0 ? (
        <p className="table-empty">{t('applicants.duplicates.none')}</p>
      ) : (
        groups.data.groups.map((group) => {
          const [first] = group.applicants;
          return (
            <section key={group.applicants.map((a) => a.id).join()} className="card panel duplicate-group">
              <h2>{t(`applicants.duplicates.reasons.${group.reason}`)}</h2>
              <div className="table-wrap">
                <table className="table table-cards">
                  <thead>
                    <tr>
                      <th scope="col">{t('applicants.fields.fullName')}</th>
                      <th scope="col">{t('applicants.fields.phone')}</th>
                      <th scope="col">{t('applicants.fields.status')}</th>
                      <th scope="col">{t('applicants.fields.createdAt')}</th>
                      <th scope="col">
                        <span className="visually-hidden">{t('stations.columns.actions')}</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {group.applicants.map((a) => (
                      <tr key={a.id}>
                        <th scope="row" className="cell-primary">
                          <Link to={`/hq/applicants/${a.id}`}>{a.fullName}</Link>
                        </th>
                        <td data-label={t('applicants.fields.phone')}>{formatKzPhone(a.phone)}</td>
                        <td data-label={t('applicants.fields.status')}>
                          <span className="badge-status" data-status={a.status}>
                            {t(`recruitment.statuses.${a.status}`)}
                          </span>
                        </td>
                        <td data-label={t('applicants.fields.createdAt')}>{formatDate(a.createdAt)}</td>
                        <td className="cell-actions">
                          {canManage && first && a.id !== first.id && (
                            <button
                              type="button"
                              className="button button-small button-secondary"
                              disabled={merge.isPending}
                              onClick={() => merge.mutate({ keep: first.id, drop: a.id })}
                            >
                              {t('applicants.duplicates.merge', { name: first.fullName })}
                            </button>
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          );
        })
      )}
    </>
  );
}
