import { defaultLocale, isLocale, type Locale, locales } from '@pollwatch/core';
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en.ts';
import { kk } from './locales/kk.ts';
import { ru } from './locales/ru.ts';

const STORAGE_KEY = 'pollwatch.locale';

export function storedLocale(): Locale | null {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : null;
  } catch {
    return null;
  }
}

function storeLocale(locale: Locale): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode or storage disabled: the choice lasts for this page only.
  }
}

export function currentLocale(): Locale {
  return isLocale(i18next.language) ? i18next.language : defaultLocale;
}

/** Switches the UI language, remembers it in this browser and updates `<html lang>`. */
export async function applyLocale(locale: Locale): Promise<void> {
  storeLocale(locale);
  if (i18next.language !== locale) await i18next.changeLanguage(locale);
  document.documentElement.lang = locale;
}

export function initI18n(): typeof i18next {
  const lng = storedLocale() ?? defaultLocale;
  void i18next.use(initReactI18next).init({
    resources: { ru: { translation: ru }, kk: { translation: kk }, en: { translation: en } },
    lng,
    fallbackLng: defaultLocale,
    supportedLngs: [...locales],
    interpolation: { escapeValue: false },
    returnNull: false,
    initAsync: false,
  });
  document.documentElement.lang = lng;
  i18next.on('languageChanged', (next) => {
    document.documentElement.lang = next;
  });
  return i18next;
}
