import { localized } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { NoteText } from '../../components/NoteText.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { Loading } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { packElections } from './pack.ts';
import { useField } from './use-field.ts';

/** `/app/reference`: the HQ's notes for observers, read from the cached pack (works offline). */
export function FieldReferencePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('field.referenceTitle'));
  const { pack } = useField();
  const locale = currentLocale();
  const notes = pack.pack?.referenceNotes ?? [];
  const elections = pack.pack ? packElections(pack.pack) : [];
  // Two elections on one day: each election's notes under its name.
  const groups =
    elections.length > 1
      ? elections
          .map((election) => ({ election, notes: notes.filter((n) => n.electionId === election.id) }))
          .filter((g) => g.notes.length > 0)
      : [{ election: undefined, notes }];

  return (
    <>
      <PageHeading>{t('field.referenceTitle')}</PageHeading>
      {!pack.pack && pack.loading ? (
        <Loading />
      ) : !pack.pack ? (
        <p className="muted">{t('field.noPack')}</p>
      ) : notes.length === 0 ? (
        <p className="muted">{t('field.referenceEmpty')}</p>
      ) : (
        <>
          <p className="muted">{t('field.referenceIntro')}</p>
          {groups.map((group) => (
            <section key={group.election?.id ?? 'all'} className="fa-section">
              {group.election && <h2>{localized(group.election.name, locale)}</h2>}
              <div className="fa-notes">
                {group.notes.map((note) => (
                  <details key={note.id} className="fa-note" data-note-id={note.id}>
                    <summary>{localized(note.title, locale)}</summary>
                    <NoteText text={localized(note.body, locale)} />
                  </details>
                ))}
              </div>
            </section>
          ))}
        </>
      )}
    </>
  );
}
