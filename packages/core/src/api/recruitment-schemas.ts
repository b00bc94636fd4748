import { type Static, Type } from 'typebox';
import {
  applicantAvailabilities,
  applicantLanguages,
  applicantSources,
  applicantStatuses,
} from '../recruitment/applicant.ts';
import { closed, literalUnion } from './schema-helpers.ts';
import { EmailSchema, IdSchema, IsoTimeSchema, LocaleSchema } from './schemas.ts';
import { LocalizedTextSchema } from './territory-schemas.ts';

/** Schemas of recruitment: the public join form, the HQ pipeline, invitations, referral letters. */

export const ApplicantStatusSchema = literalUnion(applicantStatuses);
export const ApplicantLanguageSchema = literalUnion(applicantLanguages);
export const ApplicantAvailabilitySchema = literalUnion(applicantAvailabilities);
const DateSchema = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const FullNameSchema = Type.String({ minLength: 1, maxLength: 200 });
const ReasonSchema = Type.String({ maxLength: 1000 });

// ---- Public: the join form ----

export const JoinTokenSchema = Type.Object({
  /** Send back as `token`; a sign-up sooner than `minFillSeconds` after it was issued is refused. */
  token: Type.String(),
  minFillSeconds: Type.Integer(),
  /** The consent text version the form must show (texts: `consentTexts` in core). */
  consentVersion: Type.String(),
});
export type JoinToken = Static<typeof JoinTokenSchema>;

export const JoinBodySchema = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 300 }),
    /** The honeypot: hidden from people, filled in by bots. Must be absent or empty. */
    website: Type.Optional(Type.String({ maxLength: 500 })),
    fullName: FullNameSchema,
    phone: Type.String({ minLength: 1, maxLength: 40 }),
    email: Type.Optional(Type.Union([EmailSchema, Type.Literal('')])),
    iin: Type.Optional(Type.String({ maxLength: 20 })),
    birthDate: DateSchema,
    areaId: Type.Optional(IdSchema),
    languages: Type.Array(ApplicantLanguageSchema, { maxItems: 10 }),
    availability: Type.Array(ApplicantAvailabilitySchema, { maxItems: 3 }),
    experience: Type.Optional(Type.String({ maxLength: 2000 })),
    referralSource: Type.Optional(Type.String({ maxLength: 500 })),
    consent: Type.Boolean(),
    consentVersion: Type.String({ minLength: 1, maxLength: 50 }),
    locale: Type.Optional(LocaleSchema),
  },
  closed,
);
export type JoinBody = Static<typeof JoinBodySchema>;

/** The same answer for a new sign-up and a repeated one: it never tells whether a phone is known. */
export const JoinAcceptedSchema = Type.Object({ status: Type.Literal('received') });
export const PublicStatsSchema = Type.Object({ applicants: Type.Integer() });

// ---- HQ: the pipeline ----

export const ApplicantSummarySchema = Type.Object(
  {
    id: IdSchema,
    electionId: Type.Union([IdSchema, Type.Null()]),
    fullName: Type.String(),
    phone: Type.String(),
    areaId: Type.Union([IdSchema, Type.Null()]),
    languages: Type.Array(ApplicantLanguageSchema),
    availability: Type.Array(ApplicantAvailabilitySchema),
    status: ApplicantStatusSchema,
    locale: LocaleSchema,
    userId: Type.Union([IdSchema, Type.Null()]),
    source: literalUnion(applicantSources),
    createdAt: IsoTimeSchema,
    updatedAt: IsoTimeSchema,
  },
  { $id: 'ApplicantSummary' },
);
export type ApplicantSummaryDto = Static<typeof ApplicantSummarySchema>;

export const ApplicantSchema = Type.Object(
  {
    ...ApplicantSummarySchema.properties,
    email: Type.Union([Type.String(), Type.Null()]),
    iin: Type.Union([Type.String(), Type.Null()]),
    birthDate: Type.Union([Type.String(), Type.Null()]),
    experience: Type.Union([Type.String(), Type.Null()]),
    referralSource: Type.Union([Type.String(), Type.Null()]),
    consentVersion: Type.Union([Type.String(), Type.Null()]),
    consentedAt: Type.Union([IsoTimeSchema, Type.Null()]),
    statusReason: Type.Union([Type.String(), Type.Null()]),
    idDocument: Type.Union([Type.String(), Type.Null()]),
    anonymisedAt: Type.Union([IsoTimeSchema, Type.Null()]),
  },
  { $id: 'Applicant' },
);
export type ApplicantDto = Static<typeof ApplicantSchema>;

export const ApplicantEventSchema = Type.Object({
  id: IdSchema,
  at: IsoTimeSchema,
  actorId: Type.Union([IdSchema, Type.Null()]),
  actorName: Type.Union([Type.String(), Type.Null()]),
  kind: literalUnion(['created', 'status', 'note', 'merged', 'updated', 'invited', 'referral', 'school'] as const),
  fromStatus: Type.Union([ApplicantStatusSchema, Type.Null()]),
  toStatus: Type.Union([ApplicantStatusSchema, Type.Null()]),
  text: Type.Union([Type.String(), Type.Null()]),
});
export type ApplicantEventDto = Static<typeof ApplicantEventSchema>;

export const ApplicantResponseSchema = Type.Object({
  applicant: ApplicantSchema,
  /** Who changed what and when: status changes with reasons, notes, merges, invites, letters. */
  events: Type.Array(ApplicantEventSchema),
});

export const ApplicantsQuerySchema = Type.Object(
  {
    /** Words of the name, or digits of the phone (8 7xx… and +7 7xx… both match). */
    q: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(ApplicantStatusSchema),
    /** Applicants in this area and below it. */
    areaId: Type.Optional(IdSchema),
    availability: Type.Optional(ApplicantAvailabilitySchema),
    language: Type.Optional(ApplicantLanguageSchema),
    electionId: Type.Optional(IdSchema),
    /** Keyset paging: the previous page's `nextCursor`. */
    after: Type.Optional(Type.String({ maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  closed,
);
export type ApplicantsQuery = Static<typeof ApplicantsQuerySchema>;

export const ApplicantsPageSchema = Type.Object({
  items: Type.Array(ApplicantSummarySchema),
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type ApplicantsPage = Static<typeof ApplicantsPageSchema>;

export const ApplicantsExportQuerySchema = Type.Object(
  {
    format: Type.Optional(literalUnion(['csv', 'xlsx'] as const)),
    q: ApplicantsQuerySchema.properties.q,
    status: ApplicantsQuerySchema.properties.status,
    areaId: ApplicantsQuerySchema.properties.areaId,
    availability: ApplicantsQuerySchema.properties.availability,
    language: ApplicantsQuerySchema.properties.language,
    electionId: ApplicantsQuerySchema.properties.electionId,
  },
  closed,
);
export type ApplicantsExportQuery = Static<typeof ApplicantsExportQuerySchema>;

export const UpdateApplicantBodySchema = Type.Object(
  {
    fullName: Type.Optional(FullNameSchema),
    phone: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    email: Type.Optional(Type.Union([EmailSchema, Type.Null()])),
    iin: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
    birthDate: Type.Optional(Type.Union([DateSchema, Type.Null()])),
    areaId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
    languages: Type.Optional(Type.Array(ApplicantLanguageSchema, { maxItems: 10 })),
    availability: Type.Optional(Type.Array(ApplicantAvailabilitySchema, { maxItems: 3 })),
    idDocument: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 50 }), Type.Null()])),
    locale: Type.Optional(LocaleSchema),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateApplicantBody = Static<typeof UpdateApplicantBodySchema>;

export const ApplicantStatusBodySchema = Type.Object(
  { status: ApplicantStatusSchema, reason: Type.Optional(ReasonSchema) },
  closed,
);
export type ApplicantStatusBody = Static<typeof ApplicantStatusBodySchema>;

export const BulkStatusBodySchema = Type.Object(
  {
    ids: Type.Array(IdSchema, { minItems: 1, maxItems: 500, uniqueItems: true }),
    status: ApplicantStatusSchema,
    reason: Type.Optional(ReasonSchema),
  },
  closed,
);
export type BulkStatusBody = Static<typeof BulkStatusBodySchema>;

export const BulkStatusResultSchema = Type.Object({
  changed: Type.Array(IdSchema),
  /** Applicants left as they were, with why (`status_transition_invalid`, `reason_required`, `not_found`). */
  refused: Type.Array(Type.Object({ id: IdSchema, code: Type.String() })),
});
export type BulkStatusResult = Static<typeof BulkStatusResultSchema>;

export const ApplicantNoteBodySchema = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: 4000, pattern: '\\S' }) },
  closed,
);

export const DuplicatesSchema = Type.Object({
  groups: Type.Array(
    Type.Object({ reason: literalUnion(['phone', 'iin'] as const), applicants: Type.Array(ApplicantSummarySchema) }),
  ),
});
export type DuplicatesDto = Static<typeof DuplicatesSchema>;

export const MergeBodySchema = Type.Object({ duplicateId: IdSchema }, closed);

export const ApplicantInviteSchema = Type.Object({
  applicant: ApplicantSchema,
  userId: IdSchema,
  /** Shown once, for display and copy; the server keeps only a hash. */
  invite: Type.Object({ code: Type.String(), path: Type.String(), expiresAt: IsoTimeSchema }),
});

export const ApplicantIdParamsSchema = Type.Object({ id: IdSchema }, closed);

// ---- Referral letters and their verification ----

export const referralLocales = ['ru', 'kk'] as const;
export const ReferralLocaleSchema = literalUnion(referralLocales);

export const ReferralSchema = Type.Object(
  {
    id: IdSchema,
    applicantId: IdSchema,
    electionId: IdSchema,
    stationId: IdSchema,
    locale: ReferralLocaleSchema,
    /** Printed on the letter; anyone can check it at /verify/<code>. */
    code: Type.String(),
    issuedAt: IsoTimeSchema,
  },
  { $id: 'Referral' },
);
export type ReferralDto = Static<typeof ReferralSchema>;

export const IssueReferralBodySchema = Type.Object(
  { stationId: IdSchema, locale: Type.Optional(ReferralLocaleSchema) },
  closed,
);
export type IssueReferralBody = Static<typeof IssueReferralBodySchema>;
export const ReferralResponseSchema = Type.Object({ referral: ReferralSchema });
export const ReferralsListSchema = Type.Object({ items: Type.Array(ReferralSchema) });
export const LetterQuerySchema = Type.Object({ format: Type.Optional(literalUnion(['pdf', 'docx'] as const)) }, closed);
export const BatchLettersBodySchema = Type.Object(
  { areaId: IdSchema, locale: Type.Optional(ReferralLocaleSchema) },
  closed,
);
export type BatchLettersBody = Static<typeof BatchLettersBodySchema>;

export const VerifyParamsSchema = Type.Object({ code: Type.String({ minLength: 1, maxLength: 40 }) }, closed);
/** What anyone may learn from a letter's code: nothing beyond the observer's name. */
export const VerificationSchema = Type.Object({
  valid: Type.Boolean(),
  /** What the code is on: a referral letter, or an observer school certificate (issue 20). */
  document: Type.Optional(literalUnion(['referral', 'certificate'] as const)),
  observerName: Type.Optional(Type.String()),
  election: Type.Optional(LocalizedTextSchema),
  station: Type.Optional(Type.Object({ number: Type.Integer(), address: Type.String() })),
  issuedAt: Type.Optional(IsoTimeSchema),
});
export type VerificationDto = Static<typeof VerificationSchema>;

// ---- The organisation's letterhead ----

export const OrganisationSchema = Type.Object(
  {
    name: Type.Object(
      { ru: Type.String({ minLength: 1, maxLength: 300 }), kk: Type.String({ minLength: 1, maxLength: 300 }) },
      closed,
    ),
    /** Registration details: BIN, registration certificate, legal address — as printed. */
    registration: Type.String({ minLength: 1, maxLength: 1000 }),
    address: Type.Optional(Type.String({ maxLength: 500 })),
    contacts: Type.Optional(Type.String({ maxLength: 500 })),
    signatoryName: Type.String({ minLength: 1, maxLength: 200 }),
    signatoryTitle: Type.Object(
      { ru: Type.String({ minLength: 1, maxLength: 200 }), kk: Type.String({ minLength: 1, maxLength: 200 }) },
      closed,
    ),
  },
  closed,
);
export type Organisation = Static<typeof OrganisationSchema>;
export const OrganisationResponseSchema = Type.Object({
  organisation: Type.Union([OrganisationSchema, Type.Null()]),
});
