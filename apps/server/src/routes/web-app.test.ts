import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEachDialect } from '@pollwatch/db/testing';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../testing/test-app.ts';

/** A built web app in miniature, as Vite lays it out. */
function fakeWebDist(): string {
  const dist = mkdtempSync(join(tmpdir(), 'pw-web-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(
    join(dist, 'index.html'),
    '<!doctype html><html lang="ru"><title>pollwatch</title><div id="root"></div>',
  );
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dist;
}

describeEachDialect('serving the web app', (db) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(db(), { WEB_DIST: fakeWebDist() });
  });
  afterEach(() => t.close());

  it('serves index.html for client-side routes, uncached', async () => {
    for (const url of ['/', '/sign-in', '/hq/users', '/invite']) {
      const response = await t.request({ method: 'GET', url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.headers['cache-control']).toBe('no-cache');
      expect(response.body).toContain('<div id="root">');
    }
  });

  it('serves hashed assets with a long cache and other files without', async () => {
    const asset = await t.request({ method: 'GET', url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    const icon = await t.request({ method: 'GET', url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).not.toContain('immutable');
  });

  it('answers a missing file with 404, not the app', async () => {
    const response = await t.request({ method: 'GET', url: '/assets/missing.js' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
  });

  it('refuses paths that climb out of the web root', async () => {
    for (const url of ['/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2f..%2fetc%2fpasswd.txt']) {
      const response = await t.request({ method: 'GET', url });
      expect(response.statusCode, url).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, url).toBeLessThan(500);
      expect(response.body).not.toContain('root:');
    }
  });

  it('offers /setup only until the first admin exists', async () => {
    expect((await t.request({ method: 'GET', url: '/setup' })).statusCode).toBe(200);
    await t.setupAdmin();
    const gone = await t.request({ method: 'GET', url: '/setup' });
    expect(gone.statusCode).toBe(303);
    expect(gone.headers.location).toBe('/sign-in');
  });
});
