import { type Static, Type } from 'typebox';
import { formKinds } from '../forms/form-definition.ts';
import { reportFlagCodes } from '../reports/report-flags.ts';
import {
  severities,
  verificationDecisions,
  verificationStates,
  verificationStatuses,
} from '../reports/verification.ts';
import { ReportFlagSchema } from './reports-schemas.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';

/** The verification queue (issue 17, item 4): who holds a report, what was decided, by whom. */

const PersonSchema = Type.Object({ id: IdSchema, name: Type.String() });

export const VerificationStatusSchema = literalUnion(verificationStatuses);
export const VerificationStateSchema = literalUnion(verificationStates);
export const SeveritySchema = literalUnion(severities);

/** A report's place in the queue as the report page and the queue list show it. */
export const QueueEntrySchema = Type.Object(
  {
    reportId: IdSchema,
    status: VerificationStatusSchema,
    /** The observer sent a new revision after a follow-up request. */
    answered: Type.Boolean(),
    /** The live claim, or null when nobody holds one (an expired claim is nobody's). */
    claim: Type.Union([Type.Object({ by: PersonSchema, until: IsoTimeSchema }), Type.Null()]),
    decidedBy: Type.Union([PersonSchema, Type.Null()]),
    decidedAt: Type.Union([IsoTimeSchema, Type.Null()]),
    comment: Type.Union([Type.String(), Type.Null()]),
    /** The report's latest revision: send it back as `expectedRevision`. */
    revision: Type.Integer(),
    severity: SeveritySchema,
  },
  { $id: 'QueueEntry' },
);
export type QueueEntryDto = Static<typeof QueueEntrySchema>;

/** The report page asks for its report's queue state; a report that was never queued has none. */
export const ReportVerificationSchema = Type.Object({ verification: Type.Union([QueueEntrySchema, Type.Null()]) });
export type ReportVerificationDto = Static<typeof ReportVerificationSchema>;

export const QueueItemSchema = Type.Object({
  verification: QueueEntrySchema,
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  formKind: Type.String(),
  observerName: Type.String(),
  flags: Type.Array(ReportFlagSchema),
  updatedAt: IsoTimeSchema,
});
export type QueueItemDto = Static<typeof QueueItemSchema>;

export const QueueQuerySchema = Type.Object(
  {
    state: Type.Optional(VerificationStateSchema),
    flag: Type.Optional(literalUnion(reportFlagCodes)),
    /** Reports of stations in this area and below it. */
    areaId: Type.Optional(IdSchema),
    severity: Type.Optional(SeveritySchema),
    formKind: Type.Optional(literalUnion(formKinds)),
    /** Keyset paging: the previous page's `nextCursor`. */
    after: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  closed,
);
export type QueueQuery = Static<typeof QueueQuerySchema>;

export const QueueCountsSchema = Type.Object({
  pending: Type.Integer(),
  claimed: Type.Integer(),
  follow_up: Type.Integer(),
  verified: Type.Integer(),
  rejected: Type.Integer(),
});
export type QueueCountsDto = Static<typeof QueueCountsSchema>;

export const QueuePageSchema = Type.Object({
  items: Type.Array(QueueItemSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  /** By state, with the filters other than `state` applied (counted in SQL). */
  counts: QueueCountsSchema,
});
export type QueuePageDto = Static<typeof QueuePageSchema>;

export const ClaimBodySchema = Type.Object({ expectedRevision: Type.Optional(Type.Integer({ minimum: 1 })) }, closed);

export const DecideBodySchema = Type.Object(
  {
    decision: literalUnion(verificationDecisions),
    comment: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The report revision the page showed: a newer one refuses the decision (`report_changed`). */
    expectedRevision: Type.Integer({ minimum: 1 }),
    /** The queue state the page showed: another decision since refuses it too. */
    expectedStatus: VerificationStatusSchema,
  },
  closed,
);
export type DecideBody = Static<typeof DecideBodySchema>;

/** A follow-up request as the observer's field app shows it. */
export const FollowUpSchema = Type.Object({
  reportId: IdSchema,
  electionId: IdSchema,
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  formId: IdSchema,
  formKind: Type.String(),
  revision: Type.Integer(),
  comment: Type.Union([Type.String(), Type.Null()]),
  requestedBy: Type.String(),
  requestedAt: IsoTimeSchema,
});
export type FollowUpDto = Static<typeof FollowUpSchema>;
export const FollowUpsSchema = Type.Object({ items: Type.Array(FollowUpSchema) });
export type FollowUpsDto = Static<typeof FollowUpsSchema>;
