import { useTranslation } from 'react-i18next';
import { PageHeading } from '../components/PageHeading.tsx';
import { useDocumentTitle } from '../hooks/use-document-title.ts';

export function NoAccess() {
  const { t } = useTranslation();
  useDocumentTitle(t('noAccess.title'));
  return (
    <section className="empty-state">
      <PageHeading>{t('noAccess.title')}</PageHeading>
      <p>{t('noAccess.body')}</p>
    </section>
  );
}
