import { describe, expect, it } from 'vitest';
import { en } from '../apps/web/src/i18n/locales/en.ts';
import { kk } from '../apps/web/src/i18n/locales/kk.ts';
import { ru } from '../apps/web/src/i18n/locales/ru.ts';
import { coreTermTexts } from '../packages/core/src/i18n/core-texts.ts';
import { plantedKk } from '../packages/core/src/i18n/glossary.fixture.ts';
import {
  checkTerminology,
  describeViolation,
  flattenMessages,
  localizedTexts,
  type TermText,
  unusedExceptions,
} from '../packages/core/src/i18n/glossary.ts';
import { starterLessons, starterQuiz } from '../packages/core/src/school/starter-course.ts';
import { certificateText } from '../packages/documents/src/letters/certificate-pdf.ts';
import { letterText, type ReferralLetterData } from '../packages/documents/src/letters/letter-texts.ts';

/**
 * The terminology check over every text a user reads, in one place that can see all of them: the
 * web locales, core's forms, templates, incident list and consent, and the referral letters. The
 * glossary itself is packages/core/src/i18n/glossary.ts.
 */

function letterTexts(locale: 'ru' | 'kk'): TermText[] {
  const ru = locale === 'ru';
  const data: ReferralLetterData = {
    locale,
    organisation: {
      name: ru ? 'ОО «Гражданский контроль»' : '«Азаматтық бастама» ҚБ',
      registration: 'БИН 000000000000',
      signatoryName: 'А. Б. Сидоров',
      signatoryTitle: ru ? 'Председатель' : 'Төраға',
    },
    observerName: 'Әлия Сейітова',
    idDocument: '000000000',
    electionName: ru ? 'Выборы Президента' : 'Президент сайлауы',
    votingDate: '2022-11-20',
    station: { number: 1, address: ru ? 'ул. Абая, 1' : 'Абай к-сі, 1' },
    code: 'ABCD-EFGH-JKMN-PQRS',
    verifyUrl: 'https://example.org/verify',
    issuedOn: '2022-11-01',
  };
  return flattenMessages(letterText(data), locale, 'documents').map((t) => ({ ...t, key: `letter.${t.key}` }));
}

/** The observer school's starter course (lessons and quiz) and its certificate, in ru, kk and en. */
function schoolTexts(): TermText[] {
  const certificate = (locale: 'ru' | 'kk') =>
    flattenMessages(
      certificateText({
        locale,
        organisation: { name: 'ОО', registration: 'БИН 000000000000' },
        signatoryName: 'А. Б. Сидоров',
        signatoryTitle: locale === 'ru' ? 'Председатель' : 'Төраға',
        holderName: 'Әлия Сейітова',
        electionName: locale === 'ru' ? 'Выборы Президента' : 'Президент сайлауы',
        classesAttended: 1,
        quizzes: [starterQuiz.title[locale]],
        code: 'ABCD-EFGH-JKMN-PQRS',
        verifyUrl: 'https://example.org/verify',
        issuedOn: '2022-11-01',
      }),
      locale,
      'documents',
    ).map((t) => ({ ...t, key: `certificate.${t.key}` }));
  return [
    ...localizedTexts(starterLessons, 'school', 'lessons'),
    ...localizedTexts(starterQuiz, 'school', 'quiz'),
    ...certificate('ru'),
    ...certificate('kk'),
  ];
}

function allTexts(): TermText[] {
  return [
    ...flattenMessages(ru, 'ru', 'web'),
    ...flattenMessages(kk, 'kk', 'web'),
    ...flattenMessages(en, 'en', 'web'),
    ...coreTermTexts(),
    ...letterTexts('ru'),
    ...letterTexts('kk'),
    ...schoolTexts(),
  ];
}

describe('terminology', () => {
  it('every ru, kk and en text uses the glossary terms (a failure names the text key)', () => {
    expect(checkTerminology(allTexts()).map(describeViolation)).toEqual([]);
  });

  it('fails on a planted forbidden variant in a fake locale, naming its key', () => {
    const found = checkTerminology(flattenMessages(plantedKk, 'kk', 'fake'));
    expect(found.map((v) => `${v.source} ${v.key}`)).toEqual([
      'fake field.turnoutAt',
      'fake field.visit',
      'fake field.saving',
      'fake verify.invalidBody',
    ]);
  });

  it('has no stale exceptions: each allowed key still holds its variant', () => {
    expect(unusedExceptions(allTexts())).toEqual([]);
  });

  it('reads the letters in both languages', () => {
    const texts = [...letterTexts('ru'), ...letterTexts('kk')];
    expect(texts.filter((t) => t.key.startsWith('letter.paragraphs.')).length).toBe(6);
  });
});
