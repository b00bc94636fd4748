import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './request-context.ts';

export interface CookiePolicy {
  publicUrl: string | undefined;
}

/** HttpOnly, SameSite=Lax; Secure whenever the site is reached over HTTPS. */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  token: string,
  expiresAt: Date,
): void {
  const secure = policy.publicUrl ? policy.publicUrl.startsWith('https:') : request.protocol === 'https';
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
