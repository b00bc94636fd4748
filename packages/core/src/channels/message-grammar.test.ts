import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FormDefinition, Question } from '../forms/form-definition.ts';
import { protocolTemplates } from '../forms/protocol/protocol-templates.ts';
import { smsCodeAt, standardForms } from '../forms/standard-forms/standard-forms.ts';
import {
  formatMessage,
  type MessageForm,
  maxMessageLength,
  messageQuestions,
  parseMessage,
  withLookAlikes,
} from './message-grammar.ts';

const label = { ru: 'в', kk: 'с', en: 'q' };
const ballotOptions = [
  { code: 'a', name: { ru: 'А', kk: 'А', en: 'A' } },
  { code: 'b', name: { ru: 'Б', kk: 'Б', en: 'B' } },
];
const standard: MessageForm[] = standardForms({ ballotOptions, protocolTemplate: protocolTemplates.kz }).map(
  (form) => ({
    prefix: form.code.toUpperCase(),
    form,
  }),
);
const turnout = standard.find((f) => f.form.code === 'turnout') as MessageForm;
const codeOf = (entry: MessageForm, id: string) =>
  entry.form.groups.flatMap((g) => g.questions).find((q) => q.id === id)?.smsCode as string;

describe('parseMessage on the standard turnout form', () => {
  const [time, voters, source] = ['checkpoint_time', 'voters_received', 'source'].map((id) => codeOf(turnout, id)) as [
    string,
    string,
    string,
  ];

  it('reads a well-formed message', () => {
    const parsed = parseMessage(`TURNOUT ${time}1000 ${voters}312 ${source}2`, standard);
    expect(parsed.form?.code).toBe('turnout');
    expect(parsed.answers).toEqual({ checkpoint_time: '10:00', voters_received: 312, source: 'commission' });
    expect(parsed.problems).toEqual([]);
  });

  it('forgives case, spaces, punctuation, Cyrillic look-alikes and O/0, I/l/1', () => {
    const typed = `  ${withLookAlikes('turnout').toLowerCase()} , ${time.toLowerCase()} 10:OO;  ${voters}3l2. ${source} I !`;
    const parsed = parseMessage(typed, standard);
    expect(parsed.answers).toEqual({ checkpoint_time: '10:00', voters_received: 312, source: 'own_count' });
    expect(parsed.urgent).toBe(true);
    expect(parsed.problems).toEqual([]);
  });

  it('accepts an unambiguous beginning of the form name and an observer code', () => {
    const parsed = parseMessage(`TU 12345O ${time}0900 ${voters}5 ${source}1`, standard);
    expect(parsed.form?.code).toBe('turnout');
    expect(parsed.observerCode).toBe('123450');
    expect(parsed.problems).toEqual([]);
  });

  it('reports every problem, keeps what it understood', () => {
    const parsed = parseMessage(`TURNOUT ${time}2560 ${voters}12 ZZ3 ${voters}4 %% ${source}9`, standard);
    expect(parsed.answers).toEqual({ voters_received: 12 });
    const codes = parsed.problems.map((p) => [p.code, p.smsCode ?? null, p.reason ?? null]);
    expect(codes).toEqual([
      ['invalid_value', time, 'invalid_time'],
      ['unknown_code', 'ZZ', null],
      ['duplicate_code', voters, null],
      ['invalid_value', source, 'unknown_choice'],
    ]);
  });

  it('names the required questions that are missing', () => {
    const parsed = parseMessage(`TURNOUT ${voters}12`, standard);
    expect(parsed.problems.map((p) => [p.code, p.smsCode])).toEqual([
      ['missing_required', time],
      ['missing_required', source],
    ]);
  });

  it('refuses bad input with a problem, never an exception', () => {
    expect(parseMessage('', standard).problems).toEqual([{ code: 'empty' }]);
    expect(parseMessage('😀😀😀', standard).problems).toEqual([{ code: 'empty' }]);
    expect(parseMessage("'; DROP TABLE reports; --", standard).problems[0]?.code).toBe('unknown_form');
    expect(parseMessage(undefined, standard).problems).toEqual([{ code: 'empty' }]);
    const huge = parseMessage(`TURNOUT ${'A1 '.repeat(5000)}`, standard);
    expect(huge.problems[0]).toEqual({ code: 'too_long', params: { max: maxMessageLength } });
    const binary = parseMessage(String.fromCharCode(...Array.from({ length: 300 }, (_, i) => i)), standard);
    expect(binary.form).toBeNull();
  });

  it('takes the text after @ as the comment, untouched', () => {
    const incident = standard.find((f) => f.form.code === 'incident') as MessageForm;
    const parsed = parseMessage('INCIDENT ! @ Наблюдателя не пустили: AA1 @ 10:00', standard);
    expect(parsed.form).toBe(incident.form);
    expect(parsed.urgent).toBe(true);
    expect(parsed.comment).toBe('Наблюдателя не пустили: AA1 @ 10:00');
  });
});

// ---- properties ----------------------------------------------------------------------------------

type Spec =
  | { type: 'yes_no' | 'time' | 'date' }
  | { type: 'integer'; min: number; max: number }
  | { type: 'decimal' }
  | { type: 'single_choice' | 'multiple_choice'; n: number };

const specArb: fc.Arbitrary<Spec> = fc.oneof(
  fc.constantFrom<Spec>({ type: 'yes_no' }, { type: 'time' }, { type: 'date' }, { type: 'decimal' }),
  fc.record({
    type: fc.constant('integer' as const),
    min: fc.integer({ min: -50, max: 50 }),
    max: fc.integer({ min: 50, max: 100_000 }),
  }),
  fc.record({
    type: fc.constantFrom('single_choice' as const, 'multiple_choice' as const),
    n: fc.integer({ min: 1, max: 14 }),
  }),
);

function buildForm(specs: Spec[], withComment: boolean, codeStart: number): FormDefinition {
  const questions: Question[] = specs.map((s, i) => {
    const base = { id: `q${i}`, label, smsCode: smsCodeAt(codeStart + i) };
    if (s.type === 'single_choice' || s.type === 'multiple_choice') {
      return { ...base, type: s.type, choices: Array.from({ length: s.n }, (_, c) => ({ value: `c_${c}`, label })) };
    }
    if (s.type === 'integer') return { ...base, type: 'integer', min: s.min, max: s.max };
    return { ...base, type: s.type } as Question;
  });
  if (withComment) questions.push({ id: 'remarks', type: 'text', label });
  return {
    schemaVersion: 1,
    code: 'gen',
    kind: 'custom',
    title: label,
    groups: [{ id: 'g', title: label, questions }],
  };
}

const pad = (n: number) => String(n).padStart(2, '0');
function valueArb(q: Question): fc.Arbitrary<unknown> {
  switch (q.type) {
    case 'yes_no':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: q.min ?? 0, max: q.max ?? 1_000_000 });
    case 'decimal':
      return fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100);
    case 'single_choice':
      return fc.constantFrom(...q.choices.map((c) => c.value));
    case 'multiple_choice':
      return fc.uniqueArray(fc.constantFrom(...q.choices.map((c) => c.value)), { minLength: 1 });
    case 'time':
      return fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${pad(h)}:${pad(m)}`);
    case 'date':
      return fc
        .date({ min: new Date('1990-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
    default:
      return fc.constant(undefined);
  }
}

const caseArb = fc
  .record({
    specs: fc.array(specArb, { minLength: 1, maxLength: 12 }),
    withComment: fc.boolean(),
    codeStart: fc.integer({ min: 0, max: 600 }),
  })
  .chain(({ specs, withComment, codeStart }) => {
    const form = buildForm(specs, withComment, codeStart);
    const { coded, commentQuestion } = messageQuestions(form);
    const entries: Record<string, fc.Arbitrary<unknown>> = {};
    for (const q of coded) entries[q.id] = valueArb(q);
    if (commentQuestion) {
      entries[commentQuestion.id] = fc
        .string({ minLength: 1, maxLength: 80 })
        .filter((s) => s.trim() === s && s.length > 0);
    }
    return fc.record({
      form: fc.constant(form),
      answers: fc.record(entries, { requiredKeys: [] }),
      urgent: fc.boolean(),
      observerCode: fc.option(fc.stringMatching(/^[0-9]{4,8}$/), { nil: undefined }),
      swap: fc.func(fc.boolean()),
    });
  });

describe('message grammar properties', () => {
  it('never throws on arbitrary strings and always returns a well-formed result', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 200 }), fc.string({ unit: 'binary' })),
        (s) => {
          const parsed = parseMessage(s, standard);
          expect(Array.isArray(parsed.problems)).toBe(true);
          expect(parsed.form !== null || parsed.problems.length > 0).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws on strings made of the grammar’s own pieces', () => {
    const piece = fc.constantFrom(
      'TURNOUT',
      'TU',
      'A',
      'AB',
      'Z',
      '0',
      '1',
      'O',
      'l',
      'I',
      '!',
      '@',
      ',',
      '.',
      ':',
      '-',
      ' ',
      'А',
      'В',
      '99',
      '2026',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        parseMessage(pieces.join(''), standard);
      }),
      { numRuns: 2000 },
    );
  });

  it('format then parse gives back the same answers, also with Cyrillic look-alikes swapped in', () => {
    fc.assert(
      fc.property(caseArb, ({ form, answers, urgent, observerCode, swap }) => {
        const entry: MessageForm = { prefix: 'GENFORM', form };
        const message = formatMessage(entry, answers, { urgent, ...(observerCode ? { observerCode } : {}) });
        const lowered = swapCoded(
          message,
          () => true,
          (coded) => coded.toLowerCase(),
        );
        for (const variant of [message, swapCoded(message, (i) => swap(i)), lowered]) {
          const parsed = parseMessage(variant, [entry]);
          expect(parsed.problems).toEqual([]);
          expect(parsed.form).toBe(form);
          expect(parsed.urgent).toBe(urgent);
          expect(parsed.observerCode).toBe(observerCode ?? null);
          expect(parsed.answers).toEqual(answers);
        }
      }),
      { numRuns: 200 },
    );
  });
});

/** Look-alikes go into the coded part only: the free text after `@` is the observer's own words. */
function swapCoded(message: string, pick: (i: number) => boolean, also: (coded: string) => string = (c) => c): string {
  const at = message.indexOf('@');
  const coded = at < 0 ? message : message.slice(0, at);
  return also(withLookAlikes(coded, pick)) + (at < 0 ? '' : message.slice(at));
}
