import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ExportQuerySchema, IdParamsSchema } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { sendDownload } from '../http/downloads.ts';
import { exportAssignments } from '../reports/assignment-files.ts';

/** Assignments as a file in the import columns; the import itself goes through the import wizard. */
export const assignmentFilesRoutes: FastifyPluginAsyncTypebox<{ store: Store }> = async (app, { store }) => {
  app.get(
    '/api/v1/elections/:id/assignments/export',
    {
      schema: {
        tags: ['assignments'],
        summary: 'Assignments as CSV or XLSX in the import columns (region, number, observer, name, shift)',
        params: IdParamsSchema,
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const stream = await exportAssignments(store, request.params.id, format);
      return sendDownload(reply, { name: 'assignments', format }, stream);
    },
  );
};
