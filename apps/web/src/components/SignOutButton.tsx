import { useTranslation } from 'react-i18next';
import { useSignOut } from '../session/session-queries.ts';

/** "Sign out" in the console's account tools and in the observer app's header. */
export function SignOutButton() {
  const { t } = useTranslation();
  const signOut = useSignOut();
  return (
    <button type="button" className="button button-quiet" onClick={() => signOut.mutate()} disabled={signOut.isPending}>
      {signOut.isPending ? t('common.signingOut') : t('common.signOut')}
    </button>
  );
}
