import { can, localized, type ReadinessFinding, type ReportSummary } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Dialog } from '../../components/Dialog.tsx';
import { SelectField, TextAreaField, TextField } from '../../components/FormField.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { useCurrentElection } from '../elections/elections-queries.ts';
import { useVerification } from '../queue/queue-queries.ts';
import { useAreas } from '../territory/territory-queries.ts';
import { useBulkRemarks, useCreateRemark } from './remarks-queries.ts';

type Level = 'precinct' | 'territorial' | 'central';

export interface RemarkDraft {
  level: Level;
  areaId: string;
  title: string;
  body: string;
  legalBasis: string;
}

/**
 * The form of a new remark: whom it goes to (the levels offered), a short subject, the text and the
 * legal basis. Text is sent as typed; every screen and letter shows it as plain text.
 */
function RemarkForm({
  electionId,
  levels,
  stationNumber,
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
  note,
  chooseArea = true,
}: {
  electionId: string;
  /** Territorial: the coordinator picks the area (a bulk remark goes to each station's own area). */
  chooseArea?: boolean;
  levels: readonly Level[];
  stationNumber?: number;
  initial: Partial<RemarkDraft>;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (draft: RemarkDraft) => void;
  onCancel: () => void;
  note?: string;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const [draft, setDraft] = useState<RemarkDraft>({
    level: levels[0] as Level,
    areaId: '',
    title: '',
    body: '',
    legalBasis: '',
    ...initial,
  });
  const areas = useAreas(electionId, draft.level === 'territorial' && chooseArea);
  const areaItems = (areas.data?.items ?? []).filter((a) => a.parentId !== null);
  const set = (patch: Partial<RemarkDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(draft);
  };
  return (
    <form className="form remark-form" onSubmit={submit} noValidate>
      {note && <p className="muted">{note}</p>}
      <SelectField
        id="remark-level"
        label={t('remarks.form.addressee')}
        value={draft.level}
        onChange={(e) => set({ level: e.target.value as Level })}
      >
        {levels.map((level) => (
          <option key={level} value={level}>
            {level === 'precinct' && stationNumber !== undefined
              ? t('remarks.form.precinctOf', { number: stationNumber })
              : t(`remarks.levels.${level}`)}
          </option>
        ))}
      </SelectField>
      {draft.level === 'territorial' && chooseArea && (
        <SelectField
          id="remark-area"
          label={t('remarks.form.area')}
          value={draft.areaId}
          required
          onChange={(e) => set({ areaId: e.target.value })}
        >
          <option value="">{t('remarks.form.chooseArea')}</option>
          {areaItems.map((a) => (
            <option key={a.id} value={a.id}>
              {localized(a.name, locale)}
            </option>
          ))}
        </SelectField>
      )}
      <TextField
        id="remark-title"
        label={t('remarks.form.title')}
        value={draft.title}
        maxLength={200}
        required
        onChange={(e) => set({ title: e.target.value })}
      />
      <TextAreaField
        id="remark-body"
        label={t('remarks.form.body')}
        value={draft.body}
        rows={6}
        maxLength={8000}
        required
        onChange={(e) => set({ body: e.target.value })}
      />
      <TextField
        id="remark-legal"
        label={t('remarks.form.legalBasis')}
        hint={t('remarks.form.legalBasisHint')}
        value={draft.legalBasis}
        maxLength={1000}
        onChange={(e) => set({ legalBasis: e.target.value })}
      />
      <ProblemAlert error={error} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="button button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** The addressee the API takes, from the form (a station's precinct commission needs the station). */
function addressee(draft: RemarkDraft, stationId?: string) {
  if (draft.level === 'precinct' && stationId) return { level: 'precinct' as const, stationId };
  if (draft.level === 'territorial') return { level: 'territorial' as const, areaId: draft.areaId };
  return { level: 'central' as const };
}

/**
 * "Make a remark" on a report's page: an incident, or a report the HQ verified, becomes a draft
 * remark with the report's current revision as its evidence.
 */
export function RemarkFromReport({ report }: { report: ReportSummary }) {
  const me = useStaffUser();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { election } = useCurrentElection();
  const verification = useVerification(report.id);
  const create = useCreateRemark();
  const incident = report.formKind === 'incident';
  const verified = verification.data?.verification?.status === 'verified';
  if (!can(me.role, 'remarks.manage') || !election || !(incident || verified)) return null;
  return (
    <>
      <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
        {t('remarks.make')}
      </button>
      {open && (
        <Dialog title={t('remarks.makeTitle', { number: report.stationNumber })} onClose={() => setOpen(false)}>
          <RemarkForm
            electionId={election.id}
            levels={['precinct', 'territorial', 'central']}
            stationNumber={report.stationNumber}
            initial={{ title: incident ? t('remarks.fromIncident') : '' }}
            submitLabel={t('remarks.form.create')}
            pending={create.isPending}
            error={create.error}
            note={t('remarks.evidenceNote')}
            onCancel={() => setOpen(false)}
            onSubmit={(draft) =>
              create.mutate(
                {
                  electionId: election.id,
                  body: {
                    addressee: addressee(draft, report.stationId),
                    title: draft.title,
                    body: draft.body,
                    ...(draft.legalBasis.trim() && { legalBasis: draft.legalBasis }),
                    source: { kind: incident ? 'incident' : 'report', reportId: report.id },
                  },
                },
                { onSuccess: ({ remark }) => void navigate(`/hq/remarks/${remark.id}`) },
              )
            }
          />
        </Dialog>
      )}
    </>
  );
}

/** A remark by hand from the register: to a territorial commission or the CEC. */
export function NewRemarkButton({ electionId }: { electionId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const create = useCreateRemark();
  return (
    <>
      <button type="button" className="button button-primary" onClick={() => setOpen(true)}>
        {t('remarks.new')}
      </button>
      {open && (
        <Dialog title={t('remarks.new')} onClose={() => setOpen(false)}>
          <RemarkForm
            electionId={electionId}
            levels={['territorial', 'central']}
            initial={{}}
            submitLabel={t('remarks.form.create')}
            pending={create.isPending}
            error={create.error}
            onCancel={() => setOpen(false)}
            onSubmit={(draft) =>
              create.mutate(
                {
                  electionId,
                  body: {
                    addressee: addressee(draft),
                    title: draft.title,
                    body: draft.body,
                    ...(draft.legalBasis.trim() && { legalBasis: draft.legalBasis }),
                  },
                },
                { onSuccess: ({ remark }) => void navigate(`/hq/remarks/${remark.id}`) },
              )
            }
          />
        </Dialog>
      )}
    </>
  );
}

/**
 * On a readiness finding ("no ramp" at 37 stations): one draft remark per commission — each
 * station's precinct commission or each area's territorial commission — with the visits as evidence.
 */
export function RemarksFromFinding({ finding }: { finding: ReadinessFinding }) {
  const me = useStaffUser();
  const { t } = useTranslation();
  const locale = currentLocale();
  const [open, setOpen] = useState(false);
  const [made, setMade] = useState<{ remarks: number; stations: number } | null>(null);
  const { election } = useCurrentElection();
  const bulk = useBulkRemarks();
  const problem = finding.answers.find((a) => a.problem);
  if (!can(me.role, 'remarks.manage') || !election || !problem || finding.problem === 0) return null;
  const label = localized(finding.label, locale);
  return (
    <>
      <button
        type="button"
        className="button button-quiet button-small"
        aria-label={t('remarks.fromFindingLabel', { item: label })}
        onClick={() => {
          setMade(null);
          setOpen(true);
        }}
      >
        {t('remarks.fromFinding')}
      </button>
      {made && (
        <span className="muted" role="status">
          {t('remarks.bulkDone', { remarks: made.remarks, stations: made.stations })}
        </span>
      )}
      {open && (
        <Dialog title={t('remarks.fromFindingTitle', { item: label })} onClose={() => setOpen(false)}>
          <RemarkForm
            electionId={election.id}
            levels={['precinct', 'territorial']}
            chooseArea={false}
            initial={{ title: label }}
            submitLabel={t('remarks.form.createBulk', { stations: finding.problem })}
            pending={bulk.isPending}
            error={bulk.error}
            note={t('remarks.bulkNote')}
            onCancel={() => setOpen(false)}
            onSubmit={(draft) =>
              bulk.mutate(
                {
                  electionId: election.id,
                  body: {
                    level: draft.level === 'territorial' ? 'territorial' : 'precinct',
                    title: draft.title,
                    body: draft.body,
                    ...(draft.legalBasis.trim() && { legalBasis: draft.legalBasis }),
                    finding: { questionId: finding.questionId, value: problem.value },
                  },
                },
                {
                  onSuccess: (result) => {
                    setMade(result);
                    setOpen(false);
                  },
                },
              )
            }
          />
        </Dialog>
      )}
    </>
  );
}
