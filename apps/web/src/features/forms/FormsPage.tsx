import {
  can,
  type ElectionDto,
  type FormDefinition,
  type FormKind,
  type FormSummary,
  formCodePattern,
  formKinds,
  type LocalizedText,
  localized,
  questionTypes,
  type XlsFormImportResponse,
} from '@pollwatch/core';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { Dialog } from '../../components/Dialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { ListView } from '../../components/ListView.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { TextTriple } from './DesignerFields.tsx';
import { useCreateForm, useForms, useImportXlsForm } from './forms-queries.ts';
import { isNoteKind, isUnmappedReason } from './xlsform-reasons.ts';
import './forms.css';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';

const FORM_ICON = 'M12 6h18l6 6v30H12zM29 6v7h7M18 20h12M18 27h12M18 34h8';

/** `/hq/forms`: the forms of the current election, with their versions. */
export function FormsPage() {
  const me = useStaffUser();
  if (!can(me.role, 'forms.read')) return <NoAccess />;
  return <FormsScreen canManage={can(me.role, 'forms.manage')} />;
}

function FormsScreen({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('forms.title'));
  return (
    <CurrentElectionScreen title={t('forms.title')}>
      {(election) => <FormsList election={election} canManage={canManage} />}
    </CurrentElectionScreen>
  );
}

type Opened = 'create' | 'import' | null;

function FormsList({ election, canManage }: { election: ElectionDto; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const columns = useFormColumns();
  const forms = useForms(election.id);
  const [opened, setOpened] = useState<Opened>(null);
  const items = forms.data?.items ?? [];

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('forms.title')}</PageHeading>
          <p className="muted">{t('forms.intro', { election: localized(election.name, locale) })}</p>
        </div>
        {canManage && (
          <div className="header-buttons">
            <button
              type="button"
              className="button button-secondary"
              data-action="import-xlsform"
              onClick={() => setOpened('import')}
            >
              {t('forms.importXlsForm')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-action="create-form"
              onClick={() => setOpened('create')}
            >
              {t('forms.create')}
            </button>
          </div>
        )}
      </header>
      <DemoBanner election={election} />

      <ListView
        query={forms}
        count={items.length}
        empty={
          <EmptyState icon={FORM_ICON} title={t('forms.emptyTitle')}>
            <p>{t('forms.emptyBody')}</p>
          </EmptyState>
        }
      >
        <DataTable
          className="table table-cards table-forms"
          caption={t('forms.caption')}
          columns={columns}
          rows={items}
          rowKey={(form) => form.id}
          rowProps={(form) => ({ 'data-form-code': form.code })}
        />
      </ListView>

      {opened === 'create' && <CreateFormDialog election={election} onClose={() => setOpened(null)} />}
      {opened === 'import' && <ImportXlsFormDialog election={election} onClose={() => setOpened(null)} />}
    </>
  );
}

/** The forms list's columns: title (a link, with code and tags), kind, published version, last change. */
function useFormColumns(): Column<FormSummary>[] {
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatTime = useDateTimeFormat();
  return [
    {
      id: 'title',
      header: t('forms.columns.title'),
      rowHeader: true,
      className: 'cell-primary',
      cell: (form) => (
        <>
          <Link to={`/hq/forms/${encodeURIComponent(form.id)}`} className="fl-title">
            {localized(form.title, locale)}
          </Link>
          <span className="fl-badges">
            <code className="fl-code">{form.code}</code>
            {form.isStandard && <span className="tag">{t('forms.standard')}</span>}
            {form.hasDraft && <span className="tag tag-draft">{t('forms.draft')}</span>}
          </span>
        </>
      ),
    },
    { id: 'kind', header: t('forms.columns.kind'), cell: (form) => t(`forms.kinds.${form.kind}`) },
    {
      id: 'published',
      header: t('forms.columns.published'),
      cell: (form) =>
        form.publishedVersion === null ? (
          <span className="muted">{t('forms.notPublished')}</span>
        ) : (
          <span className="badge badge-ok">{t('forms.versionN', { version: form.publishedVersion })}</span>
        ),
    },
    {
      id: 'updated',
      header: t('forms.columns.updated'),
      className: 'cell-nowrap',
      cell: (form) => formatTime(form.updatedAt),
    },
  ];
}

/** A new form: its code, kind and title, and one empty group to start from; then the designer. */
function CreateFormDialog({ election, onClose }: { election: ElectionDto; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateForm(election.id);
  const [code, setCode] = useState('');
  const [kind, setKind] = useState<FormKind>('custom');
  const [title, setTitle] = useState<LocalizedText>({ ru: '' });
  const [checked, setChecked] = useState(false);

  const codeProblem = !formCodePattern.test(code) ? t('forms.createDialog.codeInvalid') : undefined;
  const titleProblem = title.ru.trim() === '' ? t('forms.createDialog.titleRequired') : undefined;
  const taken = create.error instanceof ApiError && create.error.code === 'conflict';

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (codeProblem || titleProblem) return;
    const definition: FormDefinition = {
      schemaVersion: 1,
      code,
      kind,
      title,
      groups: [
        {
          id: 'group_1',
          title: {
            ru: i18n.getFixedT('ru')('forms.designer.newGroupTitle'),
            kk: i18n.getFixedT('kk')('forms.designer.newGroupTitle'),
            en: i18n.getFixedT('en')('forms.designer.newGroupTitle'),
          },
          questions: [],
        },
      ],
    };
    create.mutate(definition, {
      onSuccess: (response) => navigate(`/hq/forms/${encodeURIComponent(response.form.id)}`),
    });
  }

  return (
    <Dialog title={t('forms.createDialog.title')} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        {!taken && <ProblemAlert error={create.error} />}
        <TextField
          id="form-create-code"
          className="input-mono"
          label={t('forms.fields.code')}
          hint={t('forms.createDialog.codeHint')}
          value={code}
          autoComplete="off"
          spellCheck={false}
          maxLength={64}
          error={taken ? t('forms.createDialog.codeTaken') : checked ? codeProblem : undefined}
          onChange={(event) => setCode(event.target.value.trim().toLowerCase())}
        />
        <SelectField
          id="form-create-kind"
          label={t('forms.fields.kind')}
          value={kind}
          onChange={(event) => setKind(event.target.value as FormKind)}
        >
          {formKinds.map((k) => (
            <option key={k} value={k}>
              {t(`forms.kinds.${k}`)}
            </option>
          ))}
        </SelectField>
        <TextTriple
          id="form-create-title"
          legend={t('forms.fields.title')}
          value={title}
          error={checked ? titleProblem : undefined}
          onChange={setTitle}
        />
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t('forms.createDialog.creating') : t('forms.createDialog.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** An XLSForm workbook becomes a new form's draft; what could not be mapped is listed, never dropped. */
function ImportXlsFormDialog({ election, onClose }: { election: ElectionDto; onClose: () => void }) {
  const { t } = useTranslation();
  const upload = useImportXlsForm(election.id);
  const [file, setFile] = useState<File | null>(null);
  const [checked, setChecked] = useState(false);
  const result: XlsFormImportResponse | undefined = upload.data;
  const notesTitleId = useId();
  // A refused workbook (no question) comes back with the cells that could not be mapped: they say why.
  const refusedCells =
    upload.error instanceof ApiError && upload.error.code === 'xlsform_empty' ? unmappedOf(upload.error.details) : [];

  function submit(event: FormEvent) {
    event.preventDefault();
    setChecked(true);
    if (file) upload.mutate(file);
  }

  if (result) {
    return (
      <Dialog title={t('forms.importDialog.doneTitle')} onClose={onClose}>
        <Alert tone="success">
          <p>{t('forms.importDialog.done', { title: localized(result.form.title, currentLocale()) })}</p>
        </Alert>
        {result.notes.length > 0 && (
          <>
            <h3 id={notesTitleId}>{t('forms.importDialog.notesTitle')}</h3>
            <p className="muted">{t('forms.importDialog.notesIntro')}</p>
            <ul className="fl-notes" data-testid="xlsform-notes" aria-labelledby={notesTitleId}>
              {result.notes.map((n, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the server's list, shown as is
                <li key={i} data-kind={n.kind}>
                  <code className="fl-note-place">{n.sheet}</code>{' '}
                  <span className="fl-note-text">
                    {isNoteKind(n.kind)
                      ? t(`forms.importDialog.notes.${n.kind}`, {
                          value: n.value,
                          target: (questionTypes as readonly string[]).includes(n.target)
                            ? t(`forms.questionTypes.${n.target as (typeof questionTypes)[number]}`)
                            : n.target,
                        })
                      : `${n.kind}: ${n.value} → ${n.target}`}
                  </span>
                </li>
              ))}
            </ul>
          </>
        )}
        {result.unmapped.length === 0 ? (
          <p>{t('forms.importDialog.allMapped')}</p>
        ) : (
          <UnmappedTable unmapped={result.unmapped} intro={t('forms.importDialog.unmappedIntro')} />
        )}
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.close')}
          </button>
          <Link to={`/hq/forms/${encodeURIComponent(result.form.id)}`} className="button button-primary">
            {t('forms.importDialog.openForm')}
          </Link>
        </div>
      </Dialog>
    );
  }

  return (
    <Dialog title={t('forms.importDialog.title')} onClose={onClose}>
      <form className="form" noValidate onSubmit={submit}>
        <ProblemAlert error={upload.error} />
        {refusedCells.length > 0 && <UnmappedTable unmapped={refusedCells} />}
        <p className="muted">{t('forms.importDialog.intro')}</p>
        <div className="field" data-invalid={checked && !file ? 'true' : undefined}>
          <label htmlFor="form-import-file">{t('forms.importDialog.file')}</label>
          <input
            id="form-import-file"
            type="file"
            className="file-input"
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            aria-invalid={checked && !file ? true : undefined}
            aria-describedby={checked && !file ? 'form-import-file-error' : undefined}
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          {checked && !file && (
            <p id="form-import-file-error" className="field-error">
              {t('forms.importDialog.fileRequired')}
            </p>
          )}
        </div>
        <div className="dialog-actions">
          <button type="button" className="button button-quiet" onClick={onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="button button-primary" disabled={upload.isPending}>
            {upload.isPending ? t('forms.importDialog.uploading') : t('forms.importDialog.submit')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type UnmappedCell = XlsFormImportResponse['unmapped'][number];

/** The cells an XLSForm import could not map: where, what, and why; the table scrolls on its own. */
function UnmappedTable({ unmapped, intro }: { unmapped: UnmappedCell[]; intro?: string }) {
  const { t } = useTranslation();
  const titleId = useId();
  return (
    <>
      <h3 id={titleId}>{t('forms.importDialog.unmappedTitle', { count: unmapped.length })}</h3>
      {intro && <p className="muted">{intro}</p>}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
      <section className="table-wrap" tabIndex={0} aria-labelledby={titleId}>
        <table className="table fl-unmapped">
          <thead>
            <tr>
              <th scope="col">{t('forms.importDialog.columns.place')}</th>
              <th scope="col">{t('forms.importDialog.columns.value')}</th>
              <th scope="col">{t('forms.importDialog.columns.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {unmapped.map((u, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the server's list, shown as is
              <tr key={i}>
                <td className="cell-nowrap">
                  {[u.sheet, u.row === undefined ? null : t('forms.importDialog.row', { row: u.row }), u.column ?? null]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
                <td>
                  <code>{u.value ?? t('common.none')}</code>
                </td>
                <td>{isUnmappedReason(u.reason) ? t(`forms.importDialog.reasons.${u.reason}`) : u.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function unmappedOf(details: unknown): UnmappedCell[] {
  const unmapped = (details as { unmapped?: unknown } | undefined)?.unmapped;
  return Array.isArray(unmapped) ? (unmapped as UnmappedCell[]) : [];
}
