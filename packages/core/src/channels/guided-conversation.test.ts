// biome-ignore-all lint/suspicious/noTemplateCurlyInString: form expressions reference questions as ${id}
import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../forms/form-definition.ts';
import { type GuidedState, guidedStep, startGuided } from './guided-conversation.ts';
import { maskAddress, maskPhonesInText } from './message-privacy.ts';

const form: FormDefinition = {
  schemaVersion: 1,
  code: 'check',
  kind: 'custom',
  title: { ru: 'Проверка', en: 'Check' },
  groups: [
    {
      id: 'g',
      title: { ru: 'Г' },
      questions: [
        { id: 'open', type: 'yes_no', required: true, label: { ru: 'Открыт?', en: 'Open?' } },
        { id: 'why', type: 'text', relevant: '${open} = false()', label: { ru: 'Почему?', en: 'Why?' } },
        { id: 'count', type: 'integer', min: 0, max: 10, label: { ru: 'Сколько?', en: 'How many?' } },
        { id: 'note', type: 'note', label: { ru: 'Заметка' } },
      ],
    },
  ],
};

const base = { formId: 'f', formVersion: 1, stationId: 's', reportId: 'r' };
const press = (state: GuidedState, data: string) => guidedStep(form, state, { kind: 'button', data }, 'en');
const type = (state: GuidedState, text: string) => guidedStep(form, state, { kind: 'text', text }, 'en');

describe('the guided conversation', () => {
  it('asks visible questions one by one, checks each answer, skips, goes back and confirms', () => {
    let step = startGuided(form, base, 'en');
    expect(step.reply.text).toContain('Question 1 of 3\nOpen?');
    expect(step.reply.buttons.flat().map((b) => b.data)).toEqual(['a:0:y', 'a:0:n', 'cancel']); // required: no skip
    expect(press(step.state as GuidedState, 's:0').reply.text).toMatch(/^This question is required/);
    step = press(step.state as GuidedState, 'a:0:y');
    expect(step.state?.at).toBe('count'); // "why" is hidden by skip logic
    const tooMany = type(step.state as GuidedState, '11');
    expect(tooMany.state?.at).toBe('count');
    expect(tooMany.reply.text).toMatch(/^At most 10\./);
    step = type(step.state as GuidedState, ' 7 ');
    expect(step.state).toMatchObject({ at: 'summary', answers: { open: true, count: 7 } });
    expect(step.reply.text).toBe('Check the report "Check":\n• Open?: Yes\n• How many?: 7');
    step = press(step.state as GuidedState, 'back');
    expect(step.state?.at).toBe('count');
    step = press(step.state as GuidedState, 's:2');
    expect(step.state?.answers).toEqual({ open: true });
    expect(press(step.state as GuidedState, 'send').submit).toBe(true);
    expect(press(step.state as GuidedState, 'cancel').state).toBeNull();
  });

  it('drops answers that skip logic hides after going back', () => {
    let step = startGuided(form, base, 'en');
    step = press(step.state as GuidedState, 'a:0:n');
    step = type(step.state as GuidedState, 'No key');
    expect(step.state?.answers).toEqual({ open: false, why: 'No key' });
    step = press(step.state as GuidedState, 'back');
    step = press(step.state as GuidedState, 'back');
    step = press(step.state as GuidedState, 'a:0:y');
    expect(step.state?.answers).toEqual({ open: true });
  });

  it('masks numbers: never a phone in clear', () => {
    expect(maskAddress('sms', '+77011234567')).toBe('+7 ••• ••• •• 67');
    expect(maskAddress('telegram', '987654321')).toBe('chat ••••21');
    expect(maskPhonesInText('call +7 701 123-45-67 now; EA1430')).toBe('call •••••••••67 now; EA1430');
  });
});
