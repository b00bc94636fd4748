import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../forms/form-definition.ts';
import { compareCopies } from './copy-comparison.ts';

const label = (ru: string) => ({ ru });

const protocol: FormDefinition = {
  schemaVersion: 1,
  code: 'protocol',
  kind: 'protocol',
  title: label('Копия протокола'),
  groups: [
    {
      id: 'main',
      title: label('Протокол'),
      questions: [
        { id: 'intro', type: 'note', label: label('Перепишите протокол') },
        { id: 'voters_total', type: 'integer', label: label('Число избирателей') },
        { id: 'ballots_received', type: 'integer', label: label('Получено бюллетеней') },
        { id: 'copy_certified', type: 'yes_no', label: label('Копия заверена') },
        {
          id: 'copy_source',
          type: 'single_choice',
          label: label('Откуда копия'),
          choices: [
            { value: 'board', label: label('Со стенда') },
            { value: 'commission', label: label('От комиссии') },
          ],
        },
        { id: 'turnout', type: 'computed', label: label('Явка'), calculate: '1' },
        { id: 'protocol_photos', type: 'photo', multiple: true, label: label('Фото протокола') },
      ],
    },
    {
      id: 'objections',
      title: label('Жалобы'),
      repeatable: true,
      questions: [{ id: 'objection_text', type: 'text', label: label('Текст') }],
    },
  ],
};

describe('compareCopies', () => {
  it('lines the copies up in the form order and marks the lines whose answers differ', () => {
    const rows = compareCopies(protocol, [
      {
        voters_total: 1500,
        ballots_received: 1200,
        copy_certified: true,
        copy_source: 'board',
        protocol_photos: ['a'.repeat(64)],
        objections: [{ objection_text: 'x' }],
      },
      {
        ballots_received: 1200,
        voters_total: 1550,
        copy_certified: true,
        protocol_photos: ['b'.repeat(64)],
        objections: [{ objection_text: 'x' }],
      },
    ]);
    expect(rows.map((r) => [r.questionId, r.type, r.differs])).toEqual([
      ['voters_total', 'integer', true],
      ['ballots_received', 'integer', false],
      ['copy_certified', 'yes_no', false],
      ['copy_source', 'single_choice', true],
      // Each observer photographs the protocol: their photos differ and that is no disagreement.
      ['protocol_photos', 'photo', false],
      ['objections', 'group', false],
    ]);
    expect(rows[0]?.values).toEqual([1500, 1550]);
    expect(rows[0]?.label).toEqual({ ru: 'Число избирателей' });
    // An unanswered line reads null, and the choice labels come along.
    expect(rows[3]?.values).toEqual(['board', null]);
    expect(rows[3]?.choices?.map((c) => c.value)).toEqual(['board', 'commission']);
    expect(rows[4]?.values).toEqual([['a'.repeat(64)], ['b'.repeat(64)]]);
  });

  it('finds no difference between equal copies, whatever order their answers came in', () => {
    const one = { voters_total: 10, ballots_received: 9, objections: [{ objection_text: 'a' }] };
    const other = { objections: [{ objection_text: 'a' }], ballots_received: 9, voters_total: 10 };
    expect(compareCopies(protocol, [one, other]).filter((r) => r.differs)).toEqual([]);
    expect(
      compareCopies(protocol, [one, { ...other, objections: [{ objection_text: 'b' }] }])
        .filter((r) => r.differs)
        .map((r) => r.questionId),
    ).toEqual(['objections']);
  });
});
