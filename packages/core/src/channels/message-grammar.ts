import type { FormDefinition, Question } from '../forms/form-definition.ts';
import { validateSubmission } from '../forms/validate-submission.ts';

/**
 * The coded-message grammar of SMS and Telegram reports (issue 22). Pure: no I/O, never throws.
 *
 *   TURNOUT 123456 AA2 AB1 EA1430 AC ! @ free text
 *   └ form  └ observer code (optional: the sender's phone usually identifies the observer)
 *                  └ answers: question SMS code + value; a yes/no question as a bare code (= yes),
 *                    `AC0` = no; `!` marks the report as urgent; everything after `@` is free text.
 *
 * Values by question type: integer/decimal as digits (`12`, `12.5` or `12,5`), a single choice as the
 * 1-based number of the choice, a multiple choice as its choice numbers (`AB134`, or `AB1,3,12` when the
 * question has more than nine choices), a time as `1430` / `14:30` / `14.30`, a date as `20261207` /
 * `2026-12-07` / `07.12.2026`. The free text answers the form's first text question.
 *
 * Forgiving of what people type on a phone: any case, extra spaces and punctuation, Cyrillic letters
 * that look like Latin ones, and O/0, I/l/1 confusions (SMS codes never use I, L or O, so those letters
 * can only be digits).
 */

export const messageProblemCodes = [
  'empty',
  'too_long',
  'unknown_form',
  'unreadable',
  'unknown_code',
  'duplicate_code',
  'not_by_message',
  'invalid_value',
  'missing_required',
] as const;
export type MessageProblemCode = (typeof messageProblemCodes)[number];

export interface MessageProblem {
  code: MessageProblemCode;
  /** The question's SMS code, when the problem is about one question. */
  smsCode?: string;
  questionId?: string;
  /** What the sender typed that could not be used (trimmed, at most 40 characters). */
  fragment?: string;
  /** For `invalid_value`: the form engine's reason (`below_min`, `unknown_choice`, …). */
  reason?: string;
  params?: Record<string, string | number>;
}

export interface MessageForm {
  /** What the message starts with, e.g. `TURNOUT`; any unique beginning of two or more characters also matches. */
  prefix: string;
  form: FormDefinition;
}

export interface ParsedMessage {
  form: FormDefinition | null;
  /** Digits after the form prefix, when the sender typed an observer code. */
  observerCode: string | null;
  /** Answers by question id, as the field app would send them. */
  answers: Record<string, unknown>;
  /** The sender marked the report urgent with `!`. */
  urgent: boolean;
  /** The text after `@`, trimmed; also stored as the answer of the form's first text question. */
  comment: string | null;
  problems: MessageProblem[];
}

/** Longer messages are read up to this many characters (a long SMS is ~1,000). */
export const maxMessageLength = 2000;

/** Cyrillic (and a few Greek) letters that look like Latin ones, upper and lower case. */
const lookAlikes: Record<string, string> = {
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  х: 'x',
  І: 'I',
  і: 'i',
  Ү: 'Y',
  у: 'y',
  У: 'Y',
};
const lookAlikePattern = new RegExp(`[${Object.keys(lookAlikes).join('')}]`, 'g');

/** Upper case Latin with look-alikes replaced; other characters kept. */
export function normaliseMessageText(text: string): string {
  return text.replace(lookAlikePattern, (c) => lookAlikes[c] ?? c).toUpperCase();
}

/** O → 0, I and L → 1: in a value (never in a code) they can only be digits. */
function digitsOf(s: string): string {
  return s.replace(/O/g, '0').replace(/[IL]/g, '1');
}

/** A prefix compared without O/0, I/L/1 and punctuation differences. */
function canonicalPrefix(s: string): string {
  return digitsOf(normaliseMessageText(s)).replace(/[^A-Z0-9]/g, '');
}

const answerableTypes: ReadonlySet<Question['type']> = new Set([
  'yes_no',
  'integer',
  'decimal',
  'single_choice',
  'multiple_choice',
  'time',
  'date',
]);

/** Questions a message can answer by code, and the text question that takes the `@` comment. */
export function messageQuestions(form: FormDefinition): { coded: Question[]; commentQuestion: Question | null } {
  const coded: Question[] = [];
  let commentQuestion: Question | null = null;
  for (const group of form.groups) {
    if (group.repeatable) continue;
    for (const q of group.questions) {
      if (q.smsCode && answerableTypes.has(q.type)) coded.push(q);
      else if (q.type === 'text' && !commentQuestion) commentQuestion = q;
    }
  }
  return { coded, commentQuestion };
}

function findForm(token: string, forms: readonly MessageForm[]): MessageForm | null {
  const typed = canonicalPrefix(token);
  if (!typed) return null;
  const exact = forms.find((f) => canonicalPrefix(f.prefix) === typed);
  if (exact) return exact;
  if (typed.length < 2) return null;
  const starts = forms.filter((f) => canonicalPrefix(f.prefix).startsWith(typed));
  return starts.length === 1 ? (starts[0] as MessageForm) : null;
}

const fragmentOf = (s: string) => s.trim().slice(0, 40);

/** A code (letters SMS codes use), optional spaces, then an optional value starting with a digit or O/I/L. */
const answerToken = /([A-HJKMNP-Z]+)[ \t]*(-?[0-9OIL][0-9OIL.,:/-]*)?/y;
const separators = /[\s.,;:_=/\\|()[\]{}"'`+*#-]+/y;

type ValueResult = { ok: true; value: unknown } | { ok: false; reason: string };

function readValue(q: Question, raw: string | undefined): ValueResult {
  const bad = (reason: string): ValueResult => ({ ok: false, reason });
  if (raw === undefined) return q.type === 'yes_no' ? { ok: true, value: true } : bad('value_missing');
  const v = digitsOf(raw);
  switch (q.type) {
    case 'yes_no':
      if (v === '1') return { ok: true, value: true };
      if (v === '0' || v === '2') return { ok: true, value: false };
      return bad('wrong_type');
    case 'integer':
      return /^-?\d{1,15}$/.test(v) ? { ok: true, value: Number(v) } : bad('not_integer');
    case 'decimal': {
      const d = v.replace(',', '.');
      return /^-?\d{1,15}(\.\d{1,6})?$/.test(d) ? { ok: true, value: Number(d) } : bad('wrong_type');
    }
    case 'single_choice': {
      if (!/^\d{1,3}$/.test(v)) return bad('unknown_choice');
      const choice = q.choices[Number(v) - 1];
      return choice ? { ok: true, value: choice.value } : bad('unknown_choice');
    }
    case 'multiple_choice': {
      const parts = /[.,/-]/.test(v) ? v.split(/[.,/-]+/).filter(Boolean) : q.choices.length <= 9 ? [...v] : [v];
      if (parts.length === 0 || !parts.every((p) => /^\d{1,3}$/.test(p))) return bad('unknown_choice');
      const values: string[] = [];
      for (const p of parts) {
        const choice = q.choices[Number(p) - 1];
        if (!choice) return bad('unknown_choice');
        if (!values.includes(choice.value)) values.push(choice.value);
      }
      return { ok: true, value: values };
    }
    case 'time': {
      const m = /^(\d{1,2})[:.,-]?(\d{2})$/.exec(v);
      if (!m) return bad('invalid_time');
      const h = Number(m[1]);
      const min = Number(m[2]);
      if (h > 23 || min > 59) return bad('invalid_time');
      return { ok: true, value: `${String(h).padStart(2, '0')}:${m[2]}` };
    }
    case 'date': {
      let m = /^(\d{4})[-./]?(\d{2})[-./]?(\d{2})$/.exec(v);
      let ymd = m ? [m[1], m[2], m[3]] : null;
      if (!ymd) {
        m = /^(\d{1,2})[-./](\d{1,2})[-./](\d{4})$/.exec(v);
        if (m) ymd = [m[3] as string, (m[2] as string).padStart(2, '0'), (m[1] as string).padStart(2, '0')];
      }
      if (!ymd) return bad('invalid_date');
      const [y, mo, d] = ymd.map(Number) as [number, number, number];
      const date = new Date(Date.UTC(y, mo - 1, d));
      if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
        return bad('invalid_date');
      }
      return { ok: true, value: ymd.join('-') };
    }
    default:
      return bad('wrong_type');
  }
}

/** Reads a coded message. Returns what it understood and every problem; never throws. */
export function parseMessage(text: unknown, forms: readonly MessageForm[]): ParsedMessage {
  const out: ParsedMessage = {
    form: null,
    observerCode: null,
    answers: {},
    urgent: false,
    comment: null,
    problems: [],
  };
  try {
    parseInto(typeof text === 'string' ? text : '', forms, out);
  } catch {
    // Defensive: a bug in a value reader must never take the channel down.
    out.problems.push({ code: 'unreadable' });
  }
  return out;
}

function parseInto(input: string, forms: readonly MessageForm[], out: ParsedMessage): void {
  let text = input;
  if (text.length > maxMessageLength) {
    out.problems.push({ code: 'too_long', params: { max: maxMessageLength } });
    text = text.slice(0, maxMessageLength);
  }
  const at = text.indexOf('@');
  const coded = at >= 0 ? text.slice(0, at) : text;
  const comment = at >= 0 ? text.slice(at + 1).trim() : '';
  if (comment) out.comment = comment;

  let body = normaliseMessageText(coded);
  if (body.includes('!')) {
    out.urgent = true;
    body = body.replace(/!/g, ' ');
  }
  // Keep letters, digits and the punctuation values may use; anything else separates tokens.
  body = body.replace(/[^A-Z0-9.,:/\-\s]/g, ' ').trim();
  if (!body && !comment) {
    out.problems.push({ code: 'empty' });
    return;
  }
  const prefixToken = /^([A-Z0-9_-]+)/.exec(body)?.[1] ?? '';
  const entry = prefixToken ? findForm(prefixToken, forms) : null;
  if (!entry) {
    out.problems.push({ code: 'unknown_form', ...(prefixToken ? { fragment: fragmentOf(prefixToken) } : {}) });
    return;
  }
  const form = entry.form;
  out.form = form;
  let rest = body.slice(prefixToken.length);

  const observer = /^[\s.,:;/-]*([0-9OIL]{3,12})(?=\s|$)/.exec(rest);
  if (observer) {
    out.observerCode = digitsOf(observer[1] as string);
    rest = rest.slice(observer[0].length);
  }

  const { coded: questions, commentQuestion } = messageQuestions(form);
  const byCode = new Map<string, Question>();
  for (const q of form.groups.filter((g) => !g.repeatable).flatMap((g) => g.questions)) {
    if (q.smsCode) byCode.set(q.smsCode, q);
  }
  const seen = new Set<string>();
  let pos = 0;
  while (pos < rest.length) {
    separators.lastIndex = pos;
    if (separators.exec(rest)) pos = separators.lastIndex;
    if (pos >= rest.length) break;
    answerToken.lastIndex = pos;
    const m = answerToken.exec(rest);
    if (!m) {
      const end = rest.slice(pos).search(/\s/);
      const bad = end < 0 ? rest.slice(pos) : rest.slice(pos, pos + end);
      out.problems.push({ code: 'unreadable', fragment: fragmentOf(bad) });
      pos += Math.max(1, bad.length);
      continue;
    }
    pos = answerToken.lastIndex;
    const code = m[1] as string;
    const raw = m[2]?.replace(/[.,:/-]+$/, '') || undefined;
    const q = byCode.get(code);
    if (!q) {
      out.problems.push({ code: 'unknown_code', smsCode: code, fragment: fragmentOf(m[0]) });
      continue;
    }
    if (!answerableTypes.has(q.type)) {
      out.problems.push({ code: 'not_by_message', smsCode: code, questionId: q.id });
      continue;
    }
    if (seen.has(code)) {
      out.problems.push({ code: 'duplicate_code', smsCode: code, questionId: q.id });
      continue;
    }
    seen.add(code);
    const value = readValue(q, raw);
    if (value.ok) out.answers[q.id] = value.value;
    else
      out.problems.push({
        code: 'invalid_value',
        smsCode: code,
        questionId: q.id,
        reason: value.reason,
        fragment: fragmentOf(m[0]),
      });
  }
  if (comment && commentQuestion) out.answers[commentQuestion.id] = comment;

  // The form engine's own checks (range, choices, required, skip logic), as for the field app.
  const invalid = new Set(out.problems.map((p) => p.questionId).filter(Boolean));
  const messageIds = new Set(questions.map((q) => q.id));
  if (commentQuestion) messageIds.add(commentQuestion.id);
  const result = validateSubmission(form, out.answers);
  for (const p of result.problems) {
    if (p.severity !== 'error' || p.index !== undefined || invalid.has(p.questionId)) continue;
    if (!messageIds.has(p.questionId)) continue;
    const q = byCode.get(questions.find((x) => x.id === p.questionId)?.smsCode ?? '');
    const smsCode = q?.smsCode;
    if (p.code === 'required') {
      out.problems.push({ code: 'missing_required', questionId: p.questionId, ...(smsCode ? { smsCode } : {}) });
    } else {
      out.problems.push({
        code: 'invalid_value',
        questionId: p.questionId,
        reason: p.code,
        ...(smsCode ? { smsCode } : {}),
        ...(p.params ? { params: p.params } : {}),
      });
      delete out.answers[p.questionId];
    }
  }
}

/** Formats answers as a coded message: the inverse of `parseMessage` (used by the SMS card and tests). */
export function formatMessage(
  entry: MessageForm,
  answers: Record<string, unknown>,
  options: { observerCode?: string; urgent?: boolean } = {},
): string {
  const parts: string[] = [entry.prefix];
  if (options.observerCode) parts.push(options.observerCode);
  const { coded, commentQuestion } = messageQuestions(entry.form);
  for (const q of coded) {
    const v = answers[q.id];
    if (v === undefined || v === null) continue;
    const code = q.smsCode as string;
    switch (q.type) {
      case 'yes_no':
        parts.push(v === true ? code : `${code}0`);
        break;
      case 'integer':
      case 'decimal':
        parts.push(`${code}${String(v)}`);
        break;
      case 'single_choice':
        parts.push(`${code}${q.choices.findIndex((c) => c.value === v) + 1}`);
        break;
      case 'multiple_choice': {
        const numbers = (v as string[]).map((x) => q.choices.findIndex((c) => c.value === x) + 1);
        if (numbers.length === 0) break;
        parts.push(`${code}${numbers.join(q.choices.length <= 9 ? '' : ',')}`);
        break;
      }
      case 'time':
        parts.push(`${code}${String(v).replace(':', '')}`);
        break;
      case 'date':
        parts.push(`${code}${String(v).replace(/-/g, '')}`);
        break;
    }
  }
  if (options.urgent) parts.push('!');
  const comment = commentQuestion ? answers[commentQuestion.id] : undefined;
  if (typeof comment === 'string' && comment.trim()) parts.push(`@${comment.trim()}`);
  return parts.join(' ');
}

/** Swaps Latin letters for their Cyrillic look-alikes (what a phone with a Russian keyboard types). */
export function withLookAlikes(text: string, pick: (index: number) => boolean = () => true): string {
  const reverse: Record<string, string> = {};
  for (const [cyr, lat] of Object.entries(lookAlikes)) if (/[А-Яа-я]/.test(cyr) && !reverse[lat]) reverse[lat] = cyr;
  let i = 0;
  return text.replace(/[A-Za-z]/g, (c) => (reverse[c] && pick(i++) ? (reverse[c] as string) : c));
}
