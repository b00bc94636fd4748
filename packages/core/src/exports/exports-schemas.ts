import { type Static, Type } from 'typebox';
import { closed, literalUnion } from '../api/schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from '../api/schemas.ts';

/** Exports at scale (issue 18): background jobs that write every report of an election to a file. */

export const exportKinds = ['reports', 'photos'] as const;
export type ExportKind = (typeof exportKinds)[number];
export const exportFormats = ['csv', 'xlsx', 'zip'] as const;
export type ExportFormat = (typeof exportFormats)[number];
/** long: one row per answer; wide: one row per revision, one column per question. */
export const exportShapes = ['long', 'wide'] as const;
export type ExportShape = (typeof exportShapes)[number];
export const exportStatuses = ['queued', 'running', 'done', 'failed', 'cancelled', 'expired'] as const;
export type ExportStatus = (typeof exportStatuses)[number];

export const CreateExportBodySchema = Type.Object(
  {
    kind: literalUnion(exportKinds),
    /** reports: csv or xlsx; photos: zip. */
    format: literalUnion(exportFormats),
    shape: Type.Optional(literalUnion(exportShapes)),
    /** The area whose stations are exported; default the actor's whole scope. */
    areaId: Type.Optional(IdSchema),
    /** One form only (reports); default every form of the election. */
    formId: Type.Optional(IdSchema),
  },
  closed,
);
export type CreateExportBody = Static<typeof CreateExportBodySchema>;

export const ExportJobSchema = Type.Object({
  id: IdSchema,
  electionId: IdSchema,
  kind: literalUnion(exportKinds),
  format: literalUnion(exportFormats),
  shape: Type.Union([literalUnion(exportShapes), Type.Null()]),
  areaId: Type.Union([IdSchema, Type.Null()]),
  formId: Type.Union([IdSchema, Type.Null()]),
  status: literalUnion(exportStatuses),
  rowsDone: Type.Integer(),
  rowsTotal: Type.Union([Type.Integer(), Type.Null()]),
  sizeBytes: Type.Union([Type.Integer(), Type.Null()]),
  /** An error code (never a message with data). */
  error: Type.Union([Type.String(), Type.Null()]),
  createdAt: IsoTimeSchema,
  startedAt: Type.Union([IsoTimeSchema, Type.Null()]),
  finishedAt: Type.Union([IsoTimeSchema, Type.Null()]),
  expiresAt: Type.Union([IsoTimeSchema, Type.Null()]),
  /** The file name a download is saved as (without folder). */
  fileName: Type.String(),
});
export type ExportJob = Static<typeof ExportJobSchema>;

export const ExportJobResponseSchema = Type.Object({ job: ExportJobSchema });
export const ExportJobsListSchema = Type.Object({ jobs: Type.Array(ExportJobSchema) });
export type ExportJobsList = Static<typeof ExportJobsListSchema>;

export const documentFormats = ['pdf', 'csv', 'xlsx'] as const;
export type DocumentFormat = (typeof documentFormats)[number];
export const documentLocales = ['ru', 'kk', 'en'] as const;

/** A report document (readiness by area, incident list, station dossier) in a format. */
export const DocumentQuerySchema = Type.Object(
  {
    format: literalUnion(documentFormats),
    areaId: Type.Optional(IdSchema),
    locale: Type.Optional(literalUnion(documentLocales)),
  },
  closed,
);
export type DocumentQuery = Static<typeof DocumentQuerySchema>;
