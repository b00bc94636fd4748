import { compileExpression } from './expression/expression.ts';
import type { ExpressionErrorCode } from './expression/expression-error.ts';
import {
  choiceValuePattern,
  type FormDefinition,
  formCodePattern,
  formKinds,
  formLimits,
  type Question,
  questionIdPattern,
  questionTypes,
  relationOperators,
  smsCodePattern,
} from './form-definition.ts';
import { indexForm } from './form-index.ts';

/** Why a form cannot be published. Expression errors keep their own `expr_*` codes. */
export const formDefinitionProblemCodes = [
  'not_an_object',
  'bad_schema_version',
  'bad_code',
  'bad_kind',
  'missing_text',
  'no_questions',
  'empty_group',
  'too_many_questions',
  'bad_id',
  'duplicate_id',
  'bad_type',
  'bad_bound',
  'min_above_max',
  'bad_max_length',
  'bad_photo_max',
  'empty_choices',
  'too_many_choices',
  'bad_choice_value',
  'duplicate_choice_value',
  'bad_sms_code',
  'duplicate_sms_code',
  'missing_calculate',
  'bad_expression',
  'unknown_reference',
  'forward_reference',
  'ref_into_repeat',
  'self_outside_constraint',
  'selected_non_choice',
  'unknown_choice_value',
  'bad_check',
  'duplicate_check_id',
] as const;
export type FormDefinitionProblemCode = (typeof formDefinitionProblemCodes)[number] | ExpressionErrorCode;

export interface FormDefinitionProblem {
  code: FormDefinitionProblemCode;
  /** Where in the definition, e.g. `groups[0].questions[2].relevant`. */
  path: string;
  questionId?: string;
  /** Character offset inside the expression at `path`. */
  at?: number;
  expected?: string;
  found?: string;
}

type Problems = FormDefinitionProblem[];

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): boolean =>
  isObject(v) &&
  typeof v.ru === 'string' &&
  v.ru.trim() !== '' &&
  (v.kk === undefined || typeof v.kk === 'string') &&
  (v.en === undefined || typeof v.en === 'string');

/**
 * Every problem of a definition (not just the first), in document order. The definition arrives as
 * untrusted JSON, so nothing here assumes its shape. A form with problems cannot be published.
 */
export function checkFormDefinition(def: unknown): FormDefinitionProblem[] {
  const problems: Problems = [];
  if (!isObject(def)) return [{ code: 'not_an_object', path: '' }];
  if (def.schemaVersion !== 1) problems.push({ code: 'bad_schema_version', path: 'schemaVersion' });
  if (typeof def.code !== 'string' || !formCodePattern.test(def.code))
    problems.push({ code: 'bad_code', path: 'code' });
  if (!(formKinds as readonly unknown[]).includes(def.kind)) problems.push({ code: 'bad_kind', path: 'kind' });
  if (!isText(def.title)) problems.push({ code: 'missing_text', path: 'title' });
  if (!Array.isArray(def.groups) || def.groups.length === 0) {
    problems.push({ code: 'no_questions', path: 'groups' });
    return problems;
  }
  const ids = new Set<string>();
  const smsCodes = new Set<string>();
  let questionCount = 0;
  let structureOk = true;
  def.groups.forEach((group: unknown, g: number) => {
    const path = `groups[${g}]`;
    if (!isObject(group)) {
      problems.push({ code: 'not_an_object', path });
      structureOk = false;
      return;
    }
    checkId(group.id, `${path}.id`, ids, problems);
    if (!isText(group.title)) problems.push({ code: 'missing_text', path: `${path}.title` });
    if (group.relevant !== undefined && typeof group.relevant !== 'string') {
      problems.push({ code: 'bad_expression', path: `${path}.relevant` });
    }
    if (!Array.isArray(group.questions) || group.questions.length === 0) {
      problems.push({ code: 'empty_group', path: `${path}.questions` });
      if (!Array.isArray(group.questions)) structureOk = false;
      return;
    }
    group.questions.forEach((question: unknown, q: number) => {
      questionCount += 1;
      if (!checkQuestionShape(question, `${path}.questions[${q}]`, ids, smsCodes, problems)) structureOk = false;
    });
  });
  if (questionCount > formLimits.maxQuestions) problems.push({ code: 'too_many_questions', path: 'groups' });
  if (def.checks !== undefined && !Array.isArray(def.checks)) {
    problems.push({ code: 'bad_check', path: 'checks' });
    structureOk = false;
  }
  // Expressions are checked against the index only once the structure is sound.
  if (structureOk) checkExpressions(def as unknown as FormDefinition, problems);
  return problems;
}

function checkId(id: unknown, path: string, ids: Set<string>, problems: Problems): void {
  if (typeof id !== 'string' || !questionIdPattern.test(id)) {
    problems.push({ code: 'bad_id', path });
    return;
  }
  if (ids.has(id)) problems.push({ code: 'duplicate_id', path, questionId: id });
  ids.add(id);
}

function checkQuestionShape(
  q: unknown,
  path: string,
  ids: Set<string>,
  smsCodes: Set<string>,
  problems: Problems,
): boolean {
  if (!isObject(q)) {
    problems.push({ code: 'not_an_object', path });
    return false;
  }
  const questionId = typeof q.id === 'string' ? q.id : undefined;
  const at = (field: string) => ({ path: `${path}.${field}`, ...(questionId ? { questionId } : {}) });
  checkId(q.id, `${path}.id`, ids, problems);
  if (!(questionTypes as readonly unknown[]).includes(q.type)) {
    problems.push({ code: 'bad_type', ...at('type') });
    return false;
  }
  if (!isText(q.label)) problems.push({ code: 'missing_text', ...at('label') });
  for (const field of ['hint', 'constraintMessage']) {
    if (q[field] !== undefined && !isText(q[field])) problems.push({ code: 'missing_text', ...at(field) });
  }
  for (const field of ['relevant', 'constraint']) {
    if (q[field] !== undefined && typeof q[field] !== 'string') problems.push({ code: 'bad_expression', ...at(field) });
  }
  if (q.smsCode !== undefined) {
    if (typeof q.smsCode !== 'string' || !smsCodePattern.test(q.smsCode)) {
      problems.push({ code: 'bad_sms_code', ...at('smsCode') });
    } else if (smsCodes.has(q.smsCode)) {
      problems.push({ code: 'duplicate_sms_code', ...at('smsCode') });
    } else smsCodes.add(q.smsCode);
  }
  switch (q.type) {
    case 'integer':
    case 'decimal': {
      for (const field of ['min', 'max']) {
        const v = q[field];
        if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) {
          problems.push({ code: 'bad_bound', ...at(field) });
        }
      }
      if (typeof q.min === 'number' && typeof q.max === 'number' && q.min > q.max) {
        problems.push({ code: 'min_above_max', ...at('min') });
      }
      break;
    }
    case 'text': {
      const max = q.maxLength;
      if (
        max !== undefined &&
        !(Number.isInteger(max) && (max as number) > 0 && (max as number) <= formLimits.maxTextLength)
      ) {
        problems.push({ code: 'bad_max_length', ...at('maxLength') });
      }
      break;
    }
    case 'photo': {
      const max = q.max;
      if (q.multiple !== undefined && typeof q.multiple !== 'boolean')
        problems.push({ code: 'bad_photo_max', ...at('multiple') });
      if (
        max !== undefined &&
        !(
          Number.isInteger(max) &&
          (max as number) >= 1 &&
          (max as number) <= (q.multiple === true ? formLimits.maxPhotos : 1)
        )
      ) {
        problems.push({ code: 'bad_photo_max', ...at('max') });
      }
      break;
    }
    case 'single_choice':
    case 'multiple_choice': {
      if (!Array.isArray(q.choices) || q.choices.length === 0) {
        problems.push({ code: 'empty_choices', ...at('choices') });
        break;
      }
      if (q.choices.length > formLimits.maxChoices) problems.push({ code: 'too_many_choices', ...at('choices') });
      const values = new Set<string>();
      q.choices.forEach((choice: unknown, c: number) => {
        const where = at(`choices[${c}]`);
        if (!isObject(choice) || typeof choice.value !== 'string' || !choiceValuePattern.test(choice.value)) {
          problems.push({ code: 'bad_choice_value', ...where });
          return;
        }
        if (values.has(choice.value)) problems.push({ code: 'duplicate_choice_value', ...where, found: choice.value });
        values.add(choice.value);
        if (!isText(choice.label)) problems.push({ code: 'missing_text', ...at(`choices[${c}].label`) });
      });
      break;
    }
    case 'computed':
      if (typeof q.calculate !== 'string' || q.calculate.trim() === '') {
        problems.push({ code: 'missing_calculate', ...at('calculate') });
      }
      break;
  }
  return true;
}

type Role = 'relevant' | 'constraint' | 'calculate' | 'check';

function checkExpressions(form: FormDefinition, problems: Problems): void {
  const index = indexForm(form);
  const firstOrderOfGroup = new Map<number, number>();
  for (const entry of index.questions) {
    if (!firstOrderOfGroup.has(entry.groupIndex)) firstOrderOfGroup.set(entry.groupIndex, entry.order);
  }

  const check = (
    source: string | undefined,
    path: string,
    role: Role,
    context: { order: number; groupIndex: number | null; questionId?: string },
  ) => {
    if (source === undefined || source.trim() === '') return;
    const base = { path, ...(context.questionId ? { questionId: context.questionId } : {}) };
    const result = compileExpression(source);
    if (!result.ok) {
      problems.push({ ...base, ...result.error });
      return;
    }
    const usage = result.expression.usage;
    if (usage.usesSelf && role !== 'constraint') problems.push({ ...base, code: 'self_outside_constraint' });
    for (const ref of usage.refs) {
      const target = index.byId.get(ref.name);
      if (target === undefined) {
        problems.push({ ...base, code: 'unknown_reference', at: ref.at, found: ref.name });
        continue;
      }
      // Skip logic and calculations read only what comes before them, so evaluation in document
      // order is well defined and no cycle can exist.
      if ((role === 'relevant' || role === 'calculate') && target.order >= context.order) {
        problems.push({ ...base, code: 'forward_reference', at: ref.at, found: ref.name });
      }
      if (target.group.repeatable === true && target.groupIndex !== context.groupIndex) {
        problems.push({ ...base, code: 'ref_into_repeat', at: ref.at, found: ref.name });
      }
    }
    for (const ref of usage.choiceRefs) {
      const target = index.byId.get(ref.name)?.question;
      if (target === undefined) continue;
      if (target.type !== 'single_choice' && target.type !== 'multiple_choice' && target.type !== 'photo') {
        problems.push({ ...base, code: 'selected_non_choice', at: ref.at, found: ref.name });
      } else if (ref.value !== undefined && target.type !== 'photo') {
        if (!target.choices.some((c) => c.value === ref.value)) {
          problems.push({ ...base, code: 'unknown_choice_value', at: ref.at, found: ref.value });
        }
      }
    }
  };

  form.groups.forEach((group, g) => {
    const first = firstOrderOfGroup.get(g) ?? 0;
    check(group.relevant, `groups[${g}].relevant`, 'relevant', { order: first, groupIndex: g });
  });
  for (const { question, order, groupIndex, path } of index.questions) {
    const context = { order, groupIndex, questionId: question.id };
    check(question.relevant, `${path}.relevant`, 'relevant', context);
    check(question.constraint, `${path}.constraint`, 'constraint', context);
    if (question.type === 'computed') check(question.calculate, `${path}.calculate`, 'calculate', context);
  }
  const checkIds = new Set<string>();
  (form.checks ?? []).forEach((c: unknown, i: number) => {
    const path = `checks[${i}]`;
    if (
      !isObject(c) ||
      typeof c.id !== 'string' ||
      !questionIdPattern.test(c.id) ||
      typeof c.left !== 'string' ||
      typeof c.right !== 'string' ||
      !(relationOperators as readonly unknown[]).includes(c.op) ||
      (c.severity !== 'error' && c.severity !== 'warning') ||
      (c.message !== undefined && !isText(c.message))
    ) {
      problems.push({ code: 'bad_check', path });
      return;
    }
    if (checkIds.has(c.id)) problems.push({ code: 'duplicate_check_id', path: `${path}.id` });
    checkIds.add(c.id);
    // Checks run after every answer is known: any question may be read, but not `.`.
    const context = { order: Number.POSITIVE_INFINITY, groupIndex: null };
    check(c.left, `${path}.left`, 'check', context);
    check(c.right, `${path}.right`, 'check', context);
  });
}

/** Questions the validator treats as answerable (everything but notes and calculations). */
export function isAnswerable(question: Question): boolean {
  return question.type !== 'note' && question.type !== 'computed';
}
