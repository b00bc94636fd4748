import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';

const DEFAULT_DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };

/**
 * Some browsers claim Kazakh but ship no month names (Chromium prints "2026 M11 26"). Then dates are
 * written the way Kazakhstan writes them anyway: 26.11.2026, 15:48.
 */
function hasMonthNames(locale: string): boolean {
  try {
    const month = new Intl.DateTimeFormat(locale, { month: 'long' }).format(new Date(2000, 10, 15));
    return !/^M?\d+$/.test(month.trim());
  } catch {
    return false;
  }
}

function numericOptions(options: Intl.DateTimeFormatOptions): Intl.DateTimeFormatOptions {
  const numeric: Intl.DateTimeFormatOptions = { day: '2-digit', month: '2-digit', year: 'numeric' };
  if (options.timeZone) numeric.timeZone = options.timeZone;
  if (options.timeStyle) {
    numeric.hour = '2-digit';
    numeric.minute = '2-digit';
    numeric.hourCycle = 'h23';
    if (options.timeStyle !== 'short') numeric.second = '2-digit';
  }
  return numeric;
}

export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  return hasMonthNames(locale)
    ? new Intl.DateTimeFormat(locale, options)
    : new Intl.DateTimeFormat('ru', numericOptions(options));
}

/** Formats ISO times in the browser's time zone, spelled in the UI language. */
export function useDateTimeFormat(options: Intl.DateTimeFormatOptions = DEFAULT_DATE_TIME): (iso: string) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = dateTimeFormat(i18n.language, options);
    return (iso: string) => {
      const date = new Date(iso);
      return Number.isNaN(date.getTime()) ? iso : format.format(date);
    };
  }, [i18n.language, options]);
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), ms);
    return () => window.clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

const CALENDAR_DATE: Intl.DateTimeFormatOptions = { dateStyle: 'long', timeZone: 'UTC' };

/**
 * Formats a calendar day (`YYYY-MM-DD`, such as a voting day) in the UI language. The day is the
 * same everywhere, so it is read and written in UTC, never shifted by the browser's zone.
 */
export function useCalendarDateFormat(): (day: string) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = dateTimeFormat(i18n.language, CALENDAR_DATE);
    return (day: string) => {
      const date = new Date(`${day}T00:00:00Z`);
      return /^\d{4}-\d{2}-\d{2}$/.test(day) && !Number.isNaN(date.getTime()) ? format.format(date) : day;
    };
  }, [i18n.language]);
}

/** Whole numbers with the UI language's digit grouping: 12 345. */
export function useNumberFormat(): (value: number) => string {
  const { i18n } = useTranslation();
  return useMemo(() => {
    const format = new Intl.NumberFormat(i18n.language === 'kk' ? 'ru' : i18n.language);
    return (value: number) => format.format(value);
  }, [i18n.language]);
}
