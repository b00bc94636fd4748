import { accessFor, can, type RouteAccess } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/auth.service.ts';
import { sendError } from './error-handler.ts';
import { SESSION_COOKIE } from './request-context.ts';

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every route must appear in core's route-access table; registering one that does not stops the
 * server at start-up. HEAD follows its GET; plugin routes (docs, static files) use their prefix's
 * wildcard entry.
 */
export function declaredAccess(method: string, url: string): RouteAccess | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  const exact = accessFor(m, url);
  if (exact) return exact;
  const parts = url.split('/');
  // Stops before the root: '/*' matches only the static-files route itself, never a forgotten one.
  for (let i = parts.length - 1; i >= 2; i--) {
    const wildcard = accessFor(m, `${parts.slice(0, i).join('/')}/*`);
    if (wildcard) return wildcard;
  }
  return undefined;
}

export function installRouteAccessCheck(app: FastifyInstance, registered: string[]): void {
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      const access = declaredAccess(method, route.url);
      if (!access) throw new Error(`route ${method} ${route.url} has no entry in packages/core route-access`);
      route.config = { ...(route.config as object), access };
      registered.push(`${method} ${route.url}`);
    }
  });
}

/** Rejects cross-site writes: an unsafe request from a browser must come from our own origin. */
function originAllowed(request: FastifyRequest, publicUrl: string | undefined): boolean {
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return false;
  if (!origin) {
    // Browsers send Origin on every unsafe request; a cookie without one is not a browser we trust.
    return !request.cookies[SESSION_COOKIE];
  }
  if (origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (publicUrl && url.host === new URL(publicUrl).host) return true;
  // Compare as URLs so that an explicit default port (Host: example.org:80) still matches.
  const sameHost = (host: string | string[] | undefined) => {
    if (typeof host !== 'string') return false;
    try {
      return new URL(`${url.protocol}//${host}`).host === url.host;
    } catch {
      return false;
    }
  };
  return sameHost(request.headers.host) || sameHost(request.headers['x-forwarded-host']);
}

export function installSessionAndAccess(
  app: FastifyInstance,
  deps: { auth: AuthService; store: Store; now: () => Date; publicUrl: string | undefined },
): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (UNSAFE.has(request.method) && !originAllowed(request, deps.publicUrl)) {
      return sendError(reply, 'csrf_rejected', 'cross-site request refused');
    }
    const token = request.cookies[SESSION_COOKIE];
    if (token) {
      const found = await deps.auth.userForToken(token);
      if (found) {
        request.actor = { user: found.user, audited: false };
        request.sessionTokenHash = found.tokenHash;
      }
    }
    const access = request.routeOptions.config.access;
    if (access === undefined || access === 'public') return;
    if (!request.actor) return sendError(reply, 'unauthenticated', 'sign in first');
    if (access === 'signed-in' || can(request.actor.user.role, access)) return;
    // Refusals of staff routes are evidence too: who tried what.
    await deps.store.audit.append(
      {
        actorId: request.actor.user.id,
        action: 'access.refused',
        outcome: 'refused',
        details: { route: `${request.method} ${request.routeOptions.url}`, permission: access },
      },
      deps.now(),
    );
    return sendError(reply, 'forbidden', `your role may not ${access}`);
  });

  // Safety net: a successful write by a signed-in user that recorded no audit entry gets a generic one.
  app.addHook('onResponse', async (request, reply) => {
    const actor = request.actor;
    if (!actor || actor.audited || !UNSAFE.has(request.method) || reply.statusCode >= 400) return;
    if (request.routeOptions.config.readOnly) return;
    const params = request.params as Record<string, unknown> | undefined;
    await deps.store.audit.append(
      {
        actorId: actor.user.id,
        action: 'request.write',
        entityId: typeof params?.id === 'string' ? params.id : null,
        details: { route: `${request.method} ${request.routeOptions.url}`, status: reply.statusCode },
      },
      deps.now(),
    );
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that writes nothing (a dry run): the audit safety net leaves it alone. */
    readOnly?: boolean;
  }
}
