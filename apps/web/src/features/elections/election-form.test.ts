import type { ElectionDto } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import {
  defaultMonitoringFrom,
  draftFromElection,
  electionFromDraft,
  emptyOption,
  move,
  problemInputId,
  problemMessageKey,
} from './election-form.ts';

function validDraft() {
  const draft = draftFromElection();
  draft.name.ru = 'Выборы Президента';
  draft.votingDate = '2026-11-26';
  return draft;
}

describe('electionFromDraft', () => {
  it('starts with the defaults and fills monitoring from the voting day', () => {
    const { body, problems } = electionFromDraft(validDraft());
    expect(problems).toEqual([]);
    expect(body).toMatchObject({
      name: { ru: 'Выборы Президента' },
      timeZone: 'Asia/Almaty',
      pollsOpen: '07:00',
      pollsClose: '20:00',
      monitoringFrom: '2026-11-16',
      turnoutCheckpoints: ['10:00', '12:00', '14:00', '16:00', '18:00', '20:00'],
      protocolTemplate: 'kz',
    });
    expect(defaultMonitoringFrom('')).toBeNull();
  });

  it('derives option codes and drops empty translations', () => {
    const draft = validDraft();
    draft.options = [emptyOption('candidate'), emptyOption('against_all')];
    if (draft.options[0]) draft.options[0].name = { ru: 'Иванов Иван', kk: '', en: 'Ivan Ivanov' };
    if (draft.options[1]) draft.options[1].name = { ru: 'Против всех', kk: 'Барлығына қарсы', en: '' };
    expect(electionFromDraft(draft).body.ballotOptions).toEqual([
      { code: 'ivanov_ivan', kind: 'candidate', name: { ru: 'Иванов Иван', en: 'Ivan Ivanov' } },
      { code: 'protiv_vsekh', kind: 'against_all', name: { ru: 'Против всех', kk: 'Барлығына қарсы' } },
    ]);
  });

  it('reports what the server would refuse, by field', () => {
    const draft = validDraft();
    draft.name.ru = ' ';
    draft.timeZone = 'Mars/Olympus';
    draft.pollsClose = '06:00';
    draft.checkpoints = [
      { key: 'a', time: '12:00' },
      { key: 'b', time: '10:00' },
    ];
    draft.options = [emptyOption('against_all'), emptyOption('against_all')];
    if (draft.options[0]) draft.options[0].code = 'Bad code';
    const fields = electionFromDraft(draft).problems.map((p) => `${p.field}:${p.code}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'name.ru:required',
        'timeZone:invalid_time_zone',
        'pollsClose:not_after_opening',
        'turnoutCheckpoints/1:not_ascending',
        'ballotOptions/1/kind:duplicate',
        'ballotOptions/0/code:invalid_code',
        'ballotOptions/0/name/ru:required',
      ]),
    );
  });

  it('says nothing about monitoring while the voting day is missing', () => {
    const draft = validDraft();
    draft.votingDate = '';
    expect(electionFromDraft(draft).problems.map((p) => p.field)).toEqual(['votingDate']);
  });

  it('keeps what an existing election has', () => {
    const election = {
      id: 'e1',
      name: { ru: 'Референдум', kk: 'Референдум' },
      kind: 'referendum',
      votingDate: '2026-03-15',
      timeZone: 'Asia/Oral',
      pollsOpen: '08:00',
      pollsClose: '20:00',
      monitoringFrom: '2026-03-01',
      turnoutCheckpoints: ['12:00'],
      ballotOptions: [{ code: 'yes', kind: 'yes', name: { ru: 'Да' } }],
      protocolTemplate: 'kz',
      isDemo: false,
      isCurrent: true,
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
    } satisfies ElectionDto;
    const { body, problems } = electionFromDraft(draftFromElection(election));
    expect(problems).toEqual([]);
    expect(body).toMatchObject({
      monitoringFrom: '2026-03-01',
      timeZone: 'Asia/Oral',
      ballotOptions: election.ballotOptions,
    });
  });
});

describe('problem helpers', () => {
  it('points each problem at its input and message', () => {
    expect(problemInputId('ballotOptions/2/name/ru')).toBe('election-option-2-name-ru');
    expect(problemInputId('turnoutCheckpoints/3')).toBe('election-checkpoint-3');
    expect(problemInputId('timeZone')).toBe('election-time-zone');
    expect(problemMessageKey({ field: 'ballotOptions/1/kind', code: 'duplicate' })).toBe('against_all_twice');
    expect(problemMessageKey({ field: 'ballotOptions/1/code', code: 'duplicate' })).toBe('duplicate_code');
    expect(problemMessageKey({ field: 'x', code: 'something_new' })).toBe('invalid');
  });

  it('moves list items up and down within bounds', () => {
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
