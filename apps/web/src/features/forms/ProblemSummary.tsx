import { type FormDefinitionProblem, localized } from '@pollwatch/core';
import { useTranslation } from 'react-i18next';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { type EditorModel, problemPlace } from './form-editor.ts';
import { definitionProblemText, problemFieldText } from './problem-messages.ts';

export function ProblemSummary({
  problems,
  model,
  onReveal,
}: {
  problems: readonly FormDefinitionProblem[];
  model: EditorModel;
  onReveal: (questionKey: string) => void;
}) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <section
      className={`panel fd-problems${problems.length === 0 ? ' fd-problems-none' : ''}`}
      aria-labelledby="fd-problems-title"
    >
      <h2 id="fd-problems-title" className={problems.length === 0 ? 'fd-heading fd-heading-ok' : 'fd-heading'}>
        {problems.length === 0
          ? t('forms.designer.noProblems')
          : t('forms.designer.problems', { count: problems.length })}
      </h2>
      {problems.length > 0 && (
        <ul className="problem-list fd-problem-list" aria-live="polite">
          {problems.map((problem, i) => {
            const place = problemPlace(problem);
            const group = place.group === null ? undefined : model.groups[place.group];
            const question = place.question === null ? undefined : group?.questions[place.question];
            const where = question
              ? t('forms.designer.whereQuestion', { id: question.question.id || '—' })
              : group
                ? t('forms.designer.whereGroup', {
                    name: localized(group.group.title ?? { ru: '' }, locale) || group.group.id,
                  })
                : t('forms.designer.whereForm');
            const field = problemFieldText(t, problem);
            const target = question?.key ?? group?.key;
            const text = `${where}${field ? ` · ${field}` : ''}: ${definitionProblemText(t, problem)}`;
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: the list is recomputed from scratch on every edit
              <li key={i} data-code={problem.code}>
                {target ? (
                  <a
                    href={`#${target}`}
                    onClick={(event) => {
                      event.preventDefault();
                      if (question) onReveal(question.key);
                      requestAnimationFrame(() => {
                        const element = document.getElementById(target);
                        element?.scrollIntoView({ block: 'start' });
                        element?.focus();
                      });
                    }}
                  >
                    {text}
                  </a>
                ) : (
                  text
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
