import { describe, expect, it } from 'vitest';
import { BALLOT_CODE_PATTERN, ballotCodeFrom, resolveBallotCodes, transliterate, uniqueCode } from './ballot-code.ts';

describe('ballotCodeFrom', () => {
  it('transliterates Russian and Kazakh names into a valid code', () => {
    expect(ballotCodeFrom('Иванов Иван Иванович')).toBe('ivanov_ivan_ivanovich');
    expect(ballotCodeFrom('Қасым-Жомарт Тоқаев')).toBe('qasym_zhomart_toqaev');
    expect(ballotCodeFrom('«Әділет» партиясы')).toBe('adilet_partiiasy');
    expect(ballotCodeFrom('Против всех')).toBe('protiv_vsekh');
    expect(transliterate('Ұлы Өңір')).toBe('uly onir');
  });

  it('always gives something the API accepts', () => {
    for (const name of ['', '123', '—', 'Щ'.repeat(60), 'Партия № 5', 'Émile Zola']) {
      expect(ballotCodeFrom(name)).toMatch(BALLOT_CODE_PATTERN);
    }
    expect(ballotCodeFrom('5 партия')).toBe('option_5_partiia');
  });
});

describe('uniqueCode and resolveBallotCodes', () => {
  it('adds a number when the code is taken', () => {
    expect(uniqueCode('yes', new Set(['yes', 'yes_2']))).toBe('yes_3');
    expect(uniqueCode('a'.repeat(40), new Set(['a'.repeat(40)]))).toBe(`${'a'.repeat(38)}_2`);
  });

  it('keeps typed codes and derives the missing ones', () => {
    expect(
      resolveBallotCodes([
        { code: '', nameRu: 'Да' },
        { code: 'DA', nameRu: 'Нет' },
        { code: '', nameRu: 'Да' },
      ]),
    ).toEqual(['da_2', 'da', 'da_3']);
  });
});
