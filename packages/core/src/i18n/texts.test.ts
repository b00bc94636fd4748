import { describe, expect, it } from 'vitest';
import { type InLanguages, type TextTable, texts } from './texts.ts';

describe('texts({ ru, kk, en })', () => {
  it('turns a side-by-side table into one table per language, through objects, arrays and functions', () => {
    const t = texts({
      title: { ru: 'Список', kk: 'Тізім', en: 'List' },
      columns: [
        { ru: 'Время', kk: 'Уақыты', en: 'Time' },
        { ru: 'Участок', kk: 'Учаске', en: 'Station' },
      ],
      count: { ru: (n: number) => `${n} шт.`, kk: (n: number) => `${n} дана`, en: (n: number) => `${n} pcs` },
    });
    expect(t.kk.title).toBe('Тізім');
    expect(t.en.columns).toEqual(['Time', 'Station']);
    expect(t.ru.count(3)).toBe('3 шт.');
    expect(Object.keys(t)).toEqual(['ru', 'kk', 'en']);
  });

  it('refuses, naming the place, a text that lacks a language, is empty, or is not a text at all', () => {
    const table = (value: unknown) => ({ ok: { ru: 'а', kk: 'ә', en: 'a' }, deep: { list: [value] } }) as TextTable;
    expect(() => texts(table({ ru: 'Время', en: 'Time' }))).toThrow('texts: deep.list.0 has no kk text');
    expect(() => texts(table({ ru: 'Время', kk: ' ', en: 'Time' }))).toThrow('deep.list.0 has no kk text');
    expect(() => texts(table({ ru: 'а', kk: 'ә', en: 'a', de: 'A' }))).toThrow('deep.list.0 has unknown languages de');
    expect(() => texts(table('Время'))).toThrow('deep.list.0 is a bare value');
    // and by type: a leaf needs all three
    // @ts-expect-error kk is missing
    const missing: InLanguages = { ru: 'Время', en: 'Time' };
    expect(missing.ru).toBe('Время');
  });
});
