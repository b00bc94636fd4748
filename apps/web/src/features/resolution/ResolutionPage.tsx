import {
  type Block,
  can,
  type ElectionDto,
  type RecommendationStatus,
  type ResolutionChapter,
  type ResolutionKind,
  type ResolutionSummary,
  type ResolutionTexts,
  type Run,
  recommendationStatuses,
  resolutionChapters,
} from '@pollwatch/core';
import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SelectField, TextAreaField } from '../../components/FormField.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { useDateTimeFormat } from '../../hooks/use-formatters.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { type DocumentLocale, type ResolutionDetail, resolutionApi } from './resolution-api.ts';
import {
  useApproveResolution,
  useCreateResolution,
  useResolution,
  useResolutionDiff,
  useResolutions,
  useSaveTexts,
} from './resolution-queries.ts';

const DOC_ICON = 'M12 6h18l8 8v28H12zM30 6v8h8M18 24h14M18 30h14M18 36h8';

export function ResolutionPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('resolution.title'));
  if (!can(me.role, 'resolution.read')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('resolution.title')}>
      {(election) => (
        <ResolutionBoard
          election={election}
          canManage={can(me.role, 'resolution.manage')}
          canApprove={can(me.role, 'resolution.approve')}
        />
      )}
    </CurrentElectionScreen>
  );
}

function ResolutionBoard({
  election,
  canManage,
  canApprove,
}: {
  election: ElectionDto;
  canManage: boolean;
  canApprove: boolean;
}) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const [params, setParams] = useSearchParams();
  const list = useResolutions(election.id);
  const create = useCreateResolution(election.id);
  const items = list.data?.items ?? [];
  const selectedId = params.get('version') ?? items[0]?.id ?? null;
  const select = (id: string) => {
    const next = new URLSearchParams(params);
    next.set('version', id);
    next.delete('against');
    setParams(next);
  };
  const build = (kind: ResolutionKind) =>
    create.mutate(kind, {
      onSuccess: (created) => select(created.id),
    });

  const columns: Column<ResolutionSummary>[] = [
    {
      id: 'kind',
      header: t('resolution.columns.document'),
      rowHeader: true,
      cell: (r) => `${t(`resolution.kinds.${r.kind}`)}, ${t('resolution.versionN', { n: r.version })}`,
    },
    {
      id: 'status',
      header: t('resolution.columns.status'),
      cell: (r) => (
        <span className={r.status === 'approved' ? 'badge badge-ok' : 'badge'}>
          {t(`resolution.statuses.${r.status}`)}
        </span>
      ),
    },
    { id: 'taken', header: t('resolution.columns.dataAsOf'), cell: (r) => formatTime(r.takenAt) },
    {
      id: 'open',
      header: t('resolution.columns.actions'),
      hiddenHeader: true,
      label: false,
      cell: (r) =>
        r.id === selectedId ? (
          <span className="muted">{t('resolution.shown')}</span>
        ) : (
          <button type="button" className="button button-quiet button-small" onClick={() => select(r.id)}>
            {t('resolution.open')}
          </button>
        ),
    },
  ];

  return (
    <>
      <header className="page-header">
        <PageHeading>{t('resolution.title')}</PageHeading>
        <p className="muted">{t('resolution.intro')}</p>
      </header>
      <DemoBanner election={election} />
      {canManage && (
        <div className="toolbar">
          <button
            type="button"
            className="button button-secondary"
            disabled={create.isPending}
            onClick={() => build('preliminary')}
          >
            {t('resolution.newPreliminary')}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={create.isPending}
            onClick={() => build('final')}
          >
            {create.isPending ? t('resolution.building') : t('resolution.newFinal')}
          </button>
        </div>
      )}
      <ProblemAlert error={create.error} />
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <LoadError error={list.error} onRetry={() => void list.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState icon={DOC_ICON} title={t('resolution.empty.title')}>
          {t('resolution.empty.body')}
        </EmptyState>
      ) : (
        <>
          <section className="card panel" aria-labelledby="resolution-versions">
            <h2 id="resolution-versions">{t('resolution.versions')}</h2>
            <DataTable
              className="table table-cards resolution-versions"
              columns={columns}
              rows={items}
              rowKey={(r) => r.id}
              rowProps={(r) => ({ 'data-status': r.status, 'data-version': r.version, 'data-kind': r.kind })}
            />
          </section>
          {selectedId && (
            <VersionView
              key={selectedId}
              id={selectedId}
              versions={items}
              canManage={canManage}
              canApprove={canApprove}
            />
          )}
        </>
      )}
    </>
  );
}

function VersionView({
  id,
  versions,
  canManage,
  canApprove,
}: {
  id: string;
  versions: ResolutionSummary[];
  canManage: boolean;
  canApprove: boolean;
}) {
  const { t } = useTranslation();
  const formatTime = useDateTimeFormat();
  const ui = currentLocale();
  const [locale, setLocale] = useState<DocumentLocale>(ui === 'kk' || ui === 'en' ? ui : 'ru');
  const [params, setParams] = useSearchParams();
  const against = params.get('against');
  const detail = useResolution(id, locale);
  const approve = useApproveResolution(id);
  const [confirming, setConfirming] = useState(false);
  const localeId = useId();
  const compareId = useId();
  if (detail.isPending) return <Loading />;
  if (detail.isError) return <LoadError error={detail.error} onRetry={() => void detail.refetch()} />;
  const r = detail.data.resolution;
  const others = versions.filter((v) => v.id !== id);
  const draft = r.status === 'draft';

  return (
    <section className="card panel resolution-version" aria-labelledby="resolution-version" data-status={r.status}>
      <h2 id="resolution-version">
        {t(`resolution.kinds.${r.kind}`)}, {t('resolution.versionN', { n: r.version })} —{' '}
        {t(`resolution.statuses.${r.status}`)}
      </h2>
      <dl className="resolution-facts">
        <dt>{t('resolution.columns.dataAsOf')}</dt>
        <dd>{formatTime(r.takenAt)}</dd>
        <dt>{t('resolution.chainHead')}</dt>
        <dd>
          {r.chainHead
            ? t('resolution.chainEntry', { seq: r.chainHead.seq, hash: r.chainHead.hash })
            : t('resolution.noChain')}
        </dd>
        <dt>{t('resolution.snapshotHash')}</dt>
        <dd>
          <code>{r.snapshotHash}</code>
        </dd>
        {r.approvedAt && (
          <>
            <dt>{t('resolution.approvedAt')}</dt>
            <dd>{formatTime(r.approvedAt)}</dd>
          </>
        )}
      </dl>
      <div className="toolbar">
        <SelectField
          id={localeId}
          label={t('resolution.documentLanguage')}
          value={locale}
          onChange={(e) => setLocale(e.target.value as DocumentLocale)}
        >
          <option value="ru">Русский</option>
          <option value="kk">Қазақша</option>
          <option value="en">English</option>
        </SelectField>
        <a className="button button-secondary" href={resolutionApi.documentUrl(id, 'docx', locale)} download>
          {t('resolution.downloadDocx')}
        </a>
        <a className="button button-secondary" href={resolutionApi.documentUrl(id, 'pdf', locale)} download>
          {t('resolution.downloadPdf')}
        </a>
        {draft && canApprove && (
          <button type="button" className="button button-primary" onClick={() => setConfirming(true)}>
            {t('resolution.approve')}
          </button>
        )}
      </div>
      {!draft && <p className="muted">{t('resolution.frozenNote')}</p>}
      {confirming && (
        <ConfirmDialog
          title={t('resolution.approveTitle')}
          confirm={t('resolution.approve')}
          confirming={t('resolution.approving')}
          pending={approve.isPending}
          error={approve.error}
          onConfirm={() => approve.mutate(undefined, { onSuccess: () => setConfirming(false) })}
          onClose={() => setConfirming(false)}
        >
          <p>{t('resolution.approveBody')}</p>
        </ConfirmDialog>
      )}
      {others.length > 0 && (
        <SelectField
          id={compareId}
          label={t('resolution.compareWith')}
          value={against ?? ''}
          onChange={(e) => {
            const next = new URLSearchParams(params);
            if (e.target.value) next.set('against', e.target.value);
            else next.delete('against');
            setParams(next);
          }}
        >
          <option value="">{t('resolution.noCompare')}</option>
          {others.map((v) => (
            <option key={v.id} value={v.id}>
              {t(`resolution.kinds.${v.kind}`)}, {t('resolution.versionN', { n: v.version })}
            </option>
          ))}
        </SelectField>
      )}
      {against && <DiffView id={id} against={against} />}
      {draft && canManage && <TextsEditor detail={detail.data} />}
      <Preview detail={detail.data} />
    </section>
  );
}

function DiffView({ id, against }: { id: string; against: string }) {
  const { t } = useTranslation();
  const diff = useResolutionDiff(id, against);
  if (diff.isPending) return <Loading />;
  if (diff.isError) return <LoadError error={diff.error} onRetry={() => void diff.refetch()} />;
  const d = diff.data;
  return (
    <section className="resolution-diff" aria-labelledby="resolution-diff">
      <h3 id="resolution-diff">{t('resolution.diffTitle', { from: d.from.version, to: d.to.version })}</h3>
      {d.texts.length === 0 && d.figures.length === 0 && <p className="muted">{t('resolution.noChanges')}</p>}
      {d.texts.map((c) => (
        <div key={c.field}>
          <h4>
            {c.field.startsWith('chapter.')
              ? t(`resolution.chapters.${c.field.slice('chapter.'.length) as ResolutionChapter}`)
              : t(`resolution.fields.${c.field as 'recommendations' | 'followUps' | 'conclusions'}`)}
          </h4>
          <ul className="resolution-diff-lines">
            {c.lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines of a diff have no identity but their place
              <li key={i} data-op={l.op} className={`diff-${l.op}`}>
                <span aria-hidden="true">{l.op === 'added' ? '+ ' : l.op === 'removed' ? '− ' : '  '}</span>
                <span className="visually-hidden">{t(`resolution.diffOps.${l.op}`)}</span>
                {l.text}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {d.figures.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
        <section className="table-wrap" tabIndex={0} aria-label={t('resolution.changedFigures')}>
          <table className="table">
            <caption>{t('resolution.changedFigures')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('resolution.figure')}</th>
                <th scope="col">{t('resolution.before')}</th>
                <th scope="col">{t('resolution.after')}</th>
              </tr>
            </thead>
            <tbody>
              {d.figures.slice(0, 200).map((f) => (
                <tr key={f.key} data-key={f.key}>
                  <th scope="row">
                    <code>{f.key}</code>
                  </th>
                  <td>{f.before ?? '—'}</td>
                  <td>{f.after ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </section>
  );
}

function TextsEditor({ detail }: { detail: ResolutionDetail }) {
  const { t } = useTranslation();
  const [texts, setTexts] = useState<ResolutionTexts>(detail.texts);
  const save = useSaveTexts(detail.resolution.id);
  const [saved, setSaved] = useState(false);
  const baseId = useId();
  // A save (or another's) refreshes the version: start from what is stored.
  useEffect(() => setTexts(detail.texts), [detail.texts]);
  const followUp = (recommendationId: string) => texts.followUps.find((f) => f.recommendationId === recommendationId);
  const setFollowUp = (recommendationId: string, patch: { status?: RecommendationStatus; evidence?: string }) => {
    const current = followUp(recommendationId) ?? { recommendationId, status: 'not_addressed' as const, evidence: '' };
    const rest = texts.followUps.filter((f) => f.recommendationId !== recommendationId);
    setTexts({ ...texts, followUps: [...rest, { ...current, ...patch }] });
  };

  return (
    <form
      className="resolution-editor"
      aria-labelledby={`${baseId}-title`}
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        save.mutate({ texts, expectedUpdatedAt: detail.resolution.updatedAt }, { onSuccess: () => setSaved(true) });
      }}
    >
      <h3 id={`${baseId}-title`}>{t('resolution.editorTitle')}</h3>
      <p className="muted">{t('resolution.markdownHint')}</p>
      <ProblemAlert error={save.error} />
      <details>
        <summary>{t('resolution.chapterFindings')}</summary>
        {resolutionChapters.map((c) => (
          <TextAreaField
            key={c}
            id={`${baseId}-chapter-${c}`}
            label={t(`resolution.chapters.${c}`)}
            rows={3}
            maxLength={20_000}
            value={texts.chapters[c] ?? ''}
            onChange={(e) => setTexts({ ...texts, chapters: { ...texts.chapters, [c]: e.target.value } })}
          />
        ))}
      </details>
      <fieldset className="resolution-recommendations">
        <legend>{t('resolution.fields.recommendations')}</legend>
        {texts.recommendations.length === 0 && <p className="muted">{t('resolution.noRecommendations')}</p>}
        <ol>
          {texts.recommendations.map((rec, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a recommendation's number is its place
            <li key={i} data-recommendation={i + 1}>
              <SelectField
                id={`${baseId}-rec-${i}-chapter`}
                label={t('resolution.recommendationChapter', { n: i + 1 })}
                value={rec.chapter}
                onChange={(e) => {
                  const next = [...texts.recommendations];
                  next[i] = { ...rec, chapter: e.target.value as ResolutionChapter };
                  setTexts({ ...texts, recommendations: next });
                }}
              >
                {resolutionChapters.map((c) => (
                  <option key={c} value={c}>
                    {t(`resolution.chapters.${c}`)}
                  </option>
                ))}
              </SelectField>
              <TextAreaField
                id={`${baseId}-rec-${i}-text`}
                label={t('resolution.recommendationText', { n: i + 1 })}
                rows={2}
                maxLength={4000}
                required
                value={rec.text}
                onChange={(e) => {
                  const next = [...texts.recommendations];
                  next[i] = { ...rec, text: e.target.value };
                  setTexts({ ...texts, recommendations: next });
                }}
              />
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => setTexts({ ...texts, recommendations: texts.recommendations.filter((_, k) => k !== i) })}
              >
                {t('resolution.removeRecommendation', { n: i + 1 })}
              </button>
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() =>
            setTexts({ ...texts, recommendations: [...texts.recommendations, { chapter: 'election_day', text: '' }] })
          }
        >
          {t('resolution.addRecommendation')}
        </button>
      </fieldset>
      {detail.earlierRecommendations.length > 0 && (
        <fieldset className="resolution-follow-ups">
          <legend>{t('resolution.fields.followUps')}</legend>
          {detail.earlierRecommendations.map((r) => (
            <div key={r.id} className="resolution-follow-up">
              <p>
                <strong>{r.code}</strong> {r.text}
              </p>
              <SelectField
                id={`${baseId}-fu-${r.id}-status`}
                label={t('resolution.followUpStatus', { code: r.code })}
                value={followUp(r.id)?.status ?? ''}
                onChange={(e) => setFollowUp(r.id, { status: e.target.value as RecommendationStatus })}
              >
                <option value="" disabled>
                  {t('resolution.notAssessed')}
                </option>
                {recommendationStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`resolution.followUpStatuses.${s}`)}
                  </option>
                ))}
              </SelectField>
              <TextAreaField
                id={`${baseId}-fu-${r.id}-evidence`}
                label={t('resolution.followUpEvidence', { code: r.code })}
                rows={2}
                maxLength={4000}
                value={followUp(r.id)?.evidence ?? ''}
                onChange={(e) => setFollowUp(r.id, { evidence: e.target.value })}
              />
            </div>
          ))}
        </fieldset>
      )}
      <TextAreaField
        id={`${baseId}-conclusions`}
        label={t('resolution.fields.conclusions')}
        rows={6}
        maxLength={50_000}
        value={texts.conclusions}
        onChange={(e) => setTexts({ ...texts, conclusions: e.target.value })}
      />
      <div className="toolbar">
        <button type="submit" className="button button-primary" disabled={save.isPending}>
          {save.isPending ? t('resolution.saving') : t('resolution.save')}
        </button>
        {saved && !save.isPending && (
          <output className="muted" aria-live="polite">
            {t('resolution.saved')}
          </output>
        )}
      </div>
    </form>
  );
}

function RunsView({ runs }: { runs: readonly Run[] }) {
  return (
    <>
      {runs.map((r, i) =>
        // Text nodes only: whatever the HQ typed (tags included) is shown as typed, never parsed.
        r.bold ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs have no identity but their place
          <strong key={i}>{r.text}</strong>
        ) : r.italic ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs have no identity but their place
          <em key={i}>{r.text}</em>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: runs have no identity but their place
          <span key={i}>{r.text}</span>
        ),
      )}
    </>
  );
}

function BlockView({ block }: { block: Block }) {
  switch (block.type) {
    case 'heading':
      return block.level === 1 ? <h3>{block.text}</h3> : <h4>{block.text}</h4>;
    case 'paragraph':
      return (
        <p>
          <RunsView runs={block.runs} />
        </p>
      );
    case 'list': {
      const items = block.items.map((item, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: list items have no identity but their place
        <li key={i}>
          <RunsView runs={item} />
        </li>
      ));
      return block.ordered ? <ol>{items}</ol> : <ul>{items}</ul>;
    }
    case 'figures':
      return (
        <dl className="resolution-figures">
          {block.items.map((f) => (
            <div key={f.key} data-figure={f.key}>
              <dt>{f.label}</dt>
              <dd>{f.value}</dd>
            </div>
          ))}
        </dl>
      );
    case 'table':
      return <TableView table={block} />;
  }
}

function TableView({ table }: { table: Extract<Block, { type: 'table' }> }) {
  const captionId = useId();
  // A wide table scrolls sideways: the region takes the keyboard focus so it can be scrolled.
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
    <section className="table-wrap" tabIndex={0} aria-labelledby={captionId}>
      <table className="table resolution-table">
        <caption id={captionId}>{table.caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <tr key={i}>
              {row.map((cell, k) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={k} className={table.numeric[k] ? 'numeric' : undefined}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

const ANNEX_PREVIEW = 100;

function Preview({ detail }: { detail: ResolutionDetail }) {
  const { t } = useTranslation();
  const doc = detail.document;
  const annex = { ...doc.annex, rows: doc.annex.rows.slice(0, ANNEX_PREVIEW) };
  return (
    <article className="resolution-preview" aria-labelledby="resolution-preview-title" lang={doc.locale}>
      <h3 id="resolution-preview-title" className="resolution-doc-title">
        {doc.title}
      </h3>
      <p className="resolution-doc-subtitle">{doc.subtitle}</p>
      <ul className="muted resolution-provenance">
        {doc.provenance.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {doc.blocks.map((b, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: blocks are positional
        <BlockView key={i} block={b} />
      ))}
      <TableView table={annex} />
      {doc.annex.rows.length > ANNEX_PREVIEW && (
        <p className="muted">{t('resolution.annexMore', { shown: ANNEX_PREVIEW, total: doc.annex.rows.length })}</p>
      )}
    </article>
  );
}
