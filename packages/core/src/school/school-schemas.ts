import { type Static, Type } from 'typebox';
import { closed, literalUnion } from '../api/schema-helpers.ts';
import { IdSchema } from '../api/schemas.ts';
import { QUIZ_OPTIONS_MAX, QUIZ_QUESTIONS_MAX } from './school.ts';

/** Request and response schemas of the observer school's API (issue 20). */

const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
export const SchoolTextSchema = (max: number) =>
  Type.Object({ ru: Text(max), kk: Text(max), en: Type.Optional(Type.String({ maxLength: max })) }, closed);

const ShortId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });
export const SchoolTokenParamsSchema = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) });
export const SchoolTokenIdParamsSchema = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100 }),
  id: IdSchema,
});

export const QuizQuestionSchema = Type.Object(
  {
    id: ShortId,
    kind: literalUnion(['single', 'multiple'] as const),
    text: SchoolTextSchema(2000),
    options: Type.Array(Type.Object({ id: ShortId, text: SchoolTextSchema(500) }, closed), {
      minItems: 2,
      maxItems: QUIZ_OPTIONS_MAX,
    }),
    correct: Type.Array(ShortId, { minItems: 1, maxItems: QUIZ_OPTIONS_MAX }),
    explanation: SchoolTextSchema(2000),
  },
  closed,
);
export const QuizContentSchema = Type.Object(
  {
    title: SchoolTextSchema(300),
    passMark: Type.Integer({ minimum: 1, maximum: 100 }),
    questions: Type.Array(QuizQuestionSchema, { minItems: 1, maxItems: QUIZ_QUESTIONS_MAX }),
  },
  closed,
);

export const CreateCourseBodySchema = Type.Object(
  {
    title: SchoolTextSchema(300),
    requiresCourseId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  },
  closed,
);
export type CreateCourseBody = Static<typeof CreateCourseBodySchema>;

export const UpdateCourseBodySchema = Type.Object(
  {
    title: Type.Optional(SchoolTextSchema(300)),
    requiresCourseId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
    published: Type.Optional(Type.Boolean()),
  },
  closed,
);
export type UpdateCourseBody = Static<typeof UpdateCourseBodySchema>;

export const LessonBodySchema = Type.Object(
  {
    title: SchoolTextSchema(300),
    body: SchoolTextSchema(50_000),
    /** For an edit: the version the trainer started from; a newer one refuses the save. */
    version: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  closed,
);
export type LessonBody = Static<typeof LessonBodySchema>;

export const ReorderBodySchema = Type.Object(
  { ids: Type.Array(IdSchema, { minItems: 1, maxItems: 500, uniqueItems: true }) },
  closed,
);
export type ReorderBody = Static<typeof ReorderBodySchema>;

export const QuizBodySchema = Type.Object({ content: QuizContentSchema }, closed);
export type QuizBody = Static<typeof QuizBodySchema>;

export const ClassBodySchema = Type.Object(
  {
    title: SchoolTextSchema(300),
    mode: literalUnion(['in_person', 'online'] as const),
    /** Local date and time in the election's time zone, `YYYY-MM-DDTHH:mm`. */
    startsAt: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$' }),
    durationMinutes: Type.Integer({ minimum: 15, maximum: 600 }),
    place: Type.Optional(Type.String({ maxLength: 500 })),
    link: Type.Optional(Type.String({ maxLength: 500, pattern: '^https://' })),
    capacity: Type.Integer({ minimum: 1, maximum: 1000 }),
    areaId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
    trainerId: Type.Optional(Type.Union([IdSchema, Type.Null()])),
  },
  closed,
);
export type ClassBody = Static<typeof ClassBodySchema>;

export const AttendanceBodySchema = Type.Object({ applicantId: IdSchema, attended: Type.Boolean() }, closed);
export type AttendanceBody = Static<typeof AttendanceBodySchema>;

export const CertificationRuleSchema = Type.Object(
  {
    minClassesAttended: Type.Integer({ minimum: 0, maximum: 20 }),
    quizIds: Type.Array(IdSchema, { maxItems: 20, uniqueItems: true }),
  },
  closed,
);

export const InvitationsBodySchema = Type.Object(
  {
    areaId: Type.Optional(IdSchema),
    status: Type.Optional(literalUnion(['applied', 'contacted', 'in_training'] as const)),
  },
  closed,
);
export type InvitationsBody = Static<typeof InvitationsBodySchema>;

export const SubmitAttemptBodySchema = Type.Object(
  {
    answers: Type.Array(
      Type.Object({ questionId: ShortId, optionIds: Type.Array(ShortId, { maxItems: QUIZ_OPTIONS_MAX }) }, closed),
      { maxItems: QUIZ_QUESTIONS_MAX },
    ),
  },
  closed,
);
export type SubmitAttemptBody = Static<typeof SubmitAttemptBodySchema>;

export const CertificateQuerySchema = Type.Object({ locale: Type.Optional(literalUnion(['ru', 'kk'] as const)) });

/** Replies are shaped by the services; their schemas say only what every reply has. */
export const SchoolReplySchema = Type.Object({}, { additionalProperties: true });
export const SchoolListReplySchema = Type.Object({ items: Type.Array(Type.Unknown()) }, { additionalProperties: true });
