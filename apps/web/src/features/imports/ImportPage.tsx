import {
  buildProtocolTemplate,
  can,
  type ImportKind,
  localized,
  officialTurnoutImportFields,
  type Permission,
  protocolTemplates,
  suggestAreaResultsMapping,
  suggestMapping,
  suggestResultsMapping,
} from '@pollwatch/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PageHeading } from '../../components/PageHeading.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { DemoBanner, NoCurrentElection } from '../elections/ElectionViews.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { ImportWizard } from './ImportWizard.tsx';
import { pathsOf } from './import-kinds.ts';
import { isImportKind } from './import-labels.ts';
import './imports.css';

/** `/hq/imports/new?kind=stations|areas|results|applicants`: file → columns → check → done. */
export function ImportPage() {
  const me = useStaffUser();
  const [params] = useSearchParams();
  const raw = params.get('kind');
  const kind: ImportKind = isImportKind(raw) ? raw : 'stations';
  if (!can(me.role, importPermission[kind])) return <NoAccess />;
  return <ImportScreen key={kind} kind={kind} />;
}

function ImportScreen({ kind }: { kind: ImportKind }) {
  const { t } = useTranslation();
  const title = t(kindTitles[kind]);
  useDocumentTitle(title);
  const current = useCurrentElection();
  const election = current.election;
  const back = pathsOf(kind);
  // A results file's protocol lines follow the election's template; re-read headers map the same way.
  const suggest = useMemo(() => {
    if ((kind !== 'results' && kind !== 'area_results' && kind !== 'official_turnout') || !election) return undefined;
    if (kind === 'official_turnout')
      return (headers: readonly string[]) => suggestMapping(officialTurnoutImportFields, headers);
    const template = buildProtocolTemplate(protocolTemplates[election.protocolTemplate], election.ballotOptions);
    if (kind === 'area_results') return (headers: readonly string[]) => suggestAreaResultsMapping(template, headers);
    return (headers: readonly string[]) => suggestResultsMapping(template, headers);
  }, [kind, election]);

  const header = (intro?: string) => (
    <header className="page-header">
      <p className="back-link">
        <Link to={back.path}>← {t(back.label)}</Link>
      </p>
      <PageHeading>{title}</PageHeading>
      {intro && <p className="muted">{intro}</p>}
    </header>
  );

  // Stations, results and assignments belong to an election; areas and the roster do not need one.
  const needsElection =
    kind === 'stations' ||
    kind === 'results' ||
    kind === 'assignments' ||
    kind === 'area_results' ||
    kind === 'official_turnout';
  if (needsElection) {
    if (current.isPending) return header();
    if (!election) {
      return (
        <>
          {header()}
          <NoCurrentElection anyElection={current.elections.length > 0} />
        </>
      );
    }
  }
  const intro =
    needsElection && election
      ? t(
          kind === 'results'
            ? 'imports.introResults'
            : kind === 'area_results'
              ? 'imports.introAreaResults'
              : kind === 'official_turnout'
                ? 'imports.introOfficialTurnout'
                : kind === 'assignments'
                  ? 'imports.introAssignments'
                  : 'imports.introStations',
          { election: localized(election.name, currentLocale()) },
        )
      : t(kind === 'applicants' ? 'imports.introApplicants' : 'imports.introAreas');
  return (
    <>
      {header(intro)}
      {needsElection && <DemoBanner election={election} />}
      <ImportWizard
        kind={kind}
        electionId={needsElection ? (election?.id ?? null) : null}
        {...(suggest && { suggest })}
      />
    </>
  );
}

/** Where each kind of import comes from and returns to. */
/** Each kind of import is the data of a different permission. */
const importPermission = {
  stations: 'stations.manage',
  areas: 'stations.manage',
  results: 'results.manage',
  area_results: 'results.manage',
  official_turnout: 'results.manage',
  applicants: 'applicants.manage',
  assignments: 'assignments.manage',
} as const satisfies Record<ImportKind, Permission>;

const kindTitles = {
  stations: 'imports.titleStations',
  areas: 'imports.titleAreas',
  results: 'imports.titleResults',
  area_results: 'imports.titleAreaResults',
  official_turnout: 'imports.titleOfficialTurnout',
  applicants: 'imports.titleApplicants',
  assignments: 'imports.titleAssignments',
} as const satisfies Record<ImportKind, string>;
