import { afterEach, describe, expect, it, vi } from 'vitest';
import { accountsApi } from './accounts-api.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(response: () => Response) {
  const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(async () => response());
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('accounts routes', () => {
  it('signs an account out everywhere with a bare POST', async () => {
    const fetch = stubFetch(() => new Response(null, { status: 204 }));
    await expect(accountsApi.signOutEverywhere('a/b')).resolves.toBeUndefined();
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/users/a%2Fb/sign-out');
    expect(init?.method).toBe('POST');
    expect(init?.body).toBeUndefined();
    expect(new Headers(init?.headers).has('Content-Type')).toBe(false);
  });

  it('issues an invite with a bare POST, and with replaceSession only when asked', async () => {
    const fetch = stubFetch(
      () => new Response(JSON.stringify({ code: 'X', path: '/invite#X', expiresAt: '' }), { status: 201 }),
    );
    await accountsApi.issueInvite('u1');
    expect(fetch.mock.calls[0]?.[1].body).toBeUndefined();
    await accountsApi.issueInvite('u1', { replaceSession: true });
    expect(fetch.mock.calls[1]?.[0]).toBe('/api/v1/users/u1/invites');
    expect(fetch.mock.calls[1]?.[1].body).toBe('{"replaceSession":true}');
  });
});
