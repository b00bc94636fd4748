import {
  type FormDefinition,
  type FormGroup,
  type SubmissionResult,
  type ValidationContext,
  validateSubmission,
} from '@pollwatch/core';

export type Answers = Record<string, unknown>;

/** Where an answer lives: top-level, or in instance `index` of a repeatable group. */
export interface AnswerSlot {
  group: FormGroup;
  index?: number | undefined;
  questionId: string;
}

export function readAnswer(answers: Answers, slot: AnswerSlot): unknown {
  if (slot.group.repeatable !== true)
    return Object.hasOwn(answers, slot.questionId) ? answers[slot.questionId] : undefined;
  const instances = answers[slot.group.id];
  if (!Array.isArray(instances) || slot.index === undefined) return undefined;
  const record = instances[slot.index] as Record<string, unknown> | undefined;
  return record && Object.hasOwn(record, slot.questionId) ? record[slot.questionId] : undefined;
}

/** The answers with one answer set; `undefined` removes it (an unanswered question has no key). */
export function writeAnswer(answers: Answers, slot: AnswerSlot, value: unknown): Answers {
  const put = (record: Record<string, unknown>) => {
    const next = { ...record };
    if (value === undefined) delete next[slot.questionId];
    else next[slot.questionId] = value;
    return next;
  };
  if (slot.group.repeatable !== true) return put(answers);
  const instances = Array.isArray(answers[slot.group.id]) ? [...(answers[slot.group.id] as unknown[])] : [];
  if (slot.index === undefined || slot.index >= instances.length) return answers;
  instances[slot.index] = put((instances[slot.index] as Record<string, unknown>) ?? {});
  return { ...answers, [slot.group.id]: instances };
}

export function instanceCount(answers: Answers, group: FormGroup): number {
  const instances = answers[group.id];
  return Array.isArray(instances) ? instances.length : 0;
}

export function addInstance(answers: Answers, group: FormGroup): Answers {
  const instances = Array.isArray(answers[group.id]) ? (answers[group.id] as unknown[]) : [];
  return { ...answers, [group.id]: [...instances, {}] };
}

export function removeInstance(answers: Answers, group: FormGroup, index: number): Answers {
  const instances = Array.isArray(answers[group.id]) ? (answers[group.id] as unknown[]) : [];
  const next = instances.filter((_, i) => i !== index);
  const out = { ...answers };
  if (next.length === 0) delete out[group.id];
  else out[group.id] = next;
  return out;
}

/** The visible-question key used by `SubmissionResult.relevant`: `q` or `group[i].q`. */
export function relevantKey(slot: AnswerSlot): string {
  return slot.group.repeatable === true && slot.index !== undefined
    ? `${slot.group.id}[${slot.index}].${slot.questionId}`
    : slot.questionId;
}

/**
 * Validation that never throws: a draft in the designer may be malformed in ways the engine does not
 * expect (it expects a form that passed `checkFormDefinition`), and the preview must survive that.
 */
export function safeValidate(
  form: FormDefinition,
  answers: Answers,
  context: ValidationContext,
): SubmissionResult | null {
  try {
    return validateSubmission(form, answers, context);
  } catch {
    return null;
  }
}

/**
 * Whether a repeatable group is shown. With instances the engine says so (a hidden group's instances
 * are reported `not_relevant`); without any, one empty instance is tried.
 */
export function repeatGroupVisible(
  form: FormDefinition,
  group: FormGroup,
  answers: Answers,
  context: ValidationContext,
): boolean {
  if (group.relevant === undefined || group.relevant.trim() === '') return true;
  const probe = instanceCount(answers, group) > 0 ? answers : { ...answers, [group.id]: [{}] };
  const result = safeValidate(form, probe, context);
  if (result === null) return true;
  return !result.problems.some((p) => p.questionId === group.id && p.code === 'not_relevant' && p.index === undefined);
}

/**
 * The answers a report would carry: without those of hidden questions (the engine would ignore them
 * with a `not_relevant` warning). The preview keeps them meanwhile, so toggling back restores them.
 */
export function visibleAnswers(form: FormDefinition, answers: Answers, result: SubmissionResult): Answers {
  const visible = new Set(result.relevant);
  let out: Answers = { ...answers };
  for (const group of form.groups) {
    if (group.repeatable === true) {
      const count = instanceCount(out, group);
      for (let index = 0; index < count; index++) {
        for (const q of group.questions) {
          const slot = { group, index, questionId: q.id };
          if (!visible.has(relevantKey(slot))) out = writeAnswer(out, slot, undefined);
        }
      }
    } else {
      for (const q of group.questions) if (!visible.has(q.id)) delete out[q.id];
    }
  }
  return out;
}

/** Hex SHA-256 of a file, as a photo answer names the uploaded blob. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
