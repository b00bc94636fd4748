import {
  ballotOptionKinds,
  can,
  DEFAULT_MONITORING_DAYS,
  type ElectionDto,
  type ElectionProblem,
  electionKinds,
  localized,
  protocolTemplateBases,
} from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { LocalizedFields } from '../../components/LocalizedFields.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useCalendarDateFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { HqNotFound } from '../../shell/NotFoundPage.tsx';
import {
  type BallotOptionDraft,
  commonTimeZones,
  defaultCheckpoints,
  defaultMonitoringFrom,
  draftFromElection,
  type ElectionDraft,
  electionFromDraft,
  emptyOption,
  move,
  optionCodes,
  problemInputId,
  problemMessageKey,
  rowKey,
  type TextDraft,
} from './election-form.ts';
import { useElections, useSaveElection } from './elections-queries.ts';
import './elections.css';

/** A notice the list shows after the form saved (passed in the navigation state). */
export interface ElectionsNotice {
  notice: string;
}

/** `/hq/elections/new` and `/hq/elections/:id`: the whole election on one page. */
export function ElectionFormPage() {
  const me = useStaffUser();
  const { id } = useParams();
  const elections = useElections();
  if (!can(me.role, 'elections.manage')) return <NoAccess />;
  if (!id) return <ElectionForm key="new" />;
  if (elections.isPending) return <Loading />;
  if (elections.isError) return <LoadError error={elections.error} onRetry={() => void elections.refetch()} />;
  const election = elections.data.items.find((e) => e.id === id);
  if (!election) return <HqNotFound />;
  return <ElectionForm key={election.id} election={election} />;
}

function ElectionForm({ election }: { election?: ElectionDto }) {
  const { t } = useTranslation();
  const title = election ? t('elections.form.editTitle') : t('elections.form.createTitle');
  useDocumentTitle(title);
  const navigate = useNavigate();
  const formatDay = useCalendarDateFormat();
  const save = useSaveElection();
  const [draft, setDraft] = useState<ElectionDraft>(() => draftFromElection(election));
  const [checked, setChecked] = useState(false);
  const timeZonesId = useId();

  const { body, problems } = electionFromDraft(draft);
  const shown = checked ? problems : [];
  const messages = messagesByInput(shown, (p) => t(`elections.problems.${problemMessageKey(p)}`));
  const codes = optionCodes(draft);
  const monitoringDefault = defaultMonitoringFrom(draft.votingDate);

  const set = <K extends keyof ElectionDraft>(field: K, value: ElectionDraft[K]) =>
    setDraft((d) => ({ ...d, [field]: value }));
  const setName = (lang: keyof TextDraft, value: string) =>
    setDraft((d) => ({ ...d, name: { ...d.name, [lang]: value } }));
  const setOption = (index: number, change: (o: BallotOptionDraft) => BallotOptionDraft) =>
    setDraft((d) => ({ ...d, options: d.options.map((o, i) => (i === index ? change(o) : o)) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (problems.length > 0) {
      // The summary above the form lists every problem; start at the first field.
      document.getElementById(problemInputId(problems[0]?.field ?? ''))?.focus();
      return;
    }
    save.mutate(election ? { id: election.id, body } : { id: null, body }, {
      onSuccess: (res) => {
        const name = localized(res.election.name, currentLocale());
        const state: ElectionsNotice = {
          notice: election ? t('elections.form.saved') : t('elections.form.created', { name }),
        };
        void navigate('/hq/elections', { state });
      },
    });
  }

  return (
    <>
      <header className="page-header">
        <p className="back-link">
          <Link to="/hq/elections">← {t('elections.form.back')}</Link>
        </p>
        <PageHeading>{title}</PageHeading>
        {election && <p className="muted">{localized(election.name, currentLocale())}</p>}
      </header>

      <form className="form form-wide" onSubmit={submit} noValidate>
        {shown.length > 0 && (
          <Alert>
            <p>{t('elections.form.problemsTitle')}</p>
            <ul className="problem-list">
              {shown.map((p) => (
                <li key={`${p.field}:${p.code}`}>
                  <a href={`#${problemInputId(p.field)}`}>
                    {problemFieldLabel(t, p.field)}: {t(`elections.problems.${problemMessageKey(p)}`)}
                  </a>
                </li>
              ))}
            </ul>
          </Alert>
        )}
        <ProblemAlert error={save.error} />

        <Section title={t('elections.form.main')}>
          <LocalizedFields
            idPrefix="election-name"
            layout="row"
            value={draft.name}
            onChange={setName}
            error={messages['election-name-ru']}
          />
          <div className="field-row">
            <SelectField
              id="election-kind"
              label={t('elections.form.kind')}
              value={draft.kind}
              onChange={(e) => {
                const kind = electionKinds.find((k) => k === e.target.value);
                if (kind) set('kind', kind);
              }}
            >
              {electionKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`elections.kinds.${kind}`)}
                </option>
              ))}
            </SelectField>
            <SelectField
              id="election-protocol"
              label={t('elections.form.protocolTemplate')}
              hint={t('elections.form.protocolTemplateHint')}
              value={draft.protocolTemplate}
              onChange={(e) => {
                const value = protocolTemplateBases.find((b) => b === e.target.value);
                if (value) set('protocolTemplate', value);
              }}
            >
              {protocolTemplateBases.map((base) => (
                <option key={base} value={base}>
                  {t(`elections.templates.${base}`)}
                </option>
              ))}
            </SelectField>
          </div>
        </Section>

        <Section title={t('elections.form.schedule')}>
          <div className="field-row">
            <TextField
              id="election-voting-date"
              type="date"
              label={t('elections.form.votingDate')}
              value={draft.votingDate}
              onChange={(e) => set('votingDate', e.target.value)}
              error={messages['election-voting-date']}
            />
            <TextField
              id="election-time-zone"
              label={t('elections.form.timeZone')}
              hint={t('elections.form.timeZoneHint')}
              value={draft.timeZone}
              onChange={(e) => set('timeZone', e.target.value)}
              list={timeZonesId}
              autoComplete="off"
              spellCheck={false}
              error={messages['election-time-zone']}
            />
            <datalist id={timeZonesId}>
              {commonTimeZones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </div>
          <div className="field-row">
            <TextField
              id="election-polls-open"
              type="time"
              label={t('elections.form.pollsOpen')}
              value={draft.pollsOpen}
              onChange={(e) => set('pollsOpen', e.target.value)}
              error={messages['election-polls-open']}
            />
            <TextField
              id="election-polls-close"
              type="time"
              label={t('elections.form.pollsClose')}
              value={draft.pollsClose}
              onChange={(e) => set('pollsClose', e.target.value)}
              error={messages['election-polls-close']}
            />
            <TextField
              id="election-monitoring-from"
              type="date"
              label={t('elections.form.monitoringFrom')}
              hint={
                monitoringDefault
                  ? t('elections.form.monitoringHint', {
                      days: DEFAULT_MONITORING_DAYS,
                      date: formatDay(monitoringDefault),
                    })
                  : t('elections.form.monitoringHintNoDate', { days: DEFAULT_MONITORING_DAYS })
              }
              value={draft.monitoringFrom}
              onChange={(e) => set('monitoringFrom', e.target.value)}
              error={messages['election-monitoring-from']}
            />
          </div>
        </Section>

        <Section title={t('elections.form.turnout')} intro={t('elections.form.turnoutIntro')}>
          <ol className="checkpoints">
            {draft.checkpoints.map((checkpoint, index) => (
              <li key={checkpoint.key} className="checkpoint">
                <TextField
                  id={`election-checkpoint-${index}`}
                  type="time"
                  label={t('elections.form.checkpoint', { n: index + 1 })}
                  value={checkpoint.time}
                  onChange={(e) =>
                    set(
                      'checkpoints',
                      draft.checkpoints.map((c, i) => (i === index ? { ...c, time: e.target.value } : c)),
                    )
                  }
                  error={messages[`election-checkpoint-${index}`]}
                />
                <IconButton
                  label={t('elections.form.removeCheckpoint', { n: index + 1 })}
                  icon="remove"
                  onClick={() =>
                    set(
                      'checkpoints',
                      draft.checkpoints.filter((_, i) => i !== index),
                    )
                  }
                />
              </li>
            ))}
          </ol>
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={draft.checkpoints.length >= 24}
              onClick={() => set('checkpoints', [...draft.checkpoints, { key: rowKey(), time: '' }])}
            >
              {t('elections.form.addCheckpoint')}
            </button>
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => set('checkpoints', defaultCheckpoints())}
            >
              {t('elections.form.resetCheckpoints')}
            </button>
          </div>
        </Section>

        <Section title={t('elections.form.ballot')} intro={t('elections.form.ballotIntro')}>
          {draft.options.length === 0 ? (
            <p className="muted">{t('elections.form.noOptions')}</p>
          ) : (
            <ol className="ballot-options">
              {draft.options.map((option, index) => {
                const n = index + 1;
                const prefix = `election-option-${index}`;
                return (
                  <li key={option.key}>
                    <fieldset className="ballot-option">
                      <legend>{t('elections.form.option', { n })}</legend>
                      <div className="ballot-option-tools">
                        <IconButton
                          label={t('elections.form.moveUp', { n })}
                          icon="up"
                          disabled={index === 0}
                          onClick={() => set('options', move(draft.options, index, -1))}
                        />
                        <IconButton
                          label={t('elections.form.moveDown', { n })}
                          icon="down"
                          disabled={index === draft.options.length - 1}
                          onClick={() => set('options', move(draft.options, index, 1))}
                        />
                        <IconButton
                          label={t('elections.form.removeOption', { n })}
                          icon="remove"
                          onClick={() =>
                            set(
                              'options',
                              draft.options.filter((_, i) => i !== index),
                            )
                          }
                        />
                      </div>
                      <SelectField
                        id={`${prefix}-kind`}
                        label={t('elections.form.optionKind')}
                        value={option.kind}
                        onChange={(e) => {
                          const kind = ballotOptionKinds.find((k) => k === e.target.value);
                          if (kind) setOption(index, (o) => ({ ...o, kind }));
                        }}
                        error={messages[`${prefix}-kind`]}
                      >
                        {ballotOptionKinds.map((kind) => (
                          <option key={kind} value={kind}>
                            {t(`elections.optionKinds.${kind}`)}
                          </option>
                        ))}
                      </SelectField>
                      <LocalizedFields
                        idPrefix={`${prefix}-name`}
                        layout="row"
                        hint={false}
                        value={option.name}
                        onChange={(lang, value) =>
                          setOption(index, (o) => ({ ...o, name: { ...o.name, [lang]: value } }))
                        }
                        error={messages[`${prefix}-name-ru`]}
                      />
                      <TextField
                        id={`${prefix}-code`}
                        label={t('elections.form.optionCode')}
                        hint={t('elections.form.optionCodeHint', { code: codes[index] ?? '' })}
                        value={option.code}
                        placeholder={codes[index]}
                        spellCheck={false}
                        autoComplete="off"
                        className="input-mono"
                        onChange={(e) => setOption(index, (o) => ({ ...o, code: e.target.value }))}
                        error={messages[`${prefix}-code`]}
                      />
                    </fieldset>
                  </li>
                );
              })}
            </ol>
          )}
          <div className="form-actions">
            <button
              type="button"
              className="button button-secondary button-small"
              disabled={draft.options.length >= 200}
              data-action="add-option"
              onClick={() => set('options', [...draft.options, emptyOption(defaultOptionKind(draft))])}
            >
              {t('elections.form.addOption')}
            </button>
          </div>
        </Section>

        <div className="form-actions form-submit">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {save.isPending ? t('common.saving') : election ? t('common.save') : t('elections.form.submitCreate')}
          </button>
          <Link to="/hq/elections" className="button button-quiet">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </>
  );
}

/** A referendum asks yes/no; everything else lists candidates (or parties for a parliament). */
function defaultOptionKind(draft: ElectionDraft): BallotOptionDraft['kind'] {
  if (draft.kind === 'referendum') return draft.options.some((o) => o.kind === 'yes') ? 'no' : 'yes';
  return draft.kind === 'parliamentary' ? 'party' : 'candidate';
}

/** The name of the field a problem is about, as its label says, for the list above the form. */
function problemFieldLabel(t: TFunction, field: string): string {
  const option = /^ballotOptions\/(\d+)\/(code|kind|name\/ru)$/.exec(field);
  if (option) {
    const n = Number(option[1]) + 1;
    const part =
      option[2] === 'code'
        ? t('elections.form.optionCode')
        : option[2] === 'kind'
          ? t('elections.form.optionKind')
          : t('fields.nameRu');
    return `${t('elections.form.option', { n })}, ${part.toLowerCase()}`;
  }
  const checkpoint = /^turnoutCheckpoints\/(\d+)$/.exec(field);
  if (checkpoint) return t('elections.form.checkpoint', { n: Number(checkpoint[1]) + 1 });
  switch (field) {
    case 'votingDate':
      return t('elections.form.votingDate');
    case 'timeZone':
      return t('elections.form.timeZone');
    case 'pollsOpen':
      return t('elections.form.pollsOpen');
    case 'pollsClose':
      return t('elections.form.pollsClose');
    case 'monitoringFrom':
      return t('elections.form.monitoringFrom');
    default:
      return t('fields.nameRu');
  }
}

function messagesByInput(problems: readonly ElectionProblem[], text: (p: ElectionProblem) => string) {
  const out: Partial<Record<string, string>> = {};
  for (const p of problems) {
    const id = problemInputId(p.field);
    out[id] ??= text(p);
  }
  return out;
}

function Section({ title, intro, children }: { title: string; intro?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card panel form-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {intro && <p className="muted">{intro}</p>}
      {children}
    </section>
  );
}

const icons = {
  up: 'M12 19V5M6 11l6-6 6 6',
  down: 'M12 5v14M6 13l6 6 6-6',
  remove: 'M5 7h14M10 7V4h4v3M7 7l1 13h8l1-13',
} as const;

export function IconButton({
  label,
  icon,
  disabled,
  onClick,
}: {
  label: string;
  icon: keyof typeof icons;
  disabled?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className="icon-button icon-button-bordered"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
    >
      <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
        <path d={icons[icon]} />
      </svg>
    </button>
  );
}
