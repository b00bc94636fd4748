import type { QuestionResult, QuizAnswer, QuizContent, SchoolLocale } from './school.ts';

/**
 * The observer school, continued (issue 20): a quiz answered one question at a time (the
 * explanation right after each answer), the waiting list's promotion, and class reminders.
 * Pure rules only.
 */

export type StepProblem = 'unknown_question' | 'unknown_option' | 'single' | 'empty';

/** Scores one answer against the attempt's version: right or wrong, the right options, the explanation. */
export function answerOne(
  content: QuizContent,
  questionId: string,
  optionIds: readonly string[],
): { ok: true; result: QuestionResult } | { ok: false; problem: StepProblem } {
  const question = content.questions.find((q) => q.id === questionId);
  if (!question) return { ok: false, problem: 'unknown_question' };
  const chosen = [...new Set(optionIds)];
  if (chosen.length === 0) return { ok: false, problem: 'empty' };
  const options = new Set(question.options.map((o) => o.id));
  if (chosen.some((o) => !options.has(o))) return { ok: false, problem: 'unknown_option' };
  if (question.kind === 'single' && chosen.length > 1) return { ok: false, problem: 'single' };
  const right = chosen.length === question.correct.length && question.correct.every((c) => chosen.includes(c));
  return {
    ok: true,
    result: { questionId, right, chosen, correct: question.correct, explanation: question.explanation },
  };
}

/**
 * The answers a final submission is scored on: every answer already revealed one by one stays as
 * it was (its explanation has been seen), and the submission fills in only the questions not yet
 * answered (e.g. answered offline).
 */
export function mergeStepAnswers(
  steps: readonly { questionId: string; optionIds: string[] }[],
  submitted: readonly QuizAnswer[],
): QuizAnswer[] {
  const fixed = new Set(steps.map((s) => s.questionId));
  return [
    ...steps.map((s) => ({ questionId: s.questionId, optionIds: s.optionIds })),
    ...submitted.filter((a) => !fixed.has(a.questionId)),
  ];
}

/** How many of the waiting list get a place: the free places, at most everyone waiting. */
export function placesToPromote(capacity: number, signedUp: number, waiting: number): number {
  return Math.max(0, Math.min(capacity - signedUp, waiting));
}

export type ReminderKind = '24h' | '2h';

/** Reminders before a class, longest lead first. */
export const REMINDER_LEADS: readonly { kind: ReminderKind; beforeMs: number }[] = [
  { kind: '24h', beforeMs: 24 * 3600_000 },
  { kind: '2h', beforeMs: 2 * 3600_000 },
];

/**
 * The reminder due now for a class starting at `startsAt`: the shortest lead already reached
 * (someone who signs up an hour before gets the 2-hour one only), none once the class started.
 */
export function dueReminderKind(startsAt: Date, now: Date): ReminderKind | null {
  const left = startsAt.getTime() - now.getTime();
  if (left <= 0) return null;
  let due: ReminderKind | null = null;
  for (const lead of REMINDER_LEADS) if (left <= lead.beforeMs) due = lead.kind;
  return due;
}

export interface ReminderFacts {
  kind: ReminderKind;
  classTitle: string;
  /** Local date and time of the class, `YYYY-MM-DD HH:mm`. */
  when: string;
  mode: 'in_person' | 'online';
  place: string | null;
}

/** The reminder message in the person's language (SMS-short; no personal data but their class). */
export function classReminderText(locale: SchoolLocale, f: ReminderFacts): string {
  const where = f.mode === 'online' ? null : f.place;
  if (locale === 'kk') {
    const lead = f.kind === '24h' ? 'Ертең' : '2 сағаттан кейін';
    return `${lead} байқаушылар мектебінің сабағы: «${f.classTitle}», ${f.when}${where ? `, ${where}` : ', онлайн (сілтеме жеке бетіңізде)'}. Келе алмасаңыз, жеке сілтеме арқылы бас тартыңыз.`;
  }
  if (locale === 'en') {
    const lead = f.kind === '24h' ? 'Tomorrow' : 'In 2 hours';
    return `${lead}: observer school class "${f.classTitle}", ${f.when}${where ? `, ${where}` : ', online (link on your personal page)'}. If you cannot come, cancel from your personal link.`;
  }
  const lead = f.kind === '24h' ? 'Завтра' : 'Через 2 часа';
  return `${lead} занятие школы наблюдателей: «${f.classTitle}», ${f.when}${where ? `, ${where}` : ', онлайн (ссылка на вашей личной странице)'}. Если не сможете прийти, отмените запись по личной ссылке.`;
}

/** What the promoted person's history says, in their language. */
export function promotedText(locale: SchoolLocale, classTitle: string, when: string): string {
  if (locale === 'kk') {
    return `Орын босады: «${classTitle}» сабағына (${when}) күту тізімінен орын берілді.`;
  }
  if (locale === 'en') return `A place freed up: moved from the waiting list into the class "${classTitle}" (${when}).`;
  return `Освободилось место: переведён(а) из листа ожидания на занятие «${classTitle}» (${when}).`;
}
