import { type CopyComparisonRowDto, localized, type ReportSummary } from '@pollwatch/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useNumberFormat } from '../hooks/use-formatters.ts';
import { currentLocale } from '../i18n/i18n-setup.ts';

interface CopyComparisonProps {
  stationNumber: number;
  reports: readonly ReportSummary[];
  rows: readonly CopyComparisonRowDto[];
  receivedPhotos: ReadonlySet<string>;
}

/**
 * Conflicting copies line by line, one column per copy, in the form's order (the order of the
 * paper protocol): the lines that disagree are marked in words as well as in colour, and the
 * copies' photos open full size, so that the HQ can tell which copy matches the paper.
 */
export function CopyComparison({ stationNumber, reports, rows, receivedPhotos }: CopyComparisonProps) {
  const { t } = useTranslation();
  const captionId = useId();
  const differing = rows.filter((row) => row.differs).length;
  if (rows.length === 0) return <p className="muted">{t('liveReports.comparisonUnavailable')}</p>;
  return (
    <div className="lr-comparison">
      <p className="lr-comparison-summary" data-differing={differing}>
        {t('liveReports.linesDiffer', { n: differing, total: rows.length })}
      </p>
      <section
        className="table-wrap"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        aria-labelledby={captionId}
      >
        <table className="table lr-comparison-table">
          <caption id={captionId} className="visually-hidden">
            {t('liveReports.comparisonCaption', { number: stationNumber })}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('liveReports.comparisonLine')}</th>
              {reports.map((report) => (
                <th scope="col" key={report.id}>
                  {report.observerName}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.questionId} data-question={row.questionId} data-differs={row.differs || undefined}>
                <th scope="row">
                  {localized(row.label, currentLocale())}
                  {row.differs && <span className="lr-differs-mark">{t('liveReports.differs')}</span>}
                </th>
                {reports.map((report, i) => (
                  <td key={report.id} data-report-id={report.id}>
                    <AnswerValue row={row} value={row.values[i] ?? null} receivedPhotos={receivedPhotos} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

function AnswerValue({
  row,
  value,
  receivedPhotos,
}: {
  row: CopyComparisonRowDto;
  value: unknown;
  receivedPhotos: ReadonlySet<string>;
}) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const locale = currentLocale();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <span className="muted">{t('liveReports.noAnswer')}</span>;
  }
  if (row.type === 'photo') {
    const hashes = (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
    return (
      <ul className="lr-photos">
        {hashes.map((hash, i) => (
          <li key={hash}>
            {receivedPhotos.has(hash) ? (
              <a href={`/api/v1/photos/${hash}/content`} target="_blank" rel="noopener">
                <img
                  src={`/api/v1/photos/${hash}/content`}
                  alt={t('liveReports.photoAlt', { n: i + 1 })}
                  loading="lazy"
                  width={96}
                  height={96}
                />
              </a>
            ) : (
              <span className="muted">{t('liveReports.photoNotReceived', { n: i + 1 })}</span>
            )}
          </li>
        ))}
      </ul>
    );
  }
  if (row.type === 'group') {
    return <>{t('liveReports.entries', { n: Array.isArray(value) ? value.length : 1 })}</>;
  }
  if (typeof value === 'boolean') return <>{value ? t('liveReports.yes') : t('liveReports.no')}</>;
  if (typeof value === 'number') return <span className="cell-number">{formatNumber(value)}</span>;
  const choiceLabel = (v: unknown) => {
    const choice = row.choices?.find((c) => c.value === v);
    return choice ? localized(choice.label, locale) : String(v);
  };
  if (Array.isArray(value)) return <>{value.map(choiceLabel).join(', ')}</>;
  if (typeof value === 'object') {
    const { lat, lon } = value as { lat?: unknown; lon?: unknown };
    return <>{typeof lat === 'number' && typeof lon === 'number' ? `${lat}, ${lon}` : JSON.stringify(value)}</>;
  }
  return <>{row.choices ? choiceLabel(value) : String(value)}</>;
}
