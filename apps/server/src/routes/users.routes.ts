import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChannelUnlinkReplySchema,
  CreateUserBodySchema,
  ErrorResponseSchema,
  formatInviteCode,
  InviteIssuedSchema,
  IssueInviteBodySchema,
  normaliseInviteCode,
  SessionResponseSchema,
  UpdateUserBodySchema,
  UserIdParamsSchema,
  UsersListSchema,
  UsersQuerySchema,
} from '@pollwatch/core';
import { toUserDto } from '../accounts/user-dto.ts';
import type { UsersService } from '../accounts/users.service.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { requireActor } from '../http/request-context.ts';

const errors = {
  400: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

export const usersRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; users: UsersService }> = async (
  app,
  { auth, users },
) => {
  app.get(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'List accounts',
        querystring: UsersQuerySchema,
        response: { 200: UsersListSchema },
      },
    },
    async (request) => ({ items: (await users.list(requireActor(request.actor), request.query)).map(toUserDto) }),
  );

  app.post(
    '/api/v1/users',
    {
      schema: {
        tags: ['users'],
        summary: 'Create a staff or observer account',
        body: CreateUserBodySchema,
        response: { 201: SessionResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.create(requireActor(request.actor), request.body);
      return reply.status(201).send({ user: toUserDto(user) });
    },
  );

  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        tags: ['users'],
        summary: 'Change an account: name, role, language, or disable it',
        params: UserIdParamsSchema,
        body: UpdateUserBodySchema,
        response: { 200: SessionResponseSchema, ...errors },
      },
    },
    async (request) => ({
      user: toUserDto(await users.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.post(
    '/api/v1/users/:id/sign-out',
    {
      schema: {
        tags: ['users'],
        summary: 'End every session of an account (a lost phone)',
        params: UserIdParamsSchema,
        response: { 204: { type: 'null' }, ...errors },
      },
    },
    async (request, reply) => {
      await users.signOutEverywhere(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/users/:id/lost-phone',
    {
      schema: {
        tags: ['users'],
        summary: "An observer's phone is lost: end every session and unlink Telegram and SMS, in one audited action",
        params: UserIdParamsSchema,
        response: { 200: ChannelUnlinkReplySchema, ...errors },
      },
    },
    async (request) => ({ unlinked: await users.lostPhone(requireActor(request.actor), request.params.id) }),
  );

  app.post(
    '/api/v1/users/:id/invites',
    {
      schema: {
        tags: ['users'],
        summary:
          "Issue an observer's one-time sign-in code (shown once); replaceSession ends a signed-in phone's session",
        params: UserIdParamsSchema,
        body: IssueInviteBodySchema,
        response: { 201: InviteIssuedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { code, expiresAt } = await auth.issueInvite(requireActor(request.actor), request.params.id, {
        replaceSession: request.body?.replaceSession,
      });
      return reply.status(201).send({
        code: formatInviteCode(normaliseInviteCode(code)),
        path: `/invite#${normaliseInviteCode(code)}`,
        expiresAt: expiresAt.toISOString(),
      });
    },
  );
};
