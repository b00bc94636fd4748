import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, apiRequest, withQuery } from './api-client.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

function stubFetch(response: Response) {
  const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>(async () => response);
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

describe('apiRequest', () => {
  it('sends JSON with a Content-Type only when there is a body', async () => {
    const fetch = stubFetch(new Response(null, { status: 204 }));
    await apiRequest('POST', '/api/v1/auth/sign-out');
    const bare = fetch.mock.calls[0]?.[1];
    expect(bare?.credentials).toBe('same-origin');
    expect(bare?.body).toBeUndefined();
    expect(new Headers(bare?.headers).has('Content-Type')).toBe(false);

    stubFetch(new Response('{"user":{}}', { status: 200 }));
    const withBody = vi.mocked(globalThis.fetch);
    await apiRequest('POST', '/api/v1/auth/sign-in', { email: 'a@b.c', password: 'x' });
    const init = withBody.mock.calls[0]?.[1];
    expect(new Headers(init?.headers).get('Content-Type')).toBe('application/json');
    expect(init?.body).toBe('{"email":"a@b.c","password":"x"}');
  });

  it('turns an error body into ApiError with its code, details and Retry-After', async () => {
    stubFetch(
      new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'slow down', details: { n: 1 } } }), {
        status: 429,
        headers: { 'Retry-After': '120' },
      }),
    );
    const error = await apiRequest('POST', '/api/v1/auth/sign-in', {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', details: { n: 1 }, retryAfter: 120 });
  });

  it('reports a lost connection and a non-JSON failure distinctly', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(apiRequest('GET', '/api/v1/me')).rejects.toMatchObject({ code: 'network', status: 0 });
    stubFetch(new Response('<html>bad gateway</html>', { status: 502 }));
    await expect(apiRequest('GET', '/api/v1/me')).rejects.toMatchObject({ code: 'unexpected', status: 502 });
  });
});

describe('withQuery', () => {
  it('drops empty values', () => {
    expect(withQuery('/api/v1/users', { role: 'observer', status: undefined, q: '' })).toBe(
      '/api/v1/users?role=observer',
    );
    expect(withQuery('/api/v1/audit', {})).toBe('/api/v1/audit');
  });
});
