import { describe, expect, it } from 'vitest';
import { coreTermTexts } from './core-texts.ts';
import { plantedKk, plantedKkViolations } from './glossary.fixture.ts';
import {
  checkTerminology,
  describeViolation,
  flattenMessages,
  glossary,
  localizedTexts,
  type TermText,
  variantPattern,
} from './glossary.ts';

const kk = (key: string, text: string): TermText => ({ source: 'test', key, locale: 'kk', text });

describe('glossary', () => {
  it('names every key concept the terminology rests on, in three languages', () => {
    const concepts = glossary.map((e) => e.concept);
    expect(new Set(concepts).size).toBe(concepts.length);
    for (const concept of [
      'election',
      'pollingStation',
      'precinctCommission',
      'territorialCommission',
      'centralCommission',
      'observer',
      'observation',
      'protocol',
      'ballot',
      'turnout',
      'violation',
      'ballotStuffing',
      'region',
      'discrepancy',
      'outlier',
      'revoked',
    ]) {
      expect(concepts).toContain(concept);
    }
    for (const e of glossary) for (const l of ['ru', 'kk', 'en'] as const) expect(e[l].trim()).not.toBe('');
  });

  it('fails on the planted fixture, naming each key, and lets the look-alikes pass', () => {
    const found = checkTerminology(flattenMessages(plantedKk, 'kk', 'fixture'));
    expect(found.map((v) => ({ key: v.key, concept: v.concept, found: v.found }))).toEqual(plantedKkViolations);
    expect(describeViolation(found[0] as (typeof found)[number])).toBe(
      'fixture [kk] field.turnoutAt: "қатысуы" is a forbidden variant ("қатысу") of turnout — use "сайлаушылардың келуі (келу)"',
    );
  });

  it('matches inflected Kazakh forms at Cyrillic word edges only', () => {
    const p = variantPattern('бақылау');
    expect('бақылауды ұйымдастыру'.match(p)).toEqual(['бақылауды']);
    expect('БАҚЫЛАУ'.match(p)).toEqual(['БАҚЫЛАУ']);
    expect('Бейнебақылау'.match(p)).toBeNull();
    expect('(бақылау)'.match(p)).toEqual(['бақылау']);
    expect('Алшақтығы'.match(variantPattern('алшақты'))).toEqual(['Алшақтығы']);
    expect('ЦИК-тің'.match(variantPattern({ text: 'ЦИК', exact: true }))).toEqual(['ЦИК']);
    expect('ЦИКЛ'.match(variantPattern({ text: 'ЦИК', exact: true }))).toBeNull();
    expect('Жіберудеміз…'.match(variantPattern({ text: 'удеміз', ending: true }))).toEqual(['Жіберудеміз']);
    expect('қатысушылар'.match(variantPattern({ text: 'қатысу', notFollowedBy: ['шы'] }))).toBeNull();
  });

  it('allows a variant only in the keys its exception names', () => {
    const title = 'Хаттаманың бақылау арақатынастары';
    expect(checkTerminology([kk('results.checks.title', title)])).toEqual([]);
    expect(checkTerminology([kk('results.checks.intro', title)]).map((v) => v.key)).toEqual(['results.checks.intro']);
    // an exception is per variant: the same key may not use another forbidden word
    expect(checkTerminology([kk('results.checks.title', 'Байқаушылар алшақтығы')]).map((v) => v.variant)).toEqual([
      'алшақты',
    ]);
    for (const e of glossary) {
      for (const x of e.exceptions ?? []) {
        expect(x.reason.length, `${e.concept}/${x.variant}`).toBeGreaterThan(10);
        expect(x.keys.length).toBeGreaterThan(0);
      }
    }
  });

  it('checks only the language a variant belongs to', () => {
    expect(checkTerminology([{ source: 't', key: 'k', locale: 'ru', text: 'участие: бақылау' }])).toEqual([]);
  });

  it('keys localized texts by their path, naming array items by id', () => {
    const texts = localizedTexts(
      { title: { ru: 'Явка', kk: 'Келу', en: 'Turnout' }, groups: [{ id: 'g', title: { kk: 'Топ' } }] },
      's',
      'form.x',
    );
    expect(texts.map((t) => `${t.key} ${t.locale}`)).toEqual([
      'form.x.title ru',
      'form.x.title kk',
      'form.x.title en',
      'form.x.g.title kk',
    ]);
  });

  it("core's own texts (standard forms, protocol templates, incidents, consent) use the glossary's terms", () => {
    const texts = coreTermTexts();
    expect(texts.filter((t) => t.locale === 'kk').length).toBeGreaterThan(100);
    expect(texts.some((t) => t.key === 'form.turnout.turnout.checkpoint_time.label')).toBe(true);
    expect(checkTerminology(texts).map(describeViolation)).toEqual([]);
  });
});
