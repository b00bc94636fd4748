import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AreaTotalsComparisonSchema,
  ErrorResponseSchema,
  ExportQuerySchema,
  IdParamsSchema,
  localized,
  TurnoutComparisonSchema,
} from '@pollwatch/core';
import { writeCsv, writeXlsx } from '@pollwatch/documents';
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import type { QuickCountService } from '../analysis/quick-count.service.ts';
import type { ResultsAnalysisService } from '../analysis/results-analysis.service.ts';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';

const errors = { 404: ErrorResponseSchema };

/** A comparison table as a download; the first row is the header. Formula-safe: cells come from files. */
function sendTable(
  reply: FastifyReply,
  name: string,
  format: 'csv' | 'xlsx',
  [headers, ...rows]: [string[], ...(string | number)[][]],
) {
  const body =
    format === 'csv'
      ? writeCsv(headers, rows, { escapeFormulas: true })
      : writeXlsx(headers, rows, { sheetName: name, escapeFormulas: true });
  return sendDownload(reply, { name, format }, body);
}

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
    '/api/v1/elections/:id/quick-count/sample-size',
    {
      schema: {
        tags: ['results'],
        summary:
          "The sample size the NDI formula gives for a margin and confidence over the election's stations; draws nothing",
        params: IdParamsSchema,
        querystring: Type.Object(
          {
            marginPoints: Type.Number({ exclusiveMinimum: 0, maximum: 20 }),
            confidence: Type.Optional(Type.Union([Type.Literal(95), Type.Literal(99)])),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            registered: Type.Number(),
            stations: Type.Integer(),
            votersPerStation: Type.Union([Type.Number(), Type.Null()]),
            votersNeeded: Type.Union([Type.Number(), Type.Null()]),
            stationsNeeded: Type.Union([Type.Integer(), Type.Null()]),
          }),
          ...errors,
        },
      },
    },
    async (request) => quickCount.sampleSize(request.params.id, request.query),
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
        querystring: Type.Object(
          { leader: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ stations: Type.Integer(), analysis: Type.Unknown(), listLimit: Type.Integer() }),
          400: ErrorResponseSchema,
          ...errors,
        },
      },
    },
    async (request) => analysis.analysis(request.params.id, { leader: request.query.leader }),
  );

  app.get(
    '/api/v1/elections/:id/results/official',
    {
      schema: {
        tags: ['results'],
        summary: 'The per-station official rows, a page at a time (keyset cursors), by region and station number',
        params: IdParamsSchema,
        querystring: Type.Object(
          {
            /** The page after this station ("regionId:number", a page's `last`)… */
            after: Type.Optional(Type.String({ minLength: 3, maxLength: 60 })),
            /** …or before it (a page's `first`). */
            before: Type.Optional(Type.String({ minLength: 3, maxLength: 60 })),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            total: Type.Integer(),
            items: Type.Array(
              Type.Object({
                stationId: Type.String(),
                stationNumber: Type.Integer(),
                regionId: Type.String(),
                regionCode: Type.Union([Type.String(), Type.Null()]),
                lines: Type.Record(Type.String(), Type.Number()),
              }),
            ),
            first: Type.Union([Type.String(), Type.Null()]),
            last: Type.Union([Type.String(), Type.Null()]),
          }),
          400: ErrorResponseSchema,
          ...errors,
        },
      },
    },
    async (request) =>
      analysis.officialRows(request.params.id, {
        after: request.query.after,
        before: request.query.before,
        limit: request.query.limit ?? 50,
      }),
  );

  app.get(
    '/api/v1/elections/:id/results/areas',
    {
      schema: {
        tags: ['results'],
        summary: "The CEC's official totals per area beside the sum of the station rows inside each area",
        params: IdParamsSchema,
        response: { 200: Type.Object({ items: Type.Array(AreaTotalsComparisonSchema) }), ...errors },
      },
    },
    async (request) => analysis.areaTotals(request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/results/areas/export',
    {
      schema: {
        tags: ['results'],
        summary: 'The area totals comparison as CSV or XLSX, one row per area and line',
        params: IdParamsSchema,
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const { items } = await analysis.areaTotals(request.params.id);
      const rows = items.flatMap((a) =>
        a.lines.map((l) => [
          a.code ?? '',
          localized(a.name, 'ru'),
          a.stations,
          l.line,
          l.official ?? '',
          l.stationSum,
          l.difference ?? '',
        ]),
      );
      return sendTable(reply, 'area-totals', format, [
        ['area', 'name', 'stations', 'line', 'official', 'stationSum', 'difference'],
        ...rows,
      ]);
    },
  );

  app.get(
    '/api/v1/elections/:id/results/turnout',
    {
      schema: {
        tags: ['results'],
        summary: "Official turnout per checkpoint beside the observers' turnout reports at the same checkpoints",
        params: IdParamsSchema,
        response: { 200: TurnoutComparisonSchema, ...errors },
      },
    },
    async (request) => analysis.turnout(request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/results/turnout/export',
    {
      schema: {
        tags: ['results'],
        summary: 'The turnout comparison as CSV or XLSX: per checkpoint, per station and per area',
        params: IdParamsSchema,
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const t = await analysis.turnout(request.params.id);
      const rows: (string | number)[][] = [
        ...t.summary.map((c) => [
          'checkpoint',
          '',
          c.checkpoint,
          c.officialOnMatched,
          c.observedOnMatched,
          c.officialOnMatched - c.observedOnMatched,
          c.matchedStations,
        ]),
        ...t.stations.map((s) => ['station', s.stationNumber, s.checkpoint, s.official, s.observed, s.difference, 1]),
        ...t.areas.map((a) => [
          'area',
          a.code ?? localized(a.name, 'ru'),
          a.checkpoint,
          a.official,
          a.observedVoters,
          a.official - a.observedVoters,
          a.observedStations,
        ]),
      ];
      return sendTable(reply, 'turnout', format, [
        ['scope', 'station_or_area', 'checkpoint', 'official', 'observed', 'difference', 'stations'],
        ...rows,
      ]);
    },
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
                regionId: Type.String(),
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
      return sendTable(reply, 'comparison', 'csv', [
        ['station', 'votesMoved', 'line', 'official', 'observed', 'difference'],
        ...rows,
      ]);
    },
  );
};
