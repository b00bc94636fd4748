import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../i18n/locales/en.ts';
import { ru } from '../../i18n/locales/ru.ts';
import { flagDetail, flagLabel, formKindLabel } from './report-text.ts';

let t: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    lng: 'en',
    resources: { ru: { translation: ru }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  t = instance.t;
});

describe('report texts', () => {
  it('names each flag, and an unknown code as it is', () => {
    expect(flagLabel(t, { code: 'turnout_over_100' })).toBe('Turnout above 100%');
    expect(flagLabel(t, { code: 'protocol_conflict' })).toBe('Another protocol copy differs');
    expect(flagLabel(t, { code: 'brand_new' as never })).toBe('brand_new');
  });

  it('spells out a flag with its particulars, and only when all of them are there', () => {
    expect(
      flagDetail(t, { code: 'protocol_relation', ref: 'balance', params: { left: 590, op: '=', right: 600 } }),
    ).toBe('Check balance: 590 = 600 does not hold');
    expect(flagDetail(t, { code: 'turnout_decreasing', params: { voters: 400, earlier: 500, at: '10:00' } })).toBe(
      '400, fewer than 500 at 10:00',
    );
    expect(flagDetail(t, { code: 'missing_required', ref: 'opening_time' })).toBe('No answer to “opening_time”');
    // With the form's labels at hand a question is named by its label; an unknown id stays as it is.
    const label = (id: string) => (id === 'opening_time' ? 'Opening time' : undefined);
    expect(flagDetail(t, { code: 'missing_required', ref: 'opening_time' }, label)).toBe('No answer to “Opening time”');
    expect(flagDetail(t, { code: 'missing_required', ref: 'other' }, label)).toBe('No answer to “other”');
    // A check is not a question: its ref is never looked up as one.
    expect(
      flagDetail(t, { code: 'protocol_relation', ref: 'opening_time', params: { left: 1, op: '=', right: 2 } }, label),
    ).toBe('Check opening_time: 1 = 2 does not hold');
    expect(flagDetail(t, { code: 'protocol_relation', ref: 'balance' })).toBeNull();
    expect(flagDetail(t, { code: 'not_assigned' })).toBeNull();
  });

  it('names form kinds as the forms screen does', () => {
    expect(formKindLabel(t, 'protocol')).toBe(en.forms.kinds.protocol);
    expect(formKindLabel(t, 'something')).toBe('something');
  });
});
