import { useTranslation } from 'react-i18next';
import { withQuery } from '../../api/api-client.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';

const formats = ['pdf', 'xlsx', 'csv'] as const;
const id = (value: string) => encodeURIComponent(value);

/** The report documents of an area (readiness, incidents) as links: the browser downloads each. */
export function AreaDocuments({ electionId, areaId }: { electionId: string; areaId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const link = (kind: 'readiness' | 'incidents', format: (typeof formats)[number]) =>
    withQuery(`/api/v1/elections/${id(electionId)}/exports/${kind}`, {
      format,
      locale,
      ...(areaId && { areaId }),
    });
  return (
    <section className="export-list" aria-labelledby="export-documents-title">
      <h2 id="export-documents-title">{t('exports.documents.title')}</h2>
      <p className="muted">{t('exports.documents.intro')}</p>
      <ul className="export-documents">
        {(['readiness', 'incidents'] as const).map((kind) => (
          <li key={kind}>
            <span>{t(`exports.documents.${kind}`)}</span>
            {formats.map((format) => (
              <a
                key={format}
                className="button button-small button-secondary"
                href={link(kind, format)}
                download
                aria-label={t('exports.documents.download', {
                  what: t(`exports.documents.${kind}`),
                  format: format.toUpperCase(),
                })}
              >
                {format.toUpperCase()}
              </a>
            ))}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A station's dossier (PDF) from the stations list. */
export function DossierLink({ stationId, number }: { stationId: string; number: number }) {
  const { t } = useTranslation();
  return (
    <a
      className="button button-small button-quiet"
      href={withQuery(`/api/v1/stations/${id(stationId)}/dossier`, { format: 'pdf', locale: currentLocale() })}
      download
      aria-label={t('exports.documents.dossierNamed', { number })}
    >
      {t('exports.documents.dossier')}
    </a>
  );
}
