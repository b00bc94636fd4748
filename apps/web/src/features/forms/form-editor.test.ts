import { checkFormDefinition, type FormDefinition, questionTypes, standardForms } from '@pollwatch/core';
import { describe, expect, it } from 'vitest';
import { addInstance, readAnswer, removeInstance, safeValidate, visibleAnswers, writeAnswer } from './answers.ts';
import {
  addGroup,
  addQuestion,
  fromDefinition,
  move,
  moveQuestion,
  problemPlace,
  problemsAt,
  removeQuestion,
  setField,
  setText,
  toDefinition,
} from './form-editor.ts';
import { answerRef } from './problem-messages.ts';

const base: FormDefinition = {
  schemaVersion: 1,
  code: 'media',
  kind: 'custom',
  title: { ru: 'Медиа' },
  groups: [{ id: 'group_1', title: { ru: 'Раздел' }, questions: [] }],
};

describe('form editor model', () => {
  it('round-trips a definition unchanged', () => {
    for (const form of standardForms({ ballotOptions: [{ code: 'a', name: { ru: 'А' } }], protocolTemplate: 'kz' })) {
      expect(toDefinition(fromDefinition(form))).toEqual(form);
    }
  });

  it('adds a question of every type with a unique id', () => {
    let model = fromDefinition(base);
    const key = model.groups[0]?.key ?? '';
    for (const type of questionTypes) model = addQuestion(model, key, type);
    const ids = toDefinition(model).groups[0]?.questions.map((q) => q.id) ?? [];
    expect(ids).toHaveLength(questionTypes.length);
    expect(new Set(ids).size).toBe(ids.length);
    // Only the empty labels (and the empty formula) stop it from being publishable.
    const codes = new Set(checkFormDefinition(toDefinition(model)).map((p) => p.code));
    expect([...codes].sort()).toEqual(['missing_calculate', 'missing_text']);
  });

  it('moves and removes questions by key, keeping keys stable', () => {
    let model = fromDefinition(base);
    const g = model.groups[0]?.key ?? '';
    model = addQuestion(addQuestion(model, g, 'yes_no'), g, 'integer');
    const [first, second] = model.groups[0]?.questions ?? [];
    model = moveQuestion(model, second?.key ?? '', -1);
    expect(model.groups[0]?.questions.map((q) => q.key)).toEqual([second?.key, first?.key]);
    model = removeQuestion(model, second?.key ?? '');
    expect(model.groups[0]?.questions.map((q) => q.question.type)).toEqual(['yes_no']);
    model = addGroup(model, { ru: 'Второй' });
    expect(model.groups.map((x) => x.group.id)).toEqual(['group_1', 'group_2']);
  });

  it('clears optional fields instead of saving empty values', () => {
    const q = setField({ id: 'a', type: 'yes_no', label: { ru: 'A' }, relevant: 'x' }, 'relevant', '');
    expect(q).toEqual({ id: 'a', type: 'yes_no', label: { ru: 'A' } });
    expect(setText({ ru: 'Да', kk: 'Иә' }, 'kk', '')).toEqual({ ru: 'Да' });
    expect(move([1, 2, 3], 0, -1)).toEqual([1, 2, 3]);
  });

  it('places definition problems on their group and question', () => {
    expect(problemPlace({ path: 'groups[1].questions[2].choices[0].label' })).toEqual({
      group: 1,
      question: 2,
      field: 'choices[0].label',
    });
    expect(problemPlace({ path: 'groups[0].questions' })).toEqual({ group: 0, question: null, field: 'questions' });
    expect(problemPlace({ path: 'title' })).toEqual({ group: null, question: null, field: 'title' });
    const problems = [
      { code: 'missing_text' as const, path: 'groups[0].questions[1].label' },
      { code: 'empty_group' as const, path: 'groups[0].questions' },
    ];
    expect(problemsAt(problems, 0, 1)).toHaveLength(1);
    expect(problemsAt(problems, 0, null)).toEqual([problems[1]]);
  });
});

describe('answers', () => {
  const form: FormDefinition = {
    ...base,
    groups: [
      {
        id: 'main',
        title: { ru: 'Главное' },
        questions: [
          { id: 'sealed', type: 'yes_no', label: { ru: 'Опечатан?' }, required: true },
          { id: 'why', type: 'text', label: { ru: 'Почему?' }, relevant: `${answerRef('sealed')} = false` },
        ],
      },
      {
        id: 'people',
        title: { ru: 'Люди' },
        repeatable: true,
        questions: [{ id: 'name', type: 'text', label: { ru: 'Имя' }, required: true }],
      },
    ],
  };

  it('reads and writes top-level and repeated answers', () => {
    const group = form.groups[1] as FormDefinition['groups'][number];
    let answers = addInstance({}, group);
    answers = writeAnswer(answers, { group, index: 0, questionId: 'name' }, 'Айгуль');
    expect(readAnswer(answers, { group, index: 0, questionId: 'name' })).toBe('Айгуль');
    expect(answers).toEqual({ people: [{ name: 'Айгуль' }] });
    expect(removeInstance(answers, group, 0)).toEqual({});
  });

  it('applies skip logic and drops hidden answers before sending', () => {
    const answers = { sealed: true, why: 'забыли' };
    const result = safeValidate(form, answers, {});
    expect(result?.relevant).toEqual(['sealed']);
    expect(result?.problems.map((p) => p.code)).toEqual(['not_relevant']);
    expect(visibleAnswers(form, answers, result as NonNullable<typeof result>)).toEqual({ sealed: true });
  });

  it('never throws on a malformed draft', () => {
    const broken = {
      ...base,
      groups: [{ id: 'g', title: { ru: 'x' }, questions: [{ id: 'c', type: 'single_choice' }] }],
    };
    expect(() => safeValidate(broken as unknown as FormDefinition, { c: 'x' }, {})).not.toThrow();
  });
});
