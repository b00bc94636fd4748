import { type Static, Type } from 'typebox';
import type { AssignmentWarningCode } from '../operations/assignment-warnings.ts';
import { assignmentShifts } from '../reports/assignment.ts';
import { reportFlagCodes } from '../reports/report-flags.ts';
import { ReferenceNoteSchema } from './reference-schemas.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';
import { ElectionSchema, LocalizedTextSchema, StationSchema } from './territory-schemas.ts';

/** Assignments, report submission, photos and conflicts (the field app and ingest). */

export const AssignmentShiftSchema = literalUnion(assignmentShifts);

export const AssignmentSchema = Type.Object(
  {
    id: IdSchema,
    electionId: IdSchema,
    observerId: IdSchema,
    observerName: Type.String(),
    stationId: IdSchema,
    stationNumber: Type.Integer(),
    stationAddress: Type.String(),
    shift: AssignmentShiftSchema,
    createdAt: IsoTimeSchema,
  },
  { $id: 'Assignment' },
);
export type AssignmentDto = Static<typeof AssignmentSchema>;
export const AssignmentsListSchema = Type.Object({ items: Type.Array(AssignmentSchema) });
export const AssignmentsQuerySchema = Type.Object(
  { stationId: Type.Optional(IdSchema), observerId: Type.Optional(IdSchema) },
  closed,
);
export const CreateAssignmentBodySchema = Type.Object(
  {
    observerId: IdSchema,
    stationId: IdSchema,
    shift: AssignmentShiftSchema,
    /** Assign despite the warnings the coordinator was shown (outside the area, not certified); audited. */
    override: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type CreateAssignmentBody = Static<typeof CreateAssignmentBodySchema>;

/**
 * The `details` of a refused manual assignment (`assignment_warnings`, 409): what the coordinator
 * is warned of, and whether `override: true` would let it through.
 */
export interface AssignmentWarningsDetails {
  codes: AssignmentWarningCode[];
  overridable: boolean;
}

export const ReportFlagSchema = Type.Object({
  code: literalUnion(reportFlagCodes),
  ref: Type.Optional(Type.String()),
  params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]))),
});

/** One report revision as the device sends it. A correction is the same id with the next revision. */
export const SubmitReportBodySchema = Type.Object(
  {
    id: IdSchema,
    revision: Type.Integer({ minimum: 1, maximum: 1000 }),
    stationId: IdSchema,
    formId: IdSchema,
    formVersion: Type.Integer({ minimum: 1 }),
    answers: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), { maxProperties: 600 }),
    /** When the observer saved it on the device (ISO-8601), for the phase-window check. */
    clientTime: Type.Optional(IsoTimeSchema),
  },
  closed,
);
export type SubmitReportBody = Static<typeof SubmitReportBodySchema>;

export const ReportReceiptSchema = Type.Object(
  {
    id: IdSchema,
    revision: Type.Integer(),
    status: literalUnion(['accepted'] as const),
    flags: Type.Array(ReportFlagSchema),
    /** Photos the revision refers to that the server does not have in full yet. */
    missingPhotos: Type.Array(Type.String()),
    receivedAt: IsoTimeSchema,
    chainSeq: Type.Integer(),
    chainHash: Type.String(),
  },
  { $id: 'ReportReceipt' },
);
export type ReportReceipt = Static<typeof ReportReceiptSchema>;

export const ReportSummarySchema = Type.Object({
  id: IdSchema,
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  formId: IdSchema,
  formKind: Type.String(),
  observerId: IdSchema,
  observerName: Type.String(),
  revision: Type.Integer(),
  flags: Type.Array(ReportFlagSchema),
  updatedAt: IsoTimeSchema,
});
export type ReportSummary = Static<typeof ReportSummarySchema>;
export const ReportsPageSchema = Type.Object({ items: Type.Array(ReportSummarySchema) });
export const ReportsQuerySchema = Type.Object(
  {
    stationId: Type.Optional(IdSchema),
    flagged: Type.Optional(Type.Boolean()),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  closed,
);

export const PhotoParamsSchema = Type.Object({ sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }) }, closed);
export const PhotoStatusSchema = Type.Object({
  sha256: Type.String(),
  sizeBytes: Type.Integer(),
  receivedBytes: Type.Integer(),
  complete: Type.Boolean(),
});
export type PhotoStatus = Static<typeof PhotoStatusSchema>;

export const ChainHeadSchema = Type.Object({ seq: Type.Integer(), hash: Type.String() });
export type ChainHead = Static<typeof ChainHeadSchema>;

/** One line of conflicting copies side by side (`compareCopies`): `values` are in `reports` order. */
export const CopyComparisonRowSchema = Type.Object({
  questionId: Type.String(),
  label: LocalizedTextSchema,
  type: Type.String(),
  choices: Type.Optional(Type.Array(Type.Object({ value: Type.String(), label: LocalizedTextSchema }))),
  values: Type.Array(Type.Unknown()),
  differs: Type.Boolean(),
});
export type CopyComparisonRowDto = Static<typeof CopyComparisonRowSchema>;

export const ConflictSchema = Type.Object({
  stationId: IdSchema,
  stationNumber: Type.Integer(),
  formKind: Type.String(),
  reports: Type.Array(ReportSummarySchema),
  chosenReportId: Type.Union([IdSchema, Type.Null()]),
  /** The copies' latest revisions line by line, so that the HQ sees what disagrees before choosing. */
  comparison: Type.Array(CopyComparisonRowSchema),
  /** Of the photos in `comparison`, those whose upload has finished (the others cannot be shown yet). */
  receivedPhotos: Type.Array(Type.String()),
});
export const ConflictsListSchema = Type.Object({ items: Type.Array(ConflictSchema) });
export const ChooseRecordBodySchema = Type.Object({ reportId: IdSchema }, closed);

/** What the field app caches after sign-in to work offline. */
export const FieldPackSchema = Type.Object({
  /** The election the pack leads with. */
  election: Type.Union([ElectionSchema, Type.Null()]),
  /**
   * Every election the observer works in, `election` first (two on a day with two elections at the
   * same stations). Packs cached before this existed lack it: they hold `election` alone.
   */
  // The same shape without the named schema's $id (one name may stand once in a response schema).
  elections: Type.Optional(Type.Array(Type.Object(ElectionSchema.properties))),
  assignments: Type.Array(AssignmentSchema),
  stations: Type.Array(StationSchema),
  forms: Type.Array(
    Type.Object({
      /** The form's election (absent in packs cached before packs held several: `election`'s). */
      electionId: Type.Optional(IdSchema),
      formId: IdSchema,
      kind: Type.String(),
      version: Type.Integer(),
      definition: Type.Unknown(),
    }),
  ),
  /** The election's reference notes, in order (packs cached before notes existed lack them). */
  referenceNotes: Type.Optional(Type.Array(ReferenceNoteSchema)),
});
export type FieldPack = Static<typeof FieldPackSchema>;

export const ReportStatsSchema = Type.Object({
  byKind: Type.Array(Type.Object({ kind: Type.String(), reports: Type.Integer(), stations: Type.Integer() })),
  flagged: Type.Integer(),
  conflicts: Type.Integer(),
});
export type ReportStats = Static<typeof ReportStatsSchema>;

/** One report with every revision, newest first: what a coordinator reads when checking it. */
export const ReportDetailSchema = Type.Object({
  report: ReportSummarySchema,
  /** The HQ chose this copy as its station's record of its kind (`POST /stations/:id/records/:kind`). */
  isStationRecord: Type.Boolean(),
  revisions: Type.Array(
    Type.Object({
      revision: Type.Integer(),
      formVersion: Type.Integer(),
      answers: Type.Record(Type.String(), Type.Unknown()),
      photos: Type.Array(Type.String()),
      flags: Type.Array(ReportFlagSchema),
      clientTime: Type.Union([Type.String(), Type.Null()]),
      receivedAt: IsoTimeSchema,
      chainSeq: Type.Integer(),
      chainHash: Type.String(),
    }),
  ),
  /** The revisions' answers line by line with the questions' labels, values in `revisions` order. */
  lines: Type.Array(CopyComparisonRowSchema),
  /** The photos of `lines` whose upload has finished. */
  receivedPhotos: Type.Array(Type.String()),
});
export type ReportDetail = Static<typeof ReportDetailSchema>;
