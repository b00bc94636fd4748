import type { QuizContent, QuizQuestion, SchoolText } from '@pollwatch/core';
import type { LocalizedDraft } from '../../components/LocalizedFields.tsx';

/** Drafts of the course editor: texts in three languages as the form holds them, and back. */

export function toDraft(text: SchoolText | undefined): LocalizedDraft {
  return { ru: text?.ru ?? '', kk: text?.kk ?? '', en: text?.en ?? '' };
}

/** Trimmed; English only when written. */
export function fromDraft(draft: LocalizedDraft): SchoolText {
  const en = draft.en.trim();
  return { ru: draft.ru.trim(), kk: draft.kk.trim(), ...(en ? { en } : {}) };
}

const EMPTY: SchoolText = { ru: '', kk: '' };

/** The first id of the form `prefix<n>` not yet taken (question ids `q1`, option ids `a1`). */
export function freshId(prefix: string, taken: readonly string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
}

export function newQuestion(taken: readonly string[]): QuizQuestion {
  return {
    id: freshId('q', taken),
    kind: 'single',
    text: EMPTY,
    options: [
      { id: 'a1', text: EMPTY },
      { id: 'a2', text: EMPTY },
    ],
    correct: ['a1'],
    explanation: EMPTY,
  };
}

export function newQuiz(): QuizContent {
  return { title: EMPTY, passMark: 80, questions: [newQuestion([])] };
}

/** Marks or unmarks an option as right: a single-choice question keeps exactly one. */
export function toggleCorrect(question: QuizQuestion, optionId: string, on: boolean): QuizQuestion {
  if (question.kind === 'single') return { ...question, correct: on ? [optionId] : question.correct };
  const correct = on
    ? [...question.correct.filter((c) => c !== optionId), optionId]
    : question.correct.filter((c) => c !== optionId);
  return { ...question, correct };
}

/** Moves the item at `index` one place up (-1) or down (+1); out of range leaves the list as it is. */
export function move<T>(items: readonly T[], index: number, by: -1 | 1): T[] {
  const next = [...items];
  const target = index + by;
  if (target < 0 || target >= next.length) return next;
  const [item] = next.splice(index, 1);
  if (item !== undefined) next.splice(target, 0, item);
  return next;
}
