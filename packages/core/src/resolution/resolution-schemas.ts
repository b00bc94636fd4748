import { type Static, Type } from 'typebox';
import { closed, literalUnion } from '../api/schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from '../api/schemas.ts';
import { recommendationStatuses, resolutionChapters, resolutionKinds, resolutionStatuses } from './resolution-model.ts';

/** The resolution builder's API (issue 18, part 2). */

const MarkdownSchema = (maxLength: number) => Type.String({ maxLength });

export const ResolutionTextsSchema = Type.Object(
  {
    chapters: Type.Object(
      Object.fromEntries(resolutionChapters.map((c) => [c, Type.Optional(MarkdownSchema(20_000))])),
      closed,
    ),
    recommendations: Type.Array(
      Type.Object(
        { chapter: literalUnion(resolutionChapters), text: Type.String({ minLength: 1, maxLength: 4000 }) },
        closed,
      ),
      { maxItems: 200 },
    ),
    followUps: Type.Array(
      Type.Object(
        { recommendationId: IdSchema, status: literalUnion(recommendationStatuses), evidence: MarkdownSchema(4000) },
        closed,
      ),
      { maxItems: 500 },
    ),
    conclusions: MarkdownSchema(50_000),
  },
  closed,
);

export const CreateResolutionBodySchema = Type.Object({ kind: literalUnion(resolutionKinds) }, closed);
export type CreateResolutionBody = Static<typeof CreateResolutionBodySchema>;

export const UpdateResolutionBodySchema = Type.Object(
  {
    texts: ResolutionTextsSchema,
    /** The version's `updatedAt` the editor started from: a stale save is refused, not merged. */
    expectedUpdatedAt: Type.Optional(IsoTimeSchema),
  },
  closed,
);
export type UpdateResolutionBody = Static<typeof UpdateResolutionBodySchema>;

export const ResolutionSummarySchema = Type.Object({
  id: IdSchema,
  electionId: IdSchema,
  kind: literalUnion(resolutionKinds),
  version: Type.Integer(),
  status: literalUnion(resolutionStatuses),
  takenAt: IsoTimeSchema,
  snapshotHash: Type.String(),
  chainHead: Type.Union([Type.Object({ seq: Type.Integer(), hash: Type.String() }), Type.Null()]),
  createdAt: IsoTimeSchema,
  updatedAt: IsoTimeSchema,
  approvedAt: Type.Union([IsoTimeSchema, Type.Null()]),
});
export type ResolutionSummary = Static<typeof ResolutionSummarySchema>;

export const ResolutionListSchema = Type.Object({ items: Type.Array(ResolutionSummarySchema) });

export const ResolutionDetailSchema = Type.Object({
  resolution: ResolutionSummarySchema,
  texts: Type.Unknown(),
  /** The document model (see resolution-model.ts) in the asked locale. */
  document: Type.Unknown(),
  earlierRecommendations: Type.Unknown(),
});

export const ResolutionQuerySchema = Type.Object(
  { locale: Type.Optional(literalUnion(['ru', 'kk', 'en'] as const)) },
  closed,
);

export const ResolutionDiffQuerySchema = Type.Object({ against: IdSchema }, closed);

export const ResolutionDiffSchema = Type.Object({
  from: ResolutionSummarySchema,
  to: ResolutionSummarySchema,
  texts: Type.Array(
    Type.Object({
      field: Type.String(),
      lines: Type.Array(Type.Object({ op: literalUnion(['same', 'added', 'removed'] as const), text: Type.String() })),
    }),
  ),
  figures: Type.Array(
    Type.Object({
      key: Type.String(),
      before: Type.Union([Type.String(), Type.Null()]),
      after: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
});

export const ResolutionDocumentQuerySchema = Type.Object(
  { format: literalUnion(['docx', 'pdf'] as const), locale: Type.Optional(literalUnion(['ru', 'kk', 'en'] as const)) },
  closed,
);
export type ResolutionDocumentQuery = Static<typeof ResolutionDocumentQuerySchema>;
