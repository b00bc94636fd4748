import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CreateExportBodySchema,
  DocumentQuerySchema,
  ErrorResponseSchema,
  ExportJobResponseSchema,
  ExportJobsListSchema,
  IdParamsSchema,
} from '@pollwatch/core';
import type { ExportsService } from '../exports/exports.service.ts';
import type { ReportDocumentsService } from '../exports/report-documents.service.ts';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';

const errors = {
  400: ErrorResponseSchema,
  403: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
};

/** Background exports of every report, revision, flag and photo reference, and of photos as a ZIP. */
export const exportsRoutes: FastifyPluginAsyncTypebox<{ exports: ExportsService }> = async (app, { exports }) => {
  app.post(
    '/api/v1/elections/:id/exports',
    {
      schema: {
        tags: ['exports'],
        summary:
          'Start an export of the reports (CSV or XLSX, long or wide) or photos (ZIP) of your area; runs in the background',
        params: IdParamsSchema,
        body: CreateExportBodySchema,
        response: { 202: ExportJobResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const job = await exports.request(requireActor(request.actor), request.params.id, request.body);
      return reply.status(202).send({ job });
    },
  );

  app.get(
    '/api/v1/exports',
    {
      schema: {
        tags: ['exports'],
        summary: 'Your recent exports, newest first, with their progress',
        response: { 200: ExportJobsListSchema },
      },
    },
    async (request) => ({ jobs: await exports.list(requireActor(request.actor)) }),
  );

  app.get(
    '/api/v1/exports/:id',
    {
      schema: {
        tags: ['exports'],
        summary: 'One of your exports: status and progress',
        params: IdParamsSchema,
        response: { 200: ExportJobResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (request) => ({ job: await exports.get(requireActor(request.actor), request.params.id) }),
  );

  app.post(
    '/api/v1/exports/:id/cancel',
    {
      schema: {
        tags: ['exports'],
        summary: 'Stop a queued or running export; what was written of it is deleted',
        params: IdParamsSchema,
        response: { 200: ExportJobResponseSchema, ...errors },
      },
    },
    async (request) => ({ job: await exports.cancel(requireActor(request.actor), request.params.id) }),
  );

  app.get(
    '/api/v1/exports/:id/file',
    {
      schema: {
        tags: ['exports'],
        summary: 'Download a finished export (audited)',
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const { job, stream } = await exports.download(requireActor(request.actor), request.params.id);
      const name = job.fileName.replace(/\.[a-z]+$/, '');
      if (job.format === 'zip') {
        return reply
          .type('application/zip')
          .header('Content-Disposition', `attachment; filename="${job.fileName}"`)
          .header('Cache-Control', 'no-store')
          .send(stream);
      }
      return sendDownload(reply, { name, format: job.format }, stream);
    },
  );
};

/** The report documents: readiness per area, the incident list, a station's dossier (PDF, CSV, XLSX). */
export const reportDocumentsRoutes: FastifyPluginAsyncTypebox<{ documents: ReportDocumentsService }> = async (
  app,
  { documents },
) => {
  app.get(
    '/api/v1/elections/:id/exports/readiness',
    {
      schema: {
        tags: ['exports'],
        summary: 'Readiness of the stations of an area (findings per item, by area, per station); audited',
        params: IdParamsSchema,
        querystring: DocumentQuerySchema,
      },
    },
    async (request, reply) => {
      const file = await documents.readinessReport(requireActor(request.actor), request.params.id, request.query);
      return sendDownload(reply, file, file.body);
    },
  );
  app.get(
    '/api/v1/elections/:id/exports/incidents',
    {
      schema: {
        tags: ['exports'],
        summary: 'The incidents of an area with their verification; audited',
        params: IdParamsSchema,
        querystring: DocumentQuerySchema,
      },
    },
    async (request, reply) => {
      const file = await documents.incidents(requireActor(request.actor), request.params.id, request.query);
      return sendDownload(reply, file, file.body);
    },
  );
  app.get(
    '/api/v1/stations/:id/dossier',
    {
      schema: {
        tags: ['exports'],
        summary:
          "Everything observed at a station: visits, reports with revisions, photos, remarks, official result vs the observer's copy; audited",
        params: IdParamsSchema,
        querystring: DocumentQuerySchema,
      },
    },
    async (request, reply) => {
      const file = await documents.dossier(requireActor(request.actor), request.params.id, request.query);
      return sendDownload(reply, file, file.body);
    },
  );
};
