import type { Locale } from '../i18n/locales.ts';
import { iinBirthDate, normaliseIin } from './iin.ts';
import { normaliseKzMobile } from './phone.ts';

/** Where a volunteer is on the way from the join form to a polling station. */
export const applicantStatuses = [
  'applied',
  'contacted',
  'in_training',
  'certified',
  'accredited',
  'active',
  'withdrawn',
  'rejected',
] as const;
export type ApplicantStatus = (typeof applicantStatuses)[number];

/** The main line, in order; withdrawn and rejected are off it. */
export const applicantPipeline = ['applied', 'contacted', 'in_training', 'certified', 'accredited', 'active'] as const;

/** What the volunteer can do: the pre-election weeks, voting day, the count in the evening. */
export const applicantAvailabilities = ['pre_election', 'election_day', 'counting'] as const;
export type ApplicantAvailability = (typeof applicantAvailabilities)[number];

export const applicantLanguages = ['kk', 'ru', 'en', 'other'] as const;
export type ApplicantLanguage = (typeof applicantLanguages)[number];

export const applicantSources = ['join', 'import', 'hq'] as const;
export type ApplicantSource = (typeof applicantSources)[number];

/** An invite (observer account) and a referral letter need the HQ to have certified the person. */
export const invitableStatuses: readonly ApplicantStatus[] = ['certified', 'accredited', 'active'];
export const referralStatuses: readonly ApplicantStatus[] = ['accredited', 'active'];

export interface Applicant {
  id: string;
  /** The election the person signed up for (the current one at the time), if any. */
  electionId: string | null;
  fullName: string;
  /** E.164, `+77011234567`. */
  phone: string;
  email: string | null;
  iin: string | null;
  birthDate: string | null;
  /** The area the person prefers (or the HQ placed them in). */
  areaId: string | null;
  languages: ApplicantLanguage[];
  availability: ApplicantAvailability[];
  experience: string | null;
  referralSource: string | null;
  consentVersion: string | null;
  consentedAt: Date | null;
  status: ApplicantStatus;
  statusReason: string | null;
  /** Identity document number printed on the referral letter. */
  idDocument: string | null;
  locale: Locale;
  /** The observer account made from this applicant. */
  userId: string | null;
  source: ApplicantSource;
  mergedInto: string | null;
  anonymisedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ApplicantEvent {
  id: string;
  applicantId: string;
  at: Date;
  actorId: string | null;
  actorName: string | null;
  kind: 'created' | 'status' | 'note' | 'merged' | 'updated' | 'invited' | 'referral' | 'school';
  fromStatus: ApplicantStatus | null;
  toStatus: ApplicantStatus | null;
  /** A status reason or a note's text. */
  text: string | null;
}

// ---- The status machine ----

const next = (s: ApplicantStatus): ApplicantStatus | undefined => {
  const i = (applicantPipeline as readonly string[]).indexOf(s);
  return i >= 0 ? applicantPipeline[i + 1] : undefined;
};
const previous = (s: ApplicantStatus): ApplicantStatus | undefined => {
  const i = (applicantPipeline as readonly string[]).indexOf(s);
  return i > 0 ? applicantPipeline[i - 1] : undefined;
};

/**
 * Allowed moves: one step forward along the pipeline; one step back (a correction, with a
 * reason); withdrawn or rejected from anywhere on the pipeline; and back to `applied` from either
 * (the person returns). Rejecting, stepping back and reopening a rejection need a reason.
 */
export function allowedTransitions(from: ApplicantStatus): ApplicantStatus[] {
  if (from === 'withdrawn' || from === 'rejected') return ['applied'];
  const out: ApplicantStatus[] = [];
  const forward = next(from);
  if (forward) out.push(forward);
  const back = previous(from);
  if (back) out.push(back);
  out.push('withdrawn', 'rejected');
  return out;
}

export function canTransition(from: ApplicantStatus, to: ApplicantStatus): boolean {
  return allowedTransitions(from).includes(to);
}

export function transitionNeedsReason(from: ApplicantStatus, to: ApplicantStatus): boolean {
  if (to === 'rejected') return true;
  if (from === 'rejected') return true;
  return previous(from) === to;
}

export type TransitionProblem = 'status_transition_invalid' | 'reason_required';

export function checkTransition(
  from: ApplicantStatus,
  to: ApplicantStatus,
  reason: string | null | undefined,
): TransitionProblem | null {
  if (!canTransition(from, to)) return 'status_transition_invalid';
  if (transitionNeedsReason(from, to) && !reason?.trim()) return 'reason_required';
  return null;
}

// ---- Consent ----

/**
 * The consent to the processing of personal data, versioned: a sign-up stores the version the
 * person agreed to and when. A changed text is a new version; old versions stay here, so what
 * anyone agreed to can always be shown.
 */
export const consentTexts = {
  '2026-11-v1': {
    ru: 'Я даю согласие общественному объединению, организующему наблюдение, на сбор и обработку моих персональных данных (ФИО, телефон, электронная почта, ИИН, дата рождения, данные документа, удостоверяющего личность) в целях набора, обучения и направления наблюдателей на выборы, в соответствии с Законом Республики Казахстан «О персональных данных и их защите». Данные не передаются третьим лицам, кроме избирательных комиссий в направлении наблюдателя, и обезличиваются после окончания выборов. Согласие можно отозвать, сообщив штабу.',
    kk: 'Мен бақылауды ұйымдастыратын қоғамдық бірлестікке менің дербес деректерімді (аты-жөні, телефон, электрондық пошта, ЖСН, туған күні, жеке басын куәландыратын құжат деректері) байқаушыларды іріктеу, оқыту және сайлауға жіберу мақсатында «Дербес деректер және оларды қорғау туралы» Қазақстан Республикасының Заңына сәйкес жинауға және өңдеуге келісім беремін. Деректер үшінші тұлғаларға берілмейді, байқаушы жолдамасындағы сайлау комиссияларынан басқа, және сайлау аяқталғаннан кейін иесіздендіріледі. Келісімді штабқа хабарлап кері қайтарып алуға болады.',
    en: 'I consent to the civic association organising the observation collecting and processing my personal data (full name, phone, email, IIN, date of birth, identity document details) to recruit, train and send observers to the election, under the Law of the Republic of Kazakhstan on Personal Data and its Protection. The data are not passed to third parties, except to election commissions in the observer’s referral letter, and are anonymised after the election. The consent can be withdrawn by telling the HQ.',
  },
} as const satisfies Record<string, Record<Locale, string>>;
export type ConsentVersion = keyof typeof consentTexts;
export const CURRENT_CONSENT_VERSION: ConsentVersion = '2026-11-v1';

export function isConsentVersion(value: string): value is ConsentVersion {
  return Object.hasOwn(consentTexts, value);
}

// ---- Age, names, texts ----

/** Whole years between a birth date and a day, both `YYYY-MM-DD`; 29 February counts from 1 March. */
export function ageOn(birthDate: string, day: string): number {
  const years = Number(day.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return day.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const MIN_OBSERVER_AGE = 18;

export function isRealDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

export const FULL_NAME_MAX = 200;

/**
 * Letters of any script with spaces, hyphens, apostrophes and dots between them, 2 to 200
 * characters: "Қасымжомарт-Кемел Тоқаев", "O'Brien". Angle brackets, digits and control
 * characters (a `<script>` tag, a phone number typed in the wrong box) are refused.
 */
export function normaliseFullName(input: string): string | null {
  const name = input.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (name.length < 2 || name.length > FULL_NAME_MAX) return null;
  return /^\p{L}[\p{L}\p{M}'’ʼ`.\- ]*$/u.test(name) ? name : null;
}

/** Free text (experience, how they heard of us, notes): trimmed, control characters dropped. */
export function cleanText(input: string | null | undefined, max: number): string | null {
  if (input === null || input === undefined) return null;
  const text = [...input.normalize('NFC')]
    .filter((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code === 9 || code === 10 || code === 13 || (code >= 32 && code !== 127);
    })
    .join('')
    .trim();
  return text === '' ? null : text.slice(0, max);
}

/** Lower case, ё folded and phone digits appended: what the console's search matches. */
export function applicantSearchText(a: Pick<Applicant, 'fullName' | 'phone'>): string {
  return `${a.fullName.toLowerCase().replace(/ё/g, 'е')} ${a.phone.replace(/\D/g, '')}`;
}

// ---- The join form ----

export interface JoinInput {
  fullName: string;
  phone: string;
  email?: string | undefined;
  iin?: string | undefined;
  birthDate: string;
  areaId?: string | undefined;
  languages: readonly ApplicantLanguage[];
  availability: readonly ApplicantAvailability[];
  experience?: string | undefined;
  referralSource?: string | undefined;
  consent: boolean;
  consentVersion: string;
  locale?: Locale | undefined;
}

export type JoinProblemCode =
  | 'name_invalid'
  | 'phone_invalid'
  | 'phone_not_kz_mobile'
  | 'iin_invalid'
  | 'iin_birth_date_mismatch'
  | 'birth_date_invalid'
  | 'under_age'
  | 'consent_required';

export interface JoinProblem {
  field: string;
  code: JoinProblemCode;
}

export interface JoinValue {
  fullName: string;
  phone: string;
  email: string | null;
  iin: string | null;
  birthDate: string;
  areaId: string | null;
  languages: ApplicantLanguage[];
  availability: ApplicantAvailability[];
  experience: string | null;
  referralSource: string | null;
  consentVersion: ConsentVersion;
  locale: Locale;
}

/**
 * Checks a sign-up beyond its schema and returns the stored form, or every problem by field.
 * `electionDay` is the voting day of the election recruited for (or today without one).
 */
export function checkJoin(
  input: JoinInput,
  electionDay: string,
): { value: JoinValue; problems: [] } | { value?: undefined; problems: JoinProblem[] } {
  const problems: JoinProblem[] = [];
  const fullName = normaliseFullName(input.fullName);
  if (!fullName) problems.push({ field: 'fullName', code: 'name_invalid' });
  const phone = normaliseKzMobile(input.phone);
  if (!phone.ok) problems.push({ field: 'phone', code: phone.code });
  const birthOk = isRealDate(input.birthDate) && input.birthDate >= '1900-01-01' && input.birthDate <= electionDay;
  if (!birthOk) problems.push({ field: 'birthDate', code: 'birth_date_invalid' });
  else if (ageOn(input.birthDate, electionDay) < MIN_OBSERVER_AGE) {
    problems.push({ field: 'birthDate', code: 'under_age' });
  }
  let iin: string | null = null;
  const iinText = input.iin?.trim();
  if (iinText) {
    const checked = normaliseIin(iinText);
    if (!checked.ok) problems.push({ field: 'iin', code: checked.code });
    else if (birthOk && iinBirthDate(checked.iin) !== input.birthDate) {
      problems.push({ field: 'iin', code: 'iin_birth_date_mismatch' });
    } else iin = checked.iin;
  }
  if (!input.consent || !isConsentVersion(input.consentVersion)) {
    problems.push({ field: 'consent', code: 'consent_required' });
  }
  if (problems.length > 0 || !fullName || !phone.ok) return { problems };
  const email = input.email?.trim().toLowerCase() || null;
  return {
    value: {
      fullName,
      phone: phone.e164,
      email,
      iin,
      birthDate: input.birthDate,
      areaId: input.areaId ?? null,
      languages: [...new Set(input.languages)],
      availability: [...new Set(input.availability)],
      experience: cleanText(input.experience, 2000),
      referralSource: cleanText(input.referralSource, 500),
      consentVersion: input.consentVersion as ConsentVersion,
      locale: input.locale ?? 'ru',
    },
    problems: [],
  };
}

/** The placeholders anonymisation writes over personal fields. */
export function anonymisedFields(id: string) {
  return {
    fullName: 'Anonymised',
    phone: `anon:${id}`,
    email: null,
    iin: null,
    birthDate: null,
    idDocument: null,
    experience: null,
    referralSource: null,
  } as const;
}
