import type { FastifyReply, FastifyRequest } from 'fastify';
import { DEVICE_COOKIE, DEVICE_COOKIE_DAYS } from '../auth/device-cookies.ts';
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

/**
 * The device cookie (see `auth/device-cookies.ts`): sent only to the sign-in route, for a year, so
 * that this browser is not locked out with strangers who guess the account's password.
 */
export function setDeviceCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  policy: CookiePolicy,
  value: string,
): void {
  const secure = policy.publicUrl ? policy.publicUrl.startsWith('https:') : request.protocol === 'https';
  reply.setCookie(DEVICE_COOKIE, value, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/api/v1/auth/sign-in',
    maxAge: DEVICE_COOKIE_DAYS * 24 * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
