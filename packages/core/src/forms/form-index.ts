import { type CompiledExpression, compileExpression } from './expression/expression.ts';
import type { FormDefinition, FormGroup, Question } from './form-definition.ts';

export interface IndexedQuestion {
  question: Question;
  group: FormGroup;
  groupIndex: number;
  /** Position in document order over the whole form. */
  order: number;
  /** JSON path in the definition, e.g. `groups[1].questions[3]`. */
  path: string;
}

export interface FormIndex {
  questions: IndexedQuestion[];
  byId: Map<string, IndexedQuestion>;
}

/** Questions in document order; the first of a duplicated id wins (the checker reports the rest). */
export function indexForm(form: FormDefinition): FormIndex {
  const questions: IndexedQuestion[] = [];
  const byId = new Map<string, IndexedQuestion>();
  form.groups.forEach((group, groupIndex) => {
    group.questions.forEach((question, questionIndex) => {
      const entry = {
        question,
        group,
        groupIndex,
        order: questions.length,
        path: `groups[${groupIndex}].questions[${questionIndex}]`,
      };
      questions.push(entry);
      if (!byId.has(question.id)) byId.set(question.id, entry);
    });
  });
  return { questions, byId };
}

const cache = new Map<string, CompiledExpression | null>();

/** Compiled form of an expression, or null when it does not parse; memoised by source text. */
export function compiled(source: string | undefined): CompiledExpression | null {
  if (source === undefined || source.trim() === '') return null;
  const hit = cache.get(source);
  if (hit !== undefined) return hit;
  // Bounded: a server sees a few thousand distinct expressions at most; start over past that.
  if (cache.size > 5000) cache.clear();
  const result = compileExpression(source);
  const value = result.ok ? result.expression : null;
  cache.set(source, value);
  return value;
}
