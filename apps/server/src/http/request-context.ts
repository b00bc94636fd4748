import type { RouteAccess } from '@pollwatch/core';
import type { Actor } from '../auth/actor.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in user's actor, or null. */
    actor: Actor | null;
    sessionTokenHash: string | null;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export const SESSION_COOKIE = 'pw_session';

export function requireActor(actor: Actor | null): Actor {
  // The access hook guarantees this on non-public routes; reaching here without one is a bug.
  if (!actor) throw new Error('route declared signed-in access but has no actor');
  return actor;
}
