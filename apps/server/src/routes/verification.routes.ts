import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ClaimBodySchema,
  DecideBodySchema,
  ErrorResponseSchema,
  FollowUpsSchema,
  IdParamsSchema,
  QueueEntrySchema,
  QueuePageSchema,
  QueueQuerySchema,
  ReportVerificationSchema,
} from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { VerificationService } from '../operations/verification.service.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

/** The verification queue (issue 17, item 4) and the observer's follow-up requests. */
export const verificationRoutes: FastifyPluginAsyncTypebox<{ verification: VerificationService }> = async (
  app,
  { verification },
) => {
  app.get(
    '/api/v1/elections/:id/verification-queue',
    {
      schema: {
        tags: ['verification'],
        summary: 'Reports with flags and incidents waiting for a decision, newest change first, with counts by state',
        params: IdParamsSchema,
        querystring: QueueQuerySchema,
        response: { 200: QueuePageSchema, ...errors },
      },
    },
    async (request) => verification.queue(requireActor(request.actor), request.params.id, request.query),
  );

  app.get(
    '/api/v1/reports/:id/verification',
    {
      schema: {
        tags: ['verification'],
        summary: "A report's place in the verification queue: state, live claim, decision and its author",
        params: IdParamsSchema,
        response: { 200: ReportVerificationSchema, ...errors },
      },
    },
    async (request) => ({ verification: await verification.get(requireActor(request.actor), request.params.id) }),
  );

  app.post(
    '/api/v1/reports/:id/claim',
    {
      schema: {
        tags: ['verification'],
        summary: 'Claim a report for 15 minutes (again: extend); refused while another coordinator holds it',
        params: IdParamsSchema,
        body: ClaimBodySchema,
        response: { 200: QueueEntrySchema, ...errors },
      },
    },
    async (request) =>
      verification.claim(requireActor(request.actor), request.params.id, request.body.expectedRevision),
  );

  app.post(
    '/api/v1/reports/:id/release',
    {
      schema: {
        tags: ['verification'],
        summary: 'Let go of one’s claim on a report',
        params: IdParamsSchema,
        response: { 200: QueueEntrySchema, ...errors },
      },
    },
    async (request) => verification.release(requireActor(request.actor), request.params.id),
  );

  app.post(
    '/api/v1/reports/:id/verification',
    {
      schema: {
        tags: ['verification'],
        summary: 'Verify, reject or ask the observer to follow up (with the revision and state the page saw)',
        params: IdParamsSchema,
        body: DecideBodySchema,
        response: { 200: QueueEntrySchema, ...errors },
      },
    },
    async (request) => verification.decide(requireActor(request.actor), request.params.id, request.body),
  );

  app.get(
    '/api/v1/me/follow-ups',
    {
      schema: {
        tags: ['field'],
        summary: "The observer's reports the HQ asked to follow up, with the coordinator's comment",
        response: { 200: FollowUpsSchema },
      },
    },
    async (request) => ({ items: await verification.followUps(requireActor(request.actor)) }),
  );
};
