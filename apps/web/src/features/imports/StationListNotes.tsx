import type { ImportReport } from '@pollwatch/core';
import { localized } from '@pollwatch/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { ImportChoice } from './ImportChoice.tsx';

/**
 * The choice a station list may need before it imports: create the regions and districts it names
 * that the tree lacks. Shown once the dry run finds such areas (or while the choice is on).
 */
export function CreateAreasChoice({
  report,
  checked,
  onChange,
}: {
  report: ImportReport | null;
  checked: boolean;
  onChange: (checked: boolean) => void;
}) {
  const { t } = useTranslation();
  if (!checked && !report?.missingAreas?.length) return null;
  return (
    <ImportChoice
      name="createAreas"
      choice="create-areas"
      label={t('imports.stationList.createAreas')}
      hint={t('imports.stationList.createAreasHint')}
      checked={checked}
      onChange={onChange}
    />
  );
}

/**
 * What a station list's dry run decided by itself, before anything is written: the areas it will
 * create (or would need), the names it matched forgivingly, and how many stations have no address.
 */
export function StationListNotes({ report, createAreas }: { report: ImportReport; createAreas: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const missingId = useId();
  const matchesId = useId();
  const missing = report.missingAreas ?? [];
  const matches = report.areaMatches ?? [];
  const creating = createAreas || report.areasCreated !== undefined;
  return (
    <>
      {missing.length > 0 && (
        <section aria-labelledby={missingId} className="report-section" data-section="missing-areas">
          <h3 id={missingId}>
            {creating
              ? report.applied
                ? t('imports.stationList.createdTitle')
                : t('imports.stationList.createTitle')
              : t('imports.stationList.missingTitle')}
          </h3>
          <p className={creating ? 'muted' : 'apply-blocked'}>
            {creating ? t('imports.stationList.createBody') : t('imports.stationList.missingBody')}
          </p>
          <ul className="problem-list">
            {missing.map((a) => (
              <li key={`${a.level}:${a.parentName ?? ''}:${a.name}`} data-area={a.name}>
                {t('imports.stationList.areaLine', {
                  level: t(`areas.levels.${a.level}`),
                  name: a.name,
                  n: a.stations,
                })}
                {a.parentName && <> {t('imports.stationList.areaIn', { parent: a.parentName })}</>}
                {a.alsoWritten.length > 0 && (
                  <>
                    {' '}
                    {t('imports.stationList.alsoWritten', {
                      names: a.alsoWritten.map((name) => t('imports.stationList.quoted', { name })).join(', '),
                    })}
                  </>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}

      {matches.length > 0 && (
        <section aria-labelledby={matchesId} className="report-section" data-section="area-matches">
          <h3 id={matchesId}>{t('imports.stationList.matchesTitle')}</h3>
          <ul className="problem-list">
            {matches.map((m) => (
              <li key={`${m.field}:${m.text}`}>
                {t('imports.stationList.matchLine', {
                  text: m.text,
                  area: localized(m.areaName, locale),
                  line: m.firstLine,
                  n: m.rows,
                })}{' '}
                <span className="muted">
                  ({m.rule === 'words' ? t('imports.stationList.ruleWords') : t('imports.stationList.ruleLoose')})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      {(report.withoutAddress ?? 0) > 0 && (
        <p className="muted" data-note="without-address">
          {t('imports.stationList.withoutAddress', { n: report.withoutAddress ?? 0 })}
        </p>
      )}
    </>
  );
}
