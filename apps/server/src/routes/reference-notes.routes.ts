import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateReferenceNoteBodySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  type ReferenceNote,
  ReferenceNoteResponseSchema,
  ReferenceNotesListSchema,
  ReorderReferenceNotesBodySchema,
  UpdateReferenceNoteBodySchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { requireActor } from '../http/request-context.ts';
import type { ReferenceNotesService } from '../reference/reference-notes.service.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

export function toNoteDto(n: ReferenceNote) {
  return { ...n, createdAt: n.createdAt.toISOString(), updatedAt: n.updatedAt.toISOString() };
}

export const referenceNotesRoutes: FastifyPluginAsyncTypebox<{ notes: ReferenceNotesService }> = async (
  app,
  { notes },
) => {
  app.get(
    '/api/v1/elections/:id/reference-notes',
    {
      schema: {
        tags: ['reference'],
        summary: "The election's reference notes for observers, in order, in every language",
        params: IdParamsSchema,
        response: { 200: ReferenceNotesListSchema, ...errors },
      },
    },
    async (request) => ({ items: (await notes.list(request.params.id)).map(toNoteDto) }),
  );

  app.post(
    '/api/v1/elections/:id/reference-notes',
    {
      schema: {
        tags: ['reference'],
        summary: 'Add a note at the end; ru is required, kk and en fall back to it when left blank',
        params: IdParamsSchema,
        body: CreateReferenceNoteBodySchema,
        response: { 201: ReferenceNoteResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const note = await notes.create(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send({ note: toNoteDto(note) });
    },
  );

  app.put(
    '/api/v1/elections/:id/reference-notes/order',
    {
      schema: {
        tags: ['reference'],
        summary: 'Put the notes in a new order: every note of the election, each once',
        params: IdParamsSchema,
        body: ReorderReferenceNotesBodySchema,
        response: { 200: ReferenceNotesListSchema, ...errors },
      },
    },
    async (request) => ({
      items: (await notes.reorder(requireActor(request.actor), request.params.id, request.body)).map(toNoteDto),
    }),
  );

  app.patch(
    '/api/v1/reference-notes/:id',
    {
      schema: {
        tags: ['reference'],
        params: IdParamsSchema,
        body: UpdateReferenceNoteBodySchema,
        response: { 200: ReferenceNoteResponseSchema, ...errors },
      },
    },
    async (request) => ({
      note: toNoteDto(await notes.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/reference-notes/:id',
    { schema: { tags: ['reference'], params: IdParamsSchema, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await notes.delete(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/me/reference-notes',
    {
      schema: {
        tags: ['field'],
        summary: "The reference notes of the field pack's elections, for the field app to cache offline",
        response: { 200: ReferenceNotesListSchema },
      },
    },
    async (request) => ({ items: (await notes.ofFieldPack(requireActor(request.actor))).map(toNoteDto) }),
  );
};
