import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConfirmProposalBodySchema,
  ConfirmProposalResultSchema,
  ErrorResponseSchema,
  IdParamsSchema,
  ProposalBodySchema,
  ProposalSchema,
} from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { AssignmentProposalsService } from '../operations/assignment-proposals.service.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

/** The automatic assignment proposal: propose (nothing written), then confirm the rows kept. */
export const assignmentProposalsRoutes: FastifyPluginAsyncTypebox<{ proposals: AssignmentProposalsService }> = async (
  app,
  { proposals },
) => {
  app.post(
    '/api/v1/elections/:id/assignment-proposals',
    {
      schema: {
        tags: ['assignments'],
        summary: 'Propose free observers of your area for the uncovered stations of a shift (nothing is written)',
        params: IdParamsSchema,
        body: ProposalBodySchema,
        response: { 200: ProposalSchema, ...errors },
      },
      // Nothing is written: no generic audit entry (written after the reply, it also raced the
      // tests that count rows around the confirmation).
      config: { readOnly: true },
    },
    async (request) => proposals.propose(requireActor(request.actor), request.params.id, request.body),
  );

  app.post(
    '/api/v1/elections/:id/assignment-proposals/confirm',
    {
      schema: {
        tags: ['assignments'],
        summary:
          'Create the kept rows as assignments in one transaction; conflicts are refused per row (409) unless overridable and overridden',
        params: IdParamsSchema,
        body: ConfirmProposalBodySchema,
        response: { 201: ConfirmProposalResultSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await proposals.confirm(requireActor(request.actor), request.params.id, request.body)),
  );
};
