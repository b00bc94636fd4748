import { type Static, Type } from 'typebox';
import { closed, literalUnion } from '../api/schema-helpers.ts';
import { IdSchema } from '../api/schemas.ts';
import { QUIZ_OPTIONS_MAX } from './school.ts';

/** Schemas of the school's one-question-at-a-time answers, cancellations, places and reminders (issue 20). */

const QuestionId = Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' });
const Token = Type.String({ minLength: 20, maxLength: 100 });

export const StepAnswerBodySchema = Type.Object(
  { optionIds: Type.Array(QuestionId, { minItems: 1, maxItems: QUIZ_OPTIONS_MAX }) },
  closed,
);
export type StepAnswerBody = Static<typeof StepAnswerBodySchema>;

export const SchoolTokenStepParamsSchema = Type.Object({ token: Token, id: IdSchema, questionId: QuestionId });
export const SchoolStepParamsSchema = Type.Object({ id: IdSchema, questionId: QuestionId });

export const ClassPlacesBodySchema = Type.Object({ capacity: Type.Integer({ minimum: 1, maximum: 1000 }) }, closed);
export type ClassPlacesBody = Static<typeof ClassPlacesBodySchema>;

export const ReminderStatusSchema = literalUnion([
  'queued',
  'sending',
  'sent',
  'to_call',
  'called',
  'skipped',
] as const);
export const RemindersQuerySchema = Type.Object(
  { status: Type.Optional(ReminderStatusSchema), classId: Type.Optional(IdSchema) },
  closed,
);
export type RemindersQuery = Static<typeof RemindersQuerySchema>;
