import { describe, expect, it } from 'vitest';
import { inAreaScope, scopeFor } from './area-scope.ts';
import { roles } from './roles.ts';

describe('scopeFor', () => {
  it('gives national staff the whole country, a regional coordinator their area, observers nothing', () => {
    const kinds = Object.fromEntries(roles.map((role) => [role, scopeFor({ role, areaId: 'r1' }).kind]));
    expect(kinds).toEqual({
      admin: 'all',
      coordinator: 'all',
      regional_coordinator: 'area',
      trainer: 'all',
      analyst: 'all',
      editor: 'all',
      observer: 'none',
    });
    expect(scopeFor({ role: 'regional_coordinator', areaId: 'r1' })).toEqual({ kind: 'area', areaId: 'r1' });
  });

  it('gives a regional coordinator without an area nothing, not everything', () => {
    expect(scopeFor({ role: 'regional_coordinator', areaId: null })).toEqual({ kind: 'none' });
    expect(scopeFor({ role: 'regional_coordinator' })).toEqual({ kind: 'none' });
  });
});

describe('inAreaScope', () => {
  const subtree = new Set(['r1', 'd1']);
  it('sees a record if any of its areas is in the subtree', () => {
    expect(inAreaScope({ kind: 'area', areaId: 'r1' }, subtree, ['x', 'd1'])).toBe(true);
    expect(inAreaScope({ kind: 'area', areaId: 'r1' }, subtree, ['x', null])).toBe(false);
    expect(inAreaScope({ kind: 'area', areaId: 'r1' }, subtree, [])).toBe(false);
  });
  it('national sees everything, even a record in no area; none sees nothing', () => {
    expect(inAreaScope({ kind: 'all' }, new Set(), [])).toBe(true);
    expect(inAreaScope({ kind: 'none' }, subtree, ['r1'])).toBe(false);
  });
});
