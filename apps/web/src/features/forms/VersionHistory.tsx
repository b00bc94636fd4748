import type { FormDetail } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';

export function VersionHistory({ detail, formatTime }: { detail: FormDetail; formatTime: (iso: string) => string }) {
  const { t } = useTranslation();
  return (
    <section className="panel fd-versions" aria-labelledby="fd-versions-title">
      <h2 id="fd-versions-title" className="fd-heading">
        {t('forms.designer.versions')}
      </h2>
      <div className="table-wrap">
        <table className="table table-cards">
          <thead>
            <tr>
              <th scope="col">{t('forms.columns.version')}</th>
              <th scope="col">{t('forms.columns.status')}</th>
              <th scope="col">{t('forms.columns.created')}</th>
              <th scope="col">{t('forms.columns.published')}</th>
            </tr>
          </thead>
          <tbody>
            {detail.versions.map((v) => (
              <tr key={v.version} data-version={v.version} data-status={v.status}>
                <th scope="row" className="cell-nowrap">
                  {t('forms.versionN', { version: v.version })}
                </th>
                <td data-label={t('forms.columns.status')}>
                  <span className={v.status === 'published' ? 'badge badge-ok' : 'badge'}>
                    {t(`forms.statuses.${v.status}`)}
                  </span>
                </td>
                <td data-label={t('forms.columns.created')}>{formatTime(v.createdAt)}</td>
                <td data-label={t('forms.columns.published')}>
                  {v.publishedAt ? formatTime(v.publishedAt) : t('common.none')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
