import { describe, expect, it } from 'vitest';
import { assignableRoles, can, permissions } from './permissions.ts';
import { roles } from './roles.ts';
import { routeAccess } from './route-access.ts';

describe('permissions', () => {
  it('names only real roles', () => {
    for (const allowed of Object.values(permissions)) for (const role of allowed) expect(roles).toContain(role);
  });

  it('gives observers no staff permission: they may only send from the field (reports, opinions for review) and take the school', () => {
    const held = (Object.keys(permissions) as (keyof typeof permissions)[]).filter((p) => can('observer', p));
    expect(held).toEqual(['reports.submit', 'school.learn', 'opinions.submit']);
  });

  it('lets only the admin hand out staff roles', () => {
    expect(assignableRoles('admin')).toEqual(expect.arrayContaining([...roles]));
    expect(assignableRoles('coordinator')).toEqual(['observer']);
    expect(assignableRoles('regional_coordinator')).toEqual(['observer']);
    for (const role of ['trainer', 'analyst', 'editor', 'observer'] as const) expect(assignableRoles(role)).toEqual([]);
  });

  it('declares each route with a known access level', () => {
    for (const [route, access] of Object.entries(routeAccess)) {
      expect(route).toMatch(/^(GET|POST|PATCH|PUT|DELETE) \//);
      expect(['public', 'signed-in', ...Object.keys(permissions)]).toContain(access);
    }
  });
});
