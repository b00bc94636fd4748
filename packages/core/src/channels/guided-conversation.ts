import { localized } from '../elections/election.ts';
import type { FormDefinition, Question } from '../forms/form-definition.ts';
import { type ValidationContext, validateSubmission } from '../forms/validate-submission.ts';
import type { Locale } from '../i18n/locales.ts';
import { type GuidedTexts, guidedTexts } from './guided-texts.ts';

/**
 * The guided Telegram conversation (issue 22): a form's questions one by one, with buttons, skip and
 * back, each answer checked by the same form engine as the field app, then a summary and a confirm.
 * Pure: the server keeps `GuidedState` in the database after every step, so a conversation resumes
 * after an interruption (a restart, a lost signal) exactly where it stood.
 */
export interface GuidedState {
  formId: string;
  formVersion: number;
  stationId: string;
  /** The report's idempotency id, fixed when the conversation starts: a resent confirm is stored once. */
  reportId: string;
  answers: Record<string, unknown>;
  /** Questions answered or skipped, in order: `back` returns to the last one. */
  path: string[];
  /** The question asked now, or `summary`. */
  at: string;
  /** The station's facts for constraints (`station.registeredVoters`), as the field app has them. */
  context?: ValidationContext;
}

/** A button: its label and the callback data Telegram sends back (at most 64 bytes). */
export interface GuidedButton {
  text: string;
  data: string;
}

export interface GuidedReply {
  text: string;
  buttons: GuidedButton[][];
}

export type GuidedInput =
  | { kind: 'text'; text: string }
  | { kind: 'button'; data: string }
  | { kind: 'photo'; sha256: string };

export interface GuidedStepResult {
  /** The state to keep; null when the conversation ended (sent or cancelled). */
  state: GuidedState | null;
  reply: GuidedReply;
  /** The observer confirmed: the server submits `state.answers` as the report. */
  submit?: boolean;
}

/** Question types a chat asks: locations, notes and computed values are not. */
const asked = new Set([
  'yes_no',
  'integer',
  'decimal',
  'single_choice',
  'multiple_choice',
  'text',
  'time',
  'date',
  'photo',
]);

/** The questions of a form a conversation can ask, in document order (repeatable groups stay in the app). */
export function guidedQuestions(form: FormDefinition): Question[] {
  return form.groups.filter((g) => g.repeatable !== true).flatMap((g) => g.questions.filter((q) => asked.has(q.type)));
}

function visibleIds(form: FormDefinition, answers: Record<string, unknown>, context?: ValidationContext): Set<string> {
  return new Set(validateSubmission(form, answers, context).relevant);
}

/** The first question after `after` (or the first of all) that is visible with these answers; null: the summary. */
export function nextQuestion(
  form: FormDefinition,
  answers: Record<string, unknown>,
  after: string | null,
  context?: ValidationContext,
): Question | null {
  const qs = guidedQuestions(form);
  const visible = visibleIds(form, answers, context);
  const start = after === null ? 0 : qs.findIndex((q) => q.id === after) + 1;
  return qs.slice(start).find((q) => visible.has(q.id)) ?? null;
}

const fill = (template: string, params: Record<string, string | number | undefined>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));

/** A typed answer read for one question: forgiving of spaces, `,` for `.`, `14.30` for `14:30`. */
export function readTypedAnswer(q: Question, text: string): { ok: true; value: unknown } | { ok: false; code: string } {
  const s = text.normalize('NFKC').trim();
  switch (q.type) {
    case 'integer':
    case 'decimal': {
      const cleaned = s.replace(/[\s\u00a0]/g, '').replace(',', '.');
      if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return { ok: false, code: 'wrong_type' };
      const n = Number(cleaned);
      if (q.type === 'integer' && !Number.isSafeInteger(n)) return { ok: false, code: 'not_integer' };
      return { ok: true, value: n };
    }
    case 'time': {
      const m = /^(\d{1,2})\s*[:.\-h ]?\s*(\d{2})$/.exec(s);
      if (!m) return { ok: false, code: 'invalid_time' };
      return { ok: true, value: `${(m[1] as string).padStart(2, '0')}:${m[2]}` };
    }
    case 'date':
      return { ok: true, value: s };
    case 'text':
      return s ? { ok: true, value: s } : { ok: false, code: 'wrong_type' };
    case 'yes_no': {
      const v = s.toLowerCase();
      if (['1', 'да', 'yes', 'y', 'иә', 'ия', '+'].includes(v)) return { ok: true, value: true };
      if (['0', 'нет', 'no', 'n', 'жоқ', '-'].includes(v)) return { ok: true, value: false };
      return { ok: false, code: 'wrong_type' };
    }
    case 'single_choice': {
      const n = Number(s);
      const choice = Number.isInteger(n) ? q.choices[n - 1] : undefined;
      return choice ? { ok: true, value: choice.value } : { ok: false, code: 'unknown_choice' };
    }
    default:
      return { ok: false, code: 'wrong_type' };
  }
}

/** What the form engine says about one answer (required aside: that is checked at skip and confirm). */
export function answerProblems(
  form: FormDefinition,
  answers: Record<string, unknown>,
  questionId: string,
  context?: ValidationContext,
) {
  return validateSubmission(form, answers, context).problems.filter(
    (p) => p.questionId === questionId && p.severity === 'error' && p.code !== 'required',
  );
}

function showValue(q: Question, value: unknown, t: GuidedTexts, locale: Locale): string {
  if (value === undefined) return t.skipped;
  if (q.type === 'yes_no') return value ? t.yes : t.no;
  if (q.type === 'single_choice' || q.type === 'multiple_choice') {
    const values = Array.isArray(value) ? value : [value];
    return values
      .map((v) => {
        const c = q.choices.find((x) => x.value === v);
        return c ? localized(c.label, locale) : String(v);
      })
      .join(', ');
  }
  if (q.type === 'photo') return `📷 ${Array.isArray(value) ? value.length : 1}`;
  return String(value);
}

/** The question's message and buttons. */
export function promptFor(form: FormDefinition, state: GuidedState, locale: Locale, note?: string): GuidedReply {
  const t = guidedTexts[locale];
  const qs = guidedQuestions(form);
  if (state.at === 'summary') {
    const lines = qs
      .filter((q) => state.path.includes(q.id))
      .map((q) => `• ${localized(q.label, locale)}: ${showValue(q, state.answers[q.id], t, locale)}`);
    return {
      text: [note, fill(t.summary, { form: localized(form.title, locale) }), ...lines].filter(Boolean).join('\n'),
      buttons: [
        [{ text: t.confirm, data: 'send' }],
        [
          { text: t.back, data: 'back' },
          { text: t.cancel, data: 'cancel' },
        ],
      ],
    };
  }
  const order = qs.findIndex((q) => q.id === state.at);
  const q = qs[order] as Question;
  const head = `${fill(t.question, { n: order + 1, total: qs.length })}\n${localized(q.label, locale)}`;
  const hint = q.hint ? localized(q.hint, locale) : '';
  const rows: GuidedButton[][] = [];
  let how = '';
  switch (q.type) {
    case 'yes_no':
      rows.push([
        { text: t.yes, data: `a:${order}:y` },
        { text: t.no, data: `a:${order}:n` },
      ]);
      break;
    case 'single_choice':
      for (const [i, c] of q.choices.entries())
        rows.push([{ text: localized(c.label, locale), data: `a:${order}:${i}` }]);
      break;
    case 'multiple_choice': {
      const picked = new Set((state.answers[q.id] as string[] | undefined) ?? []);
      for (const [i, c] of q.choices.entries()) {
        rows.push([
          { text: `${picked.has(c.value) ? '☑' : '☐'} ${localized(c.label, locale)}`, data: `m:${order}:${i}` },
        ]);
      }
      rows.push([{ text: t.done, data: `d:${order}` }]);
      how = t.pickMany;
      break;
    }
    case 'integer':
    case 'decimal':
      how = t.typeNumber;
      break;
    case 'time':
      how = t.typeTime;
      break;
    case 'date':
      how = t.typeDate;
      break;
    case 'photo':
      how = t.sendPhoto;
      break;
    default:
      how = t.typeText;
  }
  const nav: GuidedButton[] = [];
  if (state.path.length > 0) nav.push({ text: t.back, data: 'back' });
  if (q.required !== true || q.type === 'photo') nav.push({ text: t.skip, data: `s:${order}` });
  nav.push({ text: t.cancel, data: 'cancel' });
  rows.push(nav);
  return { text: [note, head, hint, how].filter(Boolean).join('\n'), buttons: rows };
}

/** Starts a conversation on a form: the first question (or straight to the summary for an empty form). */
export function startGuided(
  form: FormDefinition,
  base: Omit<GuidedState, 'answers' | 'path' | 'at'>,
  locale: Locale,
): GuidedStepResult {
  const first = nextQuestion(form, {}, null, base.context);
  const state: GuidedState = { ...base, answers: {}, path: [], at: first ? first.id : 'summary' };
  return { state, reply: promptFor(form, state, locale) };
}

function advance(
  form: FormDefinition,
  state: GuidedState,
  from: string,
  locale: Locale,
  note?: string,
): GuidedStepResult {
  const path = state.path.includes(from) ? state.path : [...state.path, from];
  // Answers to questions now hidden by skip logic are dropped, as the field app drops them.
  const next = nextQuestion(form, state.answers, from, state.context);
  const visible = visibleIds(form, state.answers, state.context);
  const answers = Object.fromEntries(Object.entries(state.answers).filter(([id]) => visible.has(id)));
  const nextState: GuidedState = {
    ...state,
    answers,
    path: path.filter((id) => visible.has(id)),
    at: next ? next.id : 'summary',
  };
  return { state: nextState, reply: promptFor(form, nextState, locale, note) };
}

/** One step: a typed answer, a button or a photo. Never throws; an unclear input repeats the question. */
export function guidedStep(
  form: FormDefinition,
  state: GuidedState,
  input: GuidedInput,
  locale: Locale,
): GuidedStepResult {
  const t = guidedTexts[locale];
  const again = (note: string): GuidedStepResult => ({ state, reply: promptFor(form, state, locale, note) });
  const qs = guidedQuestions(form);
  const data = input.kind === 'button' ? input.data : '';
  if (data === 'cancel') return { state: null, reply: { text: t.cancelled, buttons: [] } };
  if (data === 'back') {
    const previous = state.path.at(-1);
    if (!previous) return again('');
    const back: GuidedState = { ...state, path: state.path.slice(0, -1), at: previous };
    return { state: back, reply: promptFor(form, back, locale) };
  }
  if (state.at === 'summary') {
    if (data !== 'send') return again(t.notUnderstood);
    const result = validateSubmission(form, state.answers, state.context);
    const blocking = result.problems.find((p) => p.severity === 'error');
    if (blocking && qs.some((q) => q.id === blocking.questionId)) {
      const at: GuidedState = {
        ...state,
        path: state.path.filter((id) => id !== blocking.questionId),
        at: blocking.questionId,
      };
      const note = blocking.code === 'required' ? t.required : problemNote(t, blocking.code, blocking.params);
      return { state: at, reply: promptFor(form, at, locale, note) };
    }
    return { state, reply: { text: '', buttons: [] }, submit: true };
  }
  const order = qs.findIndex((q) => q.id === state.at);
  const q = qs[order];
  if (!q) return { state: null, reply: { text: t.cancelled, buttons: [] } };
  const answerWith = (value: unknown): GuidedStepResult => {
    const answers = { ...state.answers, [q.id]: value };
    const problems = answerProblems(form, answers, q.id, state.context);
    const first = problems[0];
    if (first) return again(problemNote(t, first.code, first.params));
    return advance(form, { ...state, answers }, q.id, locale);
  };
  if (input.kind === 'button') {
    const [kind, ord, arg] = data.split(':');
    if (Number(ord) !== order) return again(t.notUnderstood); // a button of an earlier question
    if (kind === 's') {
      if (q.required === true && q.type !== 'photo') return again(t.required);
      if (q.required === true && state.answers[q.id] === undefined) return again(t.required);
      const answers = { ...state.answers };
      if (q.type !== 'photo') delete answers[q.id];
      return advance(form, { ...state, answers }, q.id, locale);
    }
    if (kind === 'a' && q.type === 'yes_no') return answerWith(arg === 'y');
    if (kind === 'a' && q.type === 'single_choice') {
      const c = q.choices[Number(arg)];
      return c ? answerWith(c.value) : again(t.notUnderstood);
    }
    if (kind === 'm' && q.type === 'multiple_choice') {
      const c = q.choices[Number(arg)];
      if (!c) return again(t.notUnderstood);
      const picked = new Set((state.answers[q.id] as string[] | undefined) ?? []);
      if (picked.has(c.value)) picked.delete(c.value);
      else picked.add(c.value);
      const values = q.choices.map((x) => x.value).filter((v) => picked.has(v));
      const next: GuidedState = { ...state, answers: { ...state.answers, [q.id]: values } };
      return { state: next, reply: promptFor(form, next, locale) };
    }
    if (kind === 'd' && q.type === 'multiple_choice') {
      const values = (state.answers[q.id] as string[] | undefined) ?? [];
      if (values.length === 0 && q.required === true) return again(t.required);
      return values.length === 0 ? advance(form, state, q.id, locale) : answerWith(values);
    }
    return again(t.notUnderstood);
  }
  if (input.kind === 'photo') {
    if (q.type !== 'photo') return again(t.notUnderstood);
    const existing = state.answers[q.id];
    const value = q.multiple === true ? [...((existing as string[] | undefined) ?? []), input.sha256] : input.sha256;
    const answers = { ...state.answers, [q.id]: value };
    const problems = answerProblems(form, answers, q.id, state.context);
    if (problems[0]) return again(problemNote(t, problems[0].code, problems[0].params));
    if (q.multiple === true) {
      // More photos may follow; "skip" moves on with those sent.
      const next: GuidedState = { ...state, answers };
      return { state: next, reply: promptFor(form, next, locale, t.photoSaved) };
    }
    return advance(form, { ...state, answers }, q.id, locale, t.photoSaved);
  }
  if (q.type === 'photo' || q.type === 'multiple_choice') return again(t.notUnderstood);
  const read = readTypedAnswer(q, input.text);
  if (!read.ok) return again(problemNote(t, read.code));
  return answerWith(read.value);
}

function problemNote(t: GuidedTexts, code: string, params?: Record<string, string | number>): string {
  return fill(t.problems[code] ?? t.problems.wrong_type ?? '', params ?? {});
}
