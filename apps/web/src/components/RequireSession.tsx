import type { UserDto } from '@pollwatch/core';
import type { ReactNode } from 'react';
import { Navigate } from 'react-router';
import { useSession } from '../session/session-queries.ts';
import { LoadError, Loading } from './StatusViews.tsx';

interface RequireSessionProps {
  /** Who the shell is for: staff use the console (`/hq`), observers the field app (`/app`). */
  audience: 'staff' | 'observer';
  children: (user: UserDto) => ReactNode;
}

/** Renders the shell for a signed-in user it is meant for; sends everyone else where they belong. */
export function RequireSession({ audience, children }: RequireSessionProps) {
  const session = useSession();
  if (session.isPending) return <Loading fullPage />;
  if (session.isError) {
    return (
      <main className="centered">
        <LoadError error={session.error} onRetry={() => void session.refetch()} />
      </main>
    );
  }
  if (!session.data) return <Navigate to="/sign-in" replace />;
  const observer = session.data.role === 'observer';
  if (observer !== (audience === 'observer')) return <Navigate to={observer ? '/app' : '/hq'} replace />;
  return children(session.data);
}
