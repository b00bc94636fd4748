import { can, checkQuiz, type QuizContent, type QuizQuestion, schoolText } from '@pollwatch/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { Alert } from '../../components/Alert.tsx';
import { SelectField, TextField } from '../../components/FormField.tsx';
import { LocalizedFields } from '../../components/LocalizedFields.tsx';
import { PageHeading } from '../../components/PageHeading.tsx';
import { LoadError, Loading, ProblemAlert } from '../../components/StatusViews.tsx';
import { useDocumentTitle } from '../../hooks/use-document-title.ts';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { useStaffUser } from '../../shell/HqLayout.tsx';
import { NoAccess } from '../../shell/NoAccess.tsx';
import { freshId, fromDraft, newQuestion, newQuiz, toDraft, toggleCorrect } from './course-draft.ts';
import { type CourseDetail, courseEditorApi, useCourseChange, useEditorCourse } from './course-editor-api.ts';
import './course-editor.css';

/**
 * `/hq/school/courses/:id/quizzes/:quizId` (`new` for a new one): single and multiple choice
 * questions with their options, right answers and explanation, and the pass mark. Saving a quiz
 * someone has taken makes its next version; earlier attempts stay scored against their own.
 */
export function QuizEditorPage() {
  const me = useStaffUser();
  const { t } = useTranslation();
  const { id = '', quizId = 'new' } = useParams();
  const course = useEditorCourse(id);
  useDocumentTitle(t('school.editor.quizTitle'));
  if (!can(me.role, 'school.manage')) return <NoAccess />;
  if (course.isPending) return <Loading />;
  if (course.isError) return <LoadError error={course.error} onRetry={() => void course.refetch()} />;
  // Just created: its page waits for the course to be read again rather than open empty.
  const known = quizId === 'new' || course.data.quizzes.some((x) => x.id === quizId);
  if (!known && course.isFetching) return <Loading />;
  return <QuizEditor key={quizId} detail={course.data} quizId={quizId} />;
}

/** Trimmed texts, English only when written: what the server stores. */
function cleanQuiz(content: QuizContent): QuizContent {
  const text = (v: QuizQuestion['text']) => fromDraft(toDraft(v));
  return {
    title: text(content.title),
    passMark: content.passMark,
    questions: content.questions.map((q) => ({
      ...q,
      text: text(q.text),
      explanation: text(q.explanation),
      options: q.options.map((o) => ({ ...o, text: text(o.text) })),
    })),
  };
}

function QuizEditor({ detail, quizId }: { detail: CourseDetail; quizId: string }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  const navigate = useNavigate();
  // A new one opens at its own address after the first save, saying it was saved.
  const justCreated = (useLocation().state as { saved?: number } | null)?.saved;
  const quiz = detail.quizzes.find((q) => q.id === quizId);
  const [content, setContent] = useState<QuizContent>(quiz?.content ?? newQuiz());
  const [problems, setProblems] = useState<string[]>([]);
  const [saved, setSaved] = useState<number | null>(justCreated ?? null);
  const courseUrl = `/hq/school/courses/${detail.course.id}`;
  const save = useCourseChange(
    (value: QuizContent) =>
      quiz ? courseEditorApi.saveQuiz(quiz.id, value) : courseEditorApi.addQuiz(detail.course.id, value),
    (result) => {
      setSaved(result.quiz.version);
      if (!quiz)
        navigate(`${courseUrl}/quizzes/${result.quiz.id}`, { replace: true, state: { saved: result.quiz.version } });
    },
  );
  if (quizId !== 'new' && !quiz) {
    return (
      <Alert>
        <p>{t('errors.not_found')}</p>
      </Alert>
    );
  }
  const change = (next: QuizContent) => {
    setSaved(null);
    setContent(next);
  };
  const setQuestion = (index: number, next: QuizQuestion) =>
    change({ ...content, questions: content.questions.map((q, i) => (i === index ? next : q)) });
  function submit(event: FormEvent) {
    event.preventDefault();
    const value = cleanQuiz(content);
    const found = checkQuiz(value).map((p) => describe(p.path, p.code));
    value.questions.forEach((q, i) => {
      const missing = [q.text, q.explanation, ...q.options.map((o) => o.text)].some((x) => !x.ru || !x.kk);
      if (missing) found.push(t('school.editor.problems.texts', { n: i + 1 }));
    });
    if (!value.title.ru || !value.title.kk) found.unshift(t('school.editor.problems.title'));
    setProblems(found);
    if (found.length === 0) save.mutate(value);
  }
  function describe(path: string, code: string): string {
    const question = /^\/questions\/(\d+)/.exec(path);
    const n = question ? Number(question[1]) + 1 : 0;
    if (path === '/passMark') return t('school.editor.problems.passMark');
    if (path.endsWith('/correct')) {
      return code === 'single' ? t('school.editor.problems.single', { n }) : t('school.editor.problems.correct', { n });
    }
    if (path.endsWith('/options')) return t('school.editor.problems.options', { n });
    return t('school.editor.problems.other', { n });
  }
  return (
    <>
      <header className="page-header">
        <p>
          <Link to={courseUrl}>{schoolText(detail.course.title, locale)}</Link>
        </p>
        <PageHeading>{quiz ? schoolText(quiz.content.title, locale) : t('school.editor.newQuiz')}</PageHeading>
        {quiz && (
          <p className="muted">
            {t('school.editor.version', { version: quiz.version })} · {t('school.editor.versionHint')}
          </p>
        )}
      </header>
      <form onSubmit={submit} className="course-form" noValidate>
        <LocalizedFields
          idPrefix="quiz-title"
          legend={t('school.editor.quizName')}
          required={t('school.editor.ruKkRequired')}
          hint={t('school.editor.enOptional')}
          value={toDraft(content.title)}
          onChange={(l, v) => change({ ...content, title: { ...content.title, [l]: v } })}
          maxLength={300}
        />
        <TextField
          id="quiz-pass-mark"
          type="number"
          min={1}
          max={100}
          label={t('school.editor.passMark')}
          hint={t('school.editor.passMarkHint')}
          value={String(content.passMark)}
          onChange={(e) => change({ ...content, passMark: Number(e.target.value) })}
        />
        <ol className="quiz-questions">
          {content.questions.map((question, index) => (
            <li key={question.id} className="card quiz-question" data-testid="quiz-question">
              <QuestionFields
                n={index + 1}
                question={question}
                onChange={(next) => setQuestion(index, next)}
                onRemove={
                  content.questions.length > 1
                    ? () => change({ ...content, questions: content.questions.filter((_, i) => i !== index) })
                    : undefined
                }
              />
            </li>
          ))}
        </ol>
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            change({
              ...content,
              questions: [...content.questions, newQuestion(content.questions.map((q) => q.id))],
            })
          }
        >
          {t('school.editor.addQuestion')}
        </button>
        {problems.length > 0 && (
          <Alert>
            <ul data-testid="quiz-problems">
              {problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </Alert>
        )}
        <ProblemAlert error={save.error} />
        {saved !== null && <Alert tone="success">{t('school.editor.quizSaved', { version: saved })}</Alert>}
        <div className="course-actions">
          <button type="submit" className="button button-primary" disabled={save.isPending}>
            {t('school.editor.saveQuiz')}
          </button>
          <Link className="button button-secondary" to={courseUrl}>
            {t('school.editor.back')}
          </Link>
        </div>
      </form>
    </>
  );
}

function QuestionFields({
  n,
  question,
  onChange,
  onRemove,
}: {
  n: number;
  question: QuizQuestion;
  onChange: (next: QuizQuestion) => void;
  onRemove: (() => void) | undefined;
}) {
  const { t } = useTranslation();
  const prefix = `question-${n}`;
  return (
    <fieldset>
      <legend>{t('school.editor.question', { n })}</legend>
      <SelectField
        id={`${prefix}-kind`}
        label={t('school.editor.kind')}
        value={question.kind}
        onChange={(e) => {
          const kind = e.target.value as QuizQuestion['kind'];
          onChange({ ...question, kind, correct: kind === 'single' ? question.correct.slice(0, 1) : question.correct });
        }}
      >
        <option value="single">{t('school.editor.single')}</option>
        <option value="multiple">{t('school.editor.multiple')}</option>
      </SelectField>
      <LocalizedFields
        idPrefix={`${prefix}-text`}
        legend={t('school.editor.questionText')}
        required={t('school.editor.ruKkRequired')}
        value={toDraft(question.text)}
        onChange={(l, v) => onChange({ ...question, text: { ...question.text, [l]: v } })}
        rows={2}
        maxLength={2000}
      />
      <ul className="quiz-options">
        {question.options.map((option, i) => (
          <li key={option.id} className="quiz-option">
            <LocalizedFields
              idPrefix={`${prefix}-option-${i + 1}`}
              legend={t('school.editor.option', { n: i + 1 })}
              value={toDraft(option.text)}
              onChange={(l, v) =>
                onChange({
                  ...question,
                  options: question.options.map((o) =>
                    o.id === option.id ? { ...o, text: { ...o.text, [l]: v } } : o,
                  ),
                })
              }
              maxLength={500}
            />
            <label className="quiz-correct">
              <input
                type={question.kind === 'single' ? 'radio' : 'checkbox'}
                name={`${prefix}-correct`}
                id={`${prefix}-option-${i + 1}-correct`}
                checked={question.correct.includes(option.id)}
                onChange={(e) => onChange(toggleCorrect(question, option.id, e.target.checked))}
              />
              {t('school.editor.correct')}
            </label>
            {question.options.length > 2 && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() =>
                  onChange({
                    ...question,
                    options: question.options.filter((o) => o.id !== option.id),
                    correct: question.correct.filter((c) => c !== option.id),
                  })
                }
              >
                {t('school.editor.removeOption', { n: i + 1 })}
              </button>
            )}
          </li>
        ))}
      </ul>
      {question.options.length < 10 && (
        <button
          type="button"
          className="button button-secondary"
          onClick={() =>
            onChange({
              ...question,
              options: [
                ...question.options,
                {
                  id: freshId(
                    'a',
                    question.options.map((o) => o.id),
                  ),
                  text: { ru: '', kk: '' },
                },
              ],
            })
          }
        >
          {t('school.editor.addOption')}
        </button>
      )}
      <LocalizedFields
        idPrefix={`${prefix}-explanation`}
        legend={t('school.editor.explanation')}
        required={t('school.editor.ruKkRequired')}
        hint={t('school.editor.explanationHint')}
        value={toDraft(question.explanation)}
        onChange={(l, v) => onChange({ ...question, explanation: { ...question.explanation, [l]: v } })}
        rows={2}
        maxLength={2000}
      />
      {onRemove && (
        <button type="button" className="button button-secondary" onClick={onRemove}>
          {t('school.editor.removeQuestion', { n })}
        </button>
      )}
    </fieldset>
  );
}
