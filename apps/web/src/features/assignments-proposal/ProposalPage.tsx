import {
  type AssignmentShift,
  assignmentShifts,
  can,
  DEFAULT_PER_STATION_CAP,
  type ElectionDto,
  localized,
  MAX_PER_STATION_CAP,
  type ProposalDto,
} from '@pollwatch/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useNumberFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { useConfirmProposal, usePropose } from './proposal-queries.ts';
import {
  allOverridable,
  conflictsOf,
  type EditableRow,
  editableRows,
  type RowProblem,
  removeRow,
  rowKey,
  swapObserver,
} from './proposal-rows.ts';
import './proposal.css';

export function ProposalPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('proposal.title'));
  if (!can(me.role, 'assignments.manage')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('proposal.title')}>
      {(election) => <ProposalBoard key={election.id} election={election} />}
    </CurrentElectionScreen>
  );
}

function ProposalBoard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const [shift, setShift] = useState<AssignmentShift>('voting_day');
  const [cap, setCap] = useState(String(DEFAULT_PER_STATION_CAP));
  const [proposal, setProposal] = useState<ProposalDto | null>(null);
  const [rows, setRows] = useState<EditableRow[]>([]);
  const [problems, setProblems] = useState<Map<string, RowProblem>>(new Map());
  const [override, setOverride] = useState(false);
  const [created, setCreated] = useState<number | null>(null);
  const propose = usePropose(election.id);
  const confirm = useConfirmProposal(election.id);
  const capNumber = Number(cap);
  const capValid = Number.isInteger(capNumber) && capNumber >= 1 && capNumber <= MAX_PER_STATION_CAP;

  function onPropose(event: FormEvent) {
    event.preventDefault();
    if (!capValid) return;
    setCreated(null);
    setProblems(new Map());
    setOverride(false);
    confirm.reset();
    propose.mutate(
      { shift, perStationCap: capNumber },
      {
        onSuccess: (result) => {
          setProposal(result);
          setRows(editableRows(result));
        },
      },
    );
  }

  function onConfirm() {
    if (!proposal || rows.length === 0) return;
    const sent = rows;
    confirm.mutate(
      {
        shift: proposal.shift,
        perStationCap: proposal.perStationCap,
        rows: sent.map((r) => ({ observerId: r.observerId, stationId: r.stationId })),
        ...(override ? { override: true } : {}),
      },
      {
        onSuccess: (result) => {
          setCreated(result.created);
          setProposal(null);
          setRows([]);
          setProblems(new Map());
          setOverride(false);
        },
        onError: (error) => setProblems(conflictsOf(error, sent)),
      },
    );
  }

  const hasProblems = rows.some((r) => problems.has(rowKey(r)));
  const overridable = hasProblems && allOverridable(problems, rows);

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('proposal.title')}</PageHeading>
          <p className="muted">{t('proposal.intro', { election: localized(election.name, currentLocale()) })}</p>
        </div>
        <div className="header-buttons">
          <Link to="/hq/assignments" className="button button-quiet">
            {t('proposal.back')}
          </Link>
        </div>
      </header>
      <DemoBanner election={election} />

      {created !== null && (
        <Alert tone="success">
          <p data-testid="proposal-created">{t('proposal.created', { n: created })}</p>
        </Alert>
      )}

      <form className="card panel form pr-form" onSubmit={onPropose} noValidate>
        <div className="pr-form-fields">
          <SelectField
            id="proposal-shift"
            label={t('proposal.shift')}
            value={shift}
            onChange={(event) => setShift(event.target.value as AssignmentShift)}
          >
            {assignmentShifts.map((s) => (
              <option key={s} value={s}>
                {t(`shifts.${s}`)}
              </option>
            ))}
          </SelectField>
          <TextField
            id="proposal-cap"
            label={t('proposal.cap')}
            hint={t('proposal.capHint')}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_PER_STATION_CAP}
            value={cap}
            error={capValid ? undefined : t('proposal.capInvalid', { max: MAX_PER_STATION_CAP })}
            onChange={(event) => setCap(event.target.value)}
          />
        </div>
        <p className="muted">{t('proposal.nothingWritten')}</p>
        {propose.isError && <ProblemAlert error={propose.error} />}
        <div className="form-actions">
          <button
            type="submit"
            className="button button-primary"
            disabled={propose.isPending || !capValid}
            data-action="propose"
          >
            {propose.isPending ? t('proposal.proposing') : t('proposal.propose')}
          </button>
        </div>
      </form>

      {proposal && (
        <>
          <Summary proposal={proposal} />
          <ProposalRows
            rows={rows}
            problems={problems}
            onSwap={(index, observerId) => setRows((current) => swapObserver(current, index, observerId))}
            onRemove={(index) => setRows((current) => removeRow(current, index))}
          />
          {confirm.isError && !hasProblems && <ProblemAlert error={confirm.error} />}
          {hasProblems && (
            <Alert tone={overridable ? 'info' : 'error'}>
              <p>{overridable ? t('proposal.conflictsOverridable') : t('proposal.conflictsHard')}</p>
              {overridable && (
                <label className="checkbox pr-override">
                  <input
                    type="checkbox"
                    checked={override}
                    onChange={(event) => setOverride(event.target.checked)}
                    data-testid="proposal-override"
                  />
                  {t('proposal.override')}
                </label>
              )}
            </Alert>
          )}
          {rows.length > 0 && (
            <div className="form-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={confirm.isPending || (hasProblems && !(overridable && override))}
                onClick={onConfirm}
                data-action="confirm"
              >
                {confirm.isPending ? t('proposal.confirming') : t('proposal.confirm', { n: rows.length })}
              </button>
            </div>
          )}
        </>
      )}
    </>
  );
}

function Summary({ proposal }: { proposal: ProposalDto }) {
  const { t } = useTranslation();
  const formatNumber = useNumberFormat();
  const titleId = useId();
  const figures: ['stations' | 'uncoveredBefore' | 'uncoveredAfter' | 'observers', number][] = [
    ['stations', proposal.stations],
    ['uncoveredBefore', proposal.uncoveredBefore],
    ['uncoveredAfter', proposal.uncoveredAfter],
    ['observers', proposal.observers],
  ];
  return (
    <section className="pr-summary" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('proposal.summaryTitle', { shift: t(`shifts.${proposal.shift}`) })}</h2>
      <dl className="counts">
        {figures.map(([key, value]) => (
          <div className="count" data-count={key} key={key}>
            <dt>{t(`proposal.figures.${key}`)}</dt>
            <dd>{formatNumber(value)}</dd>
          </div>
        ))}
        <div className="count" data-count="sample">
          <dt>{t('proposal.figures.sample')}</dt>
          <dd>
            {proposal.sampleUncovered === 0
              ? '—'
              : t('proposal.ofTotal', {
                  part: formatNumber(proposal.sampleCovered),
                  total: formatNumber(proposal.sampleUncovered),
                })}
          </dd>
        </div>
      </dl>
      {(proposal.skipped.booked > 0 || proposal.skipped.unavailable > 0 || proposal.skipped.uncertified > 0) && (
        <p className="muted">
          {t('proposal.skipped', {
            booked: formatNumber(proposal.skipped.booked),
            unavailable: formatNumber(proposal.skipped.unavailable),
            uncertified: formatNumber(proposal.skipped.uncertified),
          })}
        </p>
      )}
      {proposal.skipped.otherElection > 0 && (
        <p className="muted">
          {t('proposal.skippedOtherElection', { n: formatNumber(proposal.skipped.otherElection) })}
        </p>
      )}
    </section>
  );
}

function ProposalRows({
  rows,
  problems,
  onSwap,
  onRemove,
}: {
  rows: readonly EditableRow[];
  problems: ReadonlyMap<string, RowProblem>;
  onSwap: (index: number, observerId: string) => void;
  onRemove: (index: number) => void;
}) {
  const { t } = useTranslation();
  if (rows.length === 0) return <p className="muted pr-empty">{t('proposal.noRows')}</p>;
  return (
    <div className="table-wrap">
      <table className="table table-cards pr-table">
        <caption className="visually-hidden">{t('proposal.rowsTitle')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('proposal.columns.station')}</th>
            <th scope="col">{t('proposal.columns.address')}</th>
            <th scope="col">{t('proposal.columns.observer')}</th>
            <th scope="col">{t('proposal.columns.problems')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('proposal.columns.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, index) => {
            const problem = problems.get(rowKey(row));
            const selectId = `proposal-observer-${row.stationId}`;
            return (
              <tr
                key={row.stationId}
                data-station-number={row.stationNumber}
                data-conflict={problem ? problem.codes.join(' ') : undefined}
              >
                <th scope="row" className="cell-primary cell-number">
                  {t('proposal.stationNumber', { number: row.stationNumber })}
                  {row.inSample && <span className="tag">{t('proposal.inSample')}</span>}
                </th>
                <td data-label={t('proposal.columns.address')} className="cell-address">
                  {row.stationAddress}
                </td>
                <td data-label={t('proposal.columns.observer')}>
                  <label className="visually-hidden" htmlFor={selectId}>
                    {t('proposal.swapLabel', { number: row.stationNumber })}
                  </label>
                  <select id={selectId} value={row.observerId} onChange={(event) => onSwap(index, event.target.value)}>
                    {row.options.map((o) => (
                      <option key={o.id} value={o.id}>
                        {o.name}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label={t('proposal.columns.problems')} className="pr-problems">
                  {problem ? (
                    <ul>
                      {problem.codes.map((code) => (
                        <li key={code} className={problem.overridable ? 'pr-warning' : 'pr-error'}>
                          {t(`proposal.conflict.${code}`)}
                        </li>
                      ))}
                    </ul>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="cell-actions">
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-label={t('proposal.removeLabel', { number: row.stationNumber })}
                    onClick={() => onRemove(index)}
                  >
                    {t('proposal.remove')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
