import { type SchoolLocale, schoolText } from '@pollwatch/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isNotFound } from '../../api/api-client.ts';
import { Alert } from '../../components/Alert.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { PublicLayout } from '../recruitment/PublicLayout.tsx';
import { LessonText } from './LessonText.tsx';
import { schoolKeys } from './school.keys.ts';
import { type LinkCourseDetail, type OpenAttempt, type SubmitResult, schoolApi } from './school-api.ts';
import { useCompleteLesson, useSchoolCourse } from './school-queries.ts';
import './school.css';

/** `/school/:token/courses/:courseId`: the lessons one by one, then the quizzes. Kept on the phone once opened. */
export function SchoolCoursePage() {
  const { t } = useTranslation();
  const { token = '', courseId = '' } = useParams();
  const course = useSchoolCourse(token, courseId);
  const locale = currentLocale();
  useDocumentTitle(course.data ? schoolText(course.data.course.title, locale) : t('school.home.title'));
  return (
    <PublicLayout>
      <div className="school-page">
        <p>
          <Link to={`/school/${encodeURIComponent(token)}`}>← {t('school.course.back')}</Link>
        </p>
        {course.isPending ? (
          <Loading />
        ) : course.isError ? (
          isNotFound(course.error) ? (
            <Alert>{t('school.home.linkInvalid')}</Alert>
          ) : (
            <LoadError error={course.error} onRetry={() => void course.refetch()} />
          )
        ) : (
          <CourseView token={token} detail={course.data} />
        )}
      </div>
    </PublicLayout>
  );
}

function CourseView({ token, detail }: { token: string; detail: LinkCourseDetail & { offline?: boolean } }) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const firstUnread = detail.lessons.findIndex((l) => !l.completed);
  const [index, setIndex] = useState(firstUnread === -1 ? 0 : firstUnread);
  const complete = useCompleteLesson(token, detail.course.id);
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
          <QuizBlock key={q.id} token={token} courseId={detail.course.id} quiz={q} />
        ))}
      </section>
    </>
  );
}

function QuizBlock({
  token,
  courseId,
  quiz,
}: {
  token: string;
  courseId: string;
  quiz: LinkCourseDetail['quizzes'][number];
}) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const client = useQueryClient();
  const [attempt, setAttempt] = useState<OpenAttempt | null>(null);
  const [result, setResult] = useState<SubmitResult | null>(null);
  const start = useMutation({
    mutationFn: () => schoolApi.startAttempt(token, quiz.id),
    onSuccess: (data) => {
      setResult(null);
      setAttempt(data.attempt);
    },
  });
  const refresh = () => {
    void client.invalidateQueries({ queryKey: schoolKeys.course(token, courseId) });
    void client.invalidateQueries({ queryKey: schoolKeys.link(token) });
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
        <QuizForm
          token={token}
          attempt={attempt}
          onDone={(r) => {
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

function QuizForm({
  token,
  attempt,
  onDone,
}: {
  token: string;
  attempt: OpenAttempt;
  onDone: (result: SubmitResult) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale() as SchoolLocale;
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [missing, setMissing] = useState(0);
  const submit = useMutation({
    mutationFn: () =>
      schoolApi.submit(
        token,
        attempt.id,
        attempt.questions.map((q) => ({ questionId: q.id, optionIds: chosen[q.id] ?? [] })),
      ),
    onSuccess: onDone,
  });
  function toggle(questionId: string, optionId: string, single: boolean) {
    setChosen((current) => {
      const now = current[questionId] ?? [];
      const next = single
        ? [optionId]
        : now.includes(optionId)
          ? now.filter((o) => o !== optionId)
          : [...now, optionId];
      return { ...current, [questionId]: next };
    });
  }
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const left = attempt.questions.filter((q) => !(chosen[q.id]?.length ?? 0)).length;
    setMissing(left);
    if (left === 0) submit.mutate();
  }
  return (
    <form className="school-quiz-form" onSubmit={onSubmit} noValidate>
      {attempt.questions.map((q, i) => {
        const single = q.kind === 'single';
        return (
          <fieldset key={q.id} className="school-question" data-testid="school-question" data-question={q.id}>
            <legend>
              <span className="muted">
                {t('school.course.question', { n: i + 1, total: attempt.questions.length })}
              </span>
              <br />
              {schoolText(q.text, locale)}
            </legend>
            <p className="muted">{single ? t('school.course.chooseOne') : t('school.course.chooseMany')}</p>
            {q.options.map((o) => (
              <label key={o.id} className="school-option" data-option={o.id}>
                <input
                  type={single ? 'radio' : 'checkbox'}
                  name={`q-${q.id}`}
                  value={o.id}
                  checked={(chosen[q.id] ?? []).includes(o.id)}
                  onChange={() => toggle(q.id, o.id, single)}
                />
                <span>{schoolText(o.text, locale)}</span>
              </label>
            ))}
          </fieldset>
        );
      })}
      {missing > 0 && <Alert>{t('school.course.unanswered', { n: missing })}</Alert>}
      {submit.isError && <ProblemAlert error={submit.error} />}
      <button type="submit" className="button button-primary" disabled={submit.isPending}>
        {t('school.course.submit')}
      </button>
    </form>
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
