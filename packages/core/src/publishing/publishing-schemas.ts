import { type Static, Type } from 'typebox';
import { closed, literalUnion } from '../api/schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from '../api/schemas.ts';
import { LocalizedTextSchema } from '../api/territory-schemas.ts';
import {
  authorKinds,
  POST_BODY_MAX,
  POST_LEAD_MAX,
  POST_SLUG_MAX,
  POST_TAG_MAX,
  POST_TAGS_MAX,
  POST_TITLE_MAX,
  postKinds,
  postLanguages,
  postStatuses,
} from './post.ts';

/** The public site's API (issue 19): editors' posts, dashboard switches, and the public reads. */

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);
export const PostLanguageSchema = literalUnion(postLanguages);
const TitleSchema = Type.String({ minLength: 1, maxLength: POST_TITLE_MAX, pattern: '\\S' });
const LeadSchema = Type.String({ maxLength: POST_LEAD_MAX });
const BodySchema = Type.String({ minLength: 1, maxLength: POST_BODY_MAX, pattern: '\\S' });
const TagsSchema = Type.Array(Type.String({ maxLength: POST_TAG_MAX }), { maxItems: POST_TAGS_MAX });
const SlugSchema = Type.String({ minLength: 1, maxLength: POST_SLUG_MAX, pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });
const AuthorNameSchema = Type.String({ maxLength: 120 });

export const PostSchema = Type.Object(
  {
    id: IdSchema,
    translationGroup: IdSchema,
    language: PostLanguageSchema,
    slug: Type.String(),
    kind: literalUnion(postKinds),
    status: literalUnion(postStatuses),
    title: Type.String(),
    lead: Type.String(),
    body: Type.String(),
    coverSha256: Type.Union([Type.String(), Type.Null()]),
    coverAlt: Type.Union([Type.String(), Type.Null()]),
    authorKind: literalUnion(authorKinds),
    authorName: Type.Union([Type.String(), Type.Null()]),
    authorConsent: Type.Boolean(),
    tags: Type.Array(Type.String()),
    electionId: Type.Union([IdSchema, Type.Null()]),
    /** An opinion sent by an observer from the field app. */
    fromObserver: Type.Boolean(),
    publishAt: Type.Union([IsoTimeSchema, Type.Null()]),
    /** Published and its time has come. */
    isPublic: Type.Boolean(),
    translations: Type.Array(
      Type.Object({
        id: IdSchema,
        language: PostLanguageSchema,
        title: Type.String(),
        status: literalUnion(postStatuses),
      }),
    ),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
  },
  { $id: 'Post' },
);
export type PostDto = Static<typeof PostSchema>;
export const PostsListSchema = Type.Object({ items: Type.Array(PostSchema) });
export const PostResponseSchema = Type.Object({ post: PostSchema });

export const PostsQuerySchema = Type.Object(
  {
    status: Type.Optional(literalUnion(postStatuses)),
    language: Type.Optional(PostLanguageSchema),
  },
  closed,
);
export type PostsQuery = Static<typeof PostsQuerySchema>;

export const CreatePostBodySchema = Type.Object(
  {
    language: PostLanguageSchema,
    kind: literalUnion(postKinds),
    title: TitleSchema,
    lead: LeadSchema,
    body: BodySchema,
    authorKind: literalUnion(authorKinds),
    authorName: Type.Optional(Nullable(AuthorNameSchema)),
    authorConsent: Type.Optional(Type.Boolean()),
    tags: Type.Optional(TagsSchema),
    /** A new translation of this post (another language of the same group). */
    translationOf: Type.Optional(IdSchema),
    /** Otherwise made from the title; a taken slug gets -2, -3… */
    slug: Type.Optional(SlugSchema),
    electionId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
    coverAlt: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  },
  closed,
);
export type CreatePostBody = Static<typeof CreatePostBodySchema>;

export const UpdatePostBodySchema = Type.Object(
  {
    kind: Type.Optional(literalUnion(postKinds)),
    title: Type.Optional(TitleSchema),
    lead: Type.Optional(LeadSchema),
    body: Type.Optional(BodySchema),
    authorKind: Type.Optional(literalUnion(authorKinds)),
    authorName: Type.Optional(Nullable(AuthorNameSchema)),
    authorConsent: Type.Optional(Type.Boolean()),
    tags: Type.Optional(TagsSchema),
    slug: Type.Optional(SlugSchema),
    electionId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
    coverAlt: Type.Optional(Nullable(Type.String({ maxLength: 300 }))),
  },
  { ...closed, minProperties: 1 },
);
export type UpdatePostBody = Static<typeof UpdatePostBodySchema>;

/** Publish now, or at `publishAt` (scheduled). */
export const PublishPostBodySchema = Type.Object({ publishAt: Type.Optional(IsoTimeSchema) }, closed);
export type PublishPostBody = Static<typeof PublishPostBodySchema>;

/** An observer's opinion from the field app: waits for an editor's review. */
export const SubmitOpinionBodySchema = Type.Object(
  {
    language: PostLanguageSchema,
    title: TitleSchema,
    body: BodySchema,
    /** Signed with the observer's name only when they tick the consent box. */
    authorName: Type.Optional(Nullable(AuthorNameSchema)),
    authorConsent: Type.Boolean(),
  },
  closed,
);
export type SubmitOpinionBody = Static<typeof SubmitOpinionBodySchema>;
export const SubmitOpinionResponseSchema = Type.Object({ id: IdSchema });

export const DashboardStateSchema = Type.Object({
  electionId: IdSchema,
  electionName: LocalizedTextSchema,
  votingDate: Type.String(),
  slug: Type.Union([Type.String(), Type.Null()]),
  published: Type.Boolean(),
  quickCountPublished: Type.Boolean(),
  /** Whether an approved resolution version is published with the dashboard. */
  resolutionPublished: Type.Boolean(),
  updatedAt: Type.Union([IsoTimeSchema, Type.Null()]),
});
export const DashboardStatesSchema = Type.Object({ items: Type.Array(DashboardStateSchema) });
export const DashboardStateResponseSchema = Type.Object({ dashboard: DashboardStateSchema });
export const PutDashboardBodySchema = Type.Object(
  {
    published: Type.Boolean(),
    quickCountPublished: Type.Optional(Type.Boolean()),
    /** Publish the newest approved resolution version (refused while none is approved). */
    resolutionPublished: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type PutDashboardBody = Static<typeof PutDashboardBodySchema>;

// Public reads: what anyone may see. The response schemas are the last filter: fields not listed
// here are never serialised.
export const PublicPostSchema = Type.Object({
  slug: Type.String(),
  language: PostLanguageSchema,
  kind: literalUnion(postKinds),
  title: Type.String(),
  lead: Type.String(),
  /** Inert HTML rendered from the post's Markdown (no raw HTML, safe links only). */
  html: Type.String(),
  cover: Type.Union([Type.String(), Type.Null()]),
  coverAlt: Type.Union([Type.String(), Type.Null()]),
  author: Type.Union([Type.String(), Type.Null()]),
  tags: Type.Array(Type.String()),
  publishedAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  translations: Type.Array(Type.Object({ language: PostLanguageSchema, slug: Type.String(), title: Type.String() })),
});
export const PublicPostsListSchema = Type.Object({
  items: Type.Array(Type.Omit(PublicPostSchema, ['html'])),
});
export const PublicPostResponseSchema = Type.Object({ post: PublicPostSchema });
export const PublicPostsQuerySchema = Type.Object({ lang: Type.Optional(PostLanguageSchema) }, closed);
export const SlugParamsSchema = Type.Object({ slug: Type.String({ minLength: 1, maxLength: 120 }) }, closed);
/** The published resolution's file: PDF or DOCX, in Russian or Kazakh (any other language: Russian). */
export const PublicResolutionQuerySchema = Type.Object(
  {
    format: Type.Union([Type.Literal('pdf'), Type.Literal('docx')]),
    lang: Type.Optional(PostLanguageSchema),
  },
  closed,
);

const Count = Type.Union([Type.Integer(), Type.Null()]);
const Share = Type.Union([Type.Number(), Type.Null()]);
export const PublicDashboardSchema = Type.Object({
  slug: Type.String(),
  election: Type.Object({ name: LocalizedTextSchema, votingDate: Type.String(), timeZone: Type.String() }),
  updatedAt: IsoTimeSchema,
  readiness: Type.Object({ stations: Type.Integer(), visited: Type.Integer(), share: Share, withFindings: Count }),
  votingDay: Type.Object({ stations: Type.Integer(), covered: Type.Integer(), share: Share, reports: Type.Integer() }),
  incidents: Type.Object({
    verified: Type.Integer(),
    byCategory: Type.Array(Type.Object({ category: Type.String(), label: LocalizedTextSchema, count: Count })),
  }),
  areas: Type.Array(
    Type.Object({
      areaId: IdSchema,
      name: LocalizedTextSchema,
      stations: Type.Integer(),
      covered: Type.Integer(),
      share: Share,
      incidents: Count,
    }),
  ),
  turnout: Type.Union([
    Type.Object({
      checkpoint: Type.String(),
      stations: Type.Integer(),
      observedVoters: Type.Number(),
      officialVoters: Type.Number(),
    }),
    Type.Null(),
  ]),
  quickCount: Type.Union([
    Type.Object({
      options: Type.Array(
        Type.Object({ label: LocalizedTextSchema, share: Type.Number(), low: Type.Number(), high: Type.Number() }),
      ),
      stations: Type.Integer(),
    }),
    Type.Null(),
  ]),
  remarks: Type.Union([Type.Array(Type.Object({ outcome: Type.String(), count: Count })), Type.Null()]),
  resolution: Type.Union([Type.Object({ href: Type.String() }), Type.Null()]),
});
export const PublicDashboardsListSchema = Type.Object({
  items: Type.Array(Type.Object({ slug: Type.String(), name: LocalizedTextSchema, votingDate: Type.String() })),
});
