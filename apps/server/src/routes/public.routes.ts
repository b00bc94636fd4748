import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ErrorResponseSchema,
  PublicDashboardSchema,
  PublicDashboardsListSchema,
  PublicPostResponseSchema,
  PublicPostsListSchema,
  PublicPostsQuerySchema,
  PublicResolutionQuerySchema,
  SlugParamsSchema,
} from '@pollwatch/core';
import { sendDownload } from '../http/downloads.ts';
import type { PublicDashboardService } from '../publishing/public-dashboard.service.ts';
import type { PublicPostsService, PublicPostView } from '../publishing/public-posts.service.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema };

function toPublicPostDto(p: PublicPostView) {
  return { ...p, publishedAt: p.publishedAt.toISOString(), updatedAt: p.updatedAt.toISOString() };
}

/**
 * The public API of the public site (issue 19): published posts and dashboards, nothing else. The
 * response schemas are the last filter: a field they do not list never leaves the server.
 */
export const publicRoutes: FastifyPluginAsyncTypebox<{
  posts: PublicPostsService;
  dashboards: PublicDashboardService;
}> = async (app, { posts, dashboards }) => {
  app.get(
    '/api/v1/public/posts',
    {
      schema: {
        tags: ['public'],
        summary: 'Published posts, newest first (optionally of one language)',
        security: [],
        querystring: PublicPostsQuerySchema,
        response: { 200: PublicPostsListSchema, ...errors },
      },
    },
    async (request) => ({
      items: (await posts.list(request.query.lang)).map((p) => {
        const { html: _html, ...rest } = toPublicPostDto(p);
        return rest;
      }),
    }),
  );

  app.get(
    '/api/v1/public/posts/:slug',
    {
      schema: {
        tags: ['public'],
        summary: 'A published post with its body as inert HTML',
        security: [],
        params: SlugParamsSchema,
        response: { 200: PublicPostResponseSchema, ...errors },
      },
    },
    async (request) => ({ post: toPublicPostDto(await posts.post(request.params.slug)) }),
  );

  app.get(
    '/api/v1/public/dashboards',
    {
      schema: {
        tags: ['public'],
        summary: 'Elections whose public dashboard is published',
        security: [],
        response: { 200: PublicDashboardsListSchema },
      },
    },
    async () => ({
      items: (await dashboards.listPublished()).map((d) => ({
        slug: d.slug ?? '',
        name: d.electionName,
        votingDate: d.votingDate,
      })),
    }),
  );

  app.get(
    '/api/v1/public/dashboards/:slug',
    {
      schema: {
        tags: ['public'],
        summary: 'A published dashboard: aggregates only; small counts are withheld',
        security: [],
        params: SlugParamsSchema,
        response: { 200: PublicDashboardSchema, ...errors },
      },
    },
    async (request) => {
      const d = await dashboards.dashboard(request.params.slug);
      return { ...d, updatedAt: d.updatedAt.toISOString() };
    },
  );

  app.get(
    '/api/v1/public/dashboards/:slug/resolution',
    {
      schema: {
        tags: ['public'],
        summary: 'The approved resolution an editor published with the dashboard, as PDF or DOCX (404 otherwise)',
        security: [],
        params: SlugParamsSchema,
        querystring: PublicResolutionQuerySchema,
        response: { 400: ErrorResponseSchema, 404: ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      const locale = request.query.lang === 'kk' ? 'kk' : 'ru';
      const file = await dashboards.resolutionFile(request.params.slug, request.query.format, locale);
      return sendDownload(reply, { name: file.name, format: file.format }, Buffer.from(file.body));
    },
  );
};
