import { localized, type OperationsArea } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { shareOf } from './share.ts';
import './operations.css';

/** "42%" of a whole, or "—" when there is no whole. */
export function Share({ part, whole }: { part: number; whole: number }) {
  const { t } = useTranslation();
  const share = shareOf(part, whole);
  return <span className="op-share">{share === null ? t('operations.noShare') : `${share}%`}</span>;
}

/** "12 of 40" with its share and a bar; the bar is decoration, the text says it all. */
export function Progress({ part, whole, tone }: { part: number; whole: number; tone?: 'good' | 'bad' }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const share = shareOf(part, whole);
  return (
    <span className="op-progress" data-tone={tone}>
      <span className="op-progress-text">
        {t('operations.ofTotal', { part: formatNumber(part), whole: formatNumber(whole) })}{' '}
        <span className="muted">
          (<Share part={part} whole={whole} />)
        </span>
      </span>
      <span className="op-bar" aria-hidden="true">
        <span className="op-bar-fill" style={{ width: `${share ?? 0}%` }} />
      </span>
    </span>
  );
}

/** The way down to the area shown: every step a link back up, the first the whole scope. */
export function AreaPath({ path, base }: { path: readonly OperationsArea[]; base: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <nav className="op-path" aria-label={t('operations.pathLabel')}>
      <ol>
        <li>
          {path.length === 0 ? (
            <span aria-current="page">{t('operations.allAreas')}</span>
          ) : (
            <Link to={base}>{t('operations.allAreas')}</Link>
          )}
        </li>
        {path.map((area, i) => (
          <li key={area.id}>
            {i === path.length - 1 ? (
              <span aria-current="page">{localized(area.name, locale)}</span>
            ) : (
              <Link to={`${base}?area=${encodeURIComponent(area.id)}`}>{localized(area.name, locale)}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
