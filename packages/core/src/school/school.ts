/**
 * The observer school (issue 20): courses of lessons, quizzes, classes and the certification rule.
 * Pure rules only: scoring, the per-attempt order, the rule; storage and HTTP live elsewhere.
 */

/** Lessons and questions are written in Russian and Kazakh; English is optional. */
export interface SchoolText {
  ru: string;
  kk: string;
  en?: string;
}

export type SchoolLocale = 'ru' | 'kk' | 'en';

export function schoolText(text: SchoolText, locale: SchoolLocale): string {
  return (locale === 'en' ? text.en : text[locale]) || text.ru;
}

export interface QuizOption {
  id: string;
  text: SchoolText;
}

export interface QuizQuestion {
  id: string;
  kind: 'single' | 'multiple';
  text: SchoolText;
  options: QuizOption[];
  /** Ids of the right options: exactly one for `single`. */
  correct: string[];
  /** Shown after answering. */
  explanation: SchoolText;
}

export interface QuizContent {
  title: SchoolText;
  /** Per cent of questions right needed to pass (1–100). */
  passMark: number;
  questions: QuizQuestion[];
}

export const QUIZ_QUESTIONS_MAX = 200;
export const QUIZ_OPTIONS_MAX = 10;

/** What is wrong with a quiz's content, as JSON-pointer-like paths and codes (empty when fine). */
export function checkQuiz(content: QuizContent): { path: string; code: string }[] {
  const problems: { path: string; code: string }[] = [];
  if (!Number.isInteger(content.passMark) || content.passMark < 1 || content.passMark > 100) {
    problems.push({ path: '/passMark', code: 'range' });
  }
  if (content.questions.length === 0) problems.push({ path: '/questions', code: 'minItems' });
  const questionIds = new Set<string>();
  content.questions.forEach((q, i) => {
    if (questionIds.has(q.id)) problems.push({ path: `/questions/${i}/id`, code: 'duplicate' });
    questionIds.add(q.id);
    const optionIds = new Set(q.options.map((o) => o.id));
    if (optionIds.size !== q.options.length) problems.push({ path: `/questions/${i}/options`, code: 'duplicate' });
    if (q.options.length < 2) problems.push({ path: `/questions/${i}/options`, code: 'minItems' });
    if (
      q.correct.length === 0 ||
      q.correct.some((c) => !optionIds.has(c)) ||
      new Set(q.correct).size !== q.correct.length
    ) {
      problems.push({ path: `/questions/${i}/correct`, code: 'invalid' });
    } else if (q.kind === 'single' && q.correct.length !== 1) {
      problems.push({ path: `/questions/${i}/correct`, code: 'single' });
    }
  });
  return problems;
}

/** A small, well-mixed 32-bit generator (mulberry32): the same seed gives the same sequence everywhere. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A question as the volunteer sees it: no right answers, options in the attempt's order. */
export interface AttemptQuestion {
  id: string;
  kind: 'single' | 'multiple';
  text: SchoolText;
  options: QuizOption[];
}

/**
 * The order of questions and of each question's options for one attempt. Seeded, so the attempt
 * shows the same order when reopened (and a dispute can be replayed), while attempts differ.
 */
export function attemptQuestions(content: QuizContent, seed: number): AttemptQuestion[] {
  const random = seededRandom(seed);
  return shuffled(content.questions, random).map((q) => ({
    id: q.id,
    kind: q.kind,
    text: q.text,
    options: shuffled(q.options, random),
  }));
}

export interface QuizAnswer {
  questionId: string;
  optionIds: string[];
}

export interface QuestionResult {
  questionId: string;
  right: boolean;
  chosen: string[];
  correct: string[];
  explanation: SchoolText;
}

export interface QuizScore {
  right: number;
  total: number;
  /** Whole per cent, rounded down: 79.9 % does not pass a mark of 80. */
  percent: number;
  passed: boolean;
  results: QuestionResult[];
}

export type ScoreProblem = { path: string; code: 'unknown_question' | 'unknown_option' | 'duplicate' | 'single' };

/**
 * Scores answers against the quiz version they were given on. A question left out counts as
 * wrong; an answer to a question or option that does not exist, a question answered twice, or
 * two options for a single-choice question is refused (problems, no score).
 */
export function scoreQuiz(
  content: QuizContent,
  answers: readonly QuizAnswer[],
): { ok: true; score: QuizScore } | { ok: false; problems: ScoreProblem[] } {
  const byId = new Map(content.questions.map((q) => [q.id, q]));
  const problems: ScoreProblem[] = [];
  const given = new Map<string, string[]>();
  for (const [i, a] of answers.entries()) {
    const question = byId.get(a.questionId);
    const chosen = [...new Set(a.optionIds)];
    const options = new Set(question?.options.map((o) => o.id));
    if (!question) problems.push({ path: `/answers/${i}/questionId`, code: 'unknown_question' });
    else if (given.has(a.questionId)) problems.push({ path: `/answers/${i}/questionId`, code: 'duplicate' });
    else if (chosen.some((o) => !options.has(o)))
      problems.push({ path: `/answers/${i}/optionIds`, code: 'unknown_option' });
    else if (question.kind === 'single' && chosen.length > 1)
      problems.push({ path: `/answers/${i}/optionIds`, code: 'single' });
    else given.set(a.questionId, chosen);
  }
  if (problems.length) return { ok: false, problems };
  const results = content.questions.map((q): QuestionResult => {
    const chosen = given.get(q.id) ?? [];
    const right = chosen.length === q.correct.length && q.correct.every((c) => chosen.includes(c));
    return { questionId: q.id, right, chosen, correct: q.correct, explanation: q.explanation };
  });
  const right = results.filter((r) => r.right).length;
  const total = results.length;
  const percent = total ? Math.floor((right * 100) / total) : 0;
  return { ok: true, score: { right, total, percent, passed: percent >= content.passMark, results } };
}

/**
 * The certification rule of an election: how many classes attended, and which quizzes passed
 * (each on any version). Applicants who meet it become certified automatically.
 */
export interface CertificationRule {
  minClassesAttended: number;
  quizIds: string[];
}

export interface CertificationFacts {
  classesAttended: number;
  passedQuizIds: readonly string[];
}

export interface CertificationVerdict {
  met: boolean;
  /** What was met or is missing, for the applicant's history: machine-readable. */
  classesAttended: number;
  classesRequired: number;
  quizzesPassed: string[];
  quizzesMissing: string[];
}

export function evaluateCertification(rule: CertificationRule, facts: CertificationFacts): CertificationVerdict {
  const passed = new Set(facts.passedQuizIds);
  const quizzesPassed = rule.quizIds.filter((id) => passed.has(id));
  const quizzesMissing = rule.quizIds.filter((id) => !passed.has(id));
  const empty = rule.minClassesAttended <= 0 && rule.quizIds.length === 0;
  return {
    met: !empty && facts.classesAttended >= rule.minClassesAttended && quizzesMissing.length === 0,
    classesAttended: facts.classesAttended,
    classesRequired: rule.minClassesAttended,
    quizzesPassed,
    quizzesMissing,
  };
}

/** Statuses from which the school certifies automatically (never moves anyone backwards). */
export const certifiableStatuses = ['applied', 'contacted', 'in_training'] as const;

/** A class's places: who is in, who waits. */
export function signUpState(signedUp: number, capacity: number): 'signed_up' | 'waitlisted' {
  return signedUp < capacity ? 'signed_up' : 'waitlisted';
}
