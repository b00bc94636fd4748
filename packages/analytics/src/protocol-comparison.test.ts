import { buildProtocolTemplate, russiaProtocolTemplate } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { compareProtocol, rankProtocolDifferences } from './protocol-comparison.ts';

const template = buildProtocolTemplate(russiaProtocolTemplate, [
  { code: 'a', name: { ru: 'А' } },
  { code: 'b', name: { ru: 'Б' } },
]);
const copy = { voters_on_list: 1000, valid: 500, invalid: 10, option_a: 300, option_b: 200 };

describe('comparison of the official protocol with the observer copy', () => {
  it('counts a transfer once and votes written in as moved', () => {
    const transfer = compareProtocol('1', { ...copy, option_a: 350, option_b: 150 }, copy, template);
    expect(transfer.differences).toEqual([
      { line: 'option_a', official: 350, observed: 300, difference: 50 },
      { line: 'option_b', official: 150, observed: 200, difference: -50 },
    ]);
    expect(transfer).toMatchObject({ votesGained: 50, votesLost: 50, votesMoved: 50, totalAbsoluteDifference: 100 });

    const writtenIn = compareProtocol('2', { ...copy, option_a: 330, valid: 530 }, copy, template);
    expect(writtenIn).toMatchObject({ votesGained: 30, votesLost: 0, votesMoved: 30, totalAbsoluteDifference: 60 });
    expect(writtenIn.differences.map((d) => d.line)).toEqual(['valid', 'option_a']);

    const missing = compareProtocol('3', { ...copy, lost: 0 }, copy, template);
    expect(missing.differences).toEqual([{ line: 'lost', official: 0, observed: null, difference: null }]);
    expect(compareProtocol('4', copy, { ...copy }, template).differences).toEqual([]);
  });

  it('ranks the stations with differences by votes moved', () => {
    const ranked = rankProtocolDifferences(
      [
        { stationKey: 'same', official: copy, observed: copy },
        { stationKey: 'small', official: { ...copy, option_a: 301, option_b: 199 }, observed: copy },
        { stationKey: 'big', official: { ...copy, option_a: 400, valid: 600 }, observed: copy },
        { stationKey: 'lines only', official: { ...copy, invalid: 20 }, observed: copy },
        { stationKey: 'also small', official: { ...copy, option_a: 299, option_b: 201 }, observed: copy },
      ],
      template,
    );
    expect(ranked.map((r) => [r.stationKey, r.votesMoved])).toEqual([
      ['big', 100],
      ['also small', 1],
      ['small', 1],
      ['lines only', 0],
    ]);
  });
});
