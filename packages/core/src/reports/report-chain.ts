import type { FormDefinition } from '../forms/form-definition.ts';
import { canonicalJson } from '../json/canonical-json.ts';

/** What the hash chain covers of one accepted report revision. */
export interface ChainedRevision {
  reportId: string;
  revision: number;
  electionId: string;
  stationId: string;
  formId: string;
  formVersion: number;
  observerId: string;
  answers: Record<string, unknown>;
  /** SHA-256 of every photo the revision refers to, sorted. */
  photos: string[];
  receivedAt: string;
}

/**
 * The bytes hashed for a revision: canonical JSON (sorted keys, photos sorted), so any reader can
 * recompute it.
 */
export function chainPayload(r: ChainedRevision): string {
  return chainPayloadOf(r, canonicalJson(r.answers));
}

/**
 * The same bytes from answers already in canonical JSON (the report writer has them as text, and
 * stores that text): the revision's other fields, all of fixed names, written out in their
 * sorted order around it.
 */
export function chainPayloadOf(r: Omit<ChainedRevision, 'answers'>, canonicalAnswers: string): string {
  const text = (v: string) => JSON.stringify(v);
  return (
    `{"answers":${canonicalAnswers},"electionId":${text(r.electionId)},"formId":${text(r.formId)},` +
    `"formVersion":${canonicalJson(r.formVersion)},"observerId":${text(r.observerId)},` +
    `"photos":${canonicalJson([...r.photos].sort())},"receivedAt":${text(r.receivedAt)},` +
    `"reportId":${text(r.reportId)},"revision":${canonicalJson(r.revision)},"stationId":${text(r.stationId)}}`
  );
}

export const CHAIN_GENESIS = '0'.repeat(64);

/** SHA-256 of every photo the answers refer to, through the form's photo questions, sorted. */
export function photoHashesOf(form: FormDefinition, answers: Record<string, unknown>): string[] {
  const found = new Set<string>();
  for (const { group, photoIds } of photoQuestionsOf(form)) {
    if (group.repeatable) {
      const instances = answers[group.id];
      for (const instance of Array.isArray(instances) ? instances : []) {
        if (instance && typeof instance === 'object')
          for (const id of photoIds) takeHashes(found, (instance as Record<string, unknown>)[id]);
      }
    } else {
      for (const id of photoIds) takeHashes(found, answers[id]);
    }
  }
  return [...found].sort();
}

function takeHashes(found: Set<string>, answer: unknown): void {
  for (const item of Array.isArray(answer) ? answer : [answer]) if (typeof item === 'string') found.add(item);
}

type PhotoQuestions = { group: FormDefinition['groups'][number]; photoIds: string[] }[];

/** A published form never changes: its photo questions are found once (every report asks). */
const photoQuestions = new WeakMap<FormDefinition, PhotoQuestions>();

function photoQuestionsOf(form: FormDefinition): PhotoQuestions {
  let found = photoQuestions.get(form);
  if (!found) {
    found = form.groups
      .map((group) => ({ group, photoIds: group.questions.filter((q) => q.type === 'photo').map((q) => q.id) }))
      .filter((g) => g.photoIds.length > 0);
    photoQuestions.set(form, found);
  }
  return found;
}
