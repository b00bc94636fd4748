import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateResolutionBodySchema,
  type DocumentLocale,
  ErrorResponseSchema,
  IdParamsSchema,
  ResolutionDetailSchema,
  ResolutionDiffQuerySchema,
  ResolutionDiffSchema,
  ResolutionDocumentQuerySchema,
  ResolutionListSchema,
  ResolutionQuerySchema,
  ResolutionSummarySchema,
  UpdateResolutionBodySchema,
} from '@pollwatch/core';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';
import type { ResolutionService } from '../resolution/resolution.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

const localeOf = (asked: DocumentLocale | undefined, user: { locale: string }): DocumentLocale =>
  asked ?? (user.locale === 'kk' || user.locale === 'en' ? user.locale : 'ru');

/** The resolution to the CEC: versions, the HQ's texts, diff, approval and the DOCX/PDF files. */
export const resolutionRoutes: FastifyPluginAsyncTypebox<{ resolutions: ResolutionService }> = async (
  app,
  { resolutions },
) => {
  app.get(
    '/api/v1/elections/:id/resolutions',
    {
      schema: {
        tags: ['resolution'],
        summary: 'Versions of the preliminary statement and the final resolution, newest first',
        params: IdParamsSchema,
        response: { 200: ResolutionListSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => resolutions.list(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/api/v1/elections/:id/resolutions',
    {
      schema: {
        tags: ['resolution'],
        summary: 'A new version built from the live data now (texts carried over from the latest version)',
        params: IdParamsSchema,
        body: CreateResolutionBodySchema,
        response: { 201: ResolutionSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await resolutions.create(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send(created);
    },
  );

  app.get(
    '/api/v1/resolutions/:id',
    {
      schema: {
        tags: ['resolution'],
        summary: "A version with its texts and its document (chapters with figures) built from the version's snapshot",
        params: IdParamsSchema,
        querystring: ResolutionQuerySchema,
        response: { 200: ResolutionDetailSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      return resolutions.get(actor, request.params.id, localeOf(request.query.locale, actor.user));
    },
  );

  app.put(
    '/api/v1/resolutions/:id/texts',
    {
      schema: {
        tags: ['resolution'],
        summary: "A draft's findings per chapter, recommendations, follow-ups and conclusions (approved: 409)",
        params: IdParamsSchema,
        body: UpdateResolutionBodySchema,
        response: { 200: ResolutionSummarySchema, ...errors },
      },
    },
    async (request) => resolutions.updateTexts(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/api/v1/resolutions/:id/approve',
    {
      schema: {
        tags: ['resolution'],
        summary: 'Approve and freeze a version with its snapshot and hash-chain head',
        params: IdParamsSchema,
        response: { 200: ResolutionSummarySchema, ...errors },
      },
    },
    async (request) => resolutions.approve(requireActor(request.actor), request.params.id),
  );

  app.get(
    '/api/v1/resolutions/:id/diff',
    {
      schema: {
        tags: ['resolution'],
        summary: 'What changed from another version of the same election: texts line by line, figures by key',
        params: IdParamsSchema,
        querystring: ResolutionDiffQuerySchema,
        response: { 200: ResolutionDiffSchema, ...errors },
      },
    },
    async (request) => resolutions.diff(requireActor(request.actor), request.params.id, request.query.against),
  );

  app.get(
    '/api/v1/resolutions/:id/document',
    {
      schema: {
        tags: ['resolution'],
        summary: 'The version as DOCX or PDF (ru, kk or en), with the station annex',
        params: IdParamsSchema,
        querystring: ResolutionDocumentQuerySchema,
        response: { 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request.actor);
      const file = await resolutions.file(
        actor,
        request.params.id,
        request.query.format,
        localeOf(request.query.locale, actor.user),
      );
      return sendDownload(reply, { name: file.name, format: file.format }, Buffer.from(file.body));
    },
  );
};
