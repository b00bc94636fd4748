import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionApi } from './session-api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(response: () => Response) {
  const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(async () => response());
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('own account routes', () => {
  it('changes the password and the profile with JSON bodies', async () => {
    const fetch = stubFetch(() => new Response(null, { status: 204 }));
    await sessionApi.changePassword({ currentPassword: 'old', newPassword: 'new' });
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/v1/me/password');
    expect(fetch.mock.calls[0]?.[1].body).toBe('{"currentPassword":"old","newPassword":"new"}');

    const user = { id: 'u', displayName: 'Дина', locale: 'kk' };
    stubFetch(() => new Response(JSON.stringify({ user }), { status: 200 }));
    const patch = vi.mocked(globalThis.fetch);
    await expect(sessionApi.updateMe({ locale: 'kk' })).resolves.toEqual({ user });
    expect(patch.mock.calls[0]?.[1]).toMatchObject({ method: 'PATCH', body: '{"locale":"kk"}' });
  });

  it('reports a wrong current password by its code', async () => {
    stubFetch(
      () =>
        new Response(
          JSON.stringify({ error: { code: 'invalid_credentials', message: 'the current password is wrong' } }),
          {
            status: 401,
          },
        ),
    );
    await expect(sessionApi.changePassword({ currentPassword: 'x', newPassword: 'y' })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials',
    });
  });
});
