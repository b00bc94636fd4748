import type {
  FormDefinition,
  FormDefinitionProblem,
  FormGroup,
  LocalizedText,
  Question,
  QuestionType,
} from '@pollwatch/core';

/**
 * The designer's working copy of a form definition. Groups and questions carry a key of their own,
 * so that React keeps a card (and the focus inside it) while its id is being retyped or the card
 * moves. `toDefinition` drops the keys and gives the JSON the server stores.
 */
export interface QuestionItem {
  key: string;
  question: Question;
}

export interface GroupItem {
  key: string;
  group: Omit<FormGroup, 'questions'>;
  questions: QuestionItem[];
}

export interface EditorModel {
  form: Omit<FormDefinition, 'groups'>;
  groups: GroupItem[];
}

let counter = 0;
const nextKey = (prefix: string) => {
  counter += 1;
  return `${prefix}${counter}`;
};

export function fromDefinition(def: FormDefinition): EditorModel {
  const { groups, ...form } = def;
  return {
    form,
    groups: (Array.isArray(groups) ? groups : []).map(({ questions, ...group }) => ({
      key: nextKey('g'),
      group,
      questions: (Array.isArray(questions) ? questions : []).map((question) => ({ key: nextKey('q'), question })),
    })),
  };
}

export function toDefinition(model: EditorModel): FormDefinition {
  return {
    ...model.form,
    groups: model.groups.map((g) => ({ ...g.group, questions: g.questions.map((q) => q.question) })),
  };
}

/** Every id in use (groups and questions), for making new ones unique. */
function usedIds(model: EditorModel): Set<string> {
  const ids = new Set<string>();
  for (const g of model.groups) {
    ids.add(g.group.id);
    for (const q of g.questions) ids.add(q.question.id);
  }
  return ids;
}

export function uniqueId(model: EditorModel, base: string): string {
  const ids = usedIds(model);
  for (let n = 1; ; n++) {
    const candidate = `${base}_${n}`;
    if (!ids.has(candidate)) return candidate;
  }
}

/** Moves the item at `from` by `delta` (−1 up, +1 down); out of range does nothing. */
export function move<T>(items: readonly T[], from: number, delta: number): T[] {
  const to = from + delta;
  if (from < 0 || from >= items.length || to < 0 || to >= items.length) return [...items];
  const out = [...items];
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** A new question of the type, with a fresh id and empty labels (the check asks for the Russian one). */
export function newQuestion(model: EditorModel, type: QuestionType): Question {
  const id = uniqueId(model, type === 'yes_no' ? 'yes_no' : type);
  const label: LocalizedText = { ru: '' };
  switch (type) {
    case 'single_choice':
    case 'multiple_choice':
      return {
        id,
        type,
        label,
        choices: [
          { value: 'option_1', label: { ru: '' } },
          { value: 'option_2', label: { ru: '' } },
        ],
      };
    case 'computed':
      return { id, type, label, calculate: '' };
    case 'integer':
    case 'decimal':
      return { id, type, label };
    case 'text':
      return { id, type, label };
    case 'photo':
      return { id, type, label };
    default:
      return { id, type, label };
  }
}

export function newGroup(model: EditorModel, title: LocalizedText): GroupItem {
  return { key: nextKey('g'), group: { id: uniqueId(model, 'group'), title }, questions: [] };
}

export function addGroup(model: EditorModel, title: LocalizedText): EditorModel {
  return { ...model, groups: [...model.groups, newGroup(model, title)] };
}

export function addQuestion(model: EditorModel, groupKey: string, type: QuestionType): EditorModel {
  const item: QuestionItem = { key: nextKey('q'), question: newQuestion(model, type) };
  return mapGroup(model, groupKey, (g) => ({ ...g, questions: [...g.questions, item] }));
}

export function mapGroup(model: EditorModel, groupKey: string, fn: (g: GroupItem) => GroupItem): EditorModel {
  return { ...model, groups: model.groups.map((g) => (g.key === groupKey ? fn(g) : g)) };
}

export function mapQuestion(model: EditorModel, questionKey: string, fn: (q: Question) => Question): EditorModel {
  return {
    ...model,
    groups: model.groups.map((g) =>
      g.questions.some((q) => q.key === questionKey)
        ? { ...g, questions: g.questions.map((q) => (q.key === questionKey ? { ...q, question: fn(q.question) } : q)) }
        : g,
    ),
  };
}

export function moveGroup(model: EditorModel, groupKey: string, delta: number): EditorModel {
  const index = model.groups.findIndex((g) => g.key === groupKey);
  return { ...model, groups: move(model.groups, index, delta) };
}

export function removeGroup(model: EditorModel, groupKey: string): EditorModel {
  return { ...model, groups: model.groups.filter((g) => g.key !== groupKey) };
}

export function moveQuestion(model: EditorModel, questionKey: string, delta: number): EditorModel {
  return {
    ...model,
    groups: model.groups.map((g) => {
      const index = g.questions.findIndex((q) => q.key === questionKey);
      return index < 0 ? g : { ...g, questions: move(g.questions, index, delta) };
    }),
  };
}

export function removeQuestion(model: EditorModel, questionKey: string): EditorModel {
  return {
    ...model,
    groups: model.groups.map((g) => ({ ...g, questions: g.questions.filter((q) => q.key !== questionKey) })),
  };
}

/**
 * Sets or clears one field of a question. `undefined` (and an empty string for optional texts and
 * expressions) removes the field, so the saved JSON holds no empty leftovers.
 */
export function setField(question: Question, field: string, value: unknown): Question {
  const next = { ...question } as Record<string, unknown>;
  if (value === undefined || value === '' || value === false) delete next[field];
  else next[field] = value;
  return next as unknown as Question;
}

/** A localized text with one language changed; kk/en are dropped when emptied (they fall back to ru). */
export function setText(text: LocalizedText | undefined, locale: 'ru' | 'kk' | 'en', value: string): LocalizedText {
  const next: LocalizedText = { ...(text ?? { ru: '' }) };
  if (locale === 'ru') next.ru = value;
  else if (value === '') delete next[locale];
  else next[locale] = value;
  return next;
}

/** An optional text (hint, constraint message): gone when every language is empty. */
export function optionalText(text: LocalizedText): LocalizedText | undefined {
  return text.ru === '' && !text.kk && !text.en ? undefined : text;
}

/** Where a definition problem points: group and question indexes, and the rest of the path. */
export interface ProblemPlace {
  group: number | null;
  question: number | null;
  /** The field inside the question or group, e.g. `relevant`, `choices[1].label`, `label`. */
  field: string;
}

const PATH = /^groups\[(\d+)\](?:\.questions\[(\d+)\])?(?:\.(.*))?$/;

export function problemPlace(problem: Pick<FormDefinitionProblem, 'path'>): ProblemPlace {
  const match = PATH.exec(problem.path);
  if (!match) return { group: null, question: null, field: problem.path };
  return {
    group: Number(match[1]),
    question: match[2] === undefined ? null : Number(match[2]),
    field: match[3] ?? '',
  };
}

/** The problems of one question (by its indexes) or of one group itself (question null). */
export function problemsAt(
  problems: readonly FormDefinitionProblem[],
  group: number,
  question: number | null,
): FormDefinitionProblem[] {
  return problems.filter((p) => {
    const place = problemPlace(p);
    return place.group === group && place.question === question;
  });
}
