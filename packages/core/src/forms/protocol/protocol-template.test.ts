import { describe, expect, it } from 'vitest';
import { buildProtocolTemplate, checkProtocol, matchProtocolHeader } from './protocol-template.ts';
import { kazakhstanProtocolTemplate, russiaProtocolTemplate } from './protocol-templates.ts';

const options = [
  { code: 'a', name: { ru: 'Иванов И. И.' } },
  { code: 'b', name: { ru: 'Петрова П. П.', kk: 'Петрова П. П.', en: 'Petrova P. P.' } },
  { code: 'against_all', name: { ru: 'Против всех', kk: 'Барлығына қарсы', en: 'Against all' } },
];

describe('protocol templates', () => {
  const ru = buildProtocolTemplate(russiaProtocolTemplate, options);
  const kz = buildProtocolTemplate(kazakhstanProtocolTemplate, options);

  it('adds one numbered option line per ballot option, in order', () => {
    expect(ru.lines.slice(12).map((l) => [l.key, l.number, l.kind, l.label.en])).toEqual([
      ['option_a', 13, 'option', 'Иванов И. И.'],
      ['option_b', 14, 'option', 'Petrova P. P.'],
      ['option_against_all', 15, 'option', 'Against all'],
    ]);
    expect(buildProtocolTemplate(ru, options.slice(0, 1)).lines).toHaveLength(13);
    expect(() => buildProtocolTemplate(ru, [options[0], options[0]] as typeof options)).toThrow();
    expect(() => buildProtocolTemplate(ru, [{ code: 'Bad Code', name: { ru: 'x' } }])).toThrow();
  });

  it('finds nothing wrong in a balanced Russian protocol and flags both sides of a broken one', () => {
    const values = {
      voters_on_list: 1000,
      ballots_received: 900,
      issued_early: 0,
      issued_in_station: 500,
      issued_outside: 20,
      cancelled: 380,
      in_portable_boxes: 20,
      in_stationary_boxes: 500,
      invalid: 10,
      valid: 510,
      lost: 0,
      not_counted: 0,
      option_a: 300,
      option_b: 200,
      option_against_all: 10,
    };
    expect(checkProtocol(ru, values)).toEqual([]);
    expect(checkProtocol(ru, { ...values, option_a: 400, in_portable_boxes: 30 })).toEqual([
      { relationId: 'ru_boxes_balance', severity: 'error', op: '=', left: 530, right: 520 },
      { relationId: 'ru_valid_is_options', severity: 'error', op: '=', left: 510, right: 610 },
      { relationId: 'ru_boxes_le_issued', severity: 'warning', op: '<=', left: 530, right: 520 },
      { relationId: 'ru_portable_le_outside', severity: 'warning', op: '<=', left: 30, right: 20 },
    ]);
  });

  it('skips relations with missing lines unless told to count them as zero', () => {
    expect(checkProtocol(kz, { ballots_received: 10 })).toEqual([]);
    expect(checkProtocol(kz, { ballots_received: 10 }, { missing: 'zero' }).map((f) => f.relationId)).toEqual([
      'kz_received_balance',
    ]);
    const values = {
      voters_on_lists: 100,
      ballots_received: 100,
      voters_received_ballots: 80,
      ballots_cancelled: 20,
      voters_took_part: 80,
      invalid_ballots: 5,
      option_a: 40,
      option_b: 30,
      option_against_all: 5,
    };
    expect(checkProtocol(kz, values)).toEqual([]);
    expect(
      checkProtocol(kz, { ...values, voters_received_ballots: 120, ballots_cancelled: -20 }).map((f) => f.relationId),
    ).toEqual(['kz_issued_le_lists']);
  });

  it('matches results-file headers to lines, tolerant of case, ё, spaces and numbering', () => {
    expect(matchProtocolHeader('Число избирателей, включенных в список избирателей', ru)).toBe('voters_on_list');
    expect(matchProtocolHeader('  1.  ЧИСЛО избирателей,   включённых в список избирателей ', ru)).toBe(
      'voters_on_list',
    );
    expect(matchProtocolHeader('Строка 12 Число избирательных бюллетеней, не учтённых при получении', ru)).toBe(
      'not_counted',
    );
    expect(matchProtocolHeader('Строка 6', ru)).toBe('cancelled');
    expect(matchProtocolHeader('10) число действительных избирательных бюллетеней', ru)).toBe('valid');
    expect(matchProtocolHeader('Петрова П. П.', ru)).toBe('option_b');
    expect(matchProtocolHeader('«Против всех»', kz)).toBe('option_against_all');
    expect(matchProtocolHeader('Жарамсыз деп танылған сайлау бюллетеньдерінің саны', kz)).toBe('invalid_ballots');
    expect(matchProtocolHeader('Число чего-то ещё', ru)).toBe(null);
    for (const line of ru.lines)
      if (line.officialName) expect(matchProtocolHeader(line.officialName, ru)).toBe(line.key);
  });
});
