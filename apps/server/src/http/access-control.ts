import { accessFor, can, type RouteAccess } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthService } from '../auth/auth.service.ts';
import { OutOfScopeError } from '../auth/out-of-scope.ts';
import { boundedMemo } from './bounded-memo.ts';
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
function originAllowed(request: FastifyRequest, judge: (key: string) => boolean): boolean {
  const origin = request.headers.origin;
  const fetchSite = request.headers['sec-fetch-site'];
  if (fetchSite === 'cross-site') return false;
  if (!origin) {
    // Browsers send Origin on every unsafe request; a cookie without one is not a browser we trust.
    return !request.cookies[SESSION_COOKIE];
  }
  const host = request.headers.host;
  const forwarded = request.headers['x-forwarded-host'];
  // Three URL parses per write, for the same few values all day: judged once per combination.
  return judge(`${origin}\n${typeof host === 'string' ? host : ''}\n${typeof forwarded === 'string' ? forwarded : ''}`);
}

/** Whether `origin` names this server: the public URL's host, the Host header or X-Forwarded-Host. */
function sameOrigin(publicUrl: string | undefined) {
  const publicHost = publicUrl ? new URL(publicUrl).host : undefined;
  return (key: string): boolean => {
    const [origin = '', host = '', forwarded = ''] = key.split('\n');
    if (origin === 'null') return false;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (publicHost && url.host === publicHost) return true;
    // Compare as URLs so that an explicit default port (Host: example.org:80) still matches.
    const sameHost = (candidate: string) => {
      if (!candidate) return false;
      try {
        return new URL(`${url.protocol}//${candidate}`).host === url.host;
      } catch {
        return false;
      }
    };
    return sameHost(host) || sameHost(forwarded);
  };
}

export function installSessionAndAccess(
  app: FastifyInstance,
  deps: { auth: AuthService; store: Store; now: () => Date; publicUrl: string | undefined },
): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionTokenHash', null);

  const judgeOrigin = boundedMemo(sameOrigin(deps.publicUrl), 1000);
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (UNSAFE.has(request.method) && !originAllowed(request, judgeOrigin)) {
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

  // A record outside the actor's area answered 404 like a missing one; the attempt is evidence.
  app.addHook('onError', async (request, _reply, error) => {
    if (!(error instanceof OutOfScopeError) || !request.actor) return;
    await deps.store.audit.append(
      {
        actorId: request.actor.user.id,
        action: 'access.out_of_scope',
        outcome: 'refused',
        entityType: error.entityType,
        entityId: error.entityId,
        details: { route: `${request.method} ${request.routeOptions.url}` },
      },
      deps.now(),
    );
  });

  // Safety net: a successful write by a signed-in user that recorded no audit entry gets a generic one.
  // Written before the reply goes out (onSend), so whoever reads the log after the response finds
  // it. A plain callback, not an async hook: every other request (every read, and the ingest path,
  // whose report revisions are their own hash-chained trail and mark the actor audited) passes
  // through without a promise or a database round trip.
  app.addHook('onSend', (request, reply, payload, done) => {
    const actor = request.actor;
    if (
      !actor ||
      actor.audited ||
      !UNSAFE.has(request.method) ||
      reply.statusCode >= 400 ||
      request.routeOptions.config.readOnly
    ) {
      done(null, payload);
      return;
    }
    const params = request.params as Record<string, unknown> | undefined;
    deps.store.audit
      .append(
        {
          actorId: actor.user.id,
          action: 'request.write',
          entityId: typeof params?.id === 'string' ? params.id : null,
          details: { route: `${request.method} ${request.routeOptions.url}`, status: reply.statusCode },
        },
        deps.now(),
      )
      .then(
        () => done(null, payload),
        // The write itself succeeded: its reply still goes out; the failure is logged (its name only).
        (error: unknown) => {
          request.log.error({ err: { name: (error as Error).name } }, 'generic audit entry not written');
          done(null, payload);
        },
      );
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** A POST that writes nothing (a dry run): the audit safety net leaves it alone. */
    readOnly?: boolean;
  }
}
