import { routeAccess } from '@pollwatch/core';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, expect, it } from 'vitest';
import { ADMIN, startTestApp, type TestApp } from '../testing/test-app.ts';

describeEachDialect('API description and security headers', (db) => {
  let t: TestApp | undefined;
  afterEach(() => t?.close());

  it('describes every API route in the OpenAPI document at /api/docs', async () => {
    t = await startTestApp(db());
    const docs = await t.request({ method: 'GET', url: '/api/docs/json' });
    expect(docs.statusCode).toBe(200);
    const spec = docs.json();
    expect(spec.openapi).toBe('3.1.0');
    const described = Object.entries(spec.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const apiRoutes = Object.keys(routeAccess).filter((r) => r.includes(' /api/v1/'));
    expect(described.sort()).toEqual(apiRoutes.sort());
    const ui = await t.request({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('sends a strict content security policy and no framing', async () => {
    t = await startTestApp(db());
    const response = await t.request({ method: 'GET', url: '/api/v1/setup' });
    expect(response.headers['content-security-policy']).toContain("default-src 'self'");
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['strict-transport-security']).toBeUndefined();
  });

  it('behind HTTPS (PUBLIC_URL) sets Secure cookies, HSTS, and accepts the public origin', async () => {
    t = await startTestApp(db(), { PUBLIC_URL: 'https://observe.example.kz' });
    const response = await t.request({
      method: 'POST',
      url: '/api/v1/setup',
      body: ADMIN,
      headers: { origin: 'https://observe.example.kz', host: '10.0.0.5:3000' },
    });
    expect(response.statusCode).toBe(201);
    expect(response.cookies.find((c) => c.name === 'pw_session')?.secure).toBe(true);
    expect(response.headers['strict-transport-security']).toContain('max-age=31536000');
  });
});
