import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  BulkRemarksBodySchema,
  BulkRemarksResponseSchema,
  CreateRemarkBodySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  RemarkAnswerBodySchema,
  RemarkDetailSchema,
  type RemarkEvidence,
  RemarkLetterQuerySchema,
  RemarkResponseSchema,
  RemarkSettingsSchema,
  RemarksListSchema,
  RemarksQuerySchema,
  RemarkTransitionBodySchema,
  UpdateRemarkBodySchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';
import type { RemarksService, RemarkView } from '../remarks/remarks.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

export function toRemarkDto(r: RemarkView) {
  return { ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString() };
}

function toEvidenceDto(e: RemarkEvidence) {
  return { ...e, receivedAt: e.receivedAt ? e.receivedAt.toISOString() : null };
}

/** The remarks register (issue 18): lists, a remark with its evidence, status changes, the letter. */
export const remarksRoutes: FastifyPluginAsyncTypebox<{ remarks: RemarksService }> = async (app, { remarks }) => {
  app.get(
    '/api/v1/elections/:id/remarks',
    {
      schema: {
        tags: ['remarks'],
        summary: 'The register: remarks per commission, area and status (overdue ones too), with counts',
        params: IdParamsSchema,
        querystring: RemarksQuerySchema,
        response: { 200: RemarksListSchema, ...errors },
      },
    },
    async (request) => {
      const page = await remarks.list(requireActor(request.actor), request.params.id, request.query);
      return { ...page, items: page.items.map(toRemarkDto) };
    },
  );

  app.post(
    '/api/v1/elections/:id/remarks',
    {
      schema: {
        tags: ['remarks'],
        summary: 'Make a remark by hand or from an incident, a verified report or a readiness finding (a draft)',
        params: IdParamsSchema,
        body: CreateRemarkBodySchema,
        response: { 201: RemarkResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const remark = await remarks.create(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send({ remark: toRemarkDto(remark) });
    },
  );

  app.post(
    '/api/v1/elections/:id/remarks/bulk',
    {
      schema: {
        tags: ['remarks'],
        summary: 'One finding across many stations: one draft remark per commission',
        params: IdParamsSchema,
        body: BulkRemarksBodySchema,
        response: { 201: BulkRemarksResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await remarks.bulk(requireActor(request.actor), request.params.id, request.body)),
  );

  app.get(
    '/api/v1/remarks/:id',
    {
      schema: {
        tags: ['remarks'],
        summary: 'A remark with its evidence (report revisions: answers, photos, chain entries) and next steps',
        params: IdParamsSchema,
        response: { 200: RemarkDetailSchema, ...errors },
      },
    },
    async (request) => {
      const detail = await remarks.get(requireActor(request.actor), request.params.id);
      return {
        ...detail,
        nextStatuses: [...detail.nextStatuses],
        remark: toRemarkDto(detail.remark),
        evidence: detail.evidence.map(toEvidenceDto),
      };
    },
  );

  app.patch(
    '/api/v1/remarks/:id',
    {
      schema: {
        tags: ['remarks'],
        summary: 'Edit a draft remark',
        params: IdParamsSchema,
        body: UpdateRemarkBodySchema,
        response: { 200: RemarkResponseSchema, ...errors },
      },
    },
    async (request) => ({
      remark: toRemarkDto(await remarks.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/remarks/:id',
    {
      schema: {
        tags: ['remarks'],
        summary: 'Delete a draft remark',
        params: IdParamsSchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await remarks.delete(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/remarks/:id/status',
    {
      schema: {
        tags: ['remarks'],
        summary: 'Sent (date, how) → acknowledged → resolved / not resolved / no answer',
        params: IdParamsSchema,
        body: RemarkTransitionBodySchema,
        response: { 200: RemarkResponseSchema, ...errors },
      },
    },
    async (request) => ({
      remark: toRemarkDto(await remarks.transition(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.put(
    '/api/v1/remarks/:id/answer',
    {
      schema: {
        tags: ['remarks'],
        summary: "Record or correct the commission's answer and its date",
        params: IdParamsSchema,
        body: RemarkAnswerBodySchema,
        response: { 200: RemarkResponseSchema, ...errors },
      },
    },
    async (request) => ({
      remark: toRemarkDto(await remarks.recordAnswer(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.get(
    '/api/v1/remarks/:id/letter',
    {
      schema: {
        tags: ['remarks'],
        summary: 'The remark as a letter to its commission on the letterhead: PDF (default) or DOCX, ru or kk',
        params: IdParamsSchema,
        querystring: RemarkLetterQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'pdf';
      const locale = request.query.locale ?? 'ru';
      const bytes = await remarks.letter(requireActor(request.actor), request.params.id, format, locale);
      return sendDownload(
        reply,
        { name: `remark-${request.params.id.slice(0, 8)}-${locale}`, format },
        Buffer.from(bytes),
      );
    },
  );

  app.get(
    '/api/v1/remark-settings',
    {
      schema: {
        tags: ['remarks'],
        summary: 'Days a commission has to answer before a remark counts as overdue',
        response: { 200: RemarkSettingsSchema },
      },
    },
    async () => remarks.settings(),
  );

  app.put(
    '/api/v1/remark-settings',
    {
      schema: {
        tags: ['remarks'],
        summary: 'Set the days a commission has to answer',
        body: RemarkSettingsSchema,
        response: { 200: RemarkSettingsSchema, ...errors },
      },
    },
    async (request) => remarks.setSettings(requireActor(request.actor), request.body),
  );
};
