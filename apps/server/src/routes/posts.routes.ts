import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  COVER_MAX_BYTES,
  CreatePostBodySchema,
  DashboardStateResponseSchema,
  DashboardStatesSchema,
  ErrorResponseSchema,
  IdParamsSchema,
  PostResponseSchema,
  PostsListSchema,
  PostsQuerySchema,
  PublishPostBodySchema,
  PutDashboardBodySchema,
  SubmitOpinionBodySchema,
  SubmitOpinionResponseSchema,
  UpdatePostBodySchema,
} from '@pollwatch/core';
import { requireActor } from '../http/request-context.ts';
import type { PostsService, PostView } from '../publishing/posts.service.ts';
import type { PublicDashboardService } from '../publishing/public-dashboard.service.ts';

const errors = { 400: ErrorResponseSchema, 404: ErrorResponseSchema, 409: ErrorResponseSchema };

export function toPostDto({ post, translations, isPublic }: PostView) {
  return {
    id: post.id,
    translationGroup: post.translationGroup,
    language: post.language,
    slug: post.slug,
    kind: post.kind,
    status: post.status,
    title: post.title,
    lead: post.lead,
    body: post.body,
    coverSha256: post.coverSha256,
    coverAlt: post.coverAlt,
    authorKind: post.authorKind,
    authorName: post.authorName,
    authorConsent: post.authorConsent,
    tags: post.tags,
    electionId: post.electionId,
    fromObserver: post.submittedBy !== null,
    publishAt: post.publishAt?.toISOString() ?? null,
    isPublic,
    translations,
    createdAt: post.createdAt.toISOString(),
    updatedAt: post.updatedAt.toISOString(),
  };
}

/** Editors' posts, the observers' opinions and the elections' public dashboard switches (issue 19). */
export const postsRoutes: FastifyPluginAsyncTypebox<{
  posts: PostsService;
  dashboards: PublicDashboardService;
}> = async (app, { posts, dashboards }) => {
  // A cover arrives as the raw image; anything else is 415, a non-image with an image type 400.
  app.addContentTypeParser(
    ['image/jpeg', 'image/png', 'image/webp'],
    { parseAs: 'buffer', bodyLimit: COVER_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get(
    '/api/v1/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'Posts, newest change first: drafts, opinions waiting for review, published',
        querystring: PostsQuerySchema,
        response: { 200: PostsListSchema, ...errors },
      },
    },
    async (request) => ({ items: (await posts.list(request.query)).map(toPostDto) }),
  );

  app.post(
    '/api/v1/posts',
    {
      schema: {
        tags: ['posts'],
        summary: 'Write a draft, or a translation of a post (translationOf); the slug comes from the title',
        body: CreatePostBodySchema,
        response: { 201: PostResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      const view = await posts.create(requireActor(request.actor), request.body);
      return reply.status(201).send({ post: toPostDto(view) });
    },
  );

  app.get(
    '/api/v1/posts/:id',
    { schema: { tags: ['posts'], params: IdParamsSchema, response: { 200: PostResponseSchema, ...errors } } },
    async (request) => ({ post: toPostDto(await posts.get(request.params.id)) }),
  );

  app.patch(
    '/api/v1/posts/:id',
    {
      schema: {
        tags: ['posts'],
        params: IdParamsSchema,
        body: UpdatePostBodySchema,
        response: { 200: PostResponseSchema, ...errors },
      },
    },
    async (request) => ({
      post: toPostDto(await posts.update(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.put(
    '/api/v1/posts/:id/cover',
    {
      schema: {
        tags: ['posts'],
        summary: 'The cover image (raw JPEG, PNG or WebP body): re-encoded, metadata dropped',
        params: IdParamsSchema,
        response: { 200: PostResponseSchema, ...errors },
      },
    },
    async (request) => ({
      post: toPostDto(await posts.setCover(requireActor(request.actor), request.params.id, request.body as Buffer)),
    }),
  );

  app.get(
    '/api/v1/posts/:id/cover',
    { schema: { tags: ['posts'], summary: "The post's cover, for the editor's preview", params: IdParamsSchema } },
    async (request, reply) =>
      reply
        .type('image/jpeg')
        .header('cache-control', 'private, no-cache')
        .send(await posts.cover(request.params.id)),
  );

  app.post(
    '/api/v1/posts/:id/publish',
    {
      schema: {
        tags: ['posts'],
        summary: 'Publish now, or at publishAt (scheduled)',
        params: IdParamsSchema,
        body: PublishPostBodySchema,
        response: { 200: PostResponseSchema, ...errors },
      },
    },
    async (request) => ({
      post: toPostDto(await posts.publish(requireActor(request.actor), request.params.id, request.body)),
    }),
  );

  app.post(
    '/api/v1/posts/:id/unpublish',
    {
      schema: {
        tags: ['posts'],
        summary: 'Take a post off the public site (back to draft)',
        params: IdParamsSchema,
        response: { 200: PostResponseSchema, ...errors },
      },
    },
    async (request) => ({ post: toPostDto(await posts.unpublish(requireActor(request.actor), request.params.id)) }),
  );

  app.post(
    '/api/v1/me/opinions',
    {
      schema: {
        tags: ['posts'],
        summary: "An observer's opinion for the public site: an editor reviews it before anything is published",
        body: SubmitOpinionBodySchema,
        response: { 201: SubmitOpinionResponseSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await posts.submitOpinion(requireActor(request.actor), request.body)),
  );

  const dashboardDto = (d: Awaited<ReturnType<PublicDashboardService['states']>>[number]) => ({
    electionId: d.electionId,
    electionName: d.electionName,
    votingDate: d.votingDate,
    slug: d.slug,
    published: d.published,
    quickCountPublished: d.quickCountPublished,
    resolutionPublished: d.resolutionId !== null,
    updatedAt: d.updatedAt?.toISOString() ?? null,
  });

  app.get(
    '/api/v1/public-dashboards',
    {
      schema: {
        tags: ['posts'],
        summary: "Every election's public dashboard: published or not, with its address",
        response: { 200: DashboardStatesSchema },
      },
    },
    async () => ({ items: (await dashboards.states()).map(dashboardDto) }),
  );

  app.put(
    '/api/v1/elections/:id/public-dashboard',
    {
      schema: {
        tags: ['posts'],
        summary: "Publish or withdraw the election's public dashboard (and its quick count)",
        params: IdParamsSchema,
        body: PutDashboardBodySchema,
        response: { 200: DashboardStateResponseSchema, ...errors },
      },
    },
    async (request) => ({
      dashboard: dashboardDto(await dashboards.save(requireActor(request.actor), request.params.id, request.body)),
    }),
  );
};
