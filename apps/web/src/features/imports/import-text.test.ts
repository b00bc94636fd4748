import type { TFunction } from 'i18next';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../api/api-client.ts';
import { en } from '../../i18n/locales/en.ts';
import { ru } from '../../i18n/locales/ru.ts';
import {
  changeFieldLabel,
  fieldLabel,
  importErrorText,
  mappingProblemText,
  reportOfRefusal,
  rowProblemText,
} from './import-text.ts';

let t: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    lng: 'ru',
    resources: { ru: { translation: ru }, en: { translation: en } },
    interpolation: { escapeValue: false },
  });
  t = instance.t;
});

describe('import texts', () => {
  it('names fields of both kinds and falls back to the key', () => {
    expect(fieldLabel(t, 'stations', 'number')).toBe('Номер участка');
    expect(fieldLabel(t, 'areas', 'nameKk')).toBe('Название на казахском');
    expect(fieldLabel(t, 'areas', 'number')).toBe('number');
    expect(changeFieldLabel(t, 'stations', 'areaId')).toBe('Территория (район, город)');
    expect(changeFieldLabel(t, 'areas', 'parent')).toBe('Входит в');
  });

  it('puts the numbers into row problems', () => {
    expect(rowProblemText(t, { line: 5, code: 'duplicate_in_file', params: { firstLine: 3 } })).toBe(
      'Повторяет строку 3.',
    );
    expect(rowProblemText(t, { line: 5, code: 'too_long', params: { max: 500 } })).toBe(
      'Слишком длинно: не более 500 символов.',
    );
    expect(mappingProblemText(t, { code: 'header_used_twice', field: 'name', header: 'Адрес' })).toBe(
      'Столбец «Адрес» выбран для двух полей.',
    );
  });

  it('names the line an encoding breaks on, and finds the report in a refusal', () => {
    expect(importErrorText(t, new ApiError(422, 'encoding_mismatch', { line: 7 }))).toBe(
      'Строка 7 не читается в выбранной кодировке. Выберите другую кодировку.',
    );
    expect(importErrorText(t, new ApiError(422, 'encoding_mismatch', { detected: 'utf-8' }))).toBe(
      ru.errors.encoding_mismatch,
    );
    const report = { rejected: 2 };
    expect(reportOfRefusal(new ApiError(422, 'import_rejected', { report }))).toBe(report);
    expect(reportOfRefusal(new ApiError(422, 'validation_failed', { report }))).toBeNull();
  });
});
