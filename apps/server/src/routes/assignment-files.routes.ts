import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ExportQuerySchema, IdParamsSchema } from '@pollwatch/core';
import type { Store } from '@pollwatch/db';
import { exportAssignments } from '../reports/assignment-files.ts';

const contentTypes = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

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
      return reply
        .type(contentTypes[format])
        .header('Content-Disposition', `attachment; filename="assignments.${format}"`)
        .send(stream);
    },
  );
};
