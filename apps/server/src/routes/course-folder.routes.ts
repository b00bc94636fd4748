import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema, SchoolReplySchema } from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { CourseFolderService } from '../school/course-folder.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  413: ErrorResponseSchema,
  422: ErrorResponseSchema,
};
/** A course folder is a few hundred KB of text; far more is not a course. */
const MAX_ZIP_BYTES = 10 * 1024 * 1024;

/** A course as a ZIP of Markdown files, for trainers who write courses in a text editor and keep them in git. */
export const courseFolderRoutes: FastifyPluginAsyncTypebox<{ folders: CourseFolderService }> = async (
  app,
  { folders },
) => {
  app.addContentTypeParser(
    ['application/zip', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_ZIP_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/v1/school/courses/:id/export',
    {
      schema: {
        tags: ['school'],
        summary: 'The course as a ZIP: course.json (the manifest), lessons/NN-name.LANG.md, quizzes/NN-name.md',
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const { fileName, bytes } = await folders.exportZip(request.params.id);
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(bytes);
    },
  );

  app.post(
    '/api/v1/elections/:id/school/courses/import',
    {
      schema: {
        tags: ['school'],
        summary:
          'Create or update a course from a ZIP of its folder (raw body); on any problem nothing changes and 422 course_folder_invalid lists each (file, line or JSON path, code)',
        params: IdParamsSchema,
        response: { 200: SchoolReplySchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body as Buffer;
      return folders.importZip(requireActor(request.actor), request.params.id, body);
    },
  );
};
