import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChangePasswordBodySchema,
  ErrorResponseSchema,
  SessionResponseSchema,
  UpdateMeBodySchema,
} from '@pollwatch/core';
import { toUserDto } from '../accounts/user-dto.ts';
import type { UsersService } from '../accounts/users.service.ts';
import type { AuthService } from '../auth/auth.service.ts';
import { requireActor } from '../http/request-context.ts';

export const meRoutes: FastifyPluginAsyncTypebox<{ auth: AuthService; users: UsersService }> = async (
  app,
  { auth, users },
) => {
  app.get(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: 'The signed-in user',
        response: { 200: SessionResponseSchema, 401: ErrorResponseSchema },
      },
    },
    async (request) => ({ user: toUserDto(requireActor(request.actor).user) }),
  );

  app.patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['me'],
        summary: 'Change own name or language',
        body: UpdateMeBodySchema,
        response: { 200: SessionResponseSchema, 400: ErrorResponseSchema },
      },
    },
    async (request) => ({ user: toUserDto(await users.updateSelf(requireActor(request.actor), request.body)) }),
  );

  app.post(
    '/api/v1/me/password',
    {
      schema: {
        tags: ['me'],
        summary: 'Change own password; signs out other devices',
        body: ChangePasswordBodySchema,
        response: { 204: { type: 'null' }, 400: ErrorResponseSchema, 401: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      await auth.changePassword(
        requireActor(request.actor),
        request.sessionTokenHash ?? '',
        request.body.currentPassword,
        request.body.newPassword,
      );
      return reply.status(204).send(null);
    },
  );
};
