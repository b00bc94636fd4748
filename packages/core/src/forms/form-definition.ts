import type { LocalizedText } from '../elections/election.ts';

// Texts are `LocalizedText` (elections/election.ts): Russian required, kk and en fall back to it
// through `localized()` when missing. Standard forms carry all three.
export type { LocalizedText };

export const formKinds = [
  'readiness',
  'opening',
  'voting',
  'closing',
  'turnout',
  'incident',
  'protocol',
  'custom',
] as const;
export type FormKind = (typeof formKinds)[number];

export const questionTypes = [
  'yes_no',
  'integer',
  'decimal',
  'single_choice',
  'multiple_choice',
  'text',
  'time',
  'date',
  'photo',
  'location',
  'note',
  'computed',
] as const;
export type QuestionType = (typeof questionTypes)[number];

export interface Choice {
  /** Stored value: letters, digits, `_`, `-`, `.`; no spaces (XLSForm separates multiple choices by spaces). */
  value: string;
  label: LocalizedText;
}

interface QuestionBase {
  /** snake_case, unique within the form (groups included). */
  id: string;
  label: LocalizedText;
  hint?: LocalizedText;
  required?: boolean;
  /** Skip logic: the question is shown only when this is true. May reference earlier questions only. */
  relevant?: string;
  /** Checked on a present answer; `.` is the answer. */
  constraint?: string;
  constraintMessage?: LocalizedText;
  /** Code of the question in SMS reports: 1–4 capital letters, never I, L or O. */
  smsCode?: string;
}

export type Question =
  | (QuestionBase & { type: 'yes_no' | 'time' | 'date' | 'location' | 'note' })
  | (QuestionBase & { type: 'integer' | 'decimal'; min?: number; max?: number })
  | (QuestionBase & { type: 'single_choice' | 'multiple_choice'; choices: Choice[] })
  | (QuestionBase & { type: 'text'; maxLength?: number })
  | (QuestionBase & { type: 'photo'; multiple?: boolean; max?: number })
  | (QuestionBase & { type: 'computed'; calculate: string });

export interface FormGroup {
  id: string;
  title: LocalizedText;
  /** Answered once per visit: its answers are an array of records, one per instance. */
  repeatable?: boolean;
  /** Applies to every question of the group; may reference earlier questions only. */
  relevant?: string;
  questions: Question[];
}

export const relationOperators = ['=', '<=', '>='] as const;
export type RelationOperator = (typeof relationOperators)[number];

/**
 * A cross-question check such as a protocol balance. A failure is a flag for a coordinator to look
 * at, never a refusal of the report: the observer copies what the commission wrote.
 */
export interface FormCheck {
  id: string;
  left: string;
  op: RelationOperator;
  right: string;
  severity: 'error' | 'warning';
  message?: LocalizedText;
}

export interface FormDefinition {
  schemaVersion: 1;
  code: string;
  kind: FormKind;
  title: LocalizedText;
  groups: FormGroup[];
  checks?: FormCheck[];
}

export const formLimits = {
  maxQuestions: 500,
  maxChoices: 300,
  maxTextLength: 10_000,
  defaultTextLength: 2000,
  maxPhotos: 20,
  defaultMultiplePhotos: 10,
  maxRepeats: 50,
} as const;

export const questionIdPattern = /^[a-z][a-z0-9_]{0,63}$/;
export const formCodePattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;
export const choiceValuePattern = /^[A-Za-z0-9_.-]{1,64}$/;
/** No I, L or O: on a phone keypad and in handwriting they read as 1 and 0. */
export const smsCodePattern = /^[A-HJKMNP-Z]{1,4}$/;
