import type { Choice, FormDefinition, LocalizedText, QuestionType } from '../forms/form-definition.ts';
import { canonicalJson } from '../json/canonical-json.ts';

/** One line of the comparison: a question, and what each copy answered (null when it did not). */
export interface CopyComparisonRow {
  questionId: string;
  label: LocalizedText;
  /** A question's type; `group` for a repeatable group, whose value is its list of entries. */
  type: QuestionType | 'group';
  /** For choice questions, so that a value can be shown by its label. */
  choices?: Choice[];
  values: unknown[];
  /**
   * The copies answered differently. Never on photo lines: each observer photographs the protocol
   * themselves, so their photos always differ and say nothing of the numbers.
   */
  differs: boolean;
}

/**
 * Copies of one form (two observers' protocol copies of one station) line by line, in the form's
 * order, so that the HQ sees which numbers disagree before it chooses the station's record. Every
 * question that can hold an answer is a line, the unanswered included; notes and computed values
 * are left out (they are not what the observers copied).
 */
export function compareCopies(form: FormDefinition, copies: readonly Record<string, unknown>[]): CopyComparisonRow[] {
  const rows: CopyComparisonRow[] = [];
  const valuesOf = (id: string) => copies.map((answers) => (Object.hasOwn(answers, id) ? (answers[id] ?? null) : null));
  for (const group of form.groups) {
    if (group.repeatable) {
      const values = valuesOf(group.id);
      rows.push({ questionId: group.id, label: group.title, type: 'group', values, differs: differ(values) });
      continue;
    }
    for (const question of group.questions) {
      if (question.type === 'note' || question.type === 'computed') continue;
      const values = valuesOf(question.id);
      rows.push({
        questionId: question.id,
        label: question.label,
        type: question.type,
        ...('choices' in question ? { choices: question.choices } : {}),
        values,
        differs: question.type !== 'photo' && differ(values),
      });
    }
  }
  return rows;
}

function differ(values: readonly unknown[]): boolean {
  const first = canonicalJson(values[0] ?? null);
  return values.some((v) => canonicalJson(v ?? null) !== first);
}
