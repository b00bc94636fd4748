import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../hooks/use-document-title.ts';

export function NoAccess() {
  const { t } = useTranslation();
  useDocumentTitle(t('noAccess.title'));
  return (
    <section className="empty-state">
      <h1>{t('noAccess.title')}</h1>
      <p>{t('noAccess.body')}</p>
    </section>
  );
}
