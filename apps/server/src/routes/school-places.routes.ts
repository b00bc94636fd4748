import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ClassPlacesBodySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  RemindersQuerySchema,
  SchoolListReplySchema,
  SchoolReplySchema,
  SchoolStepParamsSchema,
  StepAnswerBodySchema,
  SubmitAttemptBodySchema,
} from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { SchoolFieldService } from '../school/school-field.service.ts';
import type { SchoolPlacesService } from '../school/school-places.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};
const ok = { 200: SchoolReplySchema, ...errors };

/**
 * The observer school's places and reminders for the HQ (capacity, the call list), and the school
 * in the field app for observers (`/me/school`).
 */
export const schoolPlacesRoutes: FastifyPluginAsyncTypebox<{
  places: SchoolPlacesService;
  field: SchoolFieldService;
}> = async (app, { places, field }) => {
  const tags = ['school'];

  app.put(
    '/api/v1/school/classes/:id/places',
    {
      schema: {
        tags,
        summary: "A class's capacity: more places go at once to the waiting list, first come first served",
        params: IdParamsSchema,
        body: ClassPlacesBodySchema,
        response: ok,
      },
    },
    async (request) => places.changePlaces(requireActor(request.actor), request.params.id, request.body),
  );
  app.get(
    '/api/v1/elections/:id/school/reminders',
    {
      schema: {
        tags,
        summary: "Class reminders of people in the actor's area; status to_call is the coordinator's call list",
        params: IdParamsSchema,
        querystring: RemindersQuerySchema,
        response: { 200: SchoolListReplySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .header('Cache-Control', 'no-store')
        .send(await places.reminders(requireActor(request.actor), request.params.id, request.query)),
  );
  app.post(
    '/api/v1/school/reminders/:id/called',
    { schema: { tags, summary: 'The coordinator phoned the person', params: IdParamsSchema, response: ok } },
    async (request) => places.markCalled(requireActor(request.actor), request.params.id),
  );

  // ---- The field app: an observer's own school ----
  app.addHook('onSend', async (request, reply) => {
    if (request.url.startsWith('/api/v1/me/school')) reply.header('Cache-Control', 'no-store');
  });
  app.get(
    '/api/v1/me/school',
    { schema: { tags, summary: "The observer's courses in their elections", response: ok } },
    async (request) => field.home(requireActor(request.actor)),
  );
  app.get(
    '/api/v1/me/school/courses/:id',
    { schema: { tags, summary: 'A course to keep on the phone', params: IdParamsSchema, response: ok } },
    async (request) => field.course(requireActor(request.actor), request.params.id),
  );
  app.post(
    '/api/v1/me/school/lessons/:id/complete',
    { schema: { tags, params: IdParamsSchema, response: ok } },
    async (request) => field.completeLesson(requireActor(request.actor), request.params.id),
  );
  app.post(
    '/api/v1/me/school/quizzes/:id/attempts',
    { schema: { tags, summary: 'Start (or reopen) an attempt', params: IdParamsSchema, response: ok } },
    async (request) => field.startAttempt(requireActor(request.actor), request.params.id),
  );
  app.post(
    '/api/v1/me/school/attempts/:id/questions/:questionId',
    {
      schema: {
        tags,
        summary: 'Answer one question: right or wrong and its explanation; the answer is then fixed',
        params: SchoolStepParamsSchema,
        body: StepAnswerBodySchema,
        response: ok,
      },
    },
    async (request) =>
      field.answerStep(requireActor(request.actor), request.params.id, request.params.questionId, request.body),
  );
  app.post(
    '/api/v1/me/school/attempts/:id/answers',
    {
      schema: {
        tags,
        summary: 'Finish an attempt: scored once against its version',
        params: IdParamsSchema,
        body: SubmitAttemptBodySchema,
        response: ok,
      },
    },
    async (request) => field.submit(requireActor(request.actor), request.params.id, request.body),
  );
};
