import { PASSWORD_MIN_LENGTH } from '@pollwatch/core';
import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../api/api-client.ts';
import { en } from '../i18n/locales/en.ts';
import { ru } from '../i18n/locales/ru.ts';
import { fieldErrorsOf, problemMessage } from './problem-text.ts';

let t: TFunction;
let tEn: TFunction;

beforeAll(async () => {
  const i18n = i18next.createInstance();
  await i18n.init({
    resources: { ru: { translation: ru }, en: { translation: en } },
    lng: 'ru',
    interpolation: { escapeValue: false },
  });
  t = i18n.getFixedT('ru');
  tEn = i18n.getFixedT('en');
});

describe('problemMessage', () => {
  it('translates the API code, never the server message', () => {
    expect(problemMessage(t, new ApiError(401, 'invalid_credentials'))).toBe(ru.errors.invalid_credentials);
  });

  it('says in how many minutes to try again, with the right plural form', () => {
    expect(problemMessage(t, new ApiError(429, 'rate_limited', undefined, 61))).toBe(
      'Слишком много попыток. Попробуйте снова через 2 минуты.',
    );
    expect(problemMessage(t, new ApiError(429, 'rate_limited', undefined, 300))).toBe(
      'Слишком много попыток. Попробуйте снова через 5 минут.',
    );
    expect(problemMessage(t, new ApiError(429, 'rate_limited', undefined, 20))).toBe(
      'Слишком много попыток. Попробуйте снова через 1 минуту.',
    );
    expect(problemMessage(tEn, new ApiError(429, 'rate_limited', undefined, 900))).toBe(
      'Too many attempts. Try again in 15 minutes.',
    );
    expect(problemMessage(t, new ApiError(429, 'rate_limited'))).toBe(ru.errors.rate_limited);
  });

  it('covers a lost connection and anything unexpected', () => {
    expect(problemMessage(t, new ApiError(0, 'network'))).toBe(ru.problems.network);
    expect(problemMessage(t, new TypeError('boom'))).toBe(ru.problems.unexpected);
  });
});

describe('fieldErrorsOf', () => {
  it('puts validation details next to their fields', () => {
    const error = new ApiError(400, 'validation_failed', [
      { path: '/email', keyword: 'format' },
      { path: '/displayName', keyword: 'minLength' },
      { path: '', keyword: 'required', params: { missingProperty: 'password' } },
    ]);
    expect(fieldErrorsOf(t, error)).toEqual({
      email: ru.validation.email,
      displayName: ru.validation.minLength,
      password: ru.validation.required,
    });
  });

  it('explains why a password was refused', () => {
    expect(fieldErrorsOf(t, new ApiError(400, 'password_too_weak', { reason: 'too_short' }))).toEqual({
      password: `Пароль должен быть не короче ${PASSWORD_MIN_LENGTH} символов.`,
    });
    expect(
      fieldErrorsOf(t, new ApiError(400, 'password_too_weak', { reason: 'same_as_identity' }), 'newPassword'),
    ).toEqual({
      newPassword: ru.password.sameAsIdentity,
    });
  });
});
