import {
  can,
  checkFormDefinition,
  type FormDefinition,
  type FormDefinitionProblem,
  type FormDetail,
  localized,
} from '@pollwatch/core';
import { useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { ExpressionField, TextTriple } from './DesignerFields.tsx';
import { FormPreview } from './FormPreview.tsx';
import {
  addGroup,
  addQuestion,
  type EditorModel,
  fromDefinition,
  type GroupItem,
  mapGroup,
  mapQuestion,
  moveGroup,
  moveQuestion,
  problemPlace,
  problemsAt,
  removeGroup,
  removeQuestion,
  toDefinition,
} from './form-editor.ts';
import { useFormDetail, usePublish, useSaveDraft } from './forms-queries.ts';
import { definitionProblemText } from './problem-messages.ts';
import { icons, QuestionEditor, ToolButton } from './QuestionEditor.tsx';
import './forms.css';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { HqNotFound } from '../../shell/NotFoundPage.tsx';
import { AddQuestion } from './AddQuestion.tsx';
import { ProblemSummary } from './ProblemSummary.tsx';
import { VersionHistory } from './VersionHistory.tsx';

/** `/hq/forms/:id`: edit the draft (or start one from the published version), preview, publish. */
export function FormDesignerPage() {
  const me = useStaffUser();
  if (!can(me.role, 'forms.read')) return <NoAccess />;
  return <FormDesignerScreen canManage={can(me.role, 'forms.manage')} />;
}

function FormDesignerScreen({ canManage }: { canManage: boolean }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const detail = useFormDetail(id);
  useDocumentTitle(t('forms.designer.title'));
  if (detail.isPending) return <Loading />;
  if (detail.isError) {
    if (detail.error instanceof ApiError && detail.error.status === 404) return <HqNotFound />;
    return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  }
  if (detail.data.versions.length === 0) return <HqNotFound />;
  return <FormDesigner key={detail.data.form.id} detail={detail.data} canManage={canManage} />;
}

/** Several languages' texts for a new group, from the locale files (the form is written in all three). */
function useGroupTitle() {
  const { i18n } = useTranslation();
  return () => ({
    ru: i18n.getFixedT('ru')('forms.designer.newGroupTitle'),
    kk: i18n.getFixedT('kk')('forms.designer.newGroupTitle'),
    en: i18n.getFixedT('en')('forms.designer.newGroupTitle'),
  });
}

function FormDesigner({ detail, canManage }: { detail: FormDetail; canManage: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const formatTime = useDateTimeFormat();
  const groupTitle = useGroupTitle();
  const latest = detail.versions[0];
  const [model, setModel] = useState<EditorModel>(() => fromDefinition(latest?.definition as FormDefinition));
  const [baseline, setBaseline] = useState(() => JSON.stringify(toDefinition(model)));
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const [notice, setNotice] = useState<string | null>(null);
  const [deleting, setDeleting] = useState<GroupItem | null>(null);
  const save = useSaveDraft(detail.form.id);
  const publish = usePublish(detail.form.id);
  const publishWhyId = useId();

  const definition = useMemo(() => toDefinition(model), [model]);
  const problems = useMemo(() => checkFormDefinition(definition), [definition]);
  const json = useMemo(() => JSON.stringify(definition), [definition]);
  const dirty = json !== baseline;
  const latestPublished = latest?.status === 'published';
  const nothingToPublish = latestPublished && !dirty;
  const busy = save.isPending || publish.isPending;

  // Leaving the page with unsaved changes asks first (a reload or a closed tab).
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const update = (fn: (m: EditorModel) => EditorModel) => {
    setNotice(null);
    setModel(fn);
  };
  const toggle = (key: string) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });

  function onSave() {
    publish.reset();
    save.mutate(definition, {
      onSuccess: (response) => {
        setBaseline(json);
        setNotice(t('forms.designer.saved', { version: response.version.version }));
      },
    });
  }

  function onPublish() {
    save.reset();
    publish.mutate(dirty ? definition : null, {
      onSuccess: (response) => {
        setBaseline(json);
        setNotice(t('forms.designer.published', { version: response.version.version }));
      },
    });
  }

  const serverProblems =
    publish.error instanceof ApiError && publish.error.code === 'form_invalid'
      ? ((publish.error.details as { problems?: FormDefinitionProblem[] } | undefined)?.problems ?? [])
      : [];

  let status: string;
  if (dirty) {
    status = latestPublished
      ? t('forms.designer.statusUnsavedNew', { version: (latest?.version ?? 0) + 1 })
      : t('forms.designer.statusUnsaved', { version: latest?.version ?? 1 });
  } else if (latestPublished) {
    status = t('forms.designer.statusPublished', { version: latest?.version ?? 1 });
  } else {
    status = t('forms.designer.statusDraft', { version: latest?.version ?? 1 });
  }

  let publishWhy: string | null = null;
  if (problems.length > 0) publishWhy = t('forms.designer.publishBlocked', { count: problems.length });
  else if (nothingToPublish) publishWhy = t('forms.designer.nothingToPublish');

  let questionNumber = 0;
  const title = localized(definition.title ?? { ru: '' }, locale) || detail.form.code;

  return (
    <>
      <header className="page-header page-header-actions fd-header">
        <div>
          <p className="back-link">
            <Link to="/hq/forms">{t('forms.designer.back')}</Link>
          </p>
          <PageHeading>{title}</PageHeading>
          <p className="badges fd-status">
            <span className="tag">{t(`forms.kinds.${detail.form.kind}`)}</span>
            {detail.form.isStandard && <span className="tag">{t('forms.standard')}</span>}
            {detail.form.publishedVersion !== null && (
              <span className="badge badge-ok">
                {t('forms.publishedVersion', { version: detail.form.publishedVersion })}
              </span>
            )}
            <span className="fd-status-text" data-testid="designer-status">
              {status}
            </span>
          </p>
        </div>
        {canManage && (
          <div className="header-buttons">
            <button
              type="button"
              className="button button-secondary"
              data-action="save"
              disabled={busy || !dirty}
              onClick={onSave}
            >
              {save.isPending ? t('forms.designer.saving') : t('forms.designer.save')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-action="publish"
              disabled={busy || publishWhy !== null}
              aria-describedby={publishWhy ? publishWhyId : undefined}
              onClick={onPublish}
            >
              {publish.isPending ? t('forms.designer.publishing') : t('forms.designer.publish')}
            </button>
          </div>
        )}
      </header>

      {canManage && publishWhy && (
        <p id={publishWhyId} className="fd-publish-why muted">
          {publishWhy}
        </p>
      )}
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <ProblemAlert error={save.error} />
      {publish.error && serverProblems.length === 0 && <ProblemAlert error={publish.error} />}
      {serverProblems.length > 0 && (
        <Alert>
          <p>{t('errors.form_invalid')}</p>
          <ul className="problem-list">
            {serverProblems.map((p) => (
              <li key={`${p.path}-${p.code}`}>{definitionProblemText(t, p)}</li>
            ))}
          </ul>
        </Alert>
      )}
      {!canManage && (
        <Alert tone="info">
          <p>{t('forms.designer.readOnly')}</p>
        </Alert>
      )}

      <div className="fd-container">
        <p className="fd-jump">
          <a href="#fd-preview">{t('forms.designer.toPreview')}</a>
        </p>
        <div className="fd-layout">
          <div className="fd-editor">
            <fieldset className="fd-unstyled" disabled={!canManage}>
              <legend className="visually-hidden">{t('forms.designer.editorLegend')}</legend>
              <section className="panel fd-form" aria-labelledby="fd-form-title">
                <h2 id="fd-form-title" className="fd-heading">
                  {t('forms.designer.formSection')}
                </h2>
                <dl className="summary fd-form-summary">
                  <div>
                    <dt>{t('forms.fields.code')}</dt>
                    <dd>
                      <code>{definition.code}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('forms.fields.kind')}</dt>
                    <dd>{t(`forms.kinds.${definition.kind}`)}</dd>
                  </div>
                  {(definition.checks?.length ?? 0) > 0 && (
                    <div>
                      <dt>{t('forms.fields.checks')}</dt>
                      <dd>{t('forms.designer.checksKept', { count: definition.checks?.length ?? 0 })}</dd>
                    </div>
                  )}
                </dl>
                <TextTriple
                  id="fd-form-title-text"
                  legend={t('forms.fields.title')}
                  value={definition.title}
                  error={problems
                    .filter((p) => p.path === 'title')
                    .map((p) => definitionProblemText(t, p))
                    .join(' ')}
                  onChange={(next) => update((m) => ({ ...m, form: { ...m.form, title: next } }))}
                />
              </section>

              <ProblemSummary
                problems={problems}
                model={model}
                onReveal={(key) => setExpanded((s) => new Set(s).add(key))}
              />

              {model.groups.map((item, g) => {
                const groupProblems = problemsAt(problems, g, null);
                const groupError = (field: string) =>
                  groupProblems
                    .filter((p) => problemPlace(p).field === field)
                    .map((p) => definitionProblemText(t, p))
                    .join(' ') || undefined;
                const groupName = localized(item.group.title ?? { ru: '' }, locale) || item.group.id;
                const headingId = `${item.key}-heading`;
                return (
                  <section
                    key={item.key}
                    id={item.key}
                    className="panel fd-group"
                    aria-labelledby={headingId}
                    tabIndex={-1}
                  >
                    <div className="fd-group-head">
                      <h2 id={headingId} className="fd-heading">
                        <span className="fd-group-number">{t('forms.designer.groupN', { n: g + 1 })}</span> {groupName}
                      </h2>
                      <div className="fd-tools">
                        <ToolButton
                          label={t('forms.designer.moveGroupUp', { name: groupName })}
                          icon={icons.UP}
                          disabled={g === 0}
                          onClick={() => update((m) => moveGroup(m, item.key, -1))}
                        />
                        <ToolButton
                          label={t('forms.designer.moveGroupDown', { name: groupName })}
                          icon={icons.DOWN}
                          disabled={g === model.groups.length - 1}
                          onClick={() => update((m) => moveGroup(m, item.key, 1))}
                        />
                        <ToolButton
                          label={t('forms.designer.removeGroup', { name: groupName })}
                          icon={icons.REMOVE}
                          onClick={() =>
                            item.questions.length === 0 ? update((m) => removeGroup(m, item.key)) : setDeleting(item)
                          }
                        />
                      </div>
                    </div>
                    <div className="field-row">
                      <TextField
                        id={`${item.key}-id`}
                        data-field="group.id"
                        className="input-mono"
                        label={t('forms.fields.id')}
                        value={item.group.id}
                        autoComplete="off"
                        spellCheck={false}
                        error={groupError('id')}
                        onChange={(event) =>
                          update((m) =>
                            mapGroup(m, item.key, (x) => ({ ...x, group: { ...x.group, id: event.target.value } })),
                          )
                        }
                      />
                      <label className="checkbox fd-repeatable">
                        <input
                          type="checkbox"
                          data-field="repeatable"
                          checked={item.group.repeatable === true}
                          onChange={(event) =>
                            update((m) =>
                              mapGroup(m, item.key, (x) => {
                                const { repeatable: _, ...rest } = x.group;
                                return { ...x, group: event.target.checked ? { ...rest, repeatable: true } : rest };
                              }),
                            )
                          }
                        />
                        <span>{t('forms.fields.repeatable')}</span>
                      </label>
                    </div>
                    <TextTriple
                      id={`${item.key}-title`}
                      legend={t('forms.fields.groupTitle')}
                      value={item.group.title}
                      error={groupError('title')}
                      onChange={(next) =>
                        update((m) => mapGroup(m, item.key, (x) => ({ ...x, group: { ...x.group, title: next } })))
                      }
                    />
                    <ExpressionField
                      id={`${item.key}-relevant`}
                      field="group.relevant"
                      label={t('forms.fields.groupRelevant')}
                      value={item.group.relevant}
                      problems={groupProblems.filter((p) => problemPlace(p).field === 'relevant')}
                      onChange={(value) =>
                        update((m) =>
                          mapGroup(m, item.key, (x) => {
                            const { relevant: _, ...rest } = x.group;
                            return { ...x, group: value === '' ? rest : { ...rest, relevant: value } };
                          }),
                        )
                      }
                    />
                    {groupError('questions') && <p className="field-error">{groupError('questions')}</p>}
                    {item.questions.length > 0 && (
                      <ol className="fd-question-list">
                        {item.questions.map((q, qi) => {
                          questionNumber += 1;
                          return (
                            <QuestionEditor
                              key={q.key}
                              idPrefix={q.key}
                              question={q.question}
                              number={questionNumber}
                              problems={problemsAt(problems, g, qi)}
                              expanded={expanded.has(q.key)}
                              onToggle={() => toggle(q.key)}
                              onChange={(next) => update((m) => mapQuestion(m, q.key, () => next))}
                              onMove={(delta) => update((m) => moveQuestion(m, q.key, delta))}
                              onRemove={() => update((m) => removeQuestion(m, q.key))}
                              first={qi === 0}
                              last={qi === item.questions.length - 1}
                            />
                          );
                        })}
                      </ol>
                    )}
                    <AddQuestion
                      groupKey={item.key}
                      groupName={groupName}
                      onAdd={(type) => {
                        const next = addQuestion(model, item.key, type);
                        const added = next.groups.find((x) => x.key === item.key)?.questions.at(-1)?.key;
                        setNotice(null);
                        setModel(next);
                        // The new question opens for editing.
                        if (added) setExpanded((s) => new Set(s).add(added));
                      }}
                    />
                  </section>
                );
              })}
              <div className="fd-add-group">
                <button
                  type="button"
                  className="button button-secondary"
                  data-action="add-group"
                  onClick={() => update((m) => addGroup(m, groupTitle()))}
                >
                  {t('forms.designer.addGroup')}
                </button>
              </div>
            </fieldset>

            <VersionHistory detail={detail} formatTime={formatTime} />
          </div>
          <aside className="fd-side" id="fd-preview" tabIndex={-1} aria-label={t('forms.preview.title')}>
            <FormPreview form={definition} />
          </aside>
        </div>
      </div>

      {deleting && (
        <ConfirmDialog
          title={t('forms.designer.removeGroupTitle', {
            name: localized(deleting.group.title ?? { ru: '' }, locale) || deleting.group.id,
          })}
          confirm={t('forms.designer.removeGroupConfirm')}
          confirming={t('forms.designer.removeGroupConfirm')}
          pending={false}
          error={null}
          onClose={() => setDeleting(null)}
          onConfirm={() => {
            update((m) => removeGroup(m, deleting.key));
            setDeleting(null);
          }}
        >
          <p>{t('forms.designer.removeGroupBody', { count: deleting.questions.length })}</p>
        </ConfirmDialog>
      )}
    </>
  );
}
