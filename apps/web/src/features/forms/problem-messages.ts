import {
  type ExpressionError,
  expressionErrorCodes,
  type FormDefinitionProblem,
  formDefinitionProblemCodes,
} from '@pollwatch/core';
import type { TFunction } from 'i18next';
import { problemPlace } from './form-editor.ts';

const isExpressionCode = (code: string): code is ExpressionError['code'] =>
  (expressionErrorCodes as readonly string[]).includes(code);
const isDefinitionCode = (code: string): code is (typeof formDefinitionProblemCodes)[number] =>
  (formDefinitionProblemCodes as readonly string[]).includes(code);

/** How an expression reads a question's answer: `${id}`. */
export const answerRef = (id: string) => `\${${id}}`;

/** Words the parser uses for what it found or wanted, rather than a piece of the expression. */
const tokenWords = {
  expression: 'expression',
  end: 'end',
  fact: 'fact',
  name: 'name',
  'shorter name': 'shorterName',
} as const;
type TokenWord = keyof typeof tokenWords;
const isTokenWord = (value: string): value is TokenWord => Object.hasOwn(tokenWords, value);

function foundText(t: TFunction, found: string): string {
  return isTokenWord(found)
    ? t('forms.expression.foundWord', { found: t(`forms.expression.tokens.${tokenWords[found]}`) })
    : t('forms.expression.found', { found });
}

function expectedText(t: TFunction, code: string, expected: string): string {
  if (code === 'expr_wrong_arity') return t('forms.expression.arity', { expected });
  return isTokenWord(expected)
    ? t('forms.expression.expectedWord', { expected: t(`forms.expression.tokens.${tokenWords[expected]}`) })
    : t('forms.expression.expected', { expected });
}

/** An expression error in one sentence: what is wrong, then what was found and expected there. */
export function expressionErrorText(t: TFunction, error: Pick<ExpressionError, 'code' | 'expected' | 'found'>): string {
  const translate = t as unknown as (key: string, options: Record<string, unknown>) => string;
  const parts: string[] = [translate(`forms.expressionErrors.${error.code}`, { syntax: answerRef('id') })];
  if (error.found) parts.push(foundText(t, error.found));
  if (error.expected) parts.push(expectedText(t, error.code, error.expected));
  return parts.join(' ');
}

/** A problem of a form definition, translated; unknown codes (a newer server) get a generic text. */
export function definitionProblemText(
  t: TFunction,
  problem: FormDefinitionProblem | { code: string; found?: string; expected?: string },
): string {
  const { code } = problem;
  if (isExpressionCode(code)) return expressionErrorText(t, { ...problem, code });
  if (isDefinitionCode(code)) {
    const text = t(`forms.definitionProblems.${code}`);
    return problem.found ? `${text} ${foundText(t, problem.found)}` : text;
  }
  return t('forms.definitionProblems.unknown', { code });
}

const fieldNames = [
  'id',
  'type',
  'label',
  'hint',
  'relevant',
  'constraint',
  'constraintMessage',
  'calculate',
  'min',
  'max',
  'maxLength',
  'multiple',
  'choices',
  'smsCode',
  'title',
  'questions',
  'code',
  'kind',
  'checks',
] as const;
type FieldName = (typeof fieldNames)[number];
const isFieldName = (name: string): name is FieldName => (fieldNames as readonly string[]).includes(name);

/** Which field of a question or group a problem is about, in words ("Condition for showing"). */
export function problemFieldText(t: TFunction, problem: Pick<FormDefinitionProblem, 'path'>): string {
  const { field } = problemPlace(problem);
  const base = /^[A-Za-z]+/.exec(field)?.[0] ?? '';
  const choice = /^choices\[(\d+)\]/.exec(field);
  if (choice) return t('forms.fields.choiceN', { n: Number(choice[1]) + 1 });
  if (base && isFieldName(base)) return t(`forms.fields.${base}`);
  return '';
}
