import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ChainHeadSchema,
  ChooseRecordBodySchema,
  ConflictsListSchema,
  ErrorResponseSchema,
  FieldPackSchema,
  IdParamsSchema,
  PhotoParamsSchema,
  PhotoStatusSchema,
  ReportDetailSchema,
  ReportReceiptSchema,
  ReportStatsSchema,
  ReportsPageSchema,
  ReportsQuerySchema,
  SubmitReportBodySchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { requireActor } from '../http/request-context.ts';
import type { FieldPackService } from '../reports/field-pack.ts';
import type { IngestService } from '../reports/ingest.service.ts';
import type { LiveStreams } from '../reports/live-streams.ts';
import type { PhotosService } from '../reports/photos.service.ts';
import type { ReportsService } from '../reports/reports.service.ts';
import { toElectionDto, toStationDto } from '../territory/territory-dto.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  413: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

const iso = <T extends { createdAt: Date }>(a: T): Omit<T, 'createdAt'> & { createdAt: string } => ({
  ...a,
  createdAt: a.createdAt.toISOString(),
});

/** A report summary as the API sends it. */
const summaryDto = <T extends { updatedAt: Date }>(r: T): Omit<T, 'updatedAt'> & { updatedAt: string } => ({
  ...r,
  updatedAt: r.updatedAt.toISOString(),
});

export const reportsRoutes: FastifyPluginAsyncTypebox<{
  reports: ReportsService;
  fieldPack: FieldPackService;
  ingest: IngestService;
  photos: PhotosService;
  live: LiveStreams;
}> = async (app, { reports, fieldPack, ingest, photos, live }) => {
  // Photo chunks are raw bytes.
  app.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

  app.get(
    '/api/v1/me/field-pack',
    {
      schema: {
        tags: ['field'],
        summary:
          "The observer's offline pack: the elections they work in, own assignments, their stations, published forms",
        response: { 200: FieldPackSchema },
      },
    },
    async (request) => {
      const pack = await fieldPack.fieldPack(requireActor(request.actor));
      return {
        election: pack.election ? toElectionDto(pack.election) : null,
        elections: pack.elections.map(toElectionDto),
        assignments: pack.assignments.map(iso),
        stations: pack.stations.map(toStationDto),
        forms: pack.forms,
      };
    },
  );

  app.post(
    '/api/v1/reports',
    {
      schema: {
        tags: ['reports'],
        summary: 'Send one report revision; a resend of the same id and revision returns the original receipt',
        body: SubmitReportBodySchema,
        response: { 200: ReportReceiptSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const receipt = await ingest.submit(actor, request.body);
      // The report's revision is its own audit trail (hash-chained), so the request is accounted for.
      actor.audited = true;
      return receipt;
    },
  );

  app.get(
    '/api/v1/elections/:id/reports',
    {
      schema: {
        tags: ['reports'],
        params: IdParamsSchema,
        querystring: ReportsQuerySchema,
        response: { 200: ReportsPageSchema },
      },
    },
    async (request) => {
      const items = await reports.list(requireActor(request.actor), request.params.id, request.query);
      return { items: items.map(summaryDto) };
    },
  );

  app.get(
    '/api/v1/reports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'A report with every revision (answers, photos, flags, place in the chain), newest first',
        params: IdParamsSchema,
        response: { 200: ReportDetailSchema, ...errors },
      },
    },
    async (request) => {
      const detail = await reports.get(requireActor(request.actor), request.params.id);
      return {
        ...detail,
        report: summaryDto(detail.report),
        revisions: detail.revisions.map((r) => ({ ...r, receivedAt: r.receivedAt.toISOString() })),
      };
    },
  );

  app.get(
    '/api/v1/elections/:id/report-stats',
    { schema: { tags: ['reports'], params: IdParamsSchema, response: { 200: ReportStatsSchema } } },
    async (request) => reports.stats(requireActor(request.actor), request.params.id),
  );

  app.get(
    '/api/v1/elections/:id/events',
    { schema: { tags: ['reports'], summary: 'Accepted reports as server-sent events', params: IdParamsSchema } },
    async (request, reply) => {
      // A place among the open streams first (429 when the account or the process has too many),
      // then the subscription: an unknown election answers 404 before the stream starts.
      const actor = requireActor(request.actor);
      const release = live.admit(actor.user.id);
      let send: (frame: string) => void = () => undefined;
      let unsubscribe: () => void;
      try {
        unsubscribe = await reports.subscribe(actor, request.params.id, (frame) => send(frame));
      } catch (error) {
        release();
        throw error;
      }
      if (reply.raw.destroyed) {
        // The console left while the stream was opening.
        unsubscribe();
        release();
        return reply.hijack();
      }
      reply.raw.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      reply.raw.write(': connected\n\n');
      const stream = live.run(reply.raw, request.sessionTokenHash, () => {
        unsubscribe();
        release();
      });
      send = stream.send;
      request.raw.on('close', stream.close);
      return reply.hijack();
    },
  );

  app.get(
    '/api/v1/elections/:id/conflicts',
    { schema: { tags: ['reports'], params: IdParamsSchema, response: { 200: ConflictsListSchema } } },
    async (request) => ({
      items: (await reports.conflicts(requireActor(request.actor), request.params.id)).map((c) => ({
        ...c,
        reports: c.reports.map(summaryDto),
      })),
    }),
  );

  app.post(
    '/api/v1/stations/:id/records/:kind',
    {
      schema: {
        tags: ['reports'],
        summary: "Choose which report is the station's record (conflicting protocol copies)",
        params: Type.Object({ id: Type.String({ format: 'uuid' }), kind: Type.String({ pattern: '^[a-z]+$' }) }),
        body: ChooseRecordBodySchema,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await reports.chooseRecord(
        requireActor(request.actor),
        request.params.id,
        request.params.kind,
        request.body.reportId,
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/photos/:sha256',
    {
      schema: {
        tags: ['photos'],
        summary: 'Announce a photo upload (header Upload-Length); idempotent',
        params: PhotoParamsSchema,
        response: { 200: PhotoStatusSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const status = await photos.begin(actor, request.params.sha256, Number(request.headers['upload-length']));
      actor.audited = true;
      return status;
    },
  );

  app.get(
    '/api/v1/photos/:sha256',
    { schema: { tags: ['photos'], params: PhotoParamsSchema, response: { 200: PhotoStatusSchema, ...errors } } },
    async (request) => photos.status(requireActor(request.actor), request.params.sha256),
  );

  app.patch(
    '/api/v1/photos/:sha256',
    {
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['photos'],
        summary: 'Send bytes from Upload-Offset (what GET reported); completes when all have arrived',
        params: PhotoParamsSchema,
        response: { 200: PhotoStatusSchema, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request.actor);
      const status = await photos.append(
        actor,
        request.params.sha256,
        Number(request.headers['upload-offset'] ?? 0),
        request.body as Readable,
      );
      actor.audited = true;
      return status;
    },
  );

  app.get(
    '/api/v1/photos/:sha256/content',
    { schema: { tags: ['photos'], params: PhotoParamsSchema } },
    async (request, reply) => {
      const { type, stream } = await photos.content(requireActor(request.actor), request.params.sha256);
      return reply.type(type).header('cache-control', 'private, max-age=31536000, immutable').send(stream);
    },
  );

  app.get(
    '/api/v1/chain/head',
    { schema: { tags: ['reports'], summary: "The hash chain's current head", response: { 200: ChainHeadSchema } } },
    async () => reports.chainHead(),
  );
};
