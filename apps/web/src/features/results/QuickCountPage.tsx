import type { QuickCountEstimate, VerdictLine } from '@pollwatch/analytics';
import { can, type ElectionDto, localDateTime, localized } from '@pollwatch/core';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading } from '../../components/StatusViews.tsx';
import { problemMessage } from '../../errors/problem-text.ts';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useCalendarDateFormat, useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { useAreaNames } from '../territory/territory-queries.ts';
import { type ChartSpec, chartColors } from './chart-spec.ts';
import { ResultsTabs } from './ResultsNav.tsx';
import { ChartFigure, ExportableTable, ResultsSection } from './ResultsViews.tsx';
import type { QuickCountSample, QuickCountSampleBody, QuickCountState } from './results-api.ts';
import { optionNamer, useDecimal } from './results-format.ts';
import { useDrawSample, useQuickCount, useSampleSize } from './results-queries.ts';
import { round } from './table-csv.ts';
import './results.css';

/** `/hq/quick-count`: the PVT sample (drawn before voting day) and the estimate from its copies. */
export function QuickCountPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('quickCount.title'));
  if (!can(me.role, 'results.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('quickCount.title')}>
      {(election) => <QuickCount election={election} canDraw={can(me.role, 'results.manage')} />}
    </CurrentElectionScreen>
  );
}

function QuickCount({ election, canDraw }: { election: ElectionDto; canDraw: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const state = useQuickCount(election.id);
  const beforeVotingDay = localDateTime(new Date(), election.timeZone).date < election.votingDate;
  const sample = state.data?.sample ?? null;
  return (
    <>
      <header className="page-header">
        <PageHeading>{t('quickCount.title')}</PageHeading>
        <p className="muted">{t('quickCount.intro', { election: localized(election.name, locale) })}</p>
      </header>
      <ResultsTabs current="quickCount" />
      <DemoBanner election={election} />
      {state.isPending ? (
        <Loading />
      ) : state.isError ? (
        <LoadError error={state.error} onRetry={() => void state.refetch()} />
      ) : (
        <>
          {sample && <SampleView election={election} sample={sample} />}
          {sample && <EstimateView election={election} sample={sample} />}
          {canDraw && (
            <SampleForm
              election={election}
              beforeVotingDay={beforeVotingDay}
              redraw={sample !== null}
              key={sample?.seed ?? 'none'}
            />
          )}
          {!sample && !canDraw && <p className="table-empty">{t('quickCount.noSample')}</p>}
        </>
      )}
    </>
  );
}

interface FormErrors {
  marginPoints?: string;
  stations?: string;
}

function SampleForm({
  election,
  beforeVotingDay,
  redraw,
}: {
  election: ElectionDto;
  beforeVotingDay: boolean;
  redraw: boolean;
}) {
  const { t } = useTranslation();
  const formatDay = useCalendarDateFormat();
  const draw = useDrawSample(election.id);
  const [mode, setMode] = useState<'margin' | 'stations'>('margin');
  const [margin, setMargin] = useState('1');
  const [confidence, setConfidence] = useState<'95' | '99'>('95');
  const [stations, setStations] = useState('');
  const [seed, setSeed] = useState('');
  const [errors, setErrors] = useState<FormErrors>({});
  const modeName = useId();
  const marginValue = Number(margin.replace(',', '.'));
  const preview = useSampleSize(
    election.id,
    mode === 'margin' && Number.isFinite(marginValue) && marginValue > 0 && marginValue <= 20 ? marginValue : null,
    confidence === '99' ? 99 : 95,
  );
  const decimal = useDecimal();

  function submit(event: FormEvent) {
    event.preventDefault();
    const next: FormErrors = {};
    const body: QuickCountSampleBody = {};
    if (mode === 'margin') {
      const value = Number(margin.replace(',', '.'));
      if (!margin.trim() || !Number.isFinite(value) || value <= 0 || value > 20)
        next.marginPoints = t('quickCount.form.marginInvalid');
      else {
        body.marginPoints = value;
        body.confidence = confidence === '99' ? 99 : 95;
      }
    } else {
      const value = Number(stations.replace(/\s/g, ''));
      if (!Number.isInteger(value) || value < 1) next.stations = t('quickCount.form.stationsInvalid');
      else body.stations = value;
    }
    if (seed.trim()) body.seed = seed.trim().slice(0, 100);
    setErrors(next);
    if (Object.keys(next).length === 0) draw.mutate(body);
  }

  const failure =
    draw.error instanceof ApiError && draw.error.code === 'conflict'
      ? t('quickCount.form.conflict')
      : draw.error instanceof ApiError && draw.error.code === 'validation_failed'
        ? t('quickCount.form.needVoters')
        : draw.error
          ? problemMessage(t, draw.error)
          : null;

  return (
    <ResultsSection
      name="sample-form"
      title={redraw ? t('quickCount.form.redrawTitle') : t('quickCount.form.title')}
      intro={t('quickCount.form.intro', { date: formatDay(election.votingDate) })}
    >
      {!beforeVotingDay ? (
        <Alert tone="info">
          <p>{t('quickCount.form.closed')}</p>
        </Alert>
      ) : (
        <form className="form quick-count-form" onSubmit={submit} noValidate>
          {redraw && (
            <Alert tone="info">
              <p>{t('quickCount.form.redrawWarning')}</p>
            </Alert>
          )}
          {failure && (
            <Alert>
              <p>{failure}</p>
            </Alert>
          )}
          <fieldset className="fieldset">
            <legend>{t('quickCount.form.size')}</legend>
            <div className="choice-row">
              <label className="choice">
                <input
                  type="radio"
                  name={modeName}
                  value="margin"
                  checked={mode === 'margin'}
                  onChange={() => setMode('margin')}
                />
                <span>{t('quickCount.form.byMargin')}</span>
              </label>
              <label className="choice">
                <input
                  type="radio"
                  name={modeName}
                  value="stations"
                  checked={mode === 'stations'}
                  onChange={() => setMode('stations')}
                />
                <span>{t('quickCount.form.byStations')}</span>
              </label>
            </div>
            {mode === 'margin' ? (
              <div className="field-row">
                <TextField
                  id="quick-count-margin"
                  label={t('quickCount.form.margin')}
                  hint={t('quickCount.form.marginHint')}
                  error={errors.marginPoints}
                  inputMode="decimal"
                  value={margin}
                  onChange={(e) => setMargin(e.target.value)}
                />
                <SelectField
                  id="quick-count-confidence"
                  label={t('quickCount.form.confidence')}
                  value={confidence}
                  onChange={(e) => setConfidence(e.target.value === '99' ? '99' : '95')}
                >
                  <option value="95">{t('results.percent', { value: '95' })}</option>
                  <option value="99">{t('results.percent', { value: '99' })}</option>
                </SelectField>
              </div>
            ) : null}
            {mode === 'margin' && preview.data ? (
              <p className="muted sample-size-preview" aria-live="polite" data-value="sample-size-preview">
                {preview.data.stationsNeeded === null
                  ? t('quickCount.form.previewNoVoters')
                  : t('quickCount.form.preview', {
                      voters: decimal(preview.data.votersNeeded, 0),
                      stations: decimal(preview.data.stationsNeeded),
                      perStation: decimal(preview.data.votersPerStation, 0),
                      frame: decimal(preview.data.stations),
                    })}
              </p>
            ) : null}
            {mode === 'margin' ? null : (
              <div className="field-row">
                <TextField
                  id="quick-count-stations"
                  label={t('quickCount.form.stations')}
                  error={errors.stations}
                  inputMode="numeric"
                  value={stations}
                  onChange={(e) => setStations(e.target.value)}
                />
              </div>
            )}
          </fieldset>
          <div className="field-row">
            <TextField
              id="quick-count-seed"
              label={t('quickCount.form.seed')}
              hint={t('quickCount.form.seedHint')}
              maxLength={100}
              autoComplete="off"
              className="input-mono"
              value={seed}
              onChange={(e) => setSeed(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" className="button button-primary" data-action="draw" disabled={draw.isPending}>
              {draw.isPending ? t('quickCount.form.drawing') : t('quickCount.form.draw')}
            </button>
          </div>
        </form>
      )}
    </ResultsSection>
  );
}

function SampleView({ election, sample }: { election: ElectionDto; sample: QuickCountSample }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  const formatTime = useDateTimeFormat();
  const areaName = useAreaNames(election.id);
  const regionName = (id: string) => areaName(id) || id;
  const allocationRows = Object.entries(sample.allocation)
    .map(([region, a]) => [regionName(region), a.stations, a.sampled])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0]), locale));
  const byRegion = new Map<string, number[]>();
  for (const s of sample.stations) {
    const list = byRegion.get(s.stratum) ?? [];
    list.push(s.stationNumber ?? Number.NaN);
    byRegion.set(s.stratum, list);
  }
  const stationRows = [...byRegion.entries()]
    .map(([region, list]) => [
      regionName(region),
      list
        .filter((n) => Number.isFinite(n))
        .sort((a, b) => a - b)
        .join(', '),
    ])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0]), locale));
  return (
    <ResultsSection name="sample" title={t('quickCount.sample.title')}>
      <dl className="summary quick-count-sample">
        <div>
          <dt>{t('quickCount.sample.seed')}</dt>
          <dd className="input-mono" data-value="seed">
            {sample.seed}
          </dd>
        </div>
        <div>
          <dt>{t('quickCount.sample.size')}</dt>
          <dd data-value="size">{decimal(sample.size)}</dd>
        </div>
        <div>
          <dt>{t('quickCount.sample.drawnAt')}</dt>
          <dd>{formatTime(sample.drawnAt)}</dd>
        </div>
        <div>
          <dt>{t('quickCount.sample.design')}</dt>
          <dd>
            {sample.params.marginPoints !== null
              ? t('quickCount.sample.byMargin', {
                  margin: decimal(sample.params.marginPoints, 2),
                  confidence: sample.params.confidence ?? 95,
                  voters: decimal(sample.params.votersNeeded, 0),
                })
              : t('quickCount.sample.byHand')}
          </dd>
        </div>
      </dl>
      <p className="muted">{t('quickCount.sample.algorithm', { algorithm: sample.algorithm })}</p>
      <ExportableTable
        caption={t('quickCount.sample.allocationCaption')}
        fileName="quick-count-allocation.csv"
        columns={[
          { label: t('quickCount.sample.region') },
          { label: t('quickCount.sample.frame'), numeric: true },
          { label: t('quickCount.sample.sampled'), numeric: true },
        ]}
        rows={allocationRows}
        display={(cell, column) => (column === 0 ? cell : decimal(cell as number))}
      />
      <ExportableTable
        caption={t('quickCount.sample.stationsCaption', { count: sample.stations.length })}
        fileName="quick-count-sample.csv"
        className="table-sample-stations"
        columns={[{ label: t('quickCount.sample.region') }, { label: t('quickCount.sample.numbers') }]}
        rows={stationRows}
      />
    </ResultsSection>
  );
}

function EstimateView({ election, sample }: { election: ElectionDto; sample: QuickCountSample }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  const state = useQuickCount(election.id);
  const estimate = state.data?.estimate ?? null;
  const verdict = state.data?.verdict ?? null;
  const optionName = optionNamer(election, locale);
  if (!estimate) {
    return (
      <ResultsSection name="estimate" title={t('quickCount.estimate.title')}>
        <p className="muted">{t('quickCount.estimate.none', { size: decimal(sample.size) })}</p>
      </ResultsSection>
    );
  }
  const verdictText = (v: VerdictLine['verdict95'] | undefined) => (v ? t(`quickCount.verdicts.${v}`) : '—');
  const line = (label: string, e: QuickCountEstimate | undefined, v: VerdictLine | null | undefined) => [
    label,
    round(e?.estimate, 2),
    round(e?.margin95, 2),
    round(e?.margin99, 2),
    e?.estimate != null && e.margin95 != null
      ? `${decimal(e.estimate - e.margin95, 2)}–${decimal(e.estimate + e.margin95, 2)}`
      : null,
    round(v?.official, 2),
    verdict ? verdictText(v?.verdict95) : null,
    verdict ? verdictText(v?.verdict99) : null,
  ];
  const rows = [
    line(t('quickCount.estimate.turnout'), estimate.turnout, verdict?.turnout),
    ...election.ballotOptions.map((o) => line(optionName(o.code), estimate.options[o.code], verdict?.options[o.code])),
  ];
  return (
    <ResultsSection name="estimate" title={t('quickCount.estimate.title')} intro={t('quickCount.estimate.intro')}>
      <dl className="summary">
        <div>
          <dt>{t('quickCount.estimate.reports')}</dt>
          <dd data-value="reports">
            {t('quickCount.estimate.reportsOf', {
              reports: decimal(estimate.reports),
              size: decimal(sample.size),
            })}
          </dd>
        </div>
        <div>
          <dt>{t('quickCount.estimate.strata')}</dt>
          <dd>
            {t('quickCount.estimate.strataOf', {
              reported: decimal(estimate.strataReported),
              total: decimal(Object.keys(sample.allocation).length),
            })}
          </dd>
        </div>
      </dl>
      {estimate.strataMissing.length > 0 && (
        <Alert tone="info">
          <p>{t('quickCount.estimate.strataMissing', { n: estimate.strataMissing.length })}</p>
        </Alert>
      )}
      <ExportableTable
        caption={t('quickCount.estimate.caption')}
        fileName="quick-count-estimate.csv"
        className="table-estimate"
        columns={[
          { label: t('quickCount.estimate.line') },
          { label: t('quickCount.estimate.estimate'), numeric: true },
          { label: t('quickCount.estimate.margin95'), numeric: true },
          { label: t('quickCount.estimate.margin99'), numeric: true },
          { label: t('quickCount.estimate.interval95'), numeric: true },
          { label: t('quickCount.estimate.official'), numeric: true },
          { label: t('quickCount.estimate.verdict95') },
          { label: t('quickCount.estimate.verdict99') },
        ]}
        rows={rows}
        display={(cell, column) =>
          column >= 6 && cell ? (
            <span className="verdict" data-outside={cell === t('quickCount.verdicts.outside') || undefined}>
              {cell}
            </span>
          ) : column === 0 || column === 4 || column >= 6 ? (
            (cell ?? '—')
          ) : cell === null ? (
            '—'
          ) : (
            decimal(cell as number, 2)
          )
        }
      />
      {!verdict && <p className="muted">{t('quickCount.estimate.noOfficial')}</p>}
      {(state.data?.convergence.length ?? 0) > 1 && (
        <Convergence election={election} steps={state.data?.convergence ?? []} />
      )}
    </ResultsSection>
  );
}

const CONVERGENCE_COLORS = [chartColors.leader, chartColors.others];

/** How the leading options' estimates and their 95% margins settled as the sampled copies arrived. */
function Convergence({ election, steps }: { election: ElectionDto; steps: QuickCountState['convergence'] }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const decimal = useDecimal();
  const optionName = optionNamer(election, locale);
  const last = steps[steps.length - 1];
  // The two options ahead at the end, each with its 95% band.
  const shown = election.ballotOptions
    .map((o) => o.code)
    .sort((a, b) => (last?.options[b]?.estimate ?? 0) - (last?.options[a]?.estimate ?? 0))
    .slice(0, 2);
  const spec = useMemo<ChartSpec>(
    () => ({
      x: steps.map((s) => s.reports),
      xRange: [0, Math.max(1, ...steps.map((s) => s.reports))],
      // Ticks at whole report counts only (at most about ten of them).
      xSplits: steps
        .map((s) => s.reports)
        .filter((_, i, all) => i % Math.max(1, Math.ceil(all.length / 10)) === 0 || i === all.length - 1),
      xLabel: t('quickCount.convergence.reports'),
      yLabel: t('quickCount.convergence.share'),
      formatX: (v) => decimal(v),
      formatY: (v) => decimal(v, 1),
      series: shown.flatMap((code, i) => {
        const e = (s: (typeof steps)[number]) => s.options[code];
        const color = CONVERGENCE_COLORS[i] ?? chartColors.bars;
        return [
          { label: optionName(code), values: steps.map((s) => e(s)?.estimate ?? null), kind: 'line' as const, color },
          {
            label: t('quickCount.convergence.band', { option: optionName(code) }),
            values: steps.map((s) => {
              const x = e(s);
              return x?.estimate != null && x.margin95 != null ? x.estimate - x.margin95 : null;
            }),
            kind: 'line' as const,
            color,
            dash: true,
          },
          {
            label: t('quickCount.convergence.bandHigh', { option: optionName(code) }),
            values: steps.map((s) => {
              const x = e(s);
              return x?.estimate != null && x.margin95 != null ? x.estimate + x.margin95 : null;
            }),
            kind: 'line' as const,
            color,
            dash: true,
          },
        ];
      }),
    }),
    [steps, shown, t, decimal, optionName],
  );
  const rows = steps.map((s) => [
    s.reports,
    ...shown.flatMap((code) => [round(s.options[code]?.estimate, 2), round(s.options[code]?.margin95, 2)]),
    round(s.turnout.estimate, 2),
  ]);
  return (
    <ChartFigure
      name="quick-count-convergence"
      title={t('quickCount.convergence.title')}
      summary={t('quickCount.convergence.summary', {
        steps: steps.length,
        reports: decimal(last?.reports),
      })}
      spec={spec}
      table={
        <ExportableTable
          caption={t('quickCount.convergence.caption')}
          fileName="quick-count-convergence.csv"
          className="table-convergence"
          columns={[
            { label: t('quickCount.convergence.reports'), numeric: true },
            ...shown.flatMap((code) => [
              { label: optionName(code), numeric: true },
              { label: t('quickCount.convergence.margin', { option: optionName(code) }), numeric: true },
            ]),
            { label: t('quickCount.estimate.turnout'), numeric: true },
          ]}
          rows={rows}
          display={(cell) => decimal(cell as number | null, 2)}
        />
      }
    />
  );
}
