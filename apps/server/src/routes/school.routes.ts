import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AttendanceBodySchema,
  CertificationRuleSchema,
  ClassBodySchema,
  CreateCourseBodySchema,
  ErrorResponseSchema,
  IdParamsSchema,
  InvitationsBodySchema,
  LessonBodySchema,
  QuizBodySchema,
  ReorderBodySchema,
  SchoolListReplySchema,
  SchoolReplySchema,
  UpdateCourseBodySchema,
} from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { SchoolService } from '../school/school.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};
const ok = { 200: SchoolReplySchema, ...errors };

/** The observer school for the HQ: trainers' content and classes, the rule, invitations, progress. */
export const schoolRoutes: FastifyPluginAsyncTypebox<{ school: SchoolService }> = async (app, { school }) => {
  const tags = ['school'];

  app.get(
    '/api/v1/elections/:id/school/courses',
    {
      schema: {
        tags,
        summary: 'Courses of the election with their lessons and quizzes',
        params: IdParamsSchema,
        response: { 200: SchoolListReplySchema, ...errors },
      },
    },
    async (request) => ({ items: await school.listCourses(request.params.id) }),
  );
  app.post(
    '/api/v1/elections/:id/school/courses',
    {
      schema: {
        tags,
        params: IdParamsSchema,
        body: CreateCourseBodySchema,
        response: { 201: SchoolReplySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await school.createCourse(requireActor(request.actor), request.params.id, request.body)),
  );
  app.get('/api/v1/school/courses/:id', { schema: { tags, params: IdParamsSchema, response: ok } }, async (request) =>
    school.courseDetail(request.params.id),
  );
  app.patch(
    '/api/v1/school/courses/:id',
    {
      schema: {
        tags,
        summary: 'Rename, publish or change the required course',
        params: IdParamsSchema,
        body: UpdateCourseBodySchema,
        response: ok,
      },
    },
    async (request) => school.updateCourse(requireActor(request.actor), request.params.id, request.body),
  );
  app.post(
    '/api/v1/school/courses/:id/lessons',
    {
      schema: { tags, params: IdParamsSchema, body: LessonBodySchema, response: { 201: SchoolReplySchema, ...errors } },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ lesson: await school.addLesson(requireActor(request.actor), request.params.id, request.body) }),
  );
  app.put(
    '/api/v1/school/courses/:id/lessons/order',
    { schema: { tags, params: IdParamsSchema, body: ReorderBodySchema, response: ok } },
    async (request) => school.reorderLessons(requireActor(request.actor), request.params.id, request.body),
  );
  app.put(
    '/api/v1/school/lessons/:id',
    {
      schema: {
        tags,
        summary: 'Save a lesson over the version it was opened at (409 lesson_changed if someone saved since)',
        params: IdParamsSchema,
        body: LessonBodySchema,
        response: ok,
      },
    },
    async (request) => ({
      lesson: await school.saveLesson(requireActor(request.actor), request.params.id, request.body),
    }),
  );
  app.delete(
    '/api/v1/school/lessons/:id',
    {
      schema: {
        tags,
        summary:
          'Remove a lesson: deleted while nobody has finished it, else archived (hidden from learners, progress kept); outcome and the course after',
        params: IdParamsSchema,
        response: ok,
      },
    },
    async (request) => school.deleteLesson(requireActor(request.actor), request.params.id),
  );
  app.put(
    '/api/v1/school/courses/:id/quizzes/order',
    { schema: { tags, params: IdParamsSchema, body: ReorderBodySchema, response: ok } },
    async (request) => school.reorderQuizzes(requireActor(request.actor), request.params.id, request.body),
  );
  app.post(
    '/api/v1/school/courses/:id/quizzes',
    { schema: { tags, params: IdParamsSchema, body: QuizBodySchema, response: { 201: SchoolReplySchema, ...errors } } },
    async (request, reply) =>
      reply
        .status(201)
        .send({ quiz: await school.addQuiz(requireActor(request.actor), request.params.id, request.body.content) }),
  );
  app.put(
    '/api/v1/school/quizzes/:id',
    {
      schema: {
        tags,
        summary: 'Change a quiz: rewritten while nobody took it, a new version once its current one has attempts',
        params: IdParamsSchema,
        body: QuizBodySchema,
        response: ok,
      },
    },
    async (request) => ({
      quiz: await school.saveQuiz(requireActor(request.actor), request.params.id, request.body.content),
    }),
  );
  app.get(
    '/api/v1/elections/:id/school/rule',
    { schema: { tags, params: IdParamsSchema, response: { 200: CertificationRuleSchema, ...errors } } },
    async (request) => school.rule(request.params.id),
  );
  app.put(
    '/api/v1/elections/:id/school/rule',
    {
      schema: {
        tags,
        summary: 'The certification rule: classes attended and quizzes passed that make an applicant certified',
        params: IdParamsSchema,
        body: CertificationRuleSchema,
        response: { 200: CertificationRuleSchema, ...errors },
      },
    },
    async (request) => school.setRule(requireActor(request.actor), request.params.id, request.body),
  );
  app.post(
    '/api/v1/elections/:id/school/invitations',
    {
      schema: {
        tags,
        summary: "Personal school links for the applicants of an area or status (in the actor's scope), shown once",
        params: IdParamsSchema,
        body: InvitationsBodySchema,
        response: { 200: SchoolListReplySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .header('Cache-Control', 'no-store')
        .send(await school.invite(requireActor(request.actor), request.params.id, request.body)),
  );
  app.get(
    '/api/v1/elections/:id/school/classes',
    { schema: { tags, params: IdParamsSchema, response: { 200: SchoolListReplySchema, ...errors } } },
    async (request) => school.listClasses(requireActor(request.actor), request.params.id),
  );
  app.post(
    '/api/v1/elections/:id/school/classes',
    {
      schema: {
        tags,
        summary: "A class; its start is a local time in the election's zone",
        params: IdParamsSchema,
        body: ClassBodySchema,
        response: { 201: SchoolReplySchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send({ class: await school.createClass(requireActor(request.actor), request.params.id, request.body) }),
  );
  app.get(
    '/api/v1/school/classes/:id',
    {
      schema: {
        tags,
        summary: 'A class with its list (signed up, then waiting)',
        params: IdParamsSchema,
        response: ok,
      },
    },
    async (request) => school.classRoster(requireActor(request.actor), request.params.id),
  );
  app.post(
    '/api/v1/school/classes/:id/attendance',
    {
      schema: {
        tags,
        summary: 'Mark who came; may certify the applicant under the rule',
        params: IdParamsSchema,
        body: AttendanceBodySchema,
        response: ok,
      },
    },
    async (request) => school.markAttendance(requireActor(request.actor), request.params.id, request.body),
  );
  app.get(
    '/api/v1/elections/:id/school/progress',
    { schema: { tags, summary: "The school's funnel in the actor's scope", params: IdParamsSchema, response: ok } },
    async (request) => school.progress(requireActor(request.actor), request.params.id),
  );
};
