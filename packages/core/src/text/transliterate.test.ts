import { describe, expect, it } from 'vitest';
import { transliterate } from './transliterate.ts';

describe('transliterate', () => {
  it('writes Russian and Kazakh letters in Latin, lower-cased, leaving the rest', () => {
    expect(transliterate('Анкета наблюдателя №2')).toBe('anketa nablyudatelya №2');
    expect(transliterate('Ұлы Өңір, Қазақстан')).toBe('uly onir, qazaqstan');
    expect(transliterate('Щёлково-Ъ')).toBe('shchelkovo-');
  });

  it('spells й, ю, я the passport way when asked', () => {
    expect(transliterate('Юлия Майская', 'icao')).toBe('iuliia maiskaia');
    expect(transliterate('Юлия Майская')).toBe('yuliya mayskaya');
  });
});
