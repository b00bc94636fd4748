import type { CompiledExpression } from './expression/expression.ts';
import type { StationFact } from './expression/expression-ast.ts';
import { type EvaluationEnv, type ExprValue, evaluateExpression, truthy } from './expression/expression-evaluator.ts';
import { type FormCheck, type FormDefinition, type FormGroup, formLimits, type Question } from './form-definition.ts';
import { compiled } from './form-index.ts';

/** What can be wrong with one answer. Closed list: the web app translates every code. */
export const formProblemCodes = [
  'required',
  'wrong_type',
  'below_min',
  'above_max',
  'not_integer',
  'unknown_choice',
  'duplicate_choice',
  'too_long',
  'constraint_failed',
  'invalid_time',
  'invalid_date',
  'invalid_location',
  'invalid_photo',
  'too_many_photos',
  'too_many_repeats',
  'unknown_question',
  'not_relevant',
  'read_only',
] as const;
export type FormProblemCode = (typeof formProblemCodes)[number];

/** Answers the server keeps but ignores: reported so the observer's app can be fixed, never refused. */
const warningCodes: ReadonlySet<FormProblemCode> = new Set(['not_relevant', 'read_only']);

/** What a coordinator should look at although the report is accepted as sent. */
export const formFlagCodes = ['check_failed'] as const;
export type FormFlagCode = (typeof formFlagCodes)[number];

export interface FormProblem {
  questionId: string;
  code: FormProblemCode;
  /** `error` makes the report unacceptable; `warning` is reported and the answer ignored. */
  severity: 'error' | 'warning';
  /** Instance of a repeatable group, from 0. */
  index?: number;
  params?: Record<string, string | number>;
}

export interface FormFlag {
  code: FormFlagCode;
  checkId: string;
  severity: 'error' | 'warning';
  op: FormCheck['op'];
  left: number;
  right: number;
}

export interface ValidationContext {
  station?: { registeredVoters?: number | null; number?: string | null };
  /** Local date and time at the station, for `today()` and `now()`. */
  now?: { date: string; time: string };
}

export interface SubmissionResult {
  problems: FormProblem[];
  flags: FormFlag[];
  /** Computed values by question id; a repeatable group's are an array of records under its id. */
  computed: Record<string, unknown>;
  /** Visible questions in document order; in a repeatable group as `group[i].question`. */
  relevant: string[];
}

export function hasBlockingProblems(result: SubmissionResult): boolean {
  return result.problems.some((p) => p.severity === 'error');
}

const sha256Hex = /^[0-9a-f]{64}$/;
const timePattern = /^([01]\d|2[0-3]):[0-5]\d$/;
const datePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function isDate(s: string): boolean {
  const m = datePattern.exec(s);
  if (m === null) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isMissing(raw: unknown): boolean {
  return (
    raw === undefined ||
    raw === null ||
    (typeof raw === 'string' && raw.trim() === '') ||
    (Array.isArray(raw) && raw.length === 0)
  );
}

/**
 * Whether a text is longer than `max` characters (code points, as the observer counts them).
 * Checked on every report: a text no longer than `max` UTF-16 units cannot be longer in code
 * points, so the common case costs no counting and no copy.
 */
function codePointsOver(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}

const own = (record: Record<string, unknown>, key: string): unknown =>
  Object.hasOwn(record, key) ? record[key] : undefined;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

type Issue = { code: FormProblemCode; params?: Record<string, string | number> };

function wrong(): { value: ExprValue; issues: Issue[] } {
  return { value: null, issues: [{ code: 'wrong_type' }] };
}

/** Checks the shape of a present answer; returns its value for expressions and what is wrong. */
function readAnswer(q: Question, raw: unknown): { value: ExprValue; issues: Issue[] } {
  const issues: Issue[] = [];
  switch (q.type) {
    case 'yes_no':
      return typeof raw === 'boolean' ? { value: raw, issues } : wrong();
    case 'integer':
    case 'decimal': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return wrong();
      if (q.type === 'integer' && !Number.isSafeInteger(raw)) return { value: null, issues: [{ code: 'not_integer' }] };
      if (q.min !== undefined && raw < q.min) issues.push({ code: 'below_min', params: { min: q.min } });
      if (q.max !== undefined && raw > q.max) issues.push({ code: 'above_max', params: { max: q.max } });
      return { value: raw === 0 ? 0 : raw, issues };
    }
    case 'single_choice':
      if (typeof raw !== 'string') return wrong();
      if (!q.choices.some((c) => c.value === raw)) issues.push({ code: 'unknown_choice', params: { value: raw } });
      return { value: raw, issues };
    case 'multiple_choice': {
      if (!Array.isArray(raw) || !raw.every((v) => typeof v === 'string')) return wrong();
      const seen = new Set<string>();
      for (const v of raw as string[]) {
        if (!q.choices.some((c) => c.value === v)) issues.push({ code: 'unknown_choice', params: { value: v } });
        else if (seen.has(v)) issues.push({ code: 'duplicate_choice', params: { value: v } });
        seen.add(v);
      }
      return { value: [...(raw as string[])], issues };
    }
    case 'text': {
      if (typeof raw !== 'string') return wrong();
      const maxLength = q.maxLength ?? formLimits.defaultTextLength;
      if (codePointsOver(raw, maxLength)) issues.push({ code: 'too_long', params: { maxLength } });
      return { value: raw, issues };
    }
    case 'time':
      if (typeof raw !== 'string') return wrong();
      return timePattern.test(raw) ? { value: raw, issues } : { value: null, issues: [{ code: 'invalid_time' }] };
    case 'date':
      if (typeof raw !== 'string') return wrong();
      return isDate(raw) ? { value: raw, issues } : { value: null, issues: [{ code: 'invalid_date' }] };
    case 'photo': {
      const multiple = q.multiple === true;
      const hashes = multiple ? raw : [raw];
      if (!Array.isArray(hashes) || !hashes.every((h) => typeof h === 'string')) return wrong();
      if (!hashes.every((h) => sha256Hex.test(h as string))) issues.push({ code: 'invalid_photo' });
      const max = q.max ?? (multiple ? formLimits.defaultMultiplePhotos : 1);
      if (hashes.length > max) issues.push({ code: 'too_many_photos', params: { max } });
      return { value: multiple ? [...(hashes as string[])] : (raw as string), issues };
    }
    case 'location': {
      if (!isRecord(raw)) return wrong();
      const { lat, lon, accuracy } = raw;
      const ok =
        Object.keys(raw).every((k) => k === 'lat' || k === 'lon' || k === 'accuracy') &&
        typeof lat === 'number' &&
        typeof lon === 'number' &&
        Math.abs(lat) <= 90 &&
        Math.abs(lon) <= 180 &&
        (accuracy === undefined || (typeof accuracy === 'number' && accuracy >= 0 && Number.isFinite(accuracy)));
      if (!ok) return { value: null, issues: [{ code: 'invalid_location' }] };
      return { value: `${lat} ${lon}`, issues };
    }
    case 'note':
    case 'computed':
      return { value: null, issues };
  }
}

interface Slot {
  question: Question;
  group: FormGroup;
  index?: number;
  raw: unknown;
  relevant: boolean;
  issues: Issue[];
  value: ExprValue;
  scope: Map<string, ExprValue>;
}

/**
 * Validates one report against its form. Pure and deterministic: the same input gives the same
 * output, in the same order, in the browser and on the server, so both results can be compared with
 * deep equality. Expects a form that passed `checkFormDefinition`; an expression that does not parse
 * is treated as absent.
 */
export function validateSubmission(
  form: FormDefinition,
  answers: Record<string, unknown>,
  context: ValidationContext = {},
): SubmissionResult {
  return new SubmissionValidation(context).run(form, answers);
}

/**
 * One validation's state. A class rather than closures: the server runs this for every report on
 * voting day, and closures made per call cost more than methods.
 */
class SubmissionValidation {
  private readonly top = new Map<string, ExprValue>();
  private readonly station: NonNullable<EvaluationEnv['station']> = {};
  private readonly problems: FormProblem[] = [];
  private readonly slots: Slot[] = [];
  private readonly relevant: string[] = [];
  private readonly known = new Set<string>();
  private readonly lateProblems: Array<[string, Issue, number | undefined]> = [];

  constructor(private readonly context: ValidationContext) {
    if (context.station?.registeredVoters !== undefined)
      this.station.registeredVoters = context.station.registeredVoters;
    if (context.station?.number !== undefined) this.station.number = context.station.number;
  }

  run(form: FormDefinition, answers: Record<string, unknown>): SubmissionResult {
    const { top, known, lateProblems } = this;
    // Pass 1, in document order: visibility, answer shapes and calculations.
    const computed: Record<string, unknown> = {};
    for (const group of form.groups) {
      const groupVisible = this.isRelevant(group.relevant, top);
      if (group.repeatable !== true) {
        for (const q of group.questions) known.add(q.id);
        Object.assign(computed, this.fill(group, groupVisible, answers, top));
        continue;
      }
      known.add(group.id);
      const raw = own(answers, group.id);
      let instances: unknown[] = [];
      if (Array.isArray(raw)) instances = raw;
      else if (!isMissing(raw)) lateProblems.push([group.id, { code: 'wrong_type' }, undefined]);
      if (instances.length > formLimits.maxRepeats) {
        lateProblems.push([group.id, { code: 'too_many_repeats', params: { max: formLimits.maxRepeats } }, undefined]);
        instances = instances.slice(0, formLimits.maxRepeats);
      }
      if (!groupVisible && instances.length > 0) {
        lateProblems.push([group.id, { code: 'not_relevant' }, undefined]);
        instances = [];
      }
      const records: Array<Record<string, unknown>> = [];
      for (let i = 0; i < instances.length; i++) {
        const instance = instances[i];
        if (!isRecord(instance)) {
          lateProblems.push([group.id, { code: 'wrong_type' }, i]);
          records.push({});
          continue;
        }
        records.push(this.fill(group, true, instance, new Map(), i));
        const ids = new Set(group.questions.map((q) => q.id));
        for (const key of Object.keys(instance).sort()) {
          if (!ids.has(key)) lateProblems.push([key, { code: 'unknown_question' }, i]);
        }
      }
      if (group.questions.some((q) => q.type === 'computed')) computed[group.id] = records;
    }

    // Pass 2: every answer's problems, now that all values (for constraints) are known.
    for (const slot of this.slots) {
      const { question, raw, index } = slot;
      if (question.type === 'note' || question.type === 'computed') {
        if (raw !== undefined) this.report(question.id, { code: 'read_only' }, index);
        continue;
      }
      if (!slot.relevant) {
        if (!isMissing(raw)) this.report(question.id, { code: 'not_relevant' }, index);
        continue;
      }
      if (isMissing(raw)) {
        if (question.required === true) this.report(question.id, { code: 'required' }, index);
        continue;
      }
      for (const issue of slot.issues) this.report(question.id, issue, index);
      if (slot.issues.length > 0) continue;
      const constraint = compiled(question.constraint);
      if (constraint !== null) {
        const { value, missingFact } = this.evaluate(constraint, slot.scope, slot.value);
        // A fact the HQ has not entered cannot be held against the observer.
        if (!truthy(value) && !missingFact) this.report(question.id, { code: 'constraint_failed' }, index);
      }
    }
    for (const [questionId, issue, index] of lateProblems) this.report(questionId, issue, index);
    for (const key of Object.keys(answers).sort()) {
      if (!known.has(key)) this.report(key, { code: 'unknown_question' });
    }

    const flags: FormFlag[] = [];
    for (const check of form.checks ?? []) {
      const left = compiled(check.left);
      const right = compiled(check.right);
      if (left === null || right === null) continue;
      const l = this.evaluate(left, top).value;
      const r = this.evaluate(right, top).value;
      // An incomplete copy is the `required` rule's business; a relation over missing lines says nothing.
      if (typeof l !== 'number' || typeof r !== 'number') continue;
      const holds = check.op === '=' ? l === r : check.op === '<=' ? l <= r : l >= r;
      if (!holds)
        flags.push({
          code: 'check_failed',
          checkId: check.id,
          severity: check.severity,
          op: check.op,
          left: l,
          right: r,
        });
    }
    return { problems: this.problems, flags, computed, relevant: this.relevant };
  }

  private evaluate(expr: CompiledExpression, scope: Map<string, ExprValue>, self?: ExprValue) {
    const { top } = this;
    let missingFact = false;
    const value = evaluateExpression(expr.ast, {
      answer: (id) => scope.get(id) ?? top.get(id) ?? null,
      self: self ?? null,
      station: this.station,
      ...(this.context.now ? { clock: this.context.now } : {}),
      onMissingFact: (_fact: StationFact) => {
        missingFact = true;
      },
    });
    return { value, missingFact };
  }

  private isRelevant(source: string | undefined, scope: Map<string, ExprValue>): boolean {
    const expr = compiled(source);
    return expr === null || truthy(this.evaluate(expr, scope).value);
  }

  private report(questionId: string, issue: Issue, index?: number): void {
    this.problems.push({
      questionId,
      code: issue.code,
      severity: warningCodes.has(issue.code) ? 'warning' : 'error',
      ...(index === undefined ? {} : { index }),
      ...(issue.params ? { params: issue.params } : {}),
    });
  }

  /** One group's questions (one instance of a repeatable group): visibility, shapes, calculations. */
  private fill(
    group: FormGroup,
    groupVisible: boolean,
    source: Record<string, unknown>,
    scope: Map<string, ExprValue>,
    index?: number,
  ): Record<string, unknown> {
    const record: Record<string, unknown> = {};
    for (const question of group.questions) {
      const raw = own(source, question.id);
      const visible = groupVisible && this.isRelevant(question.relevant, scope);
      let value: ExprValue = null;
      let issues: Issue[] = [];
      if (question.type === 'computed') {
        const expr = compiled(question.calculate);
        value = visible && expr !== null ? this.evaluate(expr, scope).value : null;
        record[question.id] = Array.isArray(value) ? [...value] : value;
      } else if (!isMissing(raw)) {
        ({ value, issues } = readAnswer(question, raw));
        if (!visible || issues.length > 0) value = null;
      }
      scope.set(question.id, value);
      if (visible) this.relevant.push(index === undefined ? question.id : `${group.id}[${index}].${question.id}`);
      this.slots.push({
        question,
        group,
        ...(index === undefined ? {} : { index }),
        raw,
        relevant: visible,
        issues,
        value,
        scope,
      });
    }
    return record;
  }
}
