import {
  type ApplicantAvailability,
  type ApplicantLanguage,
  ageOn,
  iinBirthDate,
  isRealDate,
  type JoinProblemCode,
  MIN_OBSERVER_AGE,
  normaliseFullName,
  normaliseIin,
  normaliseKzMobile,
} from '@pollwatch/core';

/** What the volunteer typed, as typed. */
export interface JoinDraft {
  fullName: string;
  phone: string;
  email: string;
  iin: string;
  birthDate: string;
  languages: ApplicantLanguage[];
  availability: ApplicantAvailability[];
  experience: string;
  referralSource: string;
  consent: boolean;
  /** The honeypot: no person sees it, so it stays empty. */
  website: string;
}

export const emptyJoinDraft: JoinDraft = {
  fullName: '',
  phone: '',
  email: '',
  iin: '',
  birthDate: '',
  languages: [],
  availability: [],
  experience: '',
  referralSource: '',
  consent: false,
  website: '',
};

export type JoinField = 'fullName' | 'phone' | 'email' | 'iin' | 'birthDate' | 'consent' | 'areaId';
/** A join problem code from core, `required`, `email` (format) or `not_found` (a stale area link). */
export type JoinFieldProblem = JoinProblemCode | 'required' | 'email' | 'not_found';
export type JoinProblems = Partial<Record<JoinField, JoinFieldProblem>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function addYears(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) + years}${day.slice(4)}`;
}

/**
 * The checks the browser can make at once, with core's own validators. The voting day is not
 * known to the public page, so "under age" is only said here when the person cannot be 18 on any
 * voting day within a year; the server checks against the real one.
 */
export function checkJoinDraft(draft: JoinDraft, today: string): JoinProblems {
  const out: JoinProblems = {};
  if (!draft.fullName.trim()) out.fullName = 'required';
  else if (!normaliseFullName(draft.fullName)) out.fullName = 'name_invalid';

  if (!draft.phone.trim()) out.phone = 'required';
  else {
    const phone = normaliseKzMobile(draft.phone);
    if (!phone.ok) out.phone = phone.code;
  }

  if (draft.email.trim() && !EMAIL.test(draft.email.trim())) out.email = 'email';

  const birthOk = isRealDate(draft.birthDate) && draft.birthDate >= '1900-01-01' && draft.birthDate <= today;
  if (!draft.birthDate) out.birthDate = 'required';
  else if (!birthOk) out.birthDate = 'birth_date_invalid';
  else if (ageOn(draft.birthDate, addYears(today, 1)) < MIN_OBSERVER_AGE) out.birthDate = 'under_age';

  if (draft.iin.trim()) {
    const iin = normaliseIin(draft.iin);
    if (!iin.ok) out.iin = iin.code;
    else if (birthOk && iinBirthDate(iin.iin) !== draft.birthDate) out.iin = 'iin_birth_date_mismatch';
  }

  if (!draft.consent) out.consent = 'consent_required';
  return out;
}

const joinFields: readonly string[] = ['fullName', 'phone', 'email', 'iin', 'birthDate', 'consent', 'areaId'];

/** The server's 422 details (`{in, path: '/phone', keyword: 'phone_invalid'}`) by field. */
export function joinProblemsOf(details: unknown): JoinProblems {
  const out: JoinProblems = {};
  if (!Array.isArray(details)) return out;
  for (const detail of details as { path?: unknown; keyword?: unknown }[]) {
    const field = typeof detail.path === 'string' ? detail.path.replace(/^\//, '').split('/')[0] : '';
    if (!field || !joinFields.includes(field) || out[field as JoinField]) continue;
    const keyword = typeof detail.keyword === 'string' ? detail.keyword : 'required';
    out[field as JoinField] = (field === 'email' && keyword === 'format' ? 'email' : keyword) as JoinFieldProblem;
  }
  return out;
}

/** Today as `YYYY-MM-DD` in the browser's zone. */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
