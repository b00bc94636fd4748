import { describe, expect, it } from 'vitest';
import { cleanTags, freeSlug, isPublic, publicAuthor, slugify } from './post.ts';
import { SUPPRESSION_THRESHOLD, safeShare, suppressed } from './public-dashboard.ts';

describe('posts', () => {
  it('makes Latin slugs from titles in any of the three languages', () => {
    expect(slugify('Заявление о ходе голосования!')).toBe('zayavlenie-o-khode-golosovaniya');
    expect(slugify('Байқаушылар — сайлау учаскесінде')).toMatch(/^[a-z0-9-]+$/);
    expect(slugify('  ??? ')).toBe('post');
    expect(slugify('a'.repeat(200)).length).toBeLessThanOrEqual(80);
  });

  it('resolves a slug collision with a number', () => {
    const taken = new Set(['news', 'news-2']);
    expect(freeSlug('news', (s) => taken.has(s))).toBe('news-3');
    expect(freeSlug('other', (s) => taken.has(s))).toBe('other');
  });

  it('names an author only with their consent, and is public only from its time', () => {
    expect(publicAuthor({ authorKind: 'named', authorName: 'Анна', authorConsent: false })).toBeNull();
    expect(publicAuthor({ authorKind: 'named', authorName: ' Анна ', authorConsent: true })).toBe('Анна');
    expect(publicAuthor({ authorKind: 'organisation', authorName: 'Анна', authorConsent: true })).toBeNull();
    const now = new Date('2026-11-10T06:00:00Z');
    expect(isPublic({ status: 'published', publishAt: new Date('2026-11-10T07:00:00Z') }, now)).toBe(false);
    expect(isPublic({ status: 'published', publishAt: now }, now)).toBe(true);
    expect(isPublic({ status: 'draft', publishAt: now }, now)).toBe(false);
    expect(cleanTags([' Выборы ', 'выборы', '', 'ИТОГИ'])).toEqual(['выборы', 'итоги']);
  });
});

describe('public aggregates', () => {
  it('withhold counts and shares below the threshold', () => {
    expect(SUPPRESSION_THRESHOLD).toBe(5);
    expect(suppressed(0)).toBe(0);
    expect(suppressed(1)).toBeNull();
    expect(suppressed(4)).toBeNull();
    expect(suppressed(5)).toBe(5);
    expect(safeShare(3, 4)).toBeNull();
    expect(safeShare(1, 3)).toBeNull();
    expect(safeShare(2, 8)).toBe(25);
  });
});
