import type { ResultsAnalysis } from '@pollwatch/analytics';
import { can, type ElectionDto, localized } from '@pollwatch/core';
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { ResultsAnomalies } from './ResultsAnomalies.tsx';
import { ResultsChecks } from './ResultsChecks.tsx';
import { ResultsHistograms } from './ResultsHistograms.tsx';
import { ResultsTabs } from './ResultsNav.tsx';
import { ExportableTable, ResultsSection } from './ResultsViews.tsx';
import { optionNamer, useDecimal } from './results-format.ts';
import { useResultsAnalysis } from './results-queries.ts';
import { round } from './table-csv.ts';
import './results.css';

const RESULTS_ICON = 'M8 40V22h7v18M20.5 40V8h7v32M33 40V16h7v24M5 40h38';

/** `/hq/results`: the CEC's official results of the current election, checked and tested. */
export function ResultsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'results.read')) return <NoAccess />;
  return <ResultsScreen canImport={can(me.role, 'results.manage') && can(me.role, 'imports.run')} />;
}

function ResultsScreen({ canImport }: { canImport: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('results.title'));
  return (
    <CurrentElectionScreen title={t('results.title')}>
      {(election) => <ResultsOfElection election={election} canImport={canImport} />}
    </CurrentElectionScreen>
  );
}

function ResultsOfElection({ election, canImport }: { election: ElectionDto; canImport: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  // The leader defaults to the option with most votes; the HQ may choose another (the CLI's --leader).
  const [leader, setLeader] = useState('');
  const analysis = useResultsAnalysis(election.id, leader || undefined);
  const importLink = canImport && (
    <Link to="/hq/imports/new?kind=results" className="button button-secondary" data-action="import-results">
      {t('results.import')}
    </Link>
  );
  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('results.title')}</PageHeading>
          <p className="muted">{t('results.intro', { election: localized(election.name, locale) })}</p>
        </div>
        {importLink && <div className="header-buttons">{importLink}</div>}
      </header>
      <ResultsTabs current="analysis" />
      <DemoBanner election={election} />
      {analysis.isPending ? (
        <Loading label={t('results.analysing')} />
      ) : analysis.isError ? (
        <LoadError error={analysis.error} onRetry={() => void analysis.refetch()} />
      ) : !analysis.data.analysis || analysis.data.stations === 0 ? (
        <EmptyState icon={RESULTS_ICON} title={t('results.emptyTitle')}>
          <p>{canImport ? t('results.emptyBody') : t('results.emptyBodyReadOnly')}</p>
          {importLink && <div className="form-actions">{importLink}</div>}
        </EmptyState>
      ) : (
        <Analysis
          election={election}
          stations={analysis.data.stations}
          analysis={analysis.data.analysis}
          leader={leader}
          onLeader={setLeader}
          updating={analysis.isFetching}
        />
      )}
    </>
  );
}

function Analysis({
  election,
  stations,
  analysis,
  leader,
  onLeader,
  updating,
}: {
  election: ElectionDto;
  stations: number;
  analysis: ResultsAnalysis;
  leader: string;
  onLeader: (code: string) => void;
  updating: boolean;
}) {
  const { t } = useTranslation();
  const leaderId = useId();
  const locale = currentLocale();
  const decimal = useDecimal();
  const optionName = useMemo(() => optionNamer(election, locale), [election, locale]);
  const { totals } = analysis;
  const leaderShare = totals.options[analysis.leader]?.share ?? null;
  const sections = [
    { id: 'results-checks', label: t('results.checks.title') },
    { id: 'results-histograms', label: t('results.histograms.title') },
    { id: 'results-integer', label: t('results.integer.title') },
    { id: 'results-shpilkin', label: t('results.shpilkin.title') },
    { id: 'results-digits', label: t('results.digits.title') },
    { id: 'results-outliers', label: t('results.outliers.title') },
  ];
  const optionRows = Object.entries(totals.options).map(([code, o]) => [optionName(code), o.votes, round(o.share, 2)]);
  return (
    <>
      <dl className="summary results-summary" data-stations={stations}>
        <div>
          <dt>{t('results.summary.stations')}</dt>
          <dd data-value="stations">{decimal(stations)}</dd>
        </div>
        <div>
          <dt>{t('results.summary.registered')}</dt>
          <dd>{decimal(totals.registered)}</dd>
        </div>
        <div>
          <dt>{t('results.summary.ballots')}</dt>
          <dd>{decimal(totals.ballots)}</dd>
        </div>
        <div>
          <dt>{t('results.summary.turnout')}</dt>
          <dd>{t('results.percent', { value: decimal(totals.turnout, 2) })}</dd>
        </div>
        <div>
          <dt>{t('results.summary.leader')}</dt>
          <dd>
            {optionName(analysis.leader)} ({t('results.percent', { value: decimal(leaderShare, 2) })})
          </dd>
        </div>
      </dl>

      <div className="results-leader">
        <SelectField
          id={leaderId}
          label={t('results.leader.label')}
          hint={t('results.leader.hint')}
          value={leader}
          data-field="leader"
          aria-busy={updating || undefined}
          onChange={(e) => onLeader(e.target.value)}
        >
          <option value="">{t('results.leader.auto')}</option>
          {election.ballotOptions.map((o) => (
            <option key={o.code} value={o.code}>
              {optionName(o.code)}
            </option>
          ))}
        </SelectField>
      </div>

      <nav className="results-contents" aria-label={t('results.contents')}>
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`}>{s.label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <ResultsSection name="totals" title={t('results.totals.title')} intro={t('results.totals.intro')}>
        <ExportableTable
          caption={t('results.totals.caption', { count: stations })}
          fileName="results-totals.csv"
          columns={[
            { label: t('results.totals.option') },
            { label: t('results.totals.votes'), numeric: true },
            { label: t('results.totals.share'), numeric: true },
          ]}
          rows={optionRows}
          display={(cell, column) => (column === 0 ? cell : decimal(cell as number, 2))}
        />
      </ResultsSection>

      <div id="results-checks" className="results-anchor">
        <ResultsChecks election={election} analysis={analysis} />
      </div>
      <div id="results-histograms" className="results-anchor">
        <ResultsHistograms election={election} analysis={analysis} />
      </div>
      <ResultsAnomalies election={election} analysis={analysis} />
    </>
  );
}
