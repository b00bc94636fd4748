import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorResponseSchema,
  FormDefinitionBodySchema,
  FormDetailSchema,
  FormsListSchema,
  FormVersionParamsSchema,
  FormVersionResponseSchema,
  IdParamsSchema,
  ValidateAnswersBodySchema,
  ValidationResultSchema,
  XlsFormImportQuerySchema,
  XlsFormImportResponseSchema,
} from '@pollwatch/core';
import type { FormsService } from '../forms/forms.service.ts';
import { requireActor } from '../http/request-context.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

export const formsRoutes: FastifyPluginAsyncTypebox<{ forms: FormsService }> = async (app, { forms }) => {
  // XLSForm uploads are the raw workbook (any content type but JSON).
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.get(
    '/api/v1/elections/:id/forms',
    {
      schema: {
        tags: ['forms'],
        summary: "An election's forms: the standard ones first, with their published and draft versions",
        params: IdParamsSchema,
        response: { 200: FormsListSchema, ...errors },
      },
    },
    async (request) => ({ items: await forms.list(request.params.id) }),
  );

  app.post(
    '/api/v1/elections/:id/forms',
    {
      schema: {
        tags: ['forms'],
        summary: 'Create a form: its definition becomes draft version 1',
        params: IdParamsSchema,
        body: FormDefinitionBodySchema,
        response: { 201: FormVersionResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await forms.create(requireActor(request.actor), request.params.id, request.body.definition)),
  );

  app.post(
    '/api/v1/elections/:id/forms/xlsform',
    {
      schema: {
        tags: ['forms'],
        summary:
          'Import an XLSForm workbook (raw body) as a new draft; lists what it could not map and what it chose itself (languages, a code from the file name); refuses a workbook without any question',
        params: IdParamsSchema,
        querystring: XlsFormImportQuerySchema,
        response: { 201: XlsFormImportResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await forms.importXlsForm(
            requireActor(request.actor),
            request.params.id,
            request.query.fileName,
            request.body as AsyncIterable<Buffer>,
          ),
        ),
  );

  app.get(
    '/api/v1/forms/:id',
    {
      schema: {
        tags: ['forms'],
        summary: 'A form and every version, newest first, with what stops a draft from being published',
        params: IdParamsSchema,
        response: { 200: FormDetailSchema, ...errors },
      },
    },
    async (request) => forms.get(request.params.id),
  );

  app.put(
    '/api/v1/forms/:id/draft',
    {
      schema: {
        tags: ['forms'],
        summary: 'Save the draft; after a publication this starts a new version',
        params: IdParamsSchema,
        body: FormDefinitionBodySchema,
        response: { 200: FormVersionResponseSchema, ...errors },
      },
    },
    async (request) => forms.saveDraft(requireActor(request.actor), request.params.id, request.body.definition),
  );

  app.post(
    '/api/v1/forms/:id/publish',
    {
      schema: {
        tags: ['forms'],
        summary: 'Publish the draft; refused while it has problems',
        params: IdParamsSchema,
        response: { 200: FormVersionResponseSchema, ...errors },
      },
    },
    async (request) => forms.publish(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/api/v1/forms/:id/versions/:version/validate',
    {
      config: { readOnly: true },
      schema: {
        tags: ['forms'],
        summary: 'Check answers against a form version with the same engine the browser uses',
        params: FormVersionParamsSchema,
        body: ValidateAnswersBodySchema,
        response: { 200: ValidationResultSchema, ...errors },
      },
    },
    async (request) => forms.validate(request.params.id, request.params.version, request.body),
  );
};
