import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CertificateQuerySchema,
  ErrorResponseSchema,
  SchoolReplySchema,
  SchoolTokenIdParamsSchema,
  SchoolTokenParamsSchema,
  SchoolTokenStepParamsSchema,
  StepAnswerBodySchema,
  SubmitAttemptBodySchema,
} from '@pollwatch/core';
import { sendDownload } from '../http/downloads.ts';
import type { SchoolLinksService } from '../school/school-links.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};
const ok = { 200: SchoolReplySchema, ...errors };

/** A volunteer's personal school link: no account, the token in the address is the key. */
export const schoolLinksRoutes: FastifyPluginAsyncTypebox<{ links: SchoolLinksService }> = async (app, { links }) => {
  const tags = ['school'];
  // Answers about one person: never kept by a shared cache.
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/v1/school/links/')) reply.header('Cache-Control', 'no-store');
  });

  app.get(
    '/api/v1/school/links/:token',
    {
      schema: {
        tags,
        summary: "The volunteer's school: classes, courses, certificate",
        params: SchoolTokenParamsSchema,
        response: ok,
      },
    },
    async (request) => links.home(request.params.token),
  );
  app.post(
    '/api/v1/school/links/:token/classes/:id/sign-up',
    {
      schema: {
        tags,
        summary: 'A place in the class, or the waiting list when it is full',
        params: SchoolTokenIdParamsSchema,
        response: ok,
      },
    },
    async (request) => links.signUp(request.params.token, request.params.id),
  );
  app.post(
    '/api/v1/school/links/:token/classes/:id/cancel',
    {
      schema: {
        tags,
        summary: 'Give up the place (or leave the waiting list); the first one waiting gets the place',
        params: SchoolTokenIdParamsSchema,
        response: ok,
      },
    },
    async (request) => links.cancel(request.params.token, request.params.id),
  );
  app.post(
    '/api/v1/school/links/:token/attempts/:id/questions/:questionId',
    {
      schema: {
        tags,
        summary: 'Answer one question: right or wrong and its explanation; the answer is then fixed',
        params: SchoolTokenStepParamsSchema,
        body: StepAnswerBodySchema,
        response: ok,
      },
    },
    async (request) =>
      links.answerStep(request.params.token, request.params.id, request.params.questionId, request.body),
  );
  app.get(
    '/api/v1/school/links/:token/courses/:id',
    {
      schema: {
        tags,
        summary: 'A course to keep on the phone: lessons in every language, quizzes, own results',
        params: SchoolTokenIdParamsSchema,
        response: ok,
      },
    },
    async (request) => links.course(request.params.token, request.params.id),
  );
  app.post(
    '/api/v1/school/links/:token/lessons/:id/complete',
    { schema: { tags, params: SchoolTokenIdParamsSchema, response: ok } },
    async (request) => links.completeLesson(request.params.token, request.params.id),
  );
  app.post(
    '/api/v1/school/links/:token/quizzes/:id/attempts',
    {
      schema: {
        tags,
        summary: 'Start (or reopen) an attempt: questions and options in its own order',
        params: SchoolTokenIdParamsSchema,
        response: ok,
      },
    },
    async (request) => links.startAttempt(request.params.token, request.params.id),
  );
  app.post(
    '/api/v1/school/links/:token/attempts/:id/answers',
    {
      schema: {
        tags,
        summary: 'Answer an attempt: scored once, with explanations',
        params: SchoolTokenIdParamsSchema,
        body: SubmitAttemptBodySchema,
        response: ok,
      },
    },
    async (request) => links.submit(request.params.token, request.params.id, request.body),
  );
  app.get(
    '/api/v1/school/links/:token/certificate',
    {
      schema: {
        tags,
        summary: 'The certificate as PDF (ru or kk)',
        params: SchoolTokenParamsSchema,
        querystring: CertificateQuerySchema,
      },
    },
    async (request, reply) =>
      sendDownload(
        reply,
        { name: 'certificate', format: 'pdf' },
        await links.certificate(request.params.token, request.query.locale),
      ),
  );
};
