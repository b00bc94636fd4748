import {
  can,
  type ElectionDto,
  type Locale,
  type LocalizedText,
  localized,
  NOTE_BODY_MAX,
  NOTE_TITLE_MAX,
  type ReferenceNoteDto,
} from '@pollwatch/core';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert } from '../../components/Alert.tsx';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ListView } from '../../components/ListView.tsx';
import { LocalizedFields } from '../../components/LocalizedFields.tsx';
import { NoteText } from '../../components/NoteText.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { CurrentElectionScreen, DemoBanner } from '../elections/ElectionViews.tsx';
import { useReferenceNotes, useReferenceNoteWrites } from './reference-queries.ts';
import './reference.css';

const NOTE_ICON = 'M12 6h22l6 6v30H12zM33 6v7h7M18 20h16M18 27h16M18 34h10';

/** `/hq/reference`: the short articles observers carry in the field app, in ru, kk and en. */
export function ReferenceNotesPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  useDocumentTitle(t('reference.title'));
  if (!can(me.role, 'reference.manage')) return <NoAccess />;
  return (
    <CurrentElectionScreen title={t('reference.title')}>
      {(election) => <ReferenceBoard election={election} />}
    </CurrentElectionScreen>
  );
}

type Editing = { note: ReferenceNoteDto | null };

function ReferenceBoard({ election }: { election: ElectionDto }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const notes = useReferenceNotes(election.id);
  const writes = useReferenceNoteWrites(election.id);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<ReferenceNoteDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const items = notes.data?.items ?? [];

  function move(index: number, by: -1 | 1) {
    const ids = items.map((n) => n.id);
    const [moved] = ids.splice(index, 1);
    if (!moved) return;
    ids.splice(index + by, 0, moved);
    setNotice(null);
    writes.reorder.mutate(ids);
  }

  function open(note: ReferenceNoteDto | null) {
    setNotice(null);
    writes.create.reset();
    writes.update.reset();
    setEditing({ note });
  }

  return (
    <>
      <header className="page-header page-header-actions">
        <div>
          <PageHeading>{t('reference.title')}</PageHeading>
          <p className="muted">{t('reference.intro', { election: localized(election.name, locale) })}</p>
        </div>
        {!editing && (
          <div className="header-buttons">
            <button type="button" className="button button-primary" data-action="add-note" onClick={() => open(null)}>
              {t('reference.add')}
            </button>
          </div>
        )}
      </header>
      <DemoBanner election={election} />
      {notice && (
        <Alert tone="success">
          <p>{notice}</p>
        </Alert>
      )}
      <ProblemAlert error={writes.reorder.error} />

      {editing && (
        <NoteEditor
          key={editing.note?.id ?? 'new'}
          note={editing.note}
          pending={writes.create.isPending || writes.update.isPending}
          error={editing.note ? writes.update.error : writes.create.error}
          onCancel={() => setEditing(null)}
          onSave={(body) => {
            const done = (saved: { note: ReferenceNoteDto }) => {
              setEditing(null);
              setNotice(
                t(editing.note ? 'reference.saved' : 'reference.created', {
                  title: localized(saved.note.title, locale),
                }),
              );
            };
            if (editing.note) writes.update.mutate({ noteId: editing.note.id, body }, { onSuccess: done });
            else writes.create.mutate(body, { onSuccess: done });
          }}
        />
      )}

      <ListView
        query={notes}
        count={items.length}
        empty={
          editing ? null : (
            <EmptyState icon={NOTE_ICON} title={t('reference.emptyTitle')}>
              <p>{t('reference.emptyBody')}</p>
            </EmptyState>
          )
        }
      >
        <ol className="rn-list">
          {items.map((note, index) => {
            const title = localized(note.title, locale);
            const translated = (['kk', 'en'] as const).filter((l) => note.title[l] || note.body[l]);
            return (
              <li key={note.id} className="card rn-item" data-note-id={note.id}>
                <div className="rn-item-head">
                  <span className="rn-position" aria-hidden="true">
                    {index + 1}
                  </span>
                  <div className="rn-item-title">
                    <h2>{title}</h2>
                    <p className="muted">
                      {t('reference.translations', {
                        languages: translated.length
                          ? translated.map((l) => t(`reference.language.${l}`)).join(', ')
                          : t('reference.noTranslations'),
                      })}
                    </p>
                  </div>
                  <div className="row-actions">
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      disabled={index === 0 || writes.reorder.isPending}
                      aria-label={t('reference.moveUpNamed', { title })}
                      onClick={() => move(index, -1)}
                    >
                      {t('reference.moveUp')}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      disabled={index === items.length - 1 || writes.reorder.isPending}
                      aria-label={t('reference.moveDownNamed', { title })}
                      onClick={() => move(index, 1)}
                    >
                      {t('reference.moveDown')}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-secondary"
                      aria-label={t('reference.editNamed', { title })}
                      onClick={() => open(note)}
                    >
                      {t('reference.edit')}
                    </button>
                    <button
                      type="button"
                      className="button button-small button-quiet"
                      aria-label={t('reference.deleteNamed', { title })}
                      onClick={() => {
                        setNotice(null);
                        writes.remove.reset();
                        setDeleting(note);
                      }}
                    >
                      {t('reference.delete')}
                    </button>
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
      </ListView>

      {deleting && (
        <ConfirmDialog
          title={t('reference.deleteTitle', { title: localized(deleting.title, locale) })}
          confirm={t('reference.deleteConfirm')}
          confirming={t('reference.deleting')}
          pending={writes.remove.isPending}
          error={writes.remove.error}
          onClose={() => setDeleting(null)}
          onConfirm={() =>
            writes.remove.mutate(deleting.id, {
              onSuccess: () => {
                setNotice(t('reference.deleted', { title: localized(deleting.title, locale) }));
                setDeleting(null);
                if (editing?.note?.id === deleting.id) setEditing(null);
              },
            })
          }
        >
          <p>{t('reference.deleteBody')}</p>
        </ConfirmDialog>
      )}
    </>
  );
}

type Draft = Record<Locale, { title: string; body: string }>;

function draftOf(note: ReferenceNoteDto | null): Draft {
  const of = (l: Locale) => ({ title: note?.title[l] ?? '', body: note?.body[l] ?? '' });
  return { ru: of('ru'), kk: of('kk'), en: of('en') };
}

function textOf(draft: Draft, part: 'title' | 'body'): LocalizedText {
  const kk = draft.kk[part].trim();
  const en = draft.en[part].trim();
  return { ru: draft.ru[part].trim(), ...(kk && { kk }), ...(en && { en }) };
}

function NoteEditor({
  note,
  pending,
  error,
  onSave,
  onCancel,
}: {
  note: ReferenceNoteDto | null;
  pending: boolean;
  error: unknown;
  onSave: (body: { title: LocalizedText; body: LocalizedText }) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const previewId = useId();
  const [draft, setDraft] = useState<Draft>(() => draftOf(note));
  const [missing, setMissing] = useState<{ title?: string; body?: string }>({});
  const formRef = useRef<HTMLFormElement>(null);
  const locale = currentLocale();
  const previewText = draft[locale].body.trim() || draft.ru.body;

  function submit(event: FormEvent) {
    event.preventDefault();
    const problems = {
      ...(!draft.ru.title.trim() && { title: t('reference.titleRequired') }),
      ...(!draft.ru.body.trim() && { body: t('reference.bodyRequired') }),
    };
    setMissing(problems);
    if (problems.title || problems.body) {
      formRef.current?.querySelector<HTMLElement>(problems.title ? '#note-ru-title' : '#note-ru-body')?.focus();
      return;
    }
    onSave({ title: textOf(draft, 'title'), body: textOf(draft, 'body') });
  }

  const set = (l: Locale, part: 'title' | 'body', value: string) => {
    setDraft((d) => ({ ...d, [l]: { ...d[l], [part]: value } }));
    if (l === 'ru') setMissing((m) => ({ ...m, [part]: undefined }));
  };

  return (
    <section className="card panel rn-editor" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {note ? t('reference.editTitle', { title: localized(note.title, locale) }) : t('reference.newTitle')}
      </h2>
      <ProblemAlert error={error} />
      <form ref={formRef} className="form" onSubmit={submit} noValidate>
        <p className="field-hint">{t('reference.syntax')}</p>
        <LocalizedFields
          idPrefix="note-title"
          idOf={(l) => `note-${l}-title`}
          legend={t('reference.titleLabel')}
          required={t('reference.ruRequired')}
          label={(l) => t(`reference.language.${l}`)}
          value={{ ru: draft.ru.title, kk: draft.kk.title, en: draft.en.title }}
          maxLength={NOTE_TITLE_MAX}
          error={missing.title}
          classNames={{ group: 'fieldset rn-text' }}
          onChange={(l, value) => set(l, 'title', value)}
        />
        <LocalizedFields
          idPrefix="note-body"
          idOf={(l) => `note-${l}-body`}
          legend={t('reference.bodyLabel')}
          required={t('reference.ruRequired')}
          label={(l) => t(`reference.language.${l}`)}
          value={{ ru: draft.ru.body, kk: draft.kk.body, en: draft.en.body }}
          rows={8}
          maxLength={NOTE_BODY_MAX}
          error={missing.body}
          hint={t('reference.fallback')}
          classNames={{ group: 'fieldset rn-text' }}
          onChange={(l, value) => set(l, 'body', value)}
        />
        <section className="rn-preview" aria-labelledby={previewId}>
          <h3 id={previewId}>{t('reference.preview')}</h3>
          {previewText.trim() ? (
            <NoteText text={previewText} headingLevel={4} />
          ) : (
            <p className="muted">{t('reference.previewEmpty')}</p>
          )}
        </section>
        <div className="form-actions">
          <button type="submit" className="button button-primary" data-action="save-note" disabled={pending}>
            {pending ? t('reference.saving') : t('reference.save')}
          </button>
          <button type="button" className="button button-quiet" onClick={onCancel}>
            {t('reference.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
