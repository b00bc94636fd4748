import { Navigate } from 'react-router';
import { LoadError, Loading } from '../components/StatusViews.tsx';
import { homeFor, useSession, useSetupStatus } from '../session/session-queries.ts';

/** `/`: first run → setup; no session → sign-in; otherwise the user's home. */
export function RootRedirect() {
  const setup = useSetupStatus();
  const session = useSession();
  if (setup.isError) return <CenteredError error={setup.error} onRetry={() => void setup.refetch()} />;
  if (session.isError) return <CenteredError error={session.error} onRetry={() => void session.refetch()} />;
  if (setup.isPending || session.isPending) return <Loading fullPage />;
  if (setup.data.needed) return <Navigate to="/setup" replace />;
  if (!session.data) return <Navigate to="/sign-in" replace />;
  return <Navigate to={homeFor(session.data)} replace />;
}

function CenteredError({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  return (
    <main className="centered">
      <LoadError error={error} onRetry={onRetry} />
    </main>
  );
}
