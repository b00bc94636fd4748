import { describe, expect, it } from 'vitest';
import { locales } from '../../i18n/locales.ts';
import type { FormDefinition, LocalizedText } from '../form-definition.ts';
import { checkFormDefinition } from '../form-definition-check.ts';
import { protocolTemplates } from '../protocol/protocol-templates.ts';
import { validateSubmission } from '../validate-submission.ts';
import { standardForms } from './standard-forms.ts';

const ballotOptions = [
  { code: 'abenov', name: { ru: 'Абенов А.', kk: 'Әбенов А.', en: 'Abenov A.' } },
  { code: 'borisova', name: { ru: 'Борисова Б.', kk: 'Борисова Б.', en: 'Borisova B.' } },
  { code: 'against_all', name: { ru: 'Против всех', kk: 'Барлығына қарсы', en: 'Against all' } },
];
const hash = 'a'.repeat(64);

function texts(form: FormDefinition): Array<[string, LocalizedText]> {
  const out: Array<[string, LocalizedText]> = [['title', form.title]];
  for (const g of form.groups) {
    out.push([g.id, g.title]);
    for (const q of g.questions) {
      out.push([q.id, q.label]);
      if (q.hint) out.push([`${q.id}.hint`, q.hint]);
      if (q.constraintMessage) out.push([`${q.id}.constraintMessage`, q.constraintMessage]);
      if ('choices' in q) for (const c of q.choices) out.push([`${q.id}.${c.value}`, c.label]);
    }
  }
  return out;
}

/** A complete, valid report for each standard form. */
const validAnswers: Record<string, Record<string, unknown>> = {
  readiness: {
    check_date: '2024-03-08',
    station_open: true,
    commission_present: true,
    members_present: 7,
    voter_lists_available: true,
    candidate_info_posted: false,
    booths_in_place: true,
    boxes_in_place: true,
    accessible: false,
    cameras: 'not_required',
    premises_fit: true,
    remarks: 'Пандуса нет',
    photos: [hash],
  },
  opening: {
    arrival_time: '07:30',
    admitted: true,
    opened_on_time: false,
    opening_time: '08:20',
    boxes_empty_sealed: true,
    ballots_announced: 1500,
  },
  voting: {
    visit: [
      {
        visit_time: '10:00',
        secrecy_respected: true,
        id_checked: true,
        unauthorised_present: false,
        observer_obstructed: false,
      },
      {
        visit_time: '14:00',
        voters_in_queue: 12,
        secrecy_respected: false,
        id_checked: true,
        unauthorised_present: true,
        observer_obstructed: false,
      },
    ],
  },
  closing: {
    closing_time: '20:00',
    queue_voted: 'no_queue',
    unused_cancelled: true,
    count_visible: true,
    ballots_shown: false,
    copy_received: true,
  },
  turnout: { checkpoint_time: '12:00', voters_received: 420, source: 'own_count' },
  incident: {
    category: 'carousel_voting',
    severity: 'high',
    incident_time: '11:15',
    description: 'Группа избирателей голосовала дважды',
    complaint_filed: true,
    evidence: [hash, 'b'.repeat(64)],
  },
};

const context = { station: { registeredVoters: 1200, number: '101' } };

describe.each(['kz', 'ru'] as const)('standard forms (%s)', (country) => {
  const forms = standardForms({ ballotOptions, protocolTemplate: protocolTemplates[country] });

  it('ships the seven kinds, each publishable, with an SMS code on every question', () => {
    expect(forms.map((f) => f.kind)).toEqual([
      'readiness',
      'opening',
      'voting',
      'closing',
      'turnout',
      'incident',
      'protocol',
    ]);
    for (const form of forms) {
      expect(checkFormDefinition(form)).toEqual([]);
      for (const q of form.groups.flatMap((g) => g.questions)) expect(q.smsCode).toMatch(/^[A-HJKMNP-Z]{1,4}$/);
    }
    expect(forms.find((f) => f.kind === 'voting')?.groups[0]?.repeatable).toBe(true);
    expect(forms.find((f) => f.kind === 'readiness')?.groups[0]?.questions.length).toBeGreaterThanOrEqual(10);
  });

  it('has every text in every language, and Kazakh different from Russian', () => {
    for (const form of forms) {
      for (const [where, text] of texts(form)) {
        for (const locale of locales) expect(text[locale]?.trim(), `${form.code}.${where}.${locale}`).toBeTruthy();
        // Names of people and figures may coincide; sentences must be translated.
        if (text.ru.length > 20) expect(text.kk, `${form.code}.${where}`).not.toBe(text.ru);
      }
    }
  });

  it.each(locales)('accepts valid reports and refuses broken ones (%s labels)', (_locale) => {
    for (const form of forms) {
      const valid = form.kind === 'protocol' ? protocolAnswers(form) : validAnswers[form.kind];
      if (valid === undefined) throw new Error(form.kind);
      expect(validateSubmission(form, valid, context), form.code).toMatchObject({ problems: [], flags: [] });
    }
  });

  it('reports the expected problems on broken reports', () => {
    const byKind = (kind: string) => forms.find((f) => f.kind === kind) as FormDefinition;
    const codes = (kind: string, answers: Record<string, unknown>) =>
      validateSubmission(byKind(kind), answers, context).problems.map((p) => [p.questionId, p.code, p.index ?? null]);
    expect(
      codes('readiness', { ...validAnswers.readiness, station_open: 'yes', members_present: 70, cameras: 'maybe' }),
    ).toEqual([
      ['station_open', 'wrong_type', null],
      ['members_present', 'above_max', null],
      ['cameras', 'unknown_choice', null],
    ]);
    expect(codes('readiness', { ...validAnswers.readiness, commission_present: false })).toEqual([
      ['members_present', 'not_relevant', null],
    ]);
    expect(codes('opening', { arrival_time: '7:30', admitted: true, opened_on_time: false })).toEqual([
      ['arrival_time', 'invalid_time', null],
      ['opening_time', 'required', null],
      ['boxes_empty_sealed', 'required', null],
    ]);
    expect(codes('voting', { visit: [{ visit_time: '10:00' }, 'x'] })).toEqual([
      ['secrecy_respected', 'required', 0],
      ['id_checked', 'required', 0],
      ['unauthorised_present', 'required', 0],
      ['observer_obstructed', 'required', 0],
      ['visit', 'wrong_type', 1],
    ]);
    expect(
      codes('turnout', { checkpoint_time: '12:00', voters_received: 1300, source: 'own_count', extra: 1 }),
    ).toEqual([
      ['voters_received', 'constraint_failed', null],
      ['extra', 'unknown_question', null],
    ]);
    expect(codes('incident', { ...validAnswers.incident, evidence: ['ABC'], description: 'x'.repeat(4001) })).toEqual([
      ['description', 'too_long', null],
      ['evidence', 'invalid_photo', null],
    ]);
  });

  it('turns protocol relations into flags, not problems', () => {
    const form = forms.find((f) => f.kind === 'protocol') as FormDefinition;
    const answers = protocolAnswers(form);
    const broken = { ...answers, [country === 'kz' ? 'invalid_ballots' : 'invalid']: 999 };
    const result = validateSubmission(form, broken, context);
    expect(result.problems).toEqual([]);
    expect(result.flags.map((f) => f.code)).toContain('check_failed');
    expect(result.flags.every((f) => typeof f.left === 'number' && typeof f.right === 'number')).toBe(true);
  });

  it('computes the turnout percentage from the station fact, and skips the constraint without it', () => {
    const form = forms.find((f) => f.kind === 'turnout') as FormDefinition;
    const answers = { checkpoint_time: '12:00', voters_received: 5000, source: 'commission' };
    expect(validateSubmission(form, { ...answers, voters_received: 300 }, context).computed).toEqual({
      turnout_percent: 25,
    });
    expect(validateSubmission(form, answers, {}).problems).toEqual([]);
    expect(validateSubmission(form, answers, {}).computed).toEqual({ turnout_percent: null });
  });
});

function protocolAnswers(form: FormDefinition): Record<string, unknown> {
  const keys = form.groups[0]?.questions.map((q) => q.id) ?? [];
  const kz = keys.includes('voters_on_lists');
  const values: Record<string, number> = kz
    ? {
        voters_on_lists: 1200,
        ballots_received: 1200,
        voters_received_ballots: 700,
        ballots_cancelled: 500,
        voters_took_part: 690,
        invalid_ballots: 10,
      }
    : {
        voters_on_list: 1200,
        ballots_received: 1000,
        issued_early: 10,
        issued_in_station: 600,
        issued_outside: 40,
        cancelled: 350,
        in_portable_boxes: 40,
        in_stationary_boxes: 605,
        invalid: 5,
        valid: 640,
        lost: 0,
        not_counted: 0,
      };
  const options = keys.filter((k) => k.startsWith('option_'));
  const validTotal = kz ? 680 : 640;
  options.forEach((k, i) => {
    values[k] = i === 0 ? validTotal - 100 * (options.length - 1) : 100;
  });
  return { ...values, protocol_photos: [hash] };
}
