import { type CopyComparisonRowDto, localized } from '@pollwatch/core';
import { type ReactNode, useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { reportsUrls } from './reports-api.ts';

interface AnswerLinesProps {
  /** Names the table for screen readers. */
  caption: string;
  /** One column per answer set (a copy, a revision), in the order of each line's `values`. */
  columns: readonly { id: string; heading: ReactNode }[];
  rows: readonly CopyComparisonRowDto[];
  /** The photos whose upload has finished: the others are named, not shown. */
  receivedPhotos: readonly string[];
  /** Said on a line whose answers differ ("differs", "changed"). */
  differsMark: string;
  /** Above the table: how many lines differ, and what to do about it. */
  summary?: ((differing: number, total: number) => string) | undefined;
}

/**
 * The lines' questions by label, in the UI's language: for flags, which name a question by its id.
 * An id the lines do not know gives undefined.
 */
export function useLineLabels(rows: readonly CopyComparisonRowDto[]): (questionId: string) => string | undefined {
  return useMemo(() => {
    const labels = new Map(rows.map((row) => [row.questionId, row.label]));
    return (questionId: string) => {
      const label = labels.get(questionId);
      return label ? localized(label, currentLocale()) : undefined;
    };
  }, [rows]);
}

/**
 * Answer sets of one form line by line, in the form's order (the order of the paper protocol):
 * two observers' copies, or the revisions of one report. Lines that differ are marked in words as
 * well as in colour; photos open full size.
 */
export function AnswerLines({ caption, columns, rows, receivedPhotos, differsMark, summary }: AnswerLinesProps) {
  const { t } = useTranslation();
  const captionId = useId();
  const received = useMemo(() => new Set(receivedPhotos), [receivedPhotos]);
  if (rows.length === 0) return <p className="muted">{t('liveReports.comparisonUnavailable')}</p>;
  const differing = rows.filter((row) => row.differs).length;
  return (
    <div className="lr-comparison">
      {summary && (
        <p className="lr-comparison-summary" data-differing={differing}>
          {summary(differing, rows.length)}
        </p>
      )}
      <section
        className="table-wrap"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        tabIndex={0}
        aria-labelledby={captionId}
      >
        <table className="table lr-comparison-table">
          <caption id={captionId} className="visually-hidden">
            {caption}
          </caption>
          <thead>
            <tr>
              <th scope="col">{t('liveReports.comparisonLine')}</th>
              {columns.map((column) => (
                <th scope="col" key={column.id}>
                  {column.heading}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.questionId} data-question={row.questionId} data-differs={row.differs || undefined}>
                <th scope="row">
                  {localized(row.label, currentLocale())}
                  {row.differs && <span className="lr-differs-mark">{differsMark}</span>}
                </th>
                {columns.map((column, i) => (
                  <td key={column.id} data-column={column.id}>
                    <AnswerValue row={row} value={row.values[i] ?? null} receivedPhotos={received} />
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
              <a href={reportsUrls.photo(hash)} target="_blank" rel="noopener">
                <img
                  src={reportsUrls.photo(hash)}
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
