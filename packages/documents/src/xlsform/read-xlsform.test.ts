import { fileURLToPath } from 'node:url';
import { checkFormDefinition, validateSubmission } from '@pollwatch/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { observationChecklistTwin } from './fixtures/observation-checklist.form.ts';
import { readXlsForm } from './read-xlsform.ts';

const fixture = fileURLToPath(new URL('./fixtures/observation-checklist.xlsx', import.meta.url));
const hash = 'c'.repeat(64);

describe('readXlsForm', async () => {
  const imported = await readXlsForm(fixture);

  it('imports the observation checklist as its hand-written twin', () => {
    expect(checkFormDefinition(imported.form)).toEqual([]);
    expect(imported.form).toEqual(observationChecklistTwin);
  });

  it('lists everything it could not map, with sheet, row and column', () => {
    expect(imported.unmapped.map(({ sheet, row, column, reason }) => [sheet, row, column, reason])).toEqual([
      ['settings', 2, 'version', 'unknown_column'],
      ['survey', 2, 'type', 'metadata'],
      ['survey', 10, 'appearance', 'unknown_column'],
      ['survey', 16, 'calculation', 'unsupported_expression'],
      ['survey', 17, 'type', 'unknown_type'],
    ]);
    expect(imported.unmapped[3]?.detail).toBe('expr_unknown_function@0');
  });

  const same = (answers: Record<string, unknown>) => {
    const a = validateSubmission(imported.form, answers, {});
    const b = validateSubmission(observationChecklistTwin, answers, {});
    expect(a).toEqual(b);
    return a;
  };

  it('validates hand-picked answers exactly as the twin does', () => {
    const valid = {
      arrival_time: '07:40',
      admitted: 'yes',
      members_present: 8,
      problems: ['stuffing', 'pressure'],
      description: 'Вброс в 10:20',
      queue_minutes: 12.5,
      visit_date: '2024-03-10',
      location: { lat: 43.25, lon: 76.95, accuracy: 10 },
      photo: hash,
    };
    expect(same(valid)).toMatchObject({ problems: [], computed: { problem_count: 2 } });
    const invalid = same({
      ...valid,
      members_present: 70,
      problems: ['none', 'stuffing'],
      photo: 'nope',
      description: undefined,
    });
    expect(invalid.problems.map((p) => [p.questionId, p.code])).toEqual([
      ['members_present', 'constraint_failed'],
      ['problems', 'constraint_failed'],
      ['photo', 'invalid_photo'],
    ]);
    expect(same({ admitted: 'no', members_present: 3, problems: ['none'] }).problems.map((p) => p.code)).toEqual([
      'required',
      'not_relevant',
    ]);
  });

  it('validates generated answers exactly as the twin does', () => {
    const anyValue = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom('yes', 'no', '07:40', '24:00', '2024-03-10', 'none', 'stuffing', hash, ''),
      fc.integer({ min: -10, max: 100 }),
      fc.double({ noNaN: true, min: -1, max: 1000 }),
      fc.subarray(['none', 'stuffing', 'carousel', 'pressure', 'bogus']),
      fc.record({ lat: fc.double({ min: -100, max: 100 }), lon: fc.double({ min: -200, max: 200 }) }),
    );
    const ids = observationChecklistTwin.groups.flatMap((g) => g.questions.map((q) => q.id));
    fc.assert(
      fc.property(fc.record(Object.fromEntries(ids.map((id) => [id, anyValue]))), (answers) => {
        same(JSON.parse(JSON.stringify(answers)));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses bytes that are not a workbook', async () => {
    await expect(readXlsForm(new Uint8Array([1, 2, 3]))).rejects.toMatchObject({ code: 'file_unreadable' });
  });
});
