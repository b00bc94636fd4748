import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../text/markdown.ts';
import {
  attemptQuestions,
  checkQuiz,
  evaluateCertification,
  type QuizContent,
  scoreQuiz,
  seededRandom,
} from './school.ts';

const t = (ru: string) => ({ ru, kk: `${ru} (kk)` });
const quiz: QuizContent = {
  title: t('Права'),
  passMark: 75,
  questions: [
    {
      id: 'q1',
      kind: 'single',
      text: t('Можно ли фотографировать протокол?'),
      options: [
        { id: 'a', text: t('Да') },
        { id: 'b', text: t('Нет') },
      ],
      correct: ['a'],
      explanation: t('Статья 20-1'),
    },
    {
      id: 'q2',
      kind: 'multiple',
      text: t('Что проверить при открытии?'),
      options: [
        { id: 'a', text: t('Урны пусты') },
        { id: 'b', text: t('Урны опечатаны') },
        { id: 'c', text: t('Погоду') },
      ],
      correct: ['a', 'b'],
      explanation: t('Пустые и опечатанные урны'),
    },
    {
      id: 'q3',
      kind: 'single',
      text: t('Q3'),
      options: [
        { id: 'x', text: t('X') },
        { id: 'y', text: t('Y') },
      ],
      correct: ['y'],
      explanation: t('E3'),
    },
    {
      id: 'q4',
      kind: 'single',
      text: t('Q4'),
      options: [
        { id: 'x', text: t('X') },
        { id: 'y', text: t('Y') },
      ],
      correct: ['x'],
      explanation: t('E4'),
    },
  ],
};

describe('quiz scoring', () => {
  it('scores exact sets, counts a missing answer as wrong and rounds the per cent down', () => {
    const result = scoreQuiz(quiz, [
      { questionId: 'q1', optionIds: ['a'] },
      { questionId: 'q2', optionIds: ['b', 'a'] },
      { questionId: 'q3', optionIds: ['y'] },
    ]);
    expect(result.ok && result.score).toMatchObject({ right: 3, total: 4, percent: 75, passed: true });
    const partial = scoreQuiz(quiz, [
      { questionId: 'q1', optionIds: ['a'] },
      { questionId: 'q2', optionIds: ['a'] },
    ]);
    expect(partial.ok && partial.score).toMatchObject({ right: 1, percent: 25, passed: false });
    // A multiple-choice answer with a wrong extra option is wrong.
    const extra = scoreQuiz(quiz, [{ questionId: 'q2', optionIds: ['a', 'b', 'c'] }]);
    expect(extra.ok && extra.score.results.find((r) => r.questionId === 'q2')?.right).toBe(false);
    expect(
      scoreQuiz({ ...quiz, passMark: 76 }, [
        { questionId: 'q1', optionIds: ['a'] },
        { questionId: 'q2', optionIds: ['a', 'b'] },
        { questionId: 'q3', optionIds: ['y'] },
      ]),
    ).toMatchObject({ ok: true, score: { passed: false } });
  });

  it('refuses answers to questions or options that do not exist, twice-answered questions and two singles', () => {
    expect(scoreQuiz(quiz, [{ questionId: 'nope', optionIds: ['a'] }])).toEqual({
      ok: false,
      problems: [{ path: '/answers/0/questionId', code: 'unknown_question' }],
    });
    expect(scoreQuiz(quiz, [{ questionId: 'q1', optionIds: ['z'] }])).toMatchObject({
      ok: false,
      problems: [{ code: 'unknown_option' }],
    });
    expect(
      scoreQuiz(quiz, [
        { questionId: 'q1', optionIds: ['a'] },
        { questionId: 'q1', optionIds: ['b'] },
      ]),
    ).toMatchObject({ ok: false, problems: [{ path: '/answers/1/questionId', code: 'duplicate' }] });
    expect(scoreQuiz(quiz, [{ questionId: 'q1', optionIds: ['a', 'b'] }])).toMatchObject({
      ok: false,
      problems: [{ code: 'single' }],
    });
  });

  it('checks a quiz: a single-choice question has one right option that exists', () => {
    expect(checkQuiz(quiz)).toEqual([]);
    const broken = structuredClone(quiz);
    (broken.questions[0] as { correct: string[] }).correct = ['a', 'b'];
    (broken.questions[1] as { correct: string[] }).correct = ['zz'];
    expect(checkQuiz({ ...broken, passMark: 0 }).map((p) => p.code)).toEqual(['range', 'single', 'invalid']);
  });
});

describe('the order of an attempt', () => {
  it('is the same for the same seed and differs between seeds; nothing reveals the answers', () => {
    const a = attemptQuestions(quiz, 42);
    expect(attemptQuestions(quiz, 42)).toEqual(a);
    const orders = new Set(
      Array.from({ length: 20 }, (_, seed) =>
        attemptQuestions(quiz, seed)
          .map((q) => `${q.id}:${q.options.map((o) => o.id).join('')}`)
          .join(' '),
      ),
    );
    expect(orders.size).toBeGreaterThan(5);
    expect(a.map((q) => q.id).sort()).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(JSON.stringify(a)).not.toContain('correct');
    expect(JSON.stringify(a)).not.toContain('explanation');
  });

  it('draws evenly enough (a first question is each question about a quarter of the time)', () => {
    const firsts = new Map<string, number>();
    for (let seed = 1; seed <= 4000; seed++) {
      const id = attemptQuestions(quiz, seed)[0]?.id as string;
      firsts.set(id, (firsts.get(id) ?? 0) + 1);
    }
    for (const n of firsts.values()) expect(Math.abs(n - 1000)).toBeLessThan(150);
    expect(seededRandom(7)()).toBe(seededRandom(7)());
  });
});

describe('the certification rule', () => {
  const rule = { minClassesAttended: 1, quizIds: ['quiz-observer'] };
  it('needs every part: a class attended and the quiz passed', () => {
    expect(evaluateCertification(rule, { classesAttended: 1, passedQuizIds: ['quiz-observer'] }).met).toBe(true);
    expect(evaluateCertification(rule, { classesAttended: 0, passedQuizIds: ['quiz-observer'] })).toMatchObject({
      met: false,
      classesRequired: 1,
    });
    expect(evaluateCertification(rule, { classesAttended: 3, passedQuizIds: ['other'] })).toMatchObject({
      met: false,
      quizzesMissing: ['quiz-observer'],
    });
  });
  it('certifies nobody with an empty rule', () => {
    expect(
      evaluateCertification({ minClassesAttended: 0, quizIds: [] }, { classesAttended: 5, passedQuizIds: [] }).met,
    ).toBe(false);
  });
});

describe('lesson Markdown', () => {
  it('renders the safe subset: headings, lists, links, images', () => {
    const html = renderMarkdown('# Права\n\n- пункт\n\n[ЦИК](https://www.election.gov.kz) ![урна](/img/urn.png)');
    expect(html).toContain('<h1>Права</h1>');
    expect(html).toContain('<li>пункт</li>');
    expect(html).toContain('<a href="https://www.election.gov.kz" rel="noopener noreferrer" target="_blank">ЦИК</a>');
    expect(html).toContain('<img src="/img/urn.png" alt="урна" loading="lazy" />');
  });

  it('leaves scripts, event attributes and javascript: links inert', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n[x](javascript:alert(1)) ![y](data:image/svg+xml,<svg onload=alert(1)>)\n\n<a href="javascript:alert(1)">z</a>',
    );
    expect(html).not.toMatch(/<script|<img src="?x|<a href="javascript|<svg/i);
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('onerror=&quot;alert(1)&quot;');
    expect(html).not.toContain('href="javascript');
    expect(html).not.toContain('src="data:');
  });
});
