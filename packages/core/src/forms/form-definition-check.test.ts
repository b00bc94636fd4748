// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import { describe, expect, it } from 'vitest';
import type { FormDefinition, Question } from './form-definition.ts';
import { checkFormDefinition } from './form-definition-check.ts';

const label = { ru: 'Вопрос' };
function formWith(questions: Question[], extra: Partial<FormDefinition> = {}): FormDefinition {
  return {
    schemaVersion: 1,
    code: 'test',
    kind: 'custom',
    title: { ru: 'Тест' },
    groups: [{ id: 'g', title: label, questions }],
    ...extra,
  };
}
const codes = (def: unknown) => checkFormDefinition(def).map((p) => [p.code, p.path, p.at ?? null]);

describe('checkFormDefinition', () => {
  it('accepts a sound form', () => {
    expect(
      checkFormDefinition(
        formWith([
          { id: 'a', type: 'single_choice', label, choices: [{ value: 'x', label }], smsCode: 'A' },
          {
            id: 'b',
            type: 'integer',
            label,
            min: 0,
            max: 10,
            relevant: "selected(${a}, 'x')",
            constraint: '. <= ${c}',
            smsCode: 'B',
          },
          { id: 'c', type: 'computed', label, calculate: '${b} * 2' },
        ]),
      ),
    ).toEqual([]);
  });

  it('survives garbage without throwing', () => {
    for (const junk of [
      null,
      1,
      'x',
      [],
      { groups: 'x' },
      { groups: [null] },
      { groups: [{ questions: [1, null, {}] }] },
    ]) {
      expect(checkFormDefinition(junk).length).toBeGreaterThan(0);
    }
  });

  it('reports every structural problem with its path', () => {
    expect(
      codes(
        formWith([
          { id: 'a', type: 'integer', label, min: 5, max: 1, smsCode: 'I' },
          { id: 'a', type: 'single_choice', label, choices: [], smsCode: 'AB' },
          {
            id: 'Bad-Id',
            type: 'multiple_choice',
            label,
            choices: [
              { value: 'x', label },
              { value: 'x', label },
            ],
            smsCode: 'AB',
          },
          { id: 'd', type: 'text', label: { ru: '' }, maxLength: 0 },
          { id: 'e', type: 'photo', label, max: 3 },
          { id: 'f', type: 'bogus', label } as unknown as Question,
          { id: 'g2', type: 'computed', label } as unknown as Question,
        ]),
      ),
    ).toEqual([
      ['bad_sms_code', 'groups[0].questions[0].smsCode', null],
      ['min_above_max', 'groups[0].questions[0].min', null],
      ['duplicate_id', 'groups[0].questions[1].id', null],
      ['empty_choices', 'groups[0].questions[1].choices', null],
      ['bad_id', 'groups[0].questions[2].id', null],
      ['duplicate_sms_code', 'groups[0].questions[2].smsCode', null],
      ['duplicate_choice_value', 'groups[0].questions[2].choices[1]', null],
      ['missing_text', 'groups[0].questions[3].label', null],
      ['bad_max_length', 'groups[0].questions[3].maxLength', null],
      ['bad_photo_max', 'groups[0].questions[4].max', null],
      ['bad_type', 'groups[0].questions[5].type', null],
      ['missing_calculate', 'groups[0].questions[6].calculate', null],
    ]);
  });

  it('reports expression problems with their position', () => {
    expect(
      codes(
        formWith([
          { id: 'a', type: 'integer', label, relevant: '${b} > 1' },
          { id: 'b', type: 'integer', label, relevant: '. > 1', constraint: '(. > ' },
          { id: 'c', type: 'computed', label, calculate: '${d} + ${missing}' },
          { id: 'd', type: 'computed', label, calculate: '${c} + 1' },
          { id: 'e', type: 'yes_no', label, relevant: "selected(${b}, 'x') or selected(${f}, 'zz')" },
          {
            id: 'f',
            type: 'single_choice',
            label,
            choices: [{ value: 'x', label }],
            constraint: 'station.address = 1',
          },
        ]),
      ),
    ).toEqual([
      ['forward_reference', 'groups[0].questions[0].relevant', 0],
      ['self_outside_constraint', 'groups[0].questions[1].relevant', null],
      ['expr_syntax', 'groups[0].questions[1].constraint', 5],
      ['forward_reference', 'groups[0].questions[2].calculate', 0],
      ['unknown_reference', 'groups[0].questions[2].calculate', 7],
      ['forward_reference', 'groups[0].questions[4].relevant', 32],
      ['selected_non_choice', 'groups[0].questions[4].relevant', 9],
      ['unknown_choice_value', 'groups[0].questions[4].relevant', 32],
      ['expr_unknown_fact', 'groups[0].questions[5].constraint', 8],
    ]);
  });

  it('keeps repeat answers inside their group and checks form checks', () => {
    const def: FormDefinition = {
      schemaVersion: 1,
      code: 'r',
      kind: 'voting',
      title: label,
      groups: [
        { id: 'visit', title: label, repeatable: true, questions: [{ id: 'n', type: 'integer', label }] },
        { id: 'after', title: label, questions: [{ id: 'm', type: 'integer', label, relevant: '${n} > 1' }] },
      ],
      checks: [
        { id: 'c1', left: '${m}', op: '=', right: '${n}', severity: 'error' },
        { id: 'c1', left: '${m}', op: '<>' as '=', right: '1', severity: 'warning' },
      ],
    };
    expect(codes(def)).toEqual([
      ['ref_into_repeat', 'groups[1].questions[0].relevant', 0],
      ['ref_into_repeat', 'checks[0].right', 0],
      ['bad_check', 'checks[1]', null],
    ]);
  });
});
