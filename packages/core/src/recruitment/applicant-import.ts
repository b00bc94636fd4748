import type { AreaIndex } from '../imports/area-index.ts';
import type { CellReader, ImportField, ImportRowProblem, ImportRowProblemCode } from '../imports/import-columns.ts';
import {
  type Applicant,
  type ApplicantAvailability,
  type ApplicantLanguage,
  type ApplicantStatus,
  applicantAvailabilities,
  applicantLanguages,
  applicantStatuses,
  cleanText,
  isRealDate,
  normaliseFullName,
} from './applicant.ts';
import { iinBirthDate, normaliseIin } from './iin.ts';
import { formatKzPhone, normaliseKzMobile } from './phone.ts';

/** The roster columns, with the headers HQ spreadsheets use in ru, kk and en. */
export const applicantImportFields = [
  { key: 'fullName', required: true, aliases: ['фио', 'ф и о', 'имя', 'аты жөні', 'толық аты', 'full name', 'name'] },
  {
    key: 'phone',
    required: true,
    aliases: ['телефон', 'мобильный', 'номер телефона', 'телефон нөмірі', 'ұялы телефон', 'phone', 'mobile'],
  },
  { key: 'email', required: false, aliases: ['почта', 'эл почта', 'электронная почта', 'e mail', 'email'] },
  { key: 'iin', required: false, aliases: ['иин', 'жсн', 'iin'] },
  {
    key: 'birthDate',
    required: false,
    aliases: ['дата рождения', 'туған күні', 'туған күні мен жылы', 'date of birth', 'birth date', 'dob'],
  },
  { key: 'area', required: false, aliases: ['территория', 'район', 'аудан', 'аумақ', 'регион', 'область', 'area'] },
  { key: 'languages', required: false, aliases: ['языки', 'тілдер', 'languages'] },
  { key: 'availability', required: false, aliases: ['доступность', 'когда может', 'уақыты', 'availability'] },
  { key: 'status', required: false, aliases: ['статус', 'мәртебе', 'status'] },
  {
    key: 'idDocument',
    required: false,
    aliases: ['удостоверение', 'номер удостоверения', 'документ', 'куәлік', 'куәлік нөмірі', 'id document', 'id'],
  },
  { key: 'experience', required: false, aliases: ['опыт', 'тәжірибе', 'experience'] },
  { key: 'referralSource', required: false, aliases: ['откуда узнал', 'источник', 'қайдан білді', 'source'] },
] as const satisfies readonly ImportField[];

export type ApplicantImportField = (typeof applicantImportFields)[number]['key'];
export const applicantExportFields: readonly ApplicantImportField[] = applicantImportFields.map((f) => f.key);

export interface ApplicantImportValue {
  fullName: string;
  phone: string;
  email: string | null;
  iin: string | null;
  birthDate: string | null;
  areaId: string | null;
  languages: ApplicantLanguage[];
  availability: ApplicantAvailability[];
  /** Used for new applicants only: an import never moves someone along the pipeline. */
  status: ApplicantStatus;
  idDocument: string | null;
  experience: string | null;
  referralSource: string | null;
}

/** The fields compared to tell "changed" from "unchanged" (status is not: see above). */
export const applicantDataFields = [
  'fullName',
  'email',
  'iin',
  'birthDate',
  'areaId',
  'languages',
  'availability',
  'idDocument',
  'experience',
  'referralSource',
] as const satisfies readonly (keyof ApplicantImportValue & keyof Applicant)[];

/** "kk, ru", "қазақ; русский", "Kazakh/Russian" → ['kk', 'ru']; unknown words are a problem. */
const LANGUAGE_WORDS: Record<string, ApplicantLanguage> = {
  kk: 'kk',
  kaz: 'kk',
  kazakh: 'kk',
  казахский: 'kk',
  қазақ: 'kk',
  қазақша: 'kk',
  'қазақ тілі': 'kk',
  ru: 'ru',
  rus: 'ru',
  russian: 'ru',
  русский: 'ru',
  орыс: 'ru',
  орысша: 'ru',
  'орыс тілі': 'ru',
  en: 'en',
  eng: 'en',
  english: 'en',
  английский: 'en',
  ағылшын: 'en',
  ағылшынша: 'en',
  other: 'other',
  другой: 'other',
  другие: 'other',
  басқа: 'other',
};
const AVAILABILITY_WORDS: Record<string, ApplicantAvailability> = {
  pre_election: 'pre_election',
  'pre-election': 'pre_election',
  'до выборов': 'pre_election',
  мониторинг: 'pre_election',
  'сайлауға дейін': 'pre_election',
  election_day: 'election_day',
  'election day': 'election_day',
  'день голосования': 'election_day',
  'день выборов': 'election_day',
  'сайлау күні': 'election_day',
  counting: 'counting',
  подсчет: 'counting',
  подсчёт: 'counting',
  'подсчет голосов': 'counting',
  санау: 'counting',
  'дауыс санау': 'counting',
};

function listCell<T extends string>(raw: string, words: Record<string, T>, known: readonly T[]): T[] | null {
  if (!raw) return [];
  const out = new Set<T>();
  for (const part of raw.split(/[,;/|\n]+/)) {
    const word = part.trim().toLowerCase().replace(/ё/g, 'е');
    if (!word) continue;
    const value = words[word] ?? (known.includes(word as T) ? (word as T) : undefined);
    if (!value) return null;
    out.add(value);
  }
  return [...out];
}

/** `2001-03-14`, `14.03.2001`, `14/03/2001` → `2001-03-14`. */
export function parseDateCell(raw: string): string | null {
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw);
  const dotted = /^(\d{1,2})[./](\d{1,2})[./](\d{4})$/.exec(raw);
  const value = iso
    ? `${iso[1]}-${iso[2]}-${iso[3]}`
    : dotted
      ? `${dotted[3]}-${(dotted[2] as string).padStart(2, '0')}-${(dotted[1] as string).padStart(2, '0')}`
      : '';
  return value && isRealDate(value) ? value : null;
}

/**
 * One roster row → an applicant, or every problem of the row. Row problems keep the wizard's
 * codes, and `error` names the precise reason as an API error code (translated as `errors.<error>`).
 */
export function parseApplicantRow(
  line: number,
  rawCell: CellReader,
  areas: AreaIndex,
): { value: ApplicantImportValue; problems: [] } | { value?: undefined; problems: ImportRowProblem[] } {
  // Our exports prefix ' to cells that would start a formula; reading them back drops it.
  const cell: CellReader = (field) => rawCell(field).replace(/^'(?=[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/, '');
  const problems: ImportRowProblem[] = [];
  const problem = (field: string, code: ImportRowProblemCode, error?: string, params?: ImportRowProblem['params']) =>
    problems.push({ line, field, code, ...(params ? { params } : {}), ...(error ? { error } : {}) });

  const nameText = cell('fullName');
  const fullName = nameText ? normaliseFullName(nameText) : null;
  if (!nameText) problem('fullName', 'required');
  else if (!fullName)
    problem('fullName', nameText.length > 200 ? 'too_long' : 'required', 'name_invalid', { max: 200 });

  const phoneText = cell('phone');
  const phone = phoneText ? normaliseKzMobile(phoneText) : null;
  if (!phone) problem('phone', 'required');
  else if (!phone.ok) problem('phone', 'not_a_number', phone.code);

  const birthText = cell('birthDate');
  const birthDate = birthText ? parseDateCell(birthText) : null;
  if (birthText && !birthDate) problem('birthDate', 'invalid_time', 'birth_date_invalid');

  let iin: string | null = null;
  const iinText = cell('iin');
  if (iinText) {
    const checked = normaliseIin(iinText);
    if (!checked.ok) problem('iin', 'not_a_number', 'iin_invalid');
    else if (birthDate && iinBirthDate(checked.iin) !== birthDate)
      problem('iin', 'not_a_number', 'iin_birth_date_mismatch');
    else iin = checked.iin;
  }

  let areaId: string | null = null;
  const areaText = cell('area');
  if (areaText) {
    const found = areas.find(areaText);
    if ('area' in found) areaId = found.area.id;
    else problem('area', found.problem === 'area_outside_region' ? 'unknown_area' : found.problem);
  }

  const languages = listCell(cell('languages'), LANGUAGE_WORDS, applicantLanguages);
  if (!languages) problem('languages', 'unknown_level', 'choice_unknown');
  const availability = listCell(cell('availability'), AVAILABILITY_WORDS, applicantAvailabilities);
  if (!availability) problem('availability', 'unknown_level', 'choice_unknown');
  const statusText = cell('status').toLowerCase();
  const status = (statusText || 'applied') as ApplicantStatus;
  if (!applicantStatuses.includes(status)) problem('status', 'unknown_level', 'choice_unknown');

  const email = cell('email').toLowerCase() || null;
  if (email && (email.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(email)))
    problem('email', 'too_long', 'validation_failed', { max: 254 });
  const idDocument = cleanText(cell('idDocument'), 50);
  if (cell('idDocument').length > 50) problem('idDocument', 'too_long', undefined, { max: 50 });

  if (problems.length > 0 || !fullName || !phone?.ok || !languages || !availability) return { problems };
  return {
    value: {
      fullName,
      phone: phone.e164,
      email,
      iin,
      birthDate,
      areaId,
      languages,
      availability,
      status,
      idDocument,
      experience: cleanText(cell('experience'), 2000),
      referralSource: cleanText(cell('referralSource'), 500),
    },
    problems: [],
  };
}

/** Each optional detail and the column it is read from. */
const detailColumns = {
  email: 'email',
  iin: 'iin',
  birthDate: 'birthDate',
  areaId: 'area',
  languages: 'languages',
  availability: 'availability',
  idDocument: 'idDocument',
  experience: 'experience',
  referralSource: 'referralSource',
} as const satisfies Partial<Record<(typeof applicantDataFields)[number], ApplicantImportField>>;

/**
 * A row for an applicant already stored: the file's value for each column it has, the stored one
 * for each column it lacks. A roster of names and phones must not erase the e-mails, IINs, areas
 * and availability people gave when they signed up. Without a birth-date column, a new IIN gives
 * the birth date it encodes, so the two never disagree.
 */
export function keepUnmappedApplicantFields(
  stored: Applicant,
  value: ApplicantImportValue,
  mapped: ReadonlySet<string>,
): ApplicantImportValue {
  const kept = Object.fromEntries(
    Object.entries(detailColumns)
      .filter(([, column]) => !mapped.has(column))
      .map(([field]) => [field, stored[field as keyof typeof detailColumns]]),
  );
  const merged = { ...value, ...kept };
  if (!mapped.has('birthDate') && mapped.has('iin') && value.iin) {
    merged.birthDate = iinBirthDate(value.iin) ?? merged.birthDate;
  }
  return merged;
}

export function changedApplicantFields(stored: Applicant, value: ApplicantImportValue): string[] {
  return applicantDataFields.filter((f) => JSON.stringify(stored[f] ?? null) !== JSON.stringify(value[f] ?? null));
}

/** One export row in the import columns, so an export imports back unchanged. */
export function applicantExportRow(a: Applicant, areaLabel: string): string[] {
  const row: Record<ApplicantImportField, string> = {
    fullName: a.fullName,
    phone: formatKzPhone(a.phone),
    email: a.email ?? '',
    iin: a.iin ?? '',
    birthDate: a.birthDate ?? '',
    area: areaLabel,
    languages: a.languages.join(', '),
    availability: a.availability.join(', '),
    status: a.status,
    idDocument: a.idDocument ?? '',
    experience: a.experience ?? '',
    referralSource: a.referralSource ?? '',
  };
  return applicantExportFields.map((f) => row[f]);
}
