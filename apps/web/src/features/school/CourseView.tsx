import { type QuestionResult, type SchoolLocale, schoolText } from '@pollwatch/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { ProblemAlert } from '../../components/StatusViews.tsx';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { LessonText } from './LessonText.tsx';
import { type LearnApi, phoneCopy } from './learn-api.ts';
import type { LinkCourseDetail, OpenAttempt, SubmitResult } from './school-api.ts';
import './school.css';

const isNetwork = (error: unknown) => error instanceof ApiError && error.code === 'network';

/** The course, kept on the phone once opened: without a connection the last copy is read. */
export function useLearnCourse(api: LearnApi, courseId: string) {
  return useQuery({
    queryKey: api.courseKey(courseId),
    queryFn: async (): Promise<LinkCourseDetail & { offline?: boolean }> => {
      const key = `${api.scope}:${courseId}`;
      try {
        const fresh = await api.course(courseId);
        phoneCopy.write(key, fresh);
        return fresh;
      } catch (error) {
        const copy = isNetwork(error) ? phoneCopy.read<LinkCourseDetail>(key) : undefined;
        if (copy) return { ...copy, offline: true };
        throw error;
      }
    },
    retry: false,
  });
}

/** A course's lessons one by one, then its quizzes; for a volunteer's link and the field app alike. */
export function CourseView({ api, detail }: { api: LearnApi; detail: LinkCourseDetail & { offline?: boolean } }) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const client = useQueryClient();
  const firstUnread = detail.lessons.findIndex((l) => !l.completed);
  const [index, setIndex] = useState(firstUnread === -1 ? 0 : firstUnread);
  const complete = useMutation({
    mutationFn: (lessonId: string) => api.completeLesson(lessonId),
    onSettled: () => client.invalidateQueries({ queryKey: api.courseKey(detail.course.id) }),
  });
  const lesson = detail.lessons[index];
  const textLang = locale === 'en' && !lesson?.body.en ? 'ru' : locale;
  return (
    <>
      <PageHeading id="course-title">{schoolText(detail.course.title, locale)}</PageHeading>
      {detail.offline ? (
        <Alert tone="info">{t('school.home.offline')}</Alert>
      ) : (
        <p className="muted">{t('school.course.savedOffline')}</p>
      )}
      {lesson && (
        <article className="card school-lesson" aria-labelledby="lesson-title" data-testid="school-lesson">
          <p className="muted">{t('school.course.lessonOf', { n: index + 1, total: detail.lessons.length })}</p>
          <h2 id="lesson-title">{schoolText(lesson.title, locale)}</h2>
          <LessonText source={schoolText(lesson.body, locale)} lang={textLang} />
          <div className="school-actions">
            {lesson.completed ? (
              <p className="school-state" data-state="read">
                ✓ {t('school.course.read')}
              </p>
            ) : (
              <button
                type="button"
                className="button button-primary"
                disabled={complete.isPending}
                onClick={() =>
                  complete.mutate(lesson.id, {
                    onSuccess: () => setIndex((i) => Math.min(i + 1, detail.lessons.length - 1)),
                  })
                }
              >
                {t('school.course.markRead')}
              </button>
            )}
          </div>
          {complete.isError && <ProblemAlert error={complete.error} />}
        </article>
      )}
      {detail.lessons.length > 1 && (
        <nav aria-label={t('school.course.lessons')}>
          <ol className="school-lesson-nav">
            {detail.lessons.map((l, i) => (
              <li key={l.id}>
                <button
                  type="button"
                  className="button button-quiet"
                  aria-current={i === index ? 'step' : undefined}
                  onClick={() => setIndex(i)}
                >
                  {l.completed ? '✓ ' : ''}
                  {schoolText(l.title, locale)}
                </button>
              </li>
            ))}
          </ol>
        </nav>
      )}
      <section aria-labelledby="quizzes-title">
        <h2 id="quizzes-title">{t('school.course.quizzes')}</h2>
        {detail.quizzes.map((q) => (
          <QuizBlock key={q.id} api={api} courseId={detail.course.id} quiz={q} />
        ))}
      </section>
    </>
  );
}

function QuizBlock({
  api,
  courseId,
  quiz,
}: {
  api: LearnApi;
  courseId: string;
  quiz: LinkCourseDetail['quizzes'][number];
}) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const client = useQueryClient();
  const kept = `${api.scope}:attempt:${quiz.id}`;
  const [attempt, setAttempt] = useState<OpenAttempt | null>(null);
  const [result, setResult] = useState<SubmitResult | null>(null);
  const start = useMutation({
    mutationFn: async () => {
      try {
        const data = await api.startAttempt(quiz.id);
        phoneCopy.write(kept, data.attempt);
        return data.attempt;
      } catch (error) {
        // Offline: the attempt opened here before goes on from the phone's copy.
        const copy = isNetwork(error) ? phoneCopy.read<OpenAttempt>(kept) : undefined;
        if (copy) return copy;
        throw error;
      }
    },
    onSuccess: (data) => {
      setResult(null);
      setAttempt(data);
    },
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: api.courseKey(courseId) });
    void client.invalidateQueries({ queryKey: api.homeKey });
  };
  return (
    <div className="card school-quiz" data-testid="school-quiz">
      <h3>{schoolText(quiz.title, locale)}</h3>
      <p className="muted">
        {t('school.course.questionCount', { count: quiz.questionCount })} ·{' '}
        {t('school.course.passMark', { n: quiz.passMark })}
      </p>
      {quiz.attempts.length > 0 && <p className="muted">{t('school.course.attempts', { n: quiz.attempts.length })}</p>}
      {quiz.passed && !result && (
        <p className="school-state" data-state="passed">
          ✓ {t('school.course.passed')}
        </p>
      )}
      {result && <QuizResult attempt={attempt} result={result} />}
      {attempt && !result ? (
        <QuizRunner
          api={api}
          attempt={attempt}
          onDone={(r) => {
            phoneCopy.remove(kept);
            setResult(r);
            refresh();
          }}
        />
      ) : (
        !(quiz.passed || result?.result.passed) && (
          <div className="school-actions">
            {start.isError && <ProblemAlert error={start.error} />}
            <button
              type="button"
              className="button button-primary"
              disabled={start.isPending}
              onClick={() => start.mutate()}
            >
              {result || quiz.attempts.length > 0 ? t('school.course.retry') : t('school.course.start')}
            </button>
          </div>
        )
      )}
    </div>
  );
}

interface RunState {
  index: number;
  chosen: Record<string, string[]>;
  /** Answers the server has checked: right or wrong, with the explanation. */
  checked: Record<string, QuestionResult>;
}

/**
 * One question at a time: answer, see at once whether it was right and why, then the next. Where
 * the attempt stands is kept on the phone, so a closed page or a lost connection goes on from there;
 * an answer given offline is scored when the whole attempt is sent.
 */
function QuizRunner({
  api,
  attempt,
  onDone,
}: {
  api: LearnApi;
  attempt: OpenAttempt;
  onDone: (result: SubmitResult) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const stateKey = `${api.scope}:run:${attempt.id}`;
  const [run, setRunState] = useState<RunState>(() => {
    const fromServer = Object.fromEntries((attempt.steps ?? []).map((s) => [s.questionId, s]));
    const kept = phoneCopy.read<RunState>(stateKey);
    const checked = { ...kept?.checked, ...fromServer };
    const chosen = {
      ...kept?.chosen,
      ...Object.fromEntries(Object.values(fromServer).map((s) => [s.questionId, s.chosen])),
    };
    const index = kept?.index ?? attempt.questions.findIndex((q) => !checked[q.id]);
    return { index: index === -1 ? attempt.questions.length - 1 : index, chosen, checked };
  });
  const setRun = (next: RunState) => {
    phoneCopy.write(stateKey, next);
    setRunState(next);
  };
  const [offlineAnswer, setOfflineAnswer] = useState(false);
  const [empty, setEmpty] = useState(false);
  const question = attempt.questions[run.index];
  const last = run.index === attempt.questions.length - 1;
  const check = useMutation({
    mutationFn: (q: { id: string; optionIds: string[] }) => api.answerStep(attempt.id, q.id, q.optionIds),
    onSuccess: (data) => {
      setOfflineAnswer(false);
      setRun({ ...run, checked: { ...run.checked, [data.answer.questionId]: data.answer } });
    },
    onError: (error) => setOfflineAnswer(isNetwork(error)),
  });
  const submit = useMutation({
    mutationFn: () =>
      api.submit(
        attempt.id,
        attempt.questions.map((q) => ({ questionId: q.id, optionIds: run.chosen[q.id] ?? [] })),
      ),
    onSuccess: (data) => {
      phoneCopy.remove(stateKey);
      onDone(data);
    },
  });
  if (!question) return null;
  const single = question.kind === 'single';
  const chosen = run.chosen[question.id] ?? [];
  const answered = run.checked[question.id];
  const locked = Boolean(answered) || offlineAnswer;
  function toggle(optionId: string) {
    if (!question || locked) return;
    const next = single
      ? [optionId]
      : chosen.includes(optionId)
        ? chosen.filter((o) => o !== optionId)
        : [...chosen, optionId];
    setEmpty(false);
    setRun({ ...run, chosen: { ...run.chosen, [question.id]: next } });
  }
  function onCheck() {
    if (!question) return;
    if (chosen.length === 0) {
      setEmpty(true);
      return;
    }
    check.mutate({ id: question.id, optionIds: chosen });
  }
  function onNext() {
    setOfflineAnswer(false);
    if (last) submit.mutate();
    else setRun({ ...run, index: run.index + 1 });
  }
  const optionText = (optionId: string) => {
    const option = question.options.find((o) => o.id === optionId);
    return option ? schoolText(option.text, locale) : optionId;
  };
  return (
    <div className="school-quiz-form" data-order={attempt.questions.map((q) => q.id).join(' ')}>
      <fieldset className="school-question" data-testid="school-question" data-question={question.id}>
        <legend>
          <span className="muted">
            {t('school.course.question', { n: run.index + 1, total: attempt.questions.length })}
          </span>
          <br />
          {schoolText(question.text, locale)}
        </legend>
        <p className="muted">{single ? t('school.course.chooseOne') : t('school.course.chooseMany')}</p>
        {question.options.map((o) => (
          <label key={o.id} className="school-option" data-option={o.id}>
            <input
              type={single ? 'radio' : 'checkbox'}
              name={`q-${question.id}`}
              value={o.id}
              checked={chosen.includes(o.id)}
              disabled={locked}
              onChange={() => toggle(o.id)}
            />
            <span>{schoolText(o.text, locale)}</span>
          </label>
        ))}
      </fieldset>
      {empty && <Alert>{t('school.course.unanswered', { n: 1 })}</Alert>}
      {answered && (
        <div className="school-feedback" data-testid="school-feedback" data-right={answered.right} role="status">
          <p>
            <strong>{answered.right ? `✓ ${t('school.course.right')}` : `✗ ${t('school.course.wrong')}`}</strong>
          </p>
          {!answered.right && (
            <p>{t('school.course.correctAnswer', { answer: answered.correct.map(optionText).join(', ') })}</p>
          )}
          <p>{schoolText(answered.explanation, locale)}</p>
        </div>
      )}
      {offlineAnswer && !answered && (
        <Alert tone="info">
          <span data-testid="school-answer-kept">{t('school.course.answerKept')}</span>
        </Alert>
      )}
      {check.isError && !offlineAnswer && <ProblemAlert error={check.error} />}
      {submit.isError &&
        (isNetwork(submit.error) ? (
          <Alert tone="info">{t('school.course.sendLater')}</Alert>
        ) : (
          <ProblemAlert error={submit.error} />
        ))}
      <div className="school-actions">
        {locked ? (
          <button
            type="button"
            className="button button-primary"
            data-testid="school-next"
            disabled={submit.isPending}
            onClick={onNext}
          >
            {last ? t('school.course.finish') : t('school.course.next')}
          </button>
        ) : (
          <button
            type="button"
            className="button button-primary"
            data-testid="school-check"
            disabled={check.isPending}
            onClick={onCheck}
          >
            {t('school.course.check')}
          </button>
        )}
      </div>
    </div>
  );
}

function QuizResult({ attempt, result }: { attempt: OpenAttempt | null; result: SubmitResult }) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const passed = Boolean(result.result.passed);
  const optionText = (questionId: string, optionId: string) => {
    const option = attempt?.questions.find((q) => q.id === questionId)?.options.find((o) => o.id === optionId);
    return option ? schoolText(option.text, locale) : optionId;
  };
  const questionText = (questionId: string) => {
    const question = attempt?.questions.find((q) => q.id === questionId);
    return question ? schoolText(question.text, locale) : '';
  };
  const ordered = attempt
    ? attempt.questions.map((q) => result.answers.find((a) => a.questionId === q.id)).filter((a) => a !== undefined)
    : result.answers;
  return (
    <div className="school-result" data-testid="school-result" data-passed={passed}>
      <div role="status">
        <h4>{passed ? t('school.course.passedTitle') : t('school.course.failedTitle')}</h4>
        <p>
          {t('school.course.score', {
            right: result.result.right ?? 0,
            total: result.result.total ?? 0,
            percent: result.result.percent,
          })}
        </p>
        {!passed && <p>{t('school.course.failedBody')}</p>}
        {result.certified && (
          <Alert tone="success">
            <span data-testid="school-certified">{t('school.course.certified')}</span>
          </Alert>
        )}
      </div>
      <ol className="school-explanations">
        {ordered.map((a) => (
          <li key={a.questionId} data-right={a.right}>
            <p>
              <strong>{a.right ? `✓ ${t('school.course.right')}` : `✗ ${t('school.course.wrong')}`}</strong> —{' '}
              {questionText(a.questionId)}
            </p>
            {!a.right && (
              <p>
                {t('school.course.correctAnswer', {
                  answer: a.correct.map((c) => optionText(a.questionId, c)).join(', '),
                })}
              </p>
            )}
            <p className="muted">{schoolText(a.explanation, locale)}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
