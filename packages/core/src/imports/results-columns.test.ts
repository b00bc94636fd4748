import { describe, expect, it } from 'vitest';
import { kazakhstanProtocolTemplate, russiaProtocolTemplate } from '../forms/protocol/protocol-templates.ts';
import {
  columnValueKind,
  headerLineNumber,
  matchResultsColumns,
  scoreProtocolHeader,
  wordStem,
} from './results-columns.ts';
import { stationImportFields } from './station-import.ts';

const stationFields = stationImportFields.filter((f) => ['region', 'area', 'number'].includes(f.key));
const best = (header: string, template = russiaProtocolTemplate) => scoreProtocolHeader(header, template)[0]?.key;

describe('results file columns', () => {
  it('stems Russian, Kazakh and transliterated word forms to one token', () => {
    expect(wordStem('бюллетеней')).toBe(wordStem('бюллетени'));
    expect(wordStem('избирателей')).toBe(wordStem('izbirateley'));
    expect(wordStem('избирателей')).toBe(wordStem('izbiratelei'));
    expect(wordStem('выданных')).toBe(wordStem('vydannykh'));
    expect(wordStem('бюллетеньдерінің')).toBe(wordStem('бюллетеньдер'));
    expect(wordStem('действительных')).not.toBe(wordStem('недействительных'));
  });

  it('reads the line number a header gives', () => {
    expect(headerLineNumber('10. Число действительных')).toEqual({ number: 10, text: 'Число действительных' });
    expect(headerLineNumber('Строка 9')).toEqual({ number: 9, text: '' });
    expect(headerLineNumber('стр. 3')).toEqual({ number: 3, text: '' });
    expect(headerLineNumber('Недействительные (стр. 9)')).toEqual({ number: 9, text: 'Недействительные' });
    expect(headerLineNumber('Иванов')).toEqual({ number: null, text: 'Иванов' });
  });

  it('matches protocol lines by meaning: word forms, abbreviations, dropped words, word order', () => {
    expect(best('Число действ. бюллетеней')).toBe('valid');
    expect(best('Недейств.')).toBe('invalid');
    expect(best('Число бюллетеней, выданных досрочно')).toBe('issued_early');
    expect(best('Выдано вне помещения')).toBe('issued_outside');
    expect(best('Бюллетени в стационарных ящиках')).toBe('in_stationary_boxes');
    expect(best('ящиках переносных бюллетени')).toBe('in_portable_boxes');
    expect(best('Число бюллетеней, полученных УИК')).toBe('ballots_received');
    expect(best('Не учтено при получении')).toBe('not_counted');
    expect(best('Chislo deystvitelnykh byulleteney')).toBe('valid');
    expect(best('Valid ballots')).toBe('valid');
    expect(best('Жарамсыз бюллетеньдер саны')).toBe('invalid');
    expect(best('Погашено', kazakhstanProtocolTemplate)).toBe('ballots_cancelled');
    expect(best('Недействительные', kazakhstanProtocolTemplate)).toBe('invalid_ballots');
    // A word shared by many lines says nothing on its own; a candidate's name matches no line.
    expect(scoreProtocolHeader('Голоса', russiaProtocolTemplate)[0]?.score).toBe(0);
    expect(scoreProtocolHeader('Иванов Иван Иванович', russiaProtocolTemplate)[0]?.score).toBe(0);
  });

  it('tells numbers from links, dates and text', () => {
    expect(columnValueKind(['1 234', '0', '12'])).toBe('number');
    expect(columnValueKind(['https://x.org/1', 'http://x.org/2'])).toBe('url');
    expect(columnValueKind(['05.06.2023', '2023-06-05'])).toBe('date');
    expect(columnValueKind(['Иванов И.И.', 'Петров'])).toBe('text');
    expect(columnValueKind(['', ' '])).toBe('empty');
  });

  it('gives every column a role, a confidence or the reason it is ignored', () => {
    const headers = [
      'Nomer UIK',
      'region',
      '1. Число избирателей, включенных в список избирателей',
      'Число действ. бюллетеней',
      'Бюллетени в ящиках',
      'Иванов',
      'Ссылка',
      'Председатель',
    ];
    const sample = [['1', 'Москва', '1000', '600', '610', '400', 'https://x.org/1', 'Петров П.П.']];
    const columns = matchResultsColumns(russiaProtocolTemplate, headers, {
      stationFields,
      sample,
      options: 'columns',
      registeredKey: 'voters_on_list',
    });
    expect(
      columns.map(({ header, role, key, confidence, reason }) => ({ header, role, key, confidence, reason })),
    ).toEqual([
      { header: 'Nomer UIK', role: 'station', key: 'number', confidence: 'strong', reason: undefined },
      { header: 'region', role: 'station', key: 'region', confidence: 'exact', reason: undefined },
      { header: headers[2], role: 'line', key: 'voters_on_list', confidence: 'exact', reason: undefined },
      { header: 'Число действ. бюллетеней', role: 'line', key: 'valid', confidence: 'strong', reason: undefined },
      // Fits two lines equally: not guessed, and never a candidate.
      {
        header: 'Бюллетени в ящиках',
        role: 'ignored',
        key: undefined,
        confidence: undefined,
        reason: 'looks_like_line',
      },
      { header: 'Иванов', role: 'option', key: undefined, confidence: undefined, reason: undefined },
      { header: 'Ссылка', role: 'ignored', key: undefined, confidence: undefined, reason: 'url' },
      { header: 'Председатель', role: 'ignored', key: undefined, confidence: undefined, reason: 'text' },
    ]);
    expect(columns[4]?.candidates).toEqual(['in_portable_boxes', 'in_stationary_boxes']);
  });
});
