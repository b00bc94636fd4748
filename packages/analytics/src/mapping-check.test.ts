import { ALL_OPTIONS, russiaProtocolTemplate } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { checkColumnMapping, describeMappingWarning } from './mapping-check.ts';
import { simulateElection } from './synthetic-election.ts';

const election = simulateElection({ stations: 400, seed: 'mapping-check' });
const lineKeys = russiaProtocolTemplate.lines.map((l) => l.key);
const options = ['Иванов Иван Иванович', 'Петрова Мария Сергеевна', 'Сидоров Пётр Алексеевич'];
const headers = [...lineKeys.map((k) => `col ${k}`), ...options];
const values = election.rows.map((row) => [
  ...lineKeys.map((k) => row.lines?.[k] ?? null),
  ...options.map((o) => row.options[o] ?? 0),
]);
const correct = headers.map((header, i) => ({
  header,
  target: i < lineKeys.length ? (lineKeys[i] ?? null) : ALL_OPTIONS,
}));

describe('the protocol arithmetic as a check of the column mapping', () => {
  it('says nothing when the relations hold', () => {
    expect(checkColumnMapping(russiaProtocolTemplate, correct, values, { optionColumns: true })).toEqual([]);
  });

  it('finds a line taken for a ballot option and two swapped lines, with the fix', () => {
    const wrong = correct.map((c) =>
      c.target === 'valid'
        ? { ...c, target: 'invalid' }
        : c.target === 'invalid'
          ? { ...c, target: 'valid' }
          : c.target === 'issued_early'
            ? { ...c, target: ALL_OPTIONS }
            : c,
    );
    const warnings = checkColumnMapping(russiaProtocolTemplate, wrong, values, { optionColumns: true });
    const valid = warnings.find((w) => w.relationId === 'ru_valid_is_options');
    expect(valid?.failing).toBe(400);
    expect(valid?.fix).toEqual(
      expect.arrayContaining([
        { header: 'col issued_early', from: ALL_OPTIONS, to: 'issued_early' },
        { header: 'col invalid', from: 'valid', to: 'invalid' },
      ]),
    );
    expect(valid?.holdsAfterFix).toBe(1);
    expect(describeMappingWarning(valid as never, (k) => k)).toMatch(
      /ru_valid_is_options fails at 400 of 400 stations \(100%\).*"col issued_early" as issued_early \(not a ballot option\)/,
    );
  });

  it('names the columns without a fix when no move explains the failures', () => {
    const noisy = values.map((row) => row.map((v, i) => (i === lineKeys.indexOf('valid') && v !== null ? v + 1 : v)));
    const warnings = checkColumnMapping(russiaProtocolTemplate, correct, noisy, { optionColumns: true });
    expect(warnings.map((w) => w.relationId)).toEqual(['ru_boxes_balance', 'ru_valid_is_options']);
    const warning = warnings[1];
    expect(warning?.fix).toBeNull();
    expect(warning?.columns).toEqual(expect.arrayContaining(['col valid', ...options]));
  });
});
