import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AreaResponseSchema,
  AreasListSchema,
  AreasQuerySchema,
  CreateAreaBodySchema,
  CreateStationBodySchema,
  ErrorResponseSchema,
  ExportQuerySchema,
  IdParamsSchema,
  StationResponseSchema,
  StationsPageSchema,
  StationsQuerySchema,
  UpdateAreaBodySchema,
  UpdateStationBodySchema,
} from '@pollwatch/core';
import { Type } from 'typebox';
import { sendDownload } from '../http/downloads.ts';
import { requireActor } from '../http/request-context.ts';
import type { AreasService } from '../territory/areas.service.ts';
import type { StationsService } from '../territory/stations.service.ts';
import { toAreaDto, toStationDto } from '../territory/territory-dto.ts';
import type { TerritoryExports } from '../territory/territory-exports.ts';

const errors = {
  400: ErrorResponseSchema,
  404: ErrorResponseSchema,
  409: ErrorResponseSchema,
  422: ErrorResponseSchema,
};

export const territoryRoutes: FastifyPluginAsyncTypebox<{
  areas: AreasService;
  stations: StationsService;
  exports: TerritoryExports;
}> = async (app, { areas, stations, exports }) => {
  // The tree stays whole for everyone: it holds no personal data, and a regional coordinator
  // navigates by it. What lies in the areas (stations, people) is scoped.
  app.get(
    '/api/v1/areas',
    {
      schema: {
        tags: ['territory'],
        summary: 'The territory tree, flat, with station and voter totals of each subtree for an election',
        querystring: AreasQuerySchema,
        response: { 200: AreasListSchema },
      },
    },
    async (request) => ({ items: (await areas.list(request.query.electionId)).map(toAreaDto) }),
  );

  app.post(
    '/api/v1/areas',
    { schema: { tags: ['territory'], body: CreateAreaBodySchema, response: { 201: AreaResponseSchema, ...errors } } },
    async (request, reply) => {
      const area = await areas.create(requireActor(request.actor), request.body);
      return reply.status(201).send({ area: { ...area, stationCount: 0, registeredVoters: 0 } });
    },
  );

  app.patch(
    '/api/v1/areas/:id',
    {
      schema: {
        tags: ['territory'],
        params: IdParamsSchema,
        body: UpdateAreaBodySchema,
        response: { 200: AreaResponseSchema, ...errors },
      },
    },
    async (request) => {
      const area = await areas.update(requireActor(request.actor), request.params.id, request.body);
      const counted = (await areas.list(undefined)).find((a) => a.id === area.id);
      return { area: counted ?? { ...area, stationCount: 0, registeredVoters: 0 } };
    },
  );

  app.delete(
    '/api/v1/areas/:id',
    { schema: { tags: ['territory'], params: IdParamsSchema, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await areas.delete(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/v1/areas/export',
    {
      schema: {
        tags: ['territory'],
        summary: 'Areas as CSV or XLSX, in the import columns',
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      return sendDownload(reply, { name: 'areas', format }, await exports.areas(format));
    },
  );

  app.get(
    '/api/v1/elections/:id/stations',
    {
      schema: {
        tags: ['stations'],
        summary: 'Search stations by number or address, in an area subtree, keyset-paged by number',
        params: IdParamsSchema,
        querystring: StationsQuerySchema,
        response: { 200: StationsPageSchema, ...errors },
      },
    },
    async (request) => {
      const page = await stations.search(requireActor(request.actor), request.params.id, request.query);
      return { ...page, items: page.items.map(toStationDto) };
    },
  );

  app.post(
    '/api/v1/elections/:id/stations',
    {
      schema: {
        tags: ['stations'],
        params: IdParamsSchema,
        body: CreateStationBodySchema,
        response: { 201: StationResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const station = await stations.create(requireActor(request.actor), request.params.id, request.body);
      return reply.status(201).send({ station: toStationDto(station) });
    },
  );

  app.get(
    '/api/v1/elections/:id/stations/export',
    {
      schema: {
        tags: ['stations'],
        summary: 'Stations as CSV or XLSX, in the import columns (imports back unchanged)',
        params: IdParamsSchema,
        querystring: ExportQuerySchema,
      },
    },
    async (request, reply) => {
      const format = request.query.format ?? 'csv';
      const file = await exports.stations(requireActor(request.actor), request.params.id, format);
      return sendDownload(reply, { name: 'stations', format }, file);
    },
  );

  app.get(
    '/api/v1/stations/:id',
    { schema: { tags: ['stations'], params: IdParamsSchema, response: { 200: StationResponseSchema, ...errors } } },
    async (request) => ({ station: toStationDto(await stations.get(requireActor(request.actor), request.params.id)) }),
  );

  app.patch(
    '/api/v1/stations/:id',
    {
      schema: {
        tags: ['stations'],
        params: IdParamsSchema,
        body: UpdateStationBodySchema,
        response: { 200: StationResponseSchema, ...errors },
      },
    },
    async (request) => ({
      station: toStationDto(await stations.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.delete(
    '/api/v1/stations/:id',
    { schema: { tags: ['stations'], params: IdParamsSchema, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await stations.delete(requireActor(request.actor), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
