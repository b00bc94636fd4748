// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equivalenceCases } from './equivalence-cases.ts';
import type { FormDefinition, Question } from './form-definition.ts';
import { checkFormDefinition } from './form-definition-check.ts';
import { formProblemCodes, validateSubmission } from './validate-submission.ts';

const label = { ru: 'В' };
const choices = ['a', 'b', 'c'].map((value) => ({ value, label }));
const questions: Question[] = [
  { id: 'yn', type: 'yes_no', label, required: true },
  { id: 'int', type: 'integer', label, min: 0, max: 100, required: true },
  { id: 'dec', type: 'decimal', label, min: -1.5, max: 1.5 },
  { id: 'one', type: 'single_choice', label, choices, required: true },
  { id: 'many', type: 'multiple_choice', label, choices },
  { id: 'txt', type: 'text', label, maxLength: 10 },
  { id: 'tm', type: 'time', label },
  { id: 'dt', type: 'date', label },
  { id: 'pic', type: 'photo', label },
  { id: 'pics', type: 'photo', label, multiple: true, max: 2 },
  { id: 'loc', type: 'location', label },
  { id: 'even', type: 'integer', label, constraint: '. mod 2 = 0' },
];
const form: FormDefinition = {
  schemaVersion: 1,
  code: 'all',
  kind: 'custom',
  title: label,
  groups: [{ id: 'g', title: label, questions }],
};

const hex = fc.stringMatching(/^[0-9a-f]{64}$/);
const valid: Record<string, fc.Arbitrary<unknown>> = {
  yn: fc.boolean(),
  int: fc.integer({ min: 0, max: 100 }),
  dec: fc.double({ min: -1.5, max: 1.5, noNaN: true }),
  one: fc.constantFrom('a', 'b', 'c'),
  many: fc.subarray(['a', 'b', 'c']),
  txt: fc.string({ maxLength: 10 }),
  tm: fc
    .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
    .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`),
  dt: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  pic: hex,
  pics: fc.array(hex, { maxLength: 2 }),
  loc: fc.record({
    lat: fc.double({ min: -90, max: 90, noNaN: true }),
    lon: fc.double({ min: -180, max: 180, noNaN: true }),
  }),
  even: fc.integer({ min: -50, max: 50 }).map((n) => n * 2),
};
const invalid: Record<string, fc.Arbitrary<unknown>> = {
  yn: fc.constantFrom('yes', 1, 0),
  int: fc.oneof(fc.integer({ min: 101 }), fc.integer({ max: -1 }), fc.constant(2.5), fc.constant('5')),
  dec: fc.oneof(fc.double({ min: 1.6, max: 1e9, noNaN: true }), fc.constant('1')),
  one: fc.constantFrom('d', 'A', 7),
  many: fc.constantFrom(['d'], 'a', ['a', 'a']),
  txt: fc.string({ minLength: 11, maxLength: 40 }).filter((s) => [...s].length > 10 && s.trim() !== ''),
  tm: fc.constantFrom('24:00', '7:30', '12:60', 730),
  dt: fc.constantFrom('2024-02-30', '2024-13-01', '10.03.2024', 20240310),
  pic: fc.constantFrom('A'.repeat(64), 'abc', ['a'.repeat(64)]),
  pics: fc.constantFrom(['x'], ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)], 'a'.repeat(64)),
  loc: fc.constantFrom(
    { lat: 91, lon: 0 },
    { lat: 0, lon: 181 },
    { lat: 0 },
    { lat: 0, lon: 0, accuracy: -1 },
    'here',
    { lat: 0, lon: 0, x: 1 },
  ),
  even: fc.integer({ min: -50, max: 50 }).map((n) => n * 2 + 1),
};

const answersArb = fc.record(valid, { requiredKeys: ['yn', 'int', 'one'] });

describe('validateSubmission', () => {
  it('the test form is publishable', () => {
    expect(checkFormDefinition(form)).toEqual([]);
  });

  it('finds no problem in generated valid answers', () => {
    fc.assert(
      fc.property(answersArb, (answers) => {
        expect(validateSubmission(form, answers).problems).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('puts a problem on exactly the question whose answer was broken', () => {
    const mutation = fc
      .constantFrom(...Object.keys(invalid))
      .chain((id) => fc.tuple(fc.constant(id), invalid[id] as fc.Arbitrary<unknown>));
    fc.assert(
      fc.property(answersArb, mutation, (answers, [id, bad]) => {
        const problems = validateSubmission(form, { ...answers, [id]: bad }).problems;
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) {
          expect(p.questionId).toBe(id);
          expect(formProblemCodes).toContain(p.code);
          expect(p.severity).toBe('error');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result whatever the order of the answers', () => {
    fc.assert(
      fc.property(answersArb, fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }), (answers, junk) => {
        const forward = { ...junk, ...answers };
        const backward = Object.fromEntries(Object.entries(forward).reverse());
        expect(validateSubmission(form, backward)).toEqual(validateSubmission(form, forward));
      }),
      { numRuns: 200 },
    );
  });

  it('reports unknown questions in a stable order and missing required answers', () => {
    const result = validateSubmission(form, { zeta: 1, alpha: 2, constructor: 3, __proto__: 4, int: '' });
    expect(result.problems.map((p) => [p.questionId, p.code])).toEqual([
      ['yn', 'required'],
      ['int', 'required'],
      ['one', 'required'],
      ['alpha', 'unknown_question'],
      ['constructor', 'unknown_question'],
      ['zeta', 'unknown_question'],
    ]);
  });

  it('counts a text in characters as the observer sees them, not in UTF-16 units', () => {
    const base = { yn: true, int: 2, one: 'a' };
    const codes = (txt: string) => validateSubmission(form, { ...base, txt }).problems.map((p) => p.code);
    // Ten emoji are twenty UTF-16 units but ten characters: within maxLength 10.
    expect(codes('😀'.repeat(10))).toEqual([]);
    expect(codes('😀'.repeat(11))).toEqual(['too_long']);
    expect(codes('ж'.repeat(10))).toEqual([]);
    expect(codes('ж'.repeat(11))).toEqual(['too_long']);
  });

  it('treats hidden and read-only answers as warnings, and works in repeat instances', () => {
    const repeat: FormDefinition = {
      schemaVersion: 1,
      code: 'rep',
      kind: 'voting',
      title: label,
      groups: [
        { id: 'top', title: label, questions: [{ id: 'on', type: 'yes_no', label }] },
        {
          id: 'visit',
          title: label,
          repeatable: true,
          questions: [
            { id: 'n', type: 'integer', label, required: true, relevant: '${on}' },
            { id: 'twice', type: 'computed', label, calculate: '${n} * 2' },
          ],
        },
      ],
    };
    expect(checkFormDefinition(repeat)).toEqual([]);
    const shown = validateSubmission(repeat, { on: true, visit: [{ n: 2 }, {}, { n: 3, twice: 1, x: 1 }] });
    expect(shown.problems).toEqual([
      { questionId: 'n', code: 'required', severity: 'error', index: 1 },
      { questionId: 'twice', code: 'read_only', severity: 'warning', index: 2 },
      { questionId: 'x', code: 'unknown_question', severity: 'error', index: 2 },
    ]);
    expect(shown.computed).toEqual({ visit: [{ twice: 4 }, { twice: null }, { twice: 6 }] });
    expect(shown.relevant).toEqual([
      'on',
      'visit[0].n',
      'visit[0].twice',
      'visit[1].n',
      'visit[1].twice',
      'visit[2].n',
      'visit[2].twice',
    ]);
    const hidden = validateSubmission(repeat, { on: false, visit: [{ n: 2 }] });
    expect(hidden.problems).toEqual([{ questionId: 'n', code: 'not_relevant', severity: 'warning', index: 0 }]);
  });
});

describe('equivalence cases', () => {
  it('are deterministic, cover every standard form and survive a JSON round trip unchanged', () => {
    const a = equivalenceCases(60);
    const b = equivalenceCases(60);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(new Set(a.map((c) => c.form.kind)).size).toBe(7);
    for (const c of a) {
      const result = validateSubmission(c.form, c.answers, c.context);
      // What the browser will receive is JSON: the result must not depend on anything JSON loses.
      const parsed = JSON.parse(JSON.stringify(c)) as typeof c;
      expect(validateSubmission(parsed.form, parsed.answers, parsed.context)).toEqual(result);
      expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    }
    expect(a.some((c) => validateSubmission(c.form, c.answers, c.context).problems.length > 0)).toBe(true);
  });
});
