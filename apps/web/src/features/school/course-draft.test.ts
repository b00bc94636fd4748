import { describe, expect, it } from 'vitest';
import { freshId, fromDraft, move, newQuestion, toggleCorrect } from './course-draft.ts';

describe('course editor drafts', () => {
  it('keeps English only when written and trims every language', () => {
    expect(fromDraft({ ru: ' Права ', kk: 'Құқықтар', en: '  ' })).toEqual({ ru: 'Права', kk: 'Құқықтар' });
    expect(fromDraft({ ru: 'a', kk: 'b', en: ' c ' })).toEqual({ ru: 'a', kk: 'b', en: 'c' });
  });

  it('gives new questions and options ids nobody holds', () => {
    expect(freshId('q', ['q1', 'q2'])).toBe('q3');
    expect(freshId('q', ['q3'])).toBe('q2');
    expect(freshId('a', ['a2', 'a3'])).toBe('a4');
    expect(newQuestion(['q1']).id).toBe('q2');
  });

  it('keeps exactly one right answer on a single-choice question, any number on a multiple one', () => {
    const single = newQuestion([]);
    expect(toggleCorrect(single, 'a2', true).correct).toEqual(['a2']);
    expect(toggleCorrect(single, 'a1', false).correct).toEqual(['a1']);
    const multiple = { ...single, kind: 'multiple' as const };
    expect(toggleCorrect(multiple, 'a2', true).correct).toEqual(['a1', 'a2']);
    expect(toggleCorrect(multiple, 'a1', false).correct).toEqual([]);
  });

  it('moves a lesson up and down, never out of the list', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
