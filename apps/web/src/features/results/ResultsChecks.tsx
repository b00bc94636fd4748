import type { ResultsAnalysis } from '@pollwatch/analytics';
import { type ElectionDto, localized } from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { ExportableTable, ResultsSection } from './ResultsViews.tsx';
import { electionTemplate, relationFormula, useDecimal } from './results-format.ts';

/** The protocol's control relations on every official row: which fail, and where. */
export function ResultsChecks({ election, analysis }: { election: ElectionDto; analysis: ResultsAnalysis }) {
  const { t } = useTranslation();
  const decimal = useDecimal();
  const locale = currentLocale();
  const template = useMemo(() => electionTemplate(election), [election]);
  const checks = analysis.protocolChecks;
  if (!checks) {
    return (
      <ResultsSection name="checks" title={t('results.checks.title')}>
        <p className="muted">{t('results.checks.none')}</p>
      </ResultsSection>
    );
  }
  const formula = (relationId: string) => {
    const relation = template.relations.find((r) => r.id === relationId);
    return relation ? relationFormula(relation, template, t('results.checks.allOptions')) : relationId;
  };
  const relationRows = checks.relations.map((r) => [
    formula(r.relationId),
    t(`results.checks.severity.${r.severity}`),
    r.checked,
    r.failing,
  ]);
  const stationRows = checks.relations.flatMap((r) =>
    r.stations.map((s) => [s.stationKey, formula(r.relationId), s.left, s.right, s.left - s.right]),
  );
  const lines = template.lines.filter((l) => l.number !== undefined);
  return (
    <ResultsSection
      name="checks"
      title={t('results.checks.title')}
      intro={t('results.checks.intro', {
        errors: decimal(checks.stationsWithErrors),
        warnings: decimal(checks.stationsWithWarnings),
        stations: decimal(checks.stations),
      })}
    >
      <ExportableTable
        caption={t('results.checks.relationsCaption')}
        fileName="protocol-checks.csv"
        className="table-checks"
        columns={[
          { label: t('results.checks.relation') },
          { label: t('results.checks.severityLabel') },
          { label: t('results.checks.checked'), numeric: true },
          { label: t('results.checks.failing'), numeric: true },
        ]}
        rows={relationRows}
        display={(cell, column) => (column >= 2 ? decimal(cell as number) : cell)}
      />
      <details className="results-lines">
        <summary>{t('results.checks.linesLegend')}</summary>
        <ul>
          {lines.map((l) => (
            <li key={l.key}>
              {l.number}. {localized(l.label, locale)}
            </li>
          ))}
        </ul>
      </details>
      <ExportableTable
        caption={t('results.checks.stationsCaption', { count: stationRows.length })}
        fileName="protocol-checks-stations.csv"
        columns={[
          { label: t('results.station') },
          { label: t('results.checks.relation') },
          { label: t('results.checks.left'), numeric: true },
          { label: t('results.checks.right'), numeric: true },
          { label: t('results.checks.difference'), numeric: true },
        ]}
        rows={stationRows}
        display={(cell, column) => (column >= 2 ? decimal(cell as number) : cell)}
      />
    </ResultsSection>
  );
}
