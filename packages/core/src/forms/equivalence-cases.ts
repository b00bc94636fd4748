import type { FormDefinition, Question } from './form-definition.ts';
import { protocolTemplates } from './protocol/protocol-templates.ts';
import { standardForms } from './standard-forms/standard-forms.ts';
import type { ValidationContext } from './validate-submission.ts';

export interface EquivalenceCase {
  name: string;
  form: FormDefinition;
  answers: Record<string, unknown>;
  context: ValidationContext;
}

/** mulberry32: tiny, seedable and identical in every JavaScript engine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ballotOptions = [
  { code: 'first', name: { ru: 'Первый кандидат', kk: 'Бірінші үміткер', en: 'First candidate' } },
  { code: 'second', name: { ru: 'Второй кандидат', kk: 'Екінші үміткер', en: 'Second candidate' } },
  { code: 'against_all', name: { ru: 'Против всех', kk: 'Барлығына қарсы', en: 'Against all' } },
];

/** A plausible answer most of the time, and now and then one of the ways answers go wrong. */
function answerFor(q: Question, rnd: () => number): unknown {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)] as T;
  const broken = rnd() < 0.15;
  if (broken) return pick([null, '', 'x', 42, -1, 1.5, true, [], ['zzz'], { lat: 100, lon: 0 }, '25:61', '2024-02-30']);
  switch (q.type) {
    case 'yes_no':
      return rnd() < 0.5;
    case 'integer':
      return Math.floor(rnd() * 1500);
    case 'decimal':
      return Math.round(rnd() * 10_000) / 100;
    case 'single_choice':
      return pick(q.choices).value;
    case 'multiple_choice':
      return q.choices.filter(() => rnd() < 0.4).map((c) => c.value);
    case 'text':
      return pick(['', 'ок', 'Замечаний нет', 'Ескерту жоқ', 'x'.repeat(2001)]);
    case 'time':
      return `${String(Math.floor(rnd() * 24)).padStart(2, '0')}:${String(Math.floor(rnd() * 60)).padStart(2, '0')}`;
    case 'date':
      return `2024-03-${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`;
    case 'photo': {
      const hash = Array.from({ length: 64 }, () => '0123456789abcdef'[Math.floor(rnd() * 16)]).join('');
      return q.multiple === true ? [hash] : hash;
    }
    case 'location':
      return { lat: 43 + rnd(), lon: 76 + rnd(), accuracy: Math.floor(rnd() * 50) };
    case 'note':
    case 'computed':
      return undefined;
  }
}

/**
 * Deterministic (form, answers, context) cases: the browser and Node must produce deep-equal
 * `validateSubmission` results for each. Same seed, same cases, on any engine.
 */
export function equivalenceCases(count = 200, seed = 20240310): EquivalenceCase[] {
  const rnd = prng(seed);
  const forms = [
    ...standardForms({ ballotOptions, protocolTemplate: protocolTemplates.kz }),
    ...standardForms({ ballotOptions, protocolTemplate: protocolTemplates.ru }),
  ];
  const cases: EquivalenceCase[] = [];
  for (let i = 0; i < count; i++) {
    const form = forms[i % forms.length] as FormDefinition;
    const answers: Record<string, unknown> = {};
    for (const group of form.groups) {
      const fill = (target: Record<string, unknown>) => {
        for (const q of group.questions) {
          if (rnd() < 0.1) continue;
          const value = answerFor(q, rnd);
          if (value !== undefined) target[q.id] = value;
        }
        return target;
      };
      if (group.repeatable === true) answers[group.id] = Array.from({ length: Math.floor(rnd() * 3) }, () => fill({}));
      else fill(answers);
    }
    if (rnd() < 0.1) answers.not_a_question = 'x';
    const registered = rnd() < 0.8 ? 500 + Math.floor(rnd() * 2000) : null;
    cases.push({
      name: `${form.code}-${i}`,
      form,
      answers,
      context: {
        station: { registeredVoters: registered, number: String(100 + i) },
        now: { date: '2024-03-10', time: '12:00' },
      },
    });
  }
  return cases;
}
