import { type FormDefinition, localized } from '@pollwatch/core';
import { useQueries } from '@tanstack/react-query';
import { useMemo } from 'react';
import { currentLocale } from '../../i18n/i18n-setup.ts';
import { formsKeys } from '../forms/forms.keys.ts';
import { formsApi } from '../forms/forms-api.ts';

/**
 * The labels of the given forms' questions, for naming a question in a flag ("no answer to
 * «Photo of the protocol»") rather than by its id. A form that cannot be read leaves its questions
 * named by id. A question keeps the label of the newest published version that has it (reports are
 * made on published versions; a draft may be half-written).
 */
export function useQuestionLabels(
  formIds: readonly string[],
): (formId: string, questionId: string) => string | undefined {
  const unique = [...new Set(formIds)].sort();
  const details = useQueries({
    queries: unique.map((formId) => ({
      queryKey: formsKeys.detail(formId),
      queryFn: () => formsApi.detail(formId),
      staleTime: 5 * 60_000,
    })),
    combine: (results) => results.map((r) => r.data),
  });
  const locale = currentLocale();
  return useMemo(() => {
    const labels = new Map<string, string>();
    for (const detail of details) {
      if (!detail) continue;
      // Newest first: the first label seen of a question is its newest.
      for (const version of detail.versions) {
        if (version.status !== 'published') continue;
        const definition = version.definition as FormDefinition | null;
        for (const group of definition?.groups ?? []) {
          for (const question of group.questions ?? []) {
            const key = `${detail.form.id}:${question.id}`;
            if (!labels.has(key)) labels.set(key, localized(question.label, locale));
          }
        }
      }
    }
    return (formId: string, questionId: string) => labels.get(`${formId}:${questionId}`);
  }, [details, locale]);
}
