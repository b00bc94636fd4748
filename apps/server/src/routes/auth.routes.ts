import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorResponseSchema,
  InviteSignInBodySchema,
  SessionResponseSchema,
  SetupBodySchema,
  SetupStatusSchema,
  SignInBodySchema,
} from '@pollwatch/core';
import { toUserDto } from '../accounts/user-dto.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { DEVICE_COOKIE } from '../auth/device-cookies.ts';
import { type CookiePolicy, clearSessionCookie, setDeviceCookie, setSessionCookie } from '../http/session-cookie.ts';

interface Deps {
  auth: AuthService;
  cookies: CookiePolicy;
}

const errors = {
  400: ErrorResponseSchema,
  401: ErrorResponseSchema,
  403: ErrorResponseSchema,
  429: ErrorResponseSchema,
};

export const authRoutes: FastifyPluginAsyncTypebox<Deps> = async (app, { auth, cookies }) => {
  app.get(
    '/api/v1/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Whether the first admin still has to be created',
        response: { 200: SetupStatusSchema },
      },
    },
    async () => ({ needed: await auth.setupNeeded() }),
  );

  app.post(
    '/api/v1/setup',
    {
      schema: {
        tags: ['setup'],
        summary: 'Create the first admin (only on an empty installation)',
        body: SetupBodySchema,
        response: { 201: SessionResponseSchema, 410: ErrorResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      // The one-time token `serve` printed: in the link's query (?token=) or a header.
      const query = request.query as { token?: unknown };
      const header = request.headers['x-setup-token'];
      const token = typeof query.token === 'string' ? query.token : typeof header === 'string' ? header : undefined;
      const signedIn = await auth.setup(request.body, token);
      setSessionCookie(request, reply, cookies, signedIn.token, signedIn.expiresAt);
      return reply.status(201).send({ user: toUserDto(signedIn.user) });
    },
  );

  app.post(
    '/api/v1/auth/sign-in',
    {
      schema: {
        tags: ['auth'],
        summary: 'Staff sign-in with email and password',
        body: SignInBodySchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const signedIn = await auth.signIn(
        request.body.email,
        request.body.password,
        request.ip,
        request.cookies[DEVICE_COOKIE],
      );
      setSessionCookie(request, reply, cookies, signedIn.token, signedIn.expiresAt);
      setDeviceCookie(request, reply, cookies, signedIn.deviceCookie);
      return { user: toUserDto(signedIn.user) };
    },
  );

  app.post(
    '/api/v1/auth/invite',
    {
      schema: {
        tags: ['auth'],
        summary: 'Observer sign-in with a one-time invite code',
        body: InviteSignInBodySchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const signedIn = await auth.redeemInvite(request.body.code, request.ip);
      setSessionCookie(request, reply, cookies, signedIn.token, signedIn.expiresAt);
      return { user: toUserDto(signedIn.user) };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    { schema: { tags: ['auth'], summary: 'End this session', response: { 204: { type: 'null' } } } },
    async (request, reply) => {
      if (request.sessionTokenHash && request.actor) await auth.signOut(request.sessionTokenHash, request.actor);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );
};
