import { useTranslation } from 'react-i18next';
import { EmptyState } from '../components/EmptyState.tsx';
import { PageHeading } from '../components/PageHeading.tsx';
import { useDocumentTitle } from '../hooks/use-document-title.ts';
import { useObserverUser } from './ObserverLayout.tsx';

/** A map pin: where the observer will be sent. */
const STATION_ICON = 'M24 42s-13-12.4-13-22a13 13 0 0 1 26 0c0 9.6-13 22-13 22zM24 25a5 5 0 1 0 0-10 5 5 0 0 0 0 10z';

/** `/app`: the observer's landing page until the field app arrives. */
export function ObserverHomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('roles.observer'));
  const user = useObserverUser();
  return (
    <>
      <PageHeading className="field-greeting">{t('observer.greeting', { name: user.displayName })}</PageHeading>
      <p className="muted">{t('roles.observer')}</p>
      <EmptyState icon={STATION_ICON} title={t('observer.emptyTitle')}>
        <p>{t('observer.emptyBody')}</p>
      </EmptyState>
    </>
  );
}
