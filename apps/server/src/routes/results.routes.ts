import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema, IdParamsSchema } from '@pollwatch/core';
import { writeCsv } from '@pollwatch/documents';
import { Type } from 'typebox';
import type { QuickCountService } from '../analysis/quick-count.service.ts';
import type { ResultsAnalysisService } from '../analysis/results-analysis.service.ts';
import { requireActor } from '../http/request-context.ts';

const errors = { 404: ErrorResponseSchema };

const LineDifferenceSchema = Type.Object({
  line: Type.String(),
  official: Type.Union([Type.Number(), Type.Null()]),
  observed: Type.Union([Type.Number(), Type.Null()]),
  difference: Type.Union([Type.Number(), Type.Null()]),
});

export const resultsRoutes: FastifyPluginAsyncTypebox<{
  analysis: ResultsAnalysisService;
  quickCount: QuickCountService;
}> = async (app, { analysis, quickCount }) => {
  app.post(
    '/api/v1/elections/:id/quick-count/sample',
    {
      schema: {
        tags: ['results'],
        summary:
          'Draw the quick-count sample: stratified by region, sized by margin (NDI formula) or by hand, seed recorded',
        params: IdParamsSchema,
        body: Type.Object(
          {
            marginPoints: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 20 })),
            confidence: Type.Optional(Type.Union([Type.Literal(95), Type.Literal(99)])),
            stations: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
            seed: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Unknown(), 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema },
      },
    },
    async (request) => quickCount.draw(requireActor(request.actor), request.params.id, request.body),
  );

  app.get(
    '/api/v1/elections/:id/quick-count',
    {
      schema: {
        tags: ['results'],
        summary:
          "The sample, the ratio estimate from the sampled stations' protocol copies with 95%/99% margins, and the verdict against the official result",
        params: IdParamsSchema,
        response: { 200: Type.Unknown(), ...errors },
      },
    },
    async (request) => quickCount.state(request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/results/analysis',
    {
      schema: {
        tags: ['results'],
        summary:
          'Protocol checks, turnout and leader-share histograms, integer percentages, Shpilkin, last digits and outliers over the official results',
        params: IdParamsSchema,
        response: { 200: Type.Object({ stations: Type.Integer(), analysis: Type.Unknown() }), ...errors },
      },
    },
    async (request) => analysis.analysis(request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/results/comparison',
    {
      schema: {
        tags: ['results'],
        summary: "Observers' protocol copies against the official rows, ranked by the votes moved",
        params: IdParamsSchema,
        response: {
          200: Type.Object({
            compared: Type.Integer(),
            items: Type.Array(
              Type.Object({
                stationId: Type.String(),
                stationNumber: Type.Integer(),
                reportId: Type.String(),
                votesMoved: Type.Number(),
                votesGained: Type.Number(),
                votesLost: Type.Number(),
                totalAbsoluteDifference: Type.Number(),
                differences: Type.Array(LineDifferenceSchema),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => analysis.comparison(request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/results/comparison/export',
    {
      schema: {
        tags: ['results'],
        summary: 'The comparison as CSV, one row per differing line',
        params: IdParamsSchema,
      },
    },
    async (request, reply) => {
      const { items } = await analysis.comparison(request.params.id);
      const rows = items.flatMap((c) =>
        c.differences.map((d) => [
          c.stationNumber,
          c.votesMoved,
          d.line,
          d.official ?? '',
          d.observed ?? '',
          d.difference ?? '',
        ]),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="comparison.csv"')
        .send(
          writeCsv(['station', 'votesMoved', 'line', 'official', 'observed', 'difference'], rows, {
            escapeFormulas: true,
          }),
        );
    },
  );
};
