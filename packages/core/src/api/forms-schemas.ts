import { type Static, Type } from 'typebox';
import { formKinds } from '../forms/form-definition.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { IdSchema, IsoTimeSchema } from './schemas.ts';
import { LocalizedTextSchema } from './territory-schemas.ts';

/**
 * Forms of an election and their versions. A definition travels as JSON and is checked by
 * `checkFormDefinition` (forms/form-definition-check.ts), which reports far more than a schema can.
 */

export const formVersionStatuses = ['draft', 'published'] as const;
export type FormVersionStatus = (typeof formVersionStatuses)[number];

export const FormDefinitionProblemSchema = Type.Object({
  code: Type.String(),
  path: Type.String(),
  questionId: Type.Optional(Type.String()),
  at: Type.Optional(Type.Integer()),
  expected: Type.Optional(Type.String()),
  found: Type.Optional(Type.String()),
});

export const FormSummarySchema = Type.Object(
  {
    id: IdSchema,
    electionId: IdSchema,
    code: Type.String(),
    kind: literalUnion(formKinds),
    title: LocalizedTextSchema,
    /** Shipped with the election (readiness, opening, …, protocol), not authored by the HQ. */
    isStandard: Type.Boolean(),
    latestVersion: Type.Integer(),
    /** The version observers fill in; null until the first publication. */
    publishedVersion: Type.Union([Type.Integer(), Type.Null()]),
    hasDraft: Type.Boolean(),
    updatedAt: IsoTimeSchema,
  },
  { $id: 'FormSummary' },
);
export type FormSummary = Static<typeof FormSummarySchema>;

export const FormVersionSchema = Type.Object(
  {
    formId: IdSchema,
    version: Type.Integer(),
    status: literalUnion(formVersionStatuses),
    definition: Type.Unknown(),
    /** What stops publication; always empty for a published version. */
    problems: Type.Array(FormDefinitionProblemSchema),
    createdAt: IsoTimeSchema,
    publishedAt: Type.Union([IsoTimeSchema, Type.Null()]),
  },
  { $id: 'FormVersion' },
);
export type FormVersionDto = Static<typeof FormVersionSchema>;

export const FormsListSchema = Type.Object({ items: Type.Array(FormSummarySchema) });
export type FormsList = Static<typeof FormsListSchema>;

export const FormDetailSchema = Type.Object({
  form: FormSummarySchema,
  /** Newest first. */
  versions: Type.Array(FormVersionSchema),
});
export type FormDetail = Static<typeof FormDetailSchema>;

export const FormDefinitionBodySchema = Type.Object({ definition: Type.Unknown() }, closed);
export type FormDefinitionBody = Static<typeof FormDefinitionBodySchema>;

export const FormVersionResponseSchema = Type.Object({ form: FormSummarySchema, version: FormVersionSchema });
export type FormVersionResponse = Static<typeof FormVersionResponseSchema>;

export const XlsFormImportQuerySchema = Type.Object(
  { fileName: Type.String({ minLength: 1, maxLength: 255 }) },
  closed,
);

export const XlsFormImportResponseSchema = Type.Object({
  form: FormSummarySchema,
  version: FormVersionSchema,
  /** What the import could not map: listed, never dropped silently. */
  unmapped: Type.Array(
    Type.Object({
      sheet: Type.String(),
      row: Type.Optional(Type.Integer()),
      column: Type.Optional(Type.String()),
      value: Type.Optional(Type.String()),
      reason: Type.String(),
    }),
  ),
  /** What the import chose on its own (language of a column, code from the file name, loops…). */
  notes: Type.Array(
    Type.Object({
      sheet: Type.String(),
      row: Type.Optional(Type.Integer()),
      column: Type.Optional(Type.String()),
      value: Type.String(),
      kind: Type.String(),
      target: Type.String(),
    }),
  ),
});
export type XlsFormImportResponse = Static<typeof XlsFormImportResponseSchema>;

export const FormVersionParamsSchema = Type.Object({ id: IdSchema, version: Type.Integer({ minimum: 1 }) }, closed);

export const ValidateAnswersBodySchema = Type.Object(
  {
    answers: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown()),
    /** Checks against this station's facts (registered voters, number). */
    stationId: Type.Optional(IdSchema),
  },
  closed,
);
export type ValidateAnswersBody = Static<typeof ValidateAnswersBodySchema>;

export const ValidationResultSchema = Type.Object({
  problems: Type.Array(
    Type.Object({
      questionId: Type.String(),
      index: Type.Optional(Type.Integer()),
      code: Type.String(),
      severity: Type.Optional(Type.String()),
      params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    }),
  ),
  flags: Type.Array(
    Type.Object({
      code: Type.String(),
      checkId: Type.String(),
      severity: Type.String(),
      op: Type.String(),
      left: Type.Number(),
      right: Type.Number(),
    }),
  ),
  computed: Type.Record(Type.String(), Type.Unknown()),
  relevant: Type.Array(Type.String()),
});
export type ValidationResultDto = Static<typeof ValidationResultSchema>;
