import { type Static, Type } from 'typebox';
import { closed, literalUnion } from '../api/schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from '../api/schemas.ts';
import { LocalizedTextSchema } from '../api/territory-schemas.ts';
import {
  commissionLevels,
  REMARK_ANSWER_DAYS_MAX,
  REMARK_ANSWER_MAX,
  REMARK_BULK_STATIONS_MAX,
  REMARK_LEGAL_BASIS_MAX,
  REMARK_TEXT_MAX,
  REMARK_TITLE_MAX,
  remarkDeliveries,
  remarkOrigins,
  remarkStatuses,
} from './remark.ts';

/** The remarks register's API (issue 18). Dates are `YYYY-MM-DD`. */

export const RemarkStatusSchema = literalUnion(remarkStatuses);
export const CommissionLevelSchema = literalUnion(commissionLevels);
export const RemarkOriginSchema = literalUnion(remarkOrigins);
export const RemarkDeliverySchema = literalUnion(remarkDeliveries);
export const IsoDaySchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const TitleSchema = Type.String({ minLength: 1, maxLength: REMARK_TITLE_MAX, pattern: '\\S' });
const BodySchema = Type.String({ minLength: 1, maxLength: REMARK_TEXT_MAX, pattern: '\\S' });
const LegalBasisSchema = Type.String({ maxLength: REMARK_LEGAL_BASIS_MAX });

export const RemarkSchema = Type.Object(
  {
    id: IdSchema,
    electionId: IdSchema,
    number: Type.Integer(),
    commissionLevel: CommissionLevelSchema,
    areaId: IdSchema,
    areaName: LocalizedTextSchema,
    stationId: Nullable(IdSchema),
    stationNumber: Nullable(Type.Integer()),
    commissionName: Nullable(Type.String()),
    commissionAddress: Nullable(Type.String()),
    origin: RemarkOriginSchema,
    title: Type.String(),
    body: Type.String(),
    legalBasis: Nullable(Type.String()),
    status: RemarkStatusSchema,
    sentOn: Nullable(Type.String()),
    sentVia: Nullable(RemarkDeliverySchema),
    acknowledgedOn: Nullable(Type.String()),
    answer: Nullable(Type.String()),
    answeredOn: Nullable(Type.String()),
    closedOn: Nullable(Type.String()),
    batchId: Nullable(IdSchema),
    stationCount: Type.Integer(),
    /** Awaiting an answer past the set number of days. */
    overdue: Type.Boolean(),
    /** The last day the commission may answer (sent remarks only). */
    answerDue: Nullable(Type.String()),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
  },
  { $id: 'Remark' },
);
export type RemarkDto = Static<typeof RemarkSchema>;

export const RemarkEvidenceSchema = Type.Object({
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  stationAddress: Type.String(),
  reportId: Nullable(IdSchema),
  formKind: Nullable(Type.String()),
  revision: Nullable(Type.Integer()),
  questionId: Nullable(Type.String()),
  answers: Nullable(Type.Record(Type.String(), Type.Unknown())),
  photos: Type.Array(Type.String()),
  chainSeq: Nullable(Type.Integer()),
  chainHash: Nullable(Type.String()),
  receivedAt: Nullable(IsoTimeSchema),
});
export type RemarkEvidenceDto = Static<typeof RemarkEvidenceSchema>;

export const RemarkCountsSchema = Type.Object({
  total: Type.Integer(),
  overdue: Type.Integer(),
  byStatus: Type.Object(Object.fromEntries(remarkStatuses.map((s) => [s, Type.Integer()]))),
});
export type RemarkCountsDto = Static<typeof RemarkCountsSchema>;

export const RemarksQuerySchema = Type.Object(
  {
    status: Type.Optional(RemarkStatusSchema),
    level: Type.Optional(CommissionLevelSchema),
    /** Remarks to commissions in this area and below. */
    areaId: Type.Optional(IdSchema),
    stationId: Type.Optional(IdSchema),
    reportId: Type.Optional(IdSchema),
    overdue: Type.Optional(Type.Boolean()),
    q: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  },
  closed,
);
export type RemarksQuery = Static<typeof RemarksQuerySchema>;

export const RemarksListSchema = Type.Object({
  items: Type.Array(RemarkSchema),
  total: Type.Integer(),
  counts: RemarkCountsSchema,
  answerDays: Type.Integer(),
});
export type RemarksListDto = Static<typeof RemarksListSchema>;

/** Whom a remark is addressed to: a station's precinct commission, an area's commission, or the CEC. */
export const RemarkAddresseeSchema = Type.Union([
  Type.Object({ level: Type.Literal('precinct'), stationId: IdSchema }, closed),
  Type.Object({ level: Type.Literal('territorial'), areaId: IdSchema }, closed),
  Type.Object({ level: Type.Literal('central') }, closed),
]);
export type RemarkAddressee = Static<typeof RemarkAddresseeSchema>;

/** What the remark is made from; its evidence is the report's current revision. */
export const RemarkSourceSchema = Type.Object(
  {
    kind: literalUnion(['incident', 'report', 'readiness'] as const),
    reportId: IdSchema,
    /** A readiness finding: the checklist question. */
    questionId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  closed,
);
export type RemarkSource = Static<typeof RemarkSourceSchema>;

export const CreateRemarkBodySchema = Type.Object(
  {
    addressee: RemarkAddresseeSchema,
    title: TitleSchema,
    body: BodySchema,
    legalBasis: Type.Optional(LegalBasisSchema),
    source: Type.Optional(RemarkSourceSchema),
  },
  closed,
);
export type CreateRemarkBody = Static<typeof CreateRemarkBodySchema>;

/**
 * One finding across many stations → one remark per commission: each station's precinct commission,
 * or the territorial commission of each station's area. The stations are named, or found in SQL as
 * those whose latest readiness report holds `finding` (in the actor's scope, optionally one area).
 */
export const BulkRemarksBodySchema = Type.Object(
  {
    level: literalUnion(['precinct', 'territorial'] as const),
    title: TitleSchema,
    body: BodySchema,
    legalBasis: Type.Optional(LegalBasisSchema),
    stationIds: Type.Optional(
      Type.Array(IdSchema, { minItems: 1, maxItems: REMARK_BULK_STATIONS_MAX, uniqueItems: true }),
    ),
    finding: Type.Optional(
      Type.Object(
        {
          questionId: Type.String({ minLength: 1, maxLength: 200 }),
          value: Type.Union([Type.Boolean(), Type.String({ maxLength: 200 })]),
          areaId: Type.Optional(IdSchema),
        },
        closed,
      ),
    ),
  },
  closed,
);
export type BulkRemarksBody = Static<typeof BulkRemarksBodySchema>;
export const BulkRemarksResponseSchema = Type.Object({
  remarks: Type.Integer(),
  stations: Type.Integer(),
  batchId: Nullable(IdSchema),
});

export const UpdateRemarkBodySchema = Type.Object(
  {
    title: Type.Optional(TitleSchema),
    body: Type.Optional(BodySchema),
    legalBasis: Type.Optional(Nullable(LegalBasisSchema)),
  },
  { ...closed, minProperties: 1 },
);
export type UpdateRemarkBody = Static<typeof UpdateRemarkBodySchema>;

export const RemarkTransitionBodySchema = Type.Object(
  {
    to: RemarkStatusSchema,
    on: Type.Optional(IsoDaySchema),
    via: Type.Optional(RemarkDeliverySchema),
    answer: Type.Optional(Type.String({ maxLength: REMARK_ANSWER_MAX })),
  },
  closed,
);
export type RemarkTransitionBody = Static<typeof RemarkTransitionBodySchema>;

/** Record or correct the commission's answer and its date. */
export const RemarkAnswerBodySchema = Type.Object(
  { answer: Type.String({ minLength: 1, maxLength: REMARK_ANSWER_MAX, pattern: '\\S' }), on: IsoDaySchema },
  closed,
);
export type RemarkAnswerBody = Static<typeof RemarkAnswerBodySchema>;

export const RemarkResponseSchema = Type.Object({ remark: RemarkSchema });
export const RemarkDetailSchema = Type.Object({
  remark: RemarkSchema,
  evidence: Type.Array(RemarkEvidenceSchema),
  nextStatuses: Type.Array(RemarkStatusSchema),
  editable: Type.Boolean(),
  canAnswer: Type.Boolean(),
});
export type RemarkDetailDto = Static<typeof RemarkDetailSchema>;

export const RemarkLetterQuerySchema = Type.Object(
  {
    format: Type.Optional(literalUnion(['pdf', 'docx'] as const)),
    locale: Type.Optional(literalUnion(['ru', 'kk'] as const)),
  },
  closed,
);

export const RemarkSettingsSchema = Type.Object(
  { answerDays: Type.Integer({ minimum: 1, maximum: REMARK_ANSWER_DAYS_MAX }) },
  closed,
);
export type RemarkSettings = Static<typeof RemarkSettingsSchema>;
