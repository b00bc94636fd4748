import {
  applicantAvailabilities,
  applicantLanguages,
  applicantSources,
  applicantStatuses,
  areaImportFields,
  areaLevels,
  assignmentShifts,
  auditActions,
  auditEntityTypes,
  ballotOptionKinds,
  electionKinds,
  errorCodes,
  expressionErrorCodes,
  formDefinitionProblemCodes,
  formFlagCodes,
  formKinds,
  formProblemCodes,
  formVersionStatuses,
  importRowProblemCodes,
  locales,
  permissions,
  protocolTemplateBases,
  questionTypes,
  reportFlagCodes,
  roles,
  stationImportFields,
} from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { auditReasons } from '../features/audit/audit-details.ts';
import { electionProblemMessages } from '../features/elections/election-form.ts';
import { xlsFormNoteKinds, xlsFormUnmappedReasons } from '../features/forms/xlsform-reasons.ts';
import { importEncodings, importSeparators, mappingProblemCodes } from '../features/imports/import-labels.ts';
import { relationSeverities, verdicts } from '../features/results/results-codes.ts';
import { en } from './locales/en.ts';
import { kk } from './locales/kk.ts';
import { ru } from './locales/ru.ts';

type Tree = { readonly [key: string]: string | Tree };

const translations: Record<(typeof locales)[number], Tree> = { ru, kk, en };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** Keys with the plural suffix removed, mapped to the categories present. */
function pluralGroups(keys: Iterable<string>): Map<string, Set<string>> {
  const groups = new Map<string, Set<string>>();
  for (const key of keys) {
    const match = PLURAL_SUFFIX.exec(key);
    if (!match) continue;
    const base = key.slice(0, match.index);
    const set = groups.get(base) ?? new Set<string>();
    set.add(match[1] ?? '');
    groups.set(base, set);
  }
  return groups;
}

function categories(locale: string): string[] {
  return new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const source = flatten(ru);
const sourcePlurals = pluralGroups(source.keys());
const sourceSingles = [...source.keys()].filter((k) => !PLURAL_SUFFIX.test(k));

describe.each(locales)('locale %s', (locale) => {
  const messages = flatten(translations[locale]);
  const plurals = pluralGroups(messages.keys());
  const needed = categories(locale);

  it('has every non-plural key of ru', () => {
    const missing = sourceSingles.filter((key) => !messages.has(key));
    expect(missing, `missing in ${locale}`).toEqual([]);
  });

  it('has no key that ru lacks', () => {
    const extra = [...messages.keys()].filter((key) => {
      const match = PLURAL_SUFFIX.exec(key);
      return match ? !sourcePlurals.has(key.slice(0, match.index)) : !source.has(key);
    });
    expect(extra, `extra in ${locale}`).toEqual([]);
  });

  it(`has exactly the plural forms ${locale} needs (${needed.join(', ')})`, () => {
    const problems: string[] = [];
    for (const base of sourcePlurals.keys()) {
      const present = plurals.get(base) ?? new Set<string>();
      for (const category of needed) if (!present.has(category)) problems.push(`${base}_${category} missing`);
      for (const category of present) if (!needed.includes(category)) problems.push(`${base}_${category} unused`);
    }
    expect(problems, `plural forms in ${locale}`).toEqual([]);
  });

  it('has no empty string', () => {
    const empty = [...messages].filter(([, value]) => value.trim() === '').map(([key]) => key);
    expect(empty, `empty in ${locale}`).toEqual([]);
  });

  it('uses the same {{placeholders}} as ru', () => {
    const problems: string[] = [];
    for (const [key, value] of messages) {
      const match = PLURAL_SUFFIX.exec(key);
      const ruValue = source.get(key) ?? (match ? source.get(`${key.slice(0, match.index)}_other`) : undefined);
      if (ruValue === undefined) continue;
      if (placeholders(value).join() !== placeholders(ruValue).join()) problems.push(key);
    }
    expect(problems, `placeholders differ from ru in ${locale}`).toEqual([]);
  });

  it('translates every API error code', () => {
    const missing = errorCodes.filter((code) => !messages.get(`errors.${code}`));
    expect(missing, `errors.<code> missing in ${locale}`).toEqual([]);
  });

  it('names every role', () => {
    const missing = roles.filter((role) => !messages.get(`roles.${role}`));
    expect(missing, `roles.<role> missing in ${locale}`).toEqual([]);
  });

  it('names every audit action, entity type and refusal reason', () => {
    const missing = [
      ...auditActions.map((action) => `audit.actions.${action}`),
      ...auditEntityTypes.map((type) => `audit.entityTypes.${type}`),
      ...auditReasons.map((reason) => `audit.reasons.${reason}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `audit names missing in ${locale}`).toEqual([]);
  });

  it('names every permission', () => {
    const missing = Object.keys(permissions).filter((name) => !messages.get(`permissions.${name}`));
    expect(missing, `permissions.<name> missing in ${locale}`).toEqual([]);
  });

  it('names every election kind, ballot line kind, protocol template and election problem', () => {
    const missing = [
      ...electionKinds.map((kind) => `elections.kinds.${kind}`),
      ...ballotOptionKinds.map((kind) => `elections.optionKinds.${kind}`),
      ...protocolTemplateBases.map((base) => `elections.templates.${base}`),
      ...electionProblemMessages.map((code) => `elections.problems.${code}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `election names missing in ${locale}`).toEqual([]);
  });

  it('names every area level', () => {
    const missing = areaLevels.map((level) => `areas.levels.${level}`).filter((key) => !messages.get(key));
    expect(missing, `areas.levels missing in ${locale}`).toEqual([]);
  });

  it('explains every import row problem and mapping problem, and names every import field and option', () => {
    const missing = [
      ...importRowProblemCodes.map((code) => `imports.problems.${code}`),
      ...mappingProblemCodes.map((code) => `imports.mappingProblems.${code}`),
      ...stationImportFields.map((field) => `imports.fields.stations.${field.key}`),
      ...areaImportFields.map((field) => `imports.fields.areas.${field.key}`),
      ...importEncodings.map((encoding) => `imports.encodings.${encoding}`),
      ...importSeparators.map((separator) => `imports.separators.${separator.key}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `import texts missing in ${locale}`).toEqual([]);
  });

  it('names every form kind, question type, version status, answer problem, flag, definition problem, expression error and XLSForm reason', () => {
    const missing = [
      ...formKinds.map((kind) => `forms.kinds.${kind}`),
      ...questionTypes.map((type) => `forms.questionTypes.${type}`),
      ...formVersionStatuses.map((status) => `forms.statuses.${status}`),
      ...formProblemCodes.map((code) => `forms.problems.${code}`),
      ...formFlagCodes.map((code) => `forms.flags.${code}`),
      ...formDefinitionProblemCodes.map((code) => `forms.definitionProblems.${code}`),
      ...expressionErrorCodes.map((code) => `forms.expressionErrors.${code}`),
      ...xlsFormUnmappedReasons.map((reason) => `forms.importDialog.reasons.${reason}`),
      ...xlsFormNoteKinds.map((kind) => `forms.importDialog.notes.${kind}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `form texts missing in ${locale}`).toEqual([]);
  });

  it('names every report flag and assignment shift', () => {
    const missing = [
      ...reportFlagCodes.map((code) => `reportFlags.${code}`),
      ...assignmentShifts.map((shift) => `shifts.${shift}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `report flag or shift names missing in ${locale}`).toEqual([]);
  });

  it('explains every report flag to the observer in the field app', () => {
    const missing = reportFlagCodes.map((code) => `field.flags.${code}`).filter((key) => !messages.get(key));
    expect(missing, `field.flags missing in ${locale}`).toEqual([]);
  });

  it('names every protocol relation severity and quick-count verdict', () => {
    const missing = [
      ...relationSeverities.map((severity) => `results.checks.severity.${severity}`),
      ...verdicts.map((verdict) => `quickCount.verdicts.${verdict}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `results texts missing in ${locale}`).toEqual([]);
  });

  it('names every applicant status, language, availability and source, and explains every join problem', () => {
    const joinCodes = [
      'phone_invalid',
      'phone_not_kz_mobile',
      'iin_invalid',
      'iin_birth_date_mismatch',
      'birth_date_invalid',
      'under_age',
      'name_invalid',
      'consent_required',
      'join_token_invalid',
      'join_too_fast',
      'status_transition_invalid',
      'reason_required',
      'letter_details_missing',
    ];
    const missing = [
      ...applicantStatuses.map((status) => `recruitment.statuses.${status}`),
      ...applicantLanguages.map((language) => `recruitment.languages.${language}`),
      ...applicantAvailabilities.map((availability) => `recruitment.availability.${availability}`),
      ...applicantSources.map((source) => `applicants.sources.${source}`),
      ...joinCodes.map((code) => `errors.${code}`),
    ].filter((key) => !messages.get(key));
    expect(missing, `recruitment texts missing in ${locale}`).toEqual([]);
  });

  it('names every language in the switcher', () => {
    const missing = locales.filter((l) => !messages.get(`language.names.${l}`));
    expect(missing, `language.names missing in ${locale}`).toEqual([]);
  });
});

describe('errors', () => {
  it('has one message per API error code and nothing else', () => {
    expect(Object.keys(ru.errors).sort()).toEqual([...errorCodes].sort());
  });
});

/** Keys below `prefix.` in ru, as the dotted names they translate (`audit.actions.user.created` → `user.created`). */
function namesUnder(prefix: string): string[] {
  return [...source.keys()].filter((key) => key.startsWith(`${prefix}.`)).map((key) => key.slice(prefix.length + 1));
}

describe('closed lists from core', () => {
  it('has one name per audit action, entity type and permission, and nothing else', () => {
    expect(namesUnder('audit.actions').sort()).toEqual([...auditActions].sort());
    expect(namesUnder('audit.entityTypes').sort()).toEqual([...auditEntityTypes].sort());
    expect(namesUnder('permissions').sort()).toEqual(Object.keys(permissions).sort());
  });

  it('has one label per area level, election kind, ballot line kind and import row problem, and nothing else', () => {
    expect(namesUnder('areas.levels').sort()).toEqual([...areaLevels].sort());
    expect(namesUnder('elections.kinds').sort()).toEqual([...electionKinds].sort());
    expect(namesUnder('elections.optionKinds').sort()).toEqual([...ballotOptionKinds].sort());
    expect(namesUnder('imports.problems').sort()).toEqual([...importRowProblemCodes].sort());
  });
});

describe('kk', () => {
  it('is written in Kazakh Cyrillic', () => {
    const all = [...flatten(kk).values()].join(' ');
    expect(all).toMatch(/[әғқңөұүһі]/);
  });
});
